// Keeps a Node bundle ASCII-only. One non-ASCII character anywhere makes V8 hold the whole source (7.5 MB for the
// analysis worker) as a two-byte string: twice the memory, and slower to decode, hash and compile at every worker
// start. esbuild already escapes strings, templates and identifiers (its default `charset: 'ascii'`), but leaves
// comments and regular-expression literals as written (e.g. `µs` in a dependency's duration pattern). In those two
// places `\uXXXX` means the same character, so they are escaped here; anything non-ASCII elsewhere (a tagged
// template's raw text, where an escape would change the value) fails the build instead of being changed.
import { tokenizer, tokTypes } from 'acorn';

/** `source` with every non-ASCII character of its comments and regular expressions escaped as `\uXXXX`. */
export function asciiBundle(source, name = 'bundle') {
  if (!/[^\x00-\x7f]/.test(source)) return source;
  /** [start, end) of the comments and regular-expression literals, in source order. */
  const escapable = [];
  const tokens = tokenizer(source, {
    ecmaVersion: 'latest',
    sourceType: 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: true,
    onComment: (_block, _text, start, end) => escapable.push([start, end]),
  });
  for (const token of tokens) if (token.type === tokTypes.regexp) escapable.push([token.start, token.end]);
  escapable.sort((a, b) => a[0] - b[0]);

  let out = '';
  let copiedTo = 0;
  let span = 0;
  for (let i = 0; i < source.length; i++) {
    const unit = source.charCodeAt(i);
    if (unit < 0x80) continue;
    while (span < escapable.length && escapable[span][1] <= i) span++;
    if (span === escapable.length || escapable[span][0] > i) {
      const line = source.slice(0, i).split('\n').length;
      throw new Error(`${name}:${line}: non-ASCII character U+${unit.toString(16).toUpperCase().padStart(4, '0')} outside a comment or regular expression; escape it in the source`);
    }
    // UTF-16 units one by one: a surrogate pair escaped as two \u escapes is the same code point, with or without
    // a regular expression's u flag.
    out += source.slice(copiedTo, i) + `\\u${unit.toString(16).padStart(4, '0')}`;
    copiedTo = i + 1;
  }
  return out + source.slice(copiedTo);
}
