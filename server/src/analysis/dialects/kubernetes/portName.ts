// Named ports are IANA service names (RFC 6335 §5.1): at most 15 characters, letters, digits and single hyphens,
// at least one letter. Kubernetes requires lowercase (pkg/util/validation IsValidPortName); Cilium accepts any case
// and lowercases (pkg/iana IsSvcName).

/** The API server's complaints about a port name, in its own words; empty when the name is valid. */
export function portNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length > 15) problems.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) problems.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (name.includes('--')) problems.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(name)) problems.push('must contain at least one letter (a-z)');
  if (name.startsWith('-') || name.endsWith('-')) problems.push('must not begin or end with a hyphen');
  return problems;
}

/** Whether Cilium treats a port string as a name rather than a number. */
export function isIanaServiceName(name: string): boolean {
  return portNameProblems(name.toLowerCase()).length === 0;
}
