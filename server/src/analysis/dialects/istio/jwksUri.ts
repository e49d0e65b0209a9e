// istiod's parse of a RequestAuthentication jwksUri (istio/istio pkg/config/security/security.go
// ParseJwksURI): Go's url.Parse, then the scheme, then strconv.Atoi of the port. Only the port steps are
// reported here; the scheme is the CRD's CEL rule (url(self).getScheme() in ["http", "https"]).

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// strconv.Atoi on 64-bit platforms: an int64.
const MAX_INT = 2n ** 63n - 1n;

/** istiod's error for the port of a jwksUri, or undefined when the port parses (or there is none). */
export function jwksUriPortProblem(uri: string): string | undefined {
  let rest = uri;
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  const scheme = SCHEME.exec(rest);
  if (!scheme) return undefined;
  rest = rest.slice(scheme[0].length);
  const question = rest.indexOf('?');
  if (question !== -1) rest = rest.slice(0, question);
  // Only a hierarchical URI ("scheme://authority/...") has a host and a port.
  if (!rest.startsWith('//')) return undefined;
  const slash = rest.indexOf('/', 2);
  const authority = slash === -1 ? rest.slice(2) : rest.slice(2, slash);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const colonPort = hostColonPort(host);
  if (!colonPort) return undefined;
  // url.parseHost: validOptionalPort accepts "" or ":" followed by digits only.
  if (!/^:[0-9]*$/.test(colonPort)) return `parse ${goQuote(uri)}: invalid port ${goQuote(colonPort)} after host`;
  const port = colonPort.slice(1);
  if (port !== '' && BigInt(port) > MAX_INT) return `strconv.Atoi: parsing ${goQuote(port)}: value out of range`;
  return undefined;
}

/** The ":port" part of a host as url.parseHost splits it ("" when there is none). */
function hostColonPort(host: string): string | undefined {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    // "missing ']' in host" is url.Parse's error too, but not a port problem: left to the scheme rule's url().
    return close === -1 ? undefined : host.slice(close + 1);
  }
  const colon = host.lastIndexOf(':');
  return colon === -1 ? '' : host.slice(colon);
}

/** Go's %q for the ASCII text URLs hold. */
function goQuote(text: string): string {
  return JSON.stringify(text);
}
