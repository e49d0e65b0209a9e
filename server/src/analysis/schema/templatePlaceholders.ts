// Shapes of template placeholders that upstream examples and manifests contain before they are
// rendered (Helm/Go templates, Hugo shortcodes, envsubst, sed-substituted test tokens). A string
// holding one is not checked against its pattern, format, allowed values or CEL rules: it is a
// stand-in for a value that does not exist yet, so meshlens notes it instead of reporting an error.

export interface TemplatePlaceholder {
  readonly name: string;
  readonly shape: RegExp;
  readonly example: string;
}

export const templatePlaceholders: readonly TemplatePlaceholder[] = [
  { name: 'Go/Helm template or Hugo shortcode', shape: /\{\{.*?\}\}/, example: 'istio.io docs: jwksUri: "{{< github_file >}}/security/tools/jwt/samples/jwks.json"' },
  { name: 'envsubst variable', shape: /\$\{[A-Za-z_][A-Za-z0-9_]*\}/, example: 'cidr: ${POD_CIDR}' },
  // Upper-case tokens with underscores (at least two words), which test harnesses replace with sed.
  { name: 'upper-case substitution token', shape: /(^|[^A-Za-z0-9_])[A-Z][A-Z0-9]*(_[A-Z0-9]+)+($|[^A-Za-z0-9_])/, example: 'cilium test/k8s/manifests: toCIDR: NODE_WITHOUT_CILIUM_IP/32' },
];

/** The placeholder a string contains, if any. */
export function placeholderIn(value: unknown): TemplatePlaceholder | undefined {
  if (typeof value !== 'string') return undefined;
  return templatePlaceholders.find((placeholder) => placeholder.shape.test(value));
}
