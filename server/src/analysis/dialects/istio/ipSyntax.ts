// IP address and CIDR syntax as Go's net/netip accepts it (istiod validates ipBlocks and IP `when`
// values with netip.ParseAddr / netip.ParsePrefix): dotted IPv4 without leading zeros, IPv6 with
// `::` compression, an optional IPv4 tail and (for plain addresses) a zone.

/** Why `value` is not an IP address or CIDR range, in istiod's words; undefined when it is fine. */
export function ipOrCidrProblem(value: string): string | undefined {
  if (value.includes('/')) {
    const slash = value.indexOf('/');
    const address = value.slice(0, slash);
    const bits = value.slice(slash + 1);
    const family = addressFamily(address, false);
    if (!family) return `bad CIDR range (${value}): ParseAddr(${JSON.stringify(address)}): not an IP address`;
    const max = family === 4 ? 32 : 128;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(bits) || Number(bits) > max) return `bad CIDR range (${value}): bad bits after slash: ${JSON.stringify(bits)}`;
    return undefined;
  }
  return addressFamily(value, true) ? undefined : `bad IP address (${value})`;
}

function addressFamily(text: string, allowZone: boolean): 4 | 6 | undefined {
  if (isIPv4(text)) return 4;
  let address = text;
  const percent = text.indexOf('%');
  if (percent !== -1) {
    if (!allowZone || percent === text.length - 1) return undefined;
    address = text.slice(0, percent);
  }
  return isIPv6(address) ? 6 : undefined;
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(text: string): boolean {
  if (text === '' || !/^[0-9A-Fa-f:.]+$/.test(text)) return false;
  const ellipsis = text.indexOf('::');
  if (ellipsis !== -1 && text.indexOf('::', ellipsis + 1) !== -1) return false;
  const countGroups = (part: string, mayEndInV4: boolean): number | undefined => {
    if (part === '') return 0;
    const groups = part.split(':');
    let count = 0;
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i];
      if (mayEndInV4 && i === groups.length - 1 && group.includes('.')) {
        if (!isIPv4(group)) return undefined;
        count += 2;
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(group)) {
        count += 1;
      } else {
        return undefined;
      }
    }
    return count;
  };
  if (ellipsis === -1) return countGroups(text, true) === 8;
  const head = countGroups(text.slice(0, ellipsis), false);
  const tail = countGroups(text.slice(ellipsis + 2), true);
  // Go's parser requires `::` to stand for at least one zero group.
  return head !== undefined && tail !== undefined && head + tail <= 7;
}
