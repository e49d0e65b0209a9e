// IP prefix parsing as Go's netip (Cilium) and ParseCIDRSloppy (Kubernetes) accept it, and containment.
import { describe, expect, it } from 'vitest';
import { formatPrefix, parseIpAddress, parseIpPrefix, prefixContainsAddress } from '../../../../server/src/analysis/dialects/kubernetes/ipPrefix';

describe('parseIpPrefix', () => {
  it('accepts IPv4 and IPv6 prefixes, keeping host bits', () => {
    const v4 = parseIpPrefix('10.1.2.3/8');
    expect(v4.ok && formatPrefix(v4.prefix)).toBe('10.0.0.0/8');
    const v6 = parseIpPrefix('2001:db8::1/32');
    expect(v6.ok && v6.prefix.family).toBe(6);
    expect(parseIpPrefix('::ffff:10.0.0.0/104').ok).toBe(true);
    expect(parseIpPrefix('::/0').ok).toBe(true);
  });

  it('refuses netmasks, bare addresses, long prefixes and bad addresses', () => {
    for (const bad of ['10.0.0.0/255.0.0.0', '10.0.0.0', '10.0.0.0/33', '2001:db8::/129', '10.0.0/8', '1:2:3:4:5:6:7:8:9/64', 'fe80::1%eth0/64', '10.0.0.0/08']) {
      expect(parseIpPrefix(bad).ok, bad).toBe(false);
    }
  });

  it('differs on IPv4 leading zeros: netip refuses, Kubernetes tolerates', () => {
    expect(parseIpPrefix('010.0.0.0/8').ok).toBe(false);
    expect(parseIpPrefix('010.0.0.0/8', 'kubernetes').ok).toBe(true);
  });
});

describe('prefixContainsAddress', () => {
  it('compares the network bits within one family', () => {
    const outer = parseIpPrefix('10.0.0.0/8');
    if (!outer.ok) throw new Error('fixture');
    expect(prefixContainsAddress(outer.prefix, parseIpAddress('10.200.0.1')!)).toBe(true);
    expect(prefixContainsAddress(outer.prefix, parseIpAddress('11.0.0.1')!)).toBe(false);
    expect(prefixContainsAddress(outer.prefix, parseIpAddress('::a00:1')!)).toBe(false);
  });
});
