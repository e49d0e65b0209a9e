// Reads an inline JSON Web Key Set the way istiod's webhook does (jwk.Parse of lestrrat-go/jwx): a JSON object
// that is a key set (`keys`) or a single key, each key with a `kty`. Also spots private key material, which
// upstream accepts with a warning. Key parameters per RFC 7517 / RFC 7518 section 6.

export type JwksProblem = { kind: 'parse' | 'private'; message: string };

// RFC 7518: `d` is the private exponent (RSA) or private key (EC, OKP); the others are RSA CRT parameters; `k` is a symmetric key.
const PRIVATE_PARAMETERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const KEY_TYPES = new Set(['RSA', 'EC', 'oct', 'OKP']);

export function jwksProblem(text: string): JwksProblem | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: 'parse', message: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'parse', message: 'expected a JSON object with a `keys` array' };
  const record = parsed as Record<string, unknown>;
  const keys = Object.hasOwn(record, 'keys') ? record.keys : [record];
  if (!Array.isArray(keys)) return { kind: 'parse', message: '`keys` must be an array' };
  for (const [i, key] of keys.entries()) {
    if (typeof key !== 'object' || key === null || Array.isArray(key)) return { kind: 'parse', message: `key ${i} is not an object` };
    const kty = (key as Record<string, unknown>).kty;
    if (typeof kty !== 'string' || !KEY_TYPES.has(kty)) return { kind: 'parse', message: `key ${i} has no valid \`kty\` (RSA, EC, oct or OKP)` };
  }
  for (const [i, key] of keys.entries()) {
    const found = PRIVATE_PARAMETERS.filter((p) => Object.hasOwn(key as object, p));
    if (found.length > 0) return { kind: 'private', message: `key ${i} has ${found.map((p) => `"${p}"`).join(', ')}` };
  }
  return undefined;
}
