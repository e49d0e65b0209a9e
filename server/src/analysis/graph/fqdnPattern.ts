// Cilium DNS name patterns (toFQDNs matchPattern, rules.dns matchPattern): `*` alone = every name, `*` inside
// a label = any characters of that label, `**.` = any number of labels (1.19+). Upstream: cilium pkg/fqdn/matchpattern.

export function fqdnPatternRegex(pattern: string): RegExp {
  // Many rules spell the same pattern, and DNS rules are tested per flow: one expression per pattern (a test
  // without the g or y flag keeps no state, so sharing it is safe).
  let regex = compiledPatterns.get(pattern);
  if (regex === undefined) {
    if (compiledPatterns.size >= 4096) compiledPatterns.clear();
    compiledPatterns.set(pattern, (regex = compilePattern(pattern)));
  }
  return regex;
}

const compiledPatterns = new Map<string, RegExp>();

function compilePattern(pattern: string): RegExp {
  const normalised = pattern.toLowerCase().replace(/\.$/, '');
  if (normalised === '*') return /^.*$/;
  const escaped = normalised
    .split('.')
    .map((label) => (label === '**' ? '(?:[-a-z0-9_]+\\.)*[-a-z0-9_]+' : label.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[-a-z0-9_]*')))
    .join('\\.');
  return new RegExp(`^${escaped}$`);
}

/** Whether a DNS name matches a matchName (exact) or matchPattern. */
export function fqdnMatches(pattern: string, name: string): boolean {
  return fqdnPatternRegex(pattern).test(name.toLowerCase().replace(/\.$/, ''));
}
