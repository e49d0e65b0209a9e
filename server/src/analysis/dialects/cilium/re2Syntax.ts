// Whether a string compiles as a Go (RE2) regular expression, which is how Cilium checks HTTP rule fields.
// JavaScript's parser stands in for Go's: RE2-only syntax is rewritten to its JavaScript twin first, and
// JavaScript-only features that RE2 rejects are refused up front.

/** Features JavaScript has but RE2 rejects; source: github.com/google/re2/wiki/Syntax ("NOT SUPPORTED"). */
const unsupportedInRe2: readonly (readonly [RegExp, string])[] = [
  [/(^|[^\\])\(\?<?[=!]/, 'lookaround assertions are not supported'],
  [/(^|[^\\])\\[1-9]/, 'backreferences are not supported'],
];

/** RE2 syntax JavaScript spells differently: named groups `(?P<n>`, inline flags `(?i)` / `(?i:`. */
const re2ToJavaScript: readonly (readonly [RegExp, string])[] = [
  [/\(\?P</g, '(?<'],
  [/\(\?[imsU-]+\)/g, ''],
  [/\(\?[imsU-]+:/g, '(?:'],
];

/** The reason `pattern` is not a valid RE2 expression, or undefined when it is. */
export function re2Problem(pattern: string): string | undefined {
  for (const [test, reason] of unsupportedInRe2) if (test.test(pattern)) return reason;
  const javaScript = re2ToJavaScript.reduce((text, [from, to]) => text.replace(from, to), pattern);
  try {
    new RegExp(javaScript);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/nothing to repeat/i.test(message)) return 'missing argument to repetition operator';
    return message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '').toLowerCase();
  }
  return undefined;
}
