// Path templates in AuthorizationPolicy `paths`/`notPaths`: `{*}` matches one segment, `{**}` any number
// of segments and must be the last operator; other braces and non-pchar literals are rejected.
// Mirrors istio/istio pkg/config/security/security.go CheckValidPathTemplate.

const MATCH_ONE = '{*}';
const MATCH_ANY = '{**}';
// RFC 3986 pchar (unreserved / pct-encoded / sub-delims / ":" / "@"), as upstream's validLiteral.
const VALID_LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

export function pathTemplateProblem(value: string, fieldName: string): string | undefined {
  const hasTemplate = value.includes(MATCH_ONE) || value.includes(MATCH_ANY);
  const trimmed = value.replace(/^\/+|\/+$/g, '');
  let sawMatchAny = false;
  for (const glob of trimmed.split('/')) {
    if ((glob === MATCH_ONE || glob === MATCH_ANY) && !sawMatchAny) {
      if (glob === MATCH_ANY) sawMatchAny = true;
      continue;
    }
    if (glob === MATCH_ONE || glob === MATCH_ANY) return `invalid or unsupported path ${trimmed}, found in ${fieldName}. {**} is not the last operator`;
    if (/[{}]/.test(glob)) return `invalid or unsupported path ${trimmed}, found in ${fieldName}. Contains '{' or '}' beyond a supported path template`;
    if (hasTemplate && !VALID_LITERAL.test(glob)) return `invalid or unsupported path ${trimmed}, found in ${fieldName}. Contains segment ${glob} with invalid string literal`;
  }
  return undefined;
}
