// The plain value of one YAML document, read in one pass over its characters, for the subset policy files are
// written in (Kubernetes manifests: block mappings and sequences, plain/quoted/block scalars, flow collections,
// JSON). It exists for speed: the yaml library's CST parser + composer + toJS cost most of an open; this reader
// gives the same value for the common case and DECLINES everything else (anchors, aliases, tags, directives,
// explicit keys, tabs, ...), so the caller falls back to the library. The contract (test/unit/yaml/blockYamlValue.test.ts proves it by
// differential testing): whenever a value is returned, the library composes that text into exactly one document
// with no error and no warning, and its toJS() deep-equals the value (types, key order, plain objects/arrays).
// Section numbers cite YAML 1.2.2 (https://yaml.org/spec/1.2.2/).

/** Returned when the text is outside the subset this reader is sure of; the caller then uses the yaml library. */
export const DECLINED: unique symbol = Symbol('DECLINED');
export type Declined = typeof DECLINED;

/** scanPlain's answers besides a colon's index. */
const NO_COLON = -1;
const PLAIN_DECLINED = -2;

/** Deeper nesting is declined: policies nest about a dozen levels. */
const MAX_DEPTH = 64;
const MAX_FLOW_DEPTH = 16;
/** 7.4.3: an implicit key is at most 1024 characters; keep well clear of the limit. */
const MAX_KEY_LENGTH = 1000;
/** Integers with more digits are declined: their value is no longer what the digits say. */
const MAX_INT_DIGITS = 15;

const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const SINGLE_QUOTE = 39;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const QUESTION = 63;
const LEFT_BRACKET = 91;
const BACKSLASH = 92;
const RIGHT_BRACKET = 93;
const LEFT_BRACE = 123;
const RIGHT_BRACE = 125;
const LOWER_N = 110;
const LOWER_T = 116;
const PERCENT = 37;
const PIPE = 124;
const GREATER = 62;

/**
 * The plain value of one YAML document chunk (as `splitDocuments` cuts it: maybe preceded by comment lines and a
 * `---` line), exactly as the yaml library would give it, or DECLINED. Never throws.
 */
export function readBlockYamlValue(text: string): unknown {
  try {
    return new BlockReader(text).read();
  } catch {
    // Nothing above throws by design; a bug must cost the fast path, never the document.
    return DECLINED;
  }
}

/** One open block collection (8.2.1 sequence, 8.2.2 mapping) on the reader's explicit stack. */
interface Frame {
  readonly map: Record<string, unknown> | undefined;
  readonly seq: unknown[] | undefined;
  /** Column of its `-` indicators or of its keys (6.1). */
  readonly indent: number;
  /** A sequence at the same column as the key it is the value of (8.2.1, `seq-space(n, block-out)`). */
  readonly sameIndentAsKey: boolean;
  /** The last key or item had nothing on its line: a nested block may follow, else its value is null. */
  pending: boolean;
  /** The map key of the pending entry. */
  pendingKey: string;
}

/** An open flow collection; `key` is the mapping key whose value comes next. */
interface FlowFrame {
  readonly map: Record<string, unknown> | undefined;
  readonly seq: unknown[] | undefined;
  key: string;
}

const KEY = 1;
const VALUE = 2;
const LITERAL = 1;
const FOLDED = 2;

class BlockReader {
  /** What `inline` found: a key (with or without a value on its line) or a lone value. */
  private kind = 0;
  private key = '';
  private keyHasValue = false;
  private value: unknown = null;
  /** A block scalar header was read (LITERAL or FOLDED; 0: none); its lines follow. */
  private blockStyle = 0;
  private blockStrip = false;
  /**
   * Further lines of the node being read (a flow collection, a quoted or plain scalar over lines) must be indented
   * more than this: the column of the block it is in (-1 at the root).
   */
  private flowMinIndent = -1;
  /** Where the next line starts after a node that went on over lines; -1 when it ended on its first line. */
  private resumeAt = -1;
  /** The lone value `inline` found is a flow collection. */
  private valueIsFlow = false;
  /** Set by scanPlain: past the plain scalar's last non-space character, and where the scan stopped. */
  private plainEnd = 0;
  private plainStop = 0;
  /** What the last line break in a quoted scalar folded to. */
  private fold = '';
  /** The string the last quoted scalar read held. */
  private quoted = '';
  /** The text of the last plain flow scalar; undefined when it was quoted. */
  private plainSource: string | undefined = undefined;

  constructor(private readonly text: string) {}

  read(): unknown {
    const text = this.text;
    const length = text.length;
    const stack: Frame[] = [];
    let root: unknown = null;
    let rootIsScalar = false;
    let markerAllowed = true;
    for (let lineStart = 0; lineStart < length; ) {
      let lineEnd = text.indexOf('\n', lineStart);
      let end = lineEnd;
      if (lineEnd === -1) {
        lineEnd = length;
        end = length;
      } else if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === CR) {
        // A CR right before the LF is part of the line break (5.4); any other CR is declined as a content character.
        end = lineEnd - 1;
      }
      const next = lineEnd + 1;
      const start = lineStart;
      let p = start;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p === end) {
        lineStart = next;
        continue;
      }
      const c = text.charCodeAt(p);
      // 6.6: a comment line may have any indentation.
      if (c === HASH) {
        if (!this.commentOk(p, end)) return DECLINED;
        lineStart = next;
        continue;
      }
      if (p === start) {
        if (c === PERCENT) return DECLINED; // 6.8 directives
        if (text.startsWith('...', p)) return DECLINED; // 9.1.4 document end marker (or a scalar starting like one)
        if (text.startsWith('---', p)) {
          // 9.1.3: one leading `---`, alone or with a comment; anything else there is a second document or content on the marker line.
          if (!markerAllowed || !this.restIsBlank(p + 3, end)) return DECLINED;
          markerAllowed = false;
          lineStart = next;
          continue;
        }
      }
      markerAllowed = false;
      lineStart = next;
      if (rootIsScalar) return DECLINED; // content after a root scalar or flow collection
      const indent = p - start;
      const isDash = c === DASH && (p + 1 === end || text.charCodeAt(p + 1) === SPACE);
      let top: Frame | undefined = stack.length > 0 ? stack[stack.length - 1] : undefined;
      if (top === undefined) {
        if (root !== null) return DECLINED; // below the root block's indentation
        if (isDash) {
          const seq: unknown[] = [];
          root = seq;
          top = { map: undefined, seq, indent, sameIndentAsKey: false, pending: false, pendingKey: '' };
          stack.push(top);
        } else if (c === LEFT_BRACKET || c === LEFT_BRACE) {
          // A root flow collection (a JSON document) may span lines, at any indentation.
          if (!this.flowOnLines(p, -1)) return DECLINED;
          lineStart = this.resumeAt;
          root = this.value;
          rootIsScalar = true;
          continue;
        } else {
          if (!this.inline(p, end, start, -1)) return DECLINED;
          if (this.resumeAt >= 0) lineStart = this.resumeAt;
          if (this.kind === VALUE) {
            if (this.blockStyle !== 0) return DECLINED; // a root block scalar is left to the library
            root = this.value;
            rootIsScalar = true;
            continue;
          }
          const map: Record<string, unknown> = {};
          root = map;
          top = { map, seq: undefined, indent, sameIndentAsKey: false, pending: false, pendingKey: '' };
          stack.push(top);
          lineStart = this.addEntry(top, lineStart);
          if (lineStart < 0) return DECLINED;
          continue;
        }
      } else {
        if (top.pending) {
          top.pending = false;
          if (indent > top.indent && !isDash) {
            // 8.2.2: a nested mapping, or 7.4 a flow collection, as the value of the entry above. A scalar there
            // could go on over more lines: declined.
            if (stack.length >= MAX_DEPTH || !this.inline(p, end, start, top.indent)) return DECLINED;
            if (this.resumeAt >= 0) lineStart = this.resumeAt;
            if (this.kind === VALUE) {
              if (!this.valueIsFlow) return DECLINED;
              fillPending(top, this.value);
              continue;
            }
            const child: Frame = { map: {}, seq: undefined, indent, sameIndentAsKey: false, pending: false, pendingKey: '' };
            fillPending(top, child.map);
            stack.push(child);
            lineStart = this.addEntry(child, lineStart);
            if (lineStart < 0) return DECLINED;
            continue;
          }
          if (isDash && (indent > top.indent || (top.map !== undefined && indent === top.indent))) {
            // 8.2.1: a nested sequence, at the key's own column or deeper.
            if (stack.length >= MAX_DEPTH) return DECLINED;
            const child: Frame = { map: undefined, seq: [], indent, sameIndentAsKey: indent === top.indent, pending: false, pendingKey: '' };
            fillPending(top, child.seq);
            stack.push(child);
          }
        }
        // Close the blocks this line is left of; a same-column sequence ends at its parent's next key.
        for (;;) {
          const last = stack[stack.length - 1];
          if (last.indent > indent || (last.sameIndentAsKey && last.indent === indent && !isDash)) {
            stack.pop();
            if (stack.length === 0) return DECLINED;
          } else break;
        }
        top = stack[stack.length - 1];
        // 6.1: a line must sit exactly at the column of an open block; anything else is a continuation or an error.
        if (top.indent !== indent) return DECLINED;
      }
      if (top.map !== undefined) {
        if (isDash || !this.inline(p, end, start, indent) || this.kind !== KEY) return DECLINED;
        if (this.resumeAt >= 0) lineStart = this.resumeAt;
        lineStart = this.addEntry(top, lineStart);
        if (lineStart < 0) return DECLINED;
        continue;
      }
      if (!isDash) return DECLINED;
      // A sequence entry: `-` then spaces, then nothing, a value, or the first key of a compact mapping (8.2.1).
      let q = p + 1;
      while (q < end && text.charCodeAt(q) === SPACE) q++;
      const seq = top.seq!;
      if (q === end || text.charCodeAt(q) === HASH) {
        if (q < end && !this.commentOk(q, end)) return DECLINED;
        seq.push(null);
        top.pending = true;
        continue;
      }
      // `- - x` (a compact nested sequence) is left to the library.
      if (text.charCodeAt(q) === DASH && (q + 1 === end || text.charCodeAt(q + 1) === SPACE)) return DECLINED;
      // The entry's further lines (a flow collection, a quoted or plain scalar over lines) must be right of its `-`.
      if (!this.inline(q, end, start, indent)) return DECLINED;
      if (this.resumeAt >= 0) lineStart = this.resumeAt;
      if (this.kind === VALUE) {
        if (this.blockStyle !== 0) {
          lineStart = this.blockScalar(lineStart, top.indent);
          if (lineStart < 0) return DECLINED;
        }
        seq.push(this.value);
        continue;
      }
      if (stack.length >= MAX_DEPTH) return DECLINED;
      const map: Record<string, unknown> = {};
      seq.push(map);
      const compact: Frame = { map, seq: undefined, indent: indent + (q - p), sameIndentAsKey: false, pending: false, pendingKey: '' };
      stack.push(compact);
      lineStart = this.addEntry(compact, lineStart);
      if (lineStart < 0) return DECLINED;
    }
    return root;
  }

  /**
   * Adds the key `inline` found to the frame's mapping, reading a block scalar value from the lines at `lineStart`.
   * Returns where the next line starts, or -1 to decline (a duplicate key: the library reports DUPLICATE_KEY).
   */
  private addEntry(frame: Frame, lineStart: number): number {
    const map = frame.map!;
    const key = this.key;
    if (Object.prototype.hasOwnProperty.call(map, key)) return -1;
    if (!this.keyHasValue) {
      map[key] = null;
      frame.pending = true;
      frame.pendingKey = key;
      return lineStart;
    }
    let next = lineStart;
    if (this.blockStyle !== 0) {
      next = this.blockScalar(lineStart, frame.indent);
      if (next < 0) return -1;
    }
    map[key] = this.value;
    return next;
  }

  /**
   * Reads what starts at `p` up to the line's end: `key:` (sets kind KEY; with its value when one is on the line)
   * or a lone scalar or flow collection (kind VALUE). False when the line is outside the subset.
   */
  private inline(p: number, end: number, lineStart: number, valueMinIndent: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(p);
    this.blockStyle = 0;
    this.valueIsFlow = false;
    this.resumeAt = -1;
    // A node's further lines must be right of the block it is in: for a lone value `valueMinIndent`, for a key's
    // value the key's mapping (set below).
    this.flowMinIndent = valueMinIndent;
    if (c === PIPE || c === GREATER) {
      this.kind = VALUE;
      return this.blockHeader(p, end);
    }
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      // A quoted scalar may go on over lines (as a value; 7.4.3: an implicit key stays on one line).
      const length = text.length;
      const after = c === DOUBLE_QUOTE ? this.doubleQuoted(p, length, true) : this.singleQuoted(p, length, true);
      if (after < 0) return false;
      const scalar = this.quoted;
      if (after > end) {
        this.kind = VALUE;
        this.value = scalar;
        return this.finishLine(after);
      }
      if (after < end && text.charCodeAt(after) === COLON && (after + 1 === end || text.charCodeAt(after + 1) === SPACE)) {
        if (!keyOk(scalar)) return false;
        this.key = scalar;
        this.flowMinIndent = p - lineStart;
        return this.valueAfterKey(after + 1, end);
      }
      this.kind = VALUE;
      this.value = scalar;
      return this.restIsBlank(after, end);
    }
    if (c === LEFT_BRACKET || c === LEFT_BRACE) {
      this.kind = VALUE;
      this.valueIsFlow = true;
      return this.flowOnLines(p, this.flowMinIndent);
    }
    if (!this.plainStartOk(p, end)) return false;
    // 7.3.3 plain scalar: ends at `: `/`:` at the end (then it was a key), at ` #` (a comment), or at the line's end.
    const colon = this.scanPlain(p, end);
    if (colon === PLAIN_DECLINED) return false;
    if (colon !== NO_COLON) {
      // `a : b` is left to the library.
      if (this.plainEnd !== colon) return false;
      const key = plainKey(text.slice(p, colon), undefined);
      if (key === undefined) return false;
      this.key = key;
      this.flowMinIndent = p - lineStart;
      return this.valueAfterKey(colon + 1, end);
    }
    const value = this.plainValue(p, end);
    if (value === DECLINED) return false;
    this.kind = VALUE;
    this.value = value;
    return true;
  }

  /**
   * Scans a plain scalar from `p` on its line: to its first `: ` (or a final `:`), whose index it returns, else to a
   * comment or the line's end (NO_COLON); PLAIN_DECLINED for a character or comment the reader leaves to the library.
   * Sets `plainEnd` (past its last non-space character) and `plainStop` (where the scan stopped).
   */
  private scanPlain(p: number, end: number): number {
    const text = this.text;
    let contentEnd = p;
    let j = p;
    let colon = NO_COLON;
    for (; j < end; j++) {
      const ch = text.charCodeAt(j);
      if (ch === SPACE) continue;
      if (ch === COLON && (j + 1 === end || text.charCodeAt(j + 1) === SPACE)) {
        colon = j;
        break;
      }
      if (ch === HASH && text.charCodeAt(j - 1) === SPACE) {
        if (!this.commentOk(j, end)) return PLAIN_DECLINED;
        break;
      }
      if (badCharacter(ch)) return PLAIN_DECLINED;
      contentEnd = j + 1;
    }
    this.plainEnd = contentEnd;
    this.plainStop = j;
    return colon;
  }

  /** The value of the plain scalar `scanPlain` found at `p`; without a comment on its line it may go on over more-indented lines. */
  private plainValue(p: number, end: number): unknown {
    const more = this.plainStop === end ? this.plainContinuation(end) : '';
    if (more === undefined) return DECLINED;
    return resolvePlainScalar(this.text.slice(p, this.plainEnd) + more);
  }

  /** After `key:` at `p`: nothing (a nested block or null follows), or its value (which may go on over lines). */
  private valueAfterKey(p: number, end: number): boolean {
    const text = this.text;
    this.kind = KEY;
    let q = p;
    while (q < end && text.charCodeAt(q) === SPACE) q++;
    if (q === end || text.charCodeAt(q) === HASH) {
      this.keyHasValue = false;
      return q === end || this.commentOk(q, end);
    }
    this.keyHasValue = true;
    const c = text.charCodeAt(q);
    if (c === PIPE || c === GREATER) return this.blockHeader(q, end);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const length = text.length;
      const after = c === DOUBLE_QUOTE ? this.doubleQuoted(q, length, true) : this.singleQuoted(q, length, true);
      this.value = this.quoted;
      return after >= 0 && this.finishLine(after);
    }
    if (c === LEFT_BRACKET || c === LEFT_BRACE) return this.flowOnLines(q, this.flowMinIndent);
    if (!this.plainStartOk(q, end)) return false;
    // `a: b: c` and `a: b:` are errors or nested mappings in the library: declined.
    if (this.scanPlain(q, end) !== NO_COLON) return false;
    const value = this.plainValue(q, end);
    if (value === DECLINED) return false;
    this.value = value;
    return true;
  }

  /**
   * 7.3.3 multi-line plain scalar: the lines after the one ending at `end` that are indented more than
   * `flowMinIndent` go on with the scalar, each folded in as a space (blank lines between them: a line feed each),
   * trimmed, up to a comment. Declined: such a line starting with `- `, `? `, `: ` or a document marker, or
   * holding `: ` or a final `:`.
   * Returns the text to append ('' when the next content line is not more indented) and sets `resumeAt` past
   * the last line taken; undefined to decline.
   */
  private plainContinuation(end: number): string | undefined {
    const text = this.text;
    const length = text.length;
    let out = '';
    let breaks = 0;
    let k = end < length && text.charCodeAt(end) === CR ? end + 2 : end + 1;
    while (k < length) {
      const lineStart = k;
      while (k < length && text.charCodeAt(k) === SPACE) k++;
      let lineEnd = text.indexOf('\n', k);
      let contentEnd = lineEnd;
      if (lineEnd === -1) {
        lineEnd = length;
        contentEnd = length;
      } else if (lineEnd > k && text.charCodeAt(lineEnd - 1) === CR) {
        contentEnd = lineEnd - 1;
      }
      if (k === contentEnd) {
        breaks += 1;
        k = lineEnd + 1;
        continue;
      }
      // 6.6: a comment line ends the scalar (a line after it that is right of the block is then declined).
      const first = text.charCodeAt(k);
      if (k - lineStart <= this.flowMinIndent || first === HASH) break;
      if (k === lineStart && (text.startsWith('---', k) || text.startsWith('...', k))) return undefined;
      // `- `, `? `, `: ` start a block collection or an explicit key there: left to the library.
      if ((first === DASH || first === QUESTION || first === COLON) && (k + 1 === contentEnd || text.charCodeAt(k + 1) === SPACE)) return undefined;
      let last = k;
      let comment = false;
      for (let j = k; j < contentEnd; j++) {
        const ch = text.charCodeAt(j);
        if (ch === SPACE) continue;
        if (ch === COLON && (j + 1 === contentEnd || text.charCodeAt(j + 1) === SPACE)) return undefined;
        if (ch === HASH && text.charCodeAt(j - 1) === SPACE) {
          if (!this.commentOk(j, contentEnd)) return undefined;
          comment = true;
          break;
        }
        if (badCharacter(ch)) return undefined;
        last = j + 1;
      }
      out += (breaks > 0 ? '\n'.repeat(breaks) : ' ') + text.slice(k, last);
      breaks = 0;
      this.resumeAt = Math.min(lineEnd + 1, length);
      k = lineEnd + 1;
      if (comment) break;
    }
    return out;
  }

  /**
   * 7.3.3 ns-plain-first: not an indicator, or `-`/`?`/`:` followed by a non-space. Plain scalars starting with
   * anchors, aliases, tags, block scalar indicators, directives, reserved or flow indicators are declined.
   */
  private plainStartOk(p: number, end: number): boolean {
    const c = this.text.charCodeAt(p);
    switch (c) {
      case DASH:
      case QUESTION:
      case COLON: {
        // Followed by a space or a line break (in a flow collection over lines) it is an indicator.
        const next = this.text.charCodeAt(p + 1);
        return p + 1 < end && next !== SPACE && next !== LF && next !== CR;
      }
      case 38: // & anchor
      case 42: // * alias
      case 33: // ! tag
      case 124: // | literal
      case 62: // > folded
      case PERCENT:
      case 64: // @ reserved
      case 96: // ` reserved
      case COMMA:
      case LEFT_BRACKET:
      case RIGHT_BRACKET:
      case LEFT_BRACE:
      case RIGHT_BRACE:
      case HASH:
      case SINGLE_QUOTE:
      case DOUBLE_QUOTE:
        return false;
      default:
        return !badCharacter(c);
    }
  }

  /**
   * 8.1.1: a block scalar header, `|` or `>` with an optional strip indicator `-`, then nothing but a comment.
   * Keep chomping (`+`) and indentation indicators are declined. Sets `blockStyle`; the lines are read by `blockScalar`.
   */
  private blockHeader(p: number, end: number): boolean {
    let q = p + 1;
    const strip = q < end && this.text.charCodeAt(q) === DASH;
    if (strip) q += 1;
    if (!this.restIsBlank(q, end)) return false;
    this.blockStyle = this.text.charCodeAt(p) === PIPE ? LITERAL : FOLDED;
    this.blockStrip = strip;
    this.value = '';
    return true;
  }

  /**
   * 8.1.2 literal and 8.1.3 folded content, from the line at `start`: the first line sets the content indentation,
   * which must be right of `parentIndent`; the scalar ends at the first line left of it. Declined: no content,
   * blank lines before the first line or with more spaces than the indentation (their spaces would be content),
   * and an ending line that is right of `parentIndent` (a comment there, or an error). Sets `value`; returns the start of the line after it, or -1.
   */
  private blockScalar(start: number, parentIndent: number): number {
    const text = this.text;
    const length = text.length;
    const folded = this.blockStyle === FOLDED;
    let indent = -1;
    let value = '';
    let blankLines = 0;
    // Folded: what joins the next content line to the value (8.1.3 line folding): '' first, ' ' or '\n'.
    let separator = '';
    let moreIndented = false;
    let lineStart = start;
    while (lineStart < length) {
      let lineEnd = text.indexOf('\n', lineStart);
      let end = lineEnd;
      if (lineEnd === -1) {
        lineEnd = length;
        end = length;
      } else if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === CR) {
        end = lineEnd - 1;
      }
      let p = lineStart;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      const lineIndent = p - lineStart;
      if (p === end) {
        if (indent < 0 || lineIndent > indent) return -1;
        blankLines += 1;
        lineStart = lineEnd + 1;
        continue;
      }
      if (indent < 0) {
        if (lineIndent <= parentIndent) return -1;
        indent = lineIndent;
      } else if (lineIndent < indent) {
        if (lineIndent > parentIndent) return -1;
        break;
      }
      for (let j = p; j < end; j++) if (badCharacter(text.charCodeAt(j))) return -1;
      const content = text.slice(lineStart + indent, end);
      if (folded) {
        // 8.1.3: a line break between two lines at the indentation folds to a space; blank lines are kept
        // (less the folded one); a more-indented line keeps the line breaks around it.
        for (; blankLines > 0; blankLines--) {
          if (separator === '\n') value += '\n';
          else separator = '\n';
        }
        if (lineIndent > indent) {
          if (separator === ' ') separator = '\n';
          else if (!moreIndented && separator === '\n') separator = '\n\n';
          value += separator + content;
          separator = '\n';
          moreIndented = true;
        } else {
          value += separator + content;
          separator = ' ';
          moreIndented = false;
        }
      } else {
        if (separator !== '') value += '\n'.repeat(blankLines + 1);
        value += content;
        separator = '\n';
        blankLines = 0;
      }
      lineStart = lineEnd + 1;
    }
    if (indent < 0) return -1;
    // 8.1.1.2 chomping: strip drops the final line break, clip keeps one; trailing blank lines go either way.
    this.value = this.blockStrip ? value : value + '\n';
    return Math.min(lineStart, length);
  }

  /** Spaces, then the line's end or a ` #` comment (6.6: a comment needs white space before it). */
  private restIsBlank(p: number, end: number): boolean {
    const text = this.text;
    let q = p;
    while (q < end && text.charCodeAt(q) === SPACE) q++;
    if (q === end) return true;
    return q > p && text.charCodeAt(q) === HASH && this.commentOk(q, end);
  }

  /** Comment text is skipped, but a control character or a tab in it is declined like anywhere else. */
  private commentOk(p: number, end: number): boolean {
    const text = this.text;
    for (let j = p; j < end; j++) if (badCharacter(text.charCodeAt(j))) return false;
    return true;
  }

  /**
   * 7.3.1 (5.7 escapes; an escaped line break is declined), on one line or, when `multiLine`, folded over lines
   * (`foldLineBreak`). Sets `quoted`; returns the index after the closing quote, or -1.
   */
  private doubleQuoted(p: number, end: number, multiLine: boolean): number {
    const text = this.text;
    let out = '';
    let segment = p + 1;
    for (let j = p + 1; j < end; j++) {
      const ch = text.charCodeAt(j);
      if (ch === DOUBLE_QUOTE) {
        this.quoted = out + text.slice(segment, j);
        return j + 1;
      }
      if (ch === LF || (ch === CR && text.charCodeAt(j + 1) === LF)) {
        // Escaped spaces before the break are already in `out`: quotedLineBreak drops only the plain ones.
        const next = multiLine ? this.quotedLineBreak(segment, j) : -1;
        if (next < 0) return -1;
        out += this.fold;
        segment = next;
        j = next - 1;
        continue;
      }
      if (ch === BACKSLASH) {
        if (j + 1 >= end) return -1;
        const escaped = text.charCodeAt(j + 1);
        let replacement = SIMPLE_ESCAPES[escaped];
        if (replacement === undefined) {
          // \xXX, \uXXXX, \UXXXXXXXX: exactly that many hex digits, a code point up to U+10FFFF.
          const digits = escaped === LOWER_X ? 2 : escaped === LOWER_U ? 4 : escaped === UPPER_U ? 8 : 0;
          if (digits === 0 || j + 2 + digits > end) return -1;
          let code = 0;
          for (let k = j + 2; k < j + 2 + digits; k++) {
            const h = hexDigit(text.charCodeAt(k));
            if (h < 0) return -1;
            code = code * 16 + h;
          }
          if (code > 0x10ffff) return -1;
          replacement = String.fromCodePoint(code);
          out += text.slice(segment, j) + replacement;
          j += 1 + digits;
          segment = j + 1;
          continue;
        }
        out += text.slice(segment, j) + replacement;
        j++;
        segment = j + 1;
        continue;
      }
      if (badCharacter(ch)) return -1;
    }
    return -1; // multi-line or unterminated
  }

  /** 7.3.2: `''` is a quote; lines fold as in `doubleQuoted`. Sets `quoted`; returns the index after the closing quote, or -1. */
  private singleQuoted(p: number, end: number, multiLine: boolean): number {
    const text = this.text;
    let out = '';
    let segment = p + 1;
    for (let j = p + 1; j < end; j++) {
      const ch = text.charCodeAt(j);
      if (ch === LF || (ch === CR && text.charCodeAt(j + 1) === LF)) {
        const next = multiLine ? this.quotedLineBreak(segment, j) : -1;
        if (next < 0) return -1;
        out += this.fold;
        segment = next;
        j = next - 1;
        continue;
      }
      if (ch === SINGLE_QUOTE) {
        if (j + 1 < end && text.charCodeAt(j + 1) === SINGLE_QUOTE) {
          out += text.slice(segment, j + 1);
          j++;
          segment = j + 1;
          continue;
        }
        this.quoted = out + text.slice(segment, j);
        return j + 1;
      }
      if (badCharacter(ch)) return -1;
    }
    return -1;
  }

  /**
   * 7.4: flow sequences and mappings, nested or not (`[80, 443]`, `{app: web}`, `[]`, `{key: k, values: [a, b]}`),
   * on one line or over several (each further line indented more than `flowMinIndent`; see `skipGap`). Scalars,
   * keys with their `:` stay on one line. Declined: empty entries, collection keys, implicit pairs in sequences,
   * `:` in plain flow scalars, comments. Sets `value`; returns the index after the closing bracket, or -1.
   */
  private flow(p: number, end: number): number {
    const text = this.text;
    const stack: FlowFrame[] = [];
    let j = p;
    // At `j`: a `[` or `{` to open, else (after an opening or a comma) an entry.
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === LEFT_BRACKET || c === LEFT_BRACE) {
        if (stack.length >= MAX_FLOW_DEPTH) return -1;
        const isMap = c === LEFT_BRACE;
        const opened: FlowFrame = { map: isMap ? {} : undefined, seq: isMap ? undefined : [], key: '' };
        stack.push(opened);
        j = this.skipGap(j + 1, end);
        if (j < end && text.charCodeAt(j) === (isMap ? RIGHT_BRACE : RIGHT_BRACKET)) {
          // An empty collection: a value of its parent (or the result).
          j += 1;
          stack.pop();
          this.value = opened.map ?? opened.seq;
        } else {
          if (isMap) {
            j = this.flowKey(j, end, opened);
            if (j < 0) return -1;
          }
          if (j >= end) return -1;
          const v = text.charCodeAt(j);
          if (v === LEFT_BRACKET || v === LEFT_BRACE) continue;
          j = this.flowScalar(j, end, false);
          if (j < 0) return -1;
        }
      } else {
        j = this.flowScalar(j, end, false);
        if (j < 0) return -1;
      }
      // `value` is complete: store it in the open collection, then a comma (next entry) or closing brackets follow.
      for (;;) {
        if (stack.length === 0) return j;
        const top = stack[stack.length - 1];
        if (top.map !== undefined) top.map[top.key] = this.value;
        else top.seq!.push(this.value);
        j = this.skipGap(j, end);
        if (j >= end) return -1;
        const ch = text.charCodeAt(j);
        if (ch === (top.map !== undefined ? RIGHT_BRACE : RIGHT_BRACKET)) {
          stack.pop();
          this.value = top.map ?? top.seq;
          j += 1;
          continue;
        }
        if (ch !== COMMA) return -1;
        j = this.skipGap(j + 1, end);
        if (j >= end) return -1;
        const next = text.charCodeAt(j);
        if (next === RIGHT_BRACKET || next === RIGHT_BRACE) {
          // 7.4: a trailing comma (`[a, b,]`) ends nothing more.
          if (next !== (top.map !== undefined ? RIGHT_BRACE : RIGHT_BRACKET)) return -1;
          stack.pop();
          this.value = top.map ?? top.seq;
          j += 1;
          continue;
        }
        if (top.map !== undefined) {
          j = this.flowKey(j, end, top);
          if (j < 0 || j >= end) return -1;
        }
        break;
      }
    }
  }

  /**
   * A flow collection from `p`, maybe over several lines whose indentation is more than `minIndent` (7.4: flow
   * content lines are indented more than the block around them), then nothing but a comment on its closing line.
   * Sets `value` and `resumeAt` (the start of the line after the closing one); false to decline.
   */
  private flowOnLines(p: number, minIndent: number): boolean {
    const text = this.text;
    const length = text.length;
    this.flowMinIndent = minIndent;
    const after = this.flow(p, length);
    return after >= 0 && this.finishLine(after);
  }

  /** After a node that ends at `after`: nothing but a comment on that line. Sets `resumeAt` to the next line's start. */
  private finishLine(after: number): boolean {
    const text = this.text;
    let lineEnd = text.indexOf('\n', after);
    if (lineEnd === -1) {
      lineEnd = text.length;
      this.resumeAt = lineEnd;
    } else {
      this.resumeAt = lineEnd + 1;
      if (lineEnd > after && text.charCodeAt(lineEnd - 1) === CR) lineEnd -= 1;
    }
    return this.restIsBlank(after, lineEnd);
  }

  /**
   * A line break at `j` inside a quoted scalar whose unwritten text starts at `segment`: sets `fold` to that text
   * without its trailing spaces, then the break folded (foldLineBreak); returns where the next line's text starts, or -1.
   */
  private quotedLineBreak(segment: number, j: number): number {
    const kept = trimTrailingSpaces(this.text.slice(segment, j));
    const next = this.foldLineBreak(j);
    if (next >= 0) this.fold = kept + this.fold;
    return next;
  }

  /**
   * 7.3.1/7.3.2 line folding in a quoted scalar, at the line break at `j`: the break becomes a space, or the blank
   * lines after it one line feed each; the next line's indentation is dropped. That line must be right of
   * `flowMinIndent` and not a document marker. Sets `fold`; returns where the next line's content starts, or -1.
   */
  private foldLineBreak(j: number): number {
    const text = this.text;
    const length = text.length;
    let k = text.charCodeAt(j) === CR ? j + 2 : j + 1;
    let breaks = 0;
    for (;;) {
      const lineStart = k;
      while (k < length && text.charCodeAt(k) === SPACE) k++;
      if (k >= length) return -1;
      const c = text.charCodeAt(k);
      if (c === LF || (c === CR && text.charCodeAt(k + 1) === LF)) {
        breaks += 1;
        k += c === CR ? 2 : 1;
        continue;
      }
      if (k - lineStart <= this.flowMinIndent) return -1;
      if (k === lineStart && (text.startsWith('---', k) || text.startsWith('...', k))) return -1;
      this.fold = breaks > 0 ? '\n'.repeat(breaks) : ' ';
      return k;
    }
  }

  /**
   * A flow mapping key at `j` and its `:`, on one line: `key: ` for a plain key; a quoted (JSON-like) key may
   * have its value right after the colon (7.4.2, `{"a":1}`). Sets `frame.key`; returns where the value starts, or -1.
   */
  private flowKey(j: number, end: number, frame: FlowFrame): number {
    const text = this.text;
    const after = this.flowScalar(j, end, true);
    if (after < 0 || after >= end || text.charCodeAt(after) !== COLON) return -1;
    const value = this.value;
    let key: string | undefined;
    if (this.plainSource === undefined) {
      key = typeof value === 'string' && keyOk(value) ? value : undefined;
    } else {
      // `a : b` is left to the library.
      if (text.charCodeAt(after - 1) === SPACE || after + 1 >= end || text.charCodeAt(after + 1) !== SPACE) return -1;
      key = plainKey(this.plainSource, value);
    }
    if (key === undefined || Object.prototype.hasOwnProperty.call(frame.map, key)) return -1;
    frame.key = key;
    return skipSpaces(text, after + 1, end);
  }

  /**
   * Spaces, and in a multi-line flow collection line breaks. Declined (by returning `end`): a document marker at
   * the start of a line, or a line not right of `flowMinIndent`.
   */
  private skipGap(p: number, end: number): number {
    const text = this.text;
    let j = p;
    let lineStart = -1;
    for (;;) {
      while (j < end && text.charCodeAt(j) === SPACE) j++;
      if (j >= end) return j;
      const c = text.charCodeAt(j);
      if (c === LF) j += 1;
      else if (c === CR && text.charCodeAt(j + 1) === LF) j += 2;
      else return lineStart >= 0 && j - lineStart <= this.flowMinIndent ? end : j;
      // 9.1.3/9.1.4: `---` or `...` at the start of a line ends the document, even inside a flow collection.
      if (text.startsWith('---', j) || text.startsWith('...', j)) return end;
      lineStart = j;
    }
  }

  /** One scalar inside a flow collection; a key stops at `: `. Sets `value`; returns the index after it, or -1. */
  private flowScalar(p: number, end: number, isKey: boolean): number {
    const text = this.text;
    if (p >= end) return -1;
    const c = text.charCodeAt(p);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const after = c === DOUBLE_QUOTE ? this.doubleQuoted(p, end, false) : this.singleQuoted(p, end, false);
      this.value = this.quoted;
      this.plainSource = undefined;
      return after;
    }
    if (!this.plainStartOk(p, end)) return -1;
    if ((c === DASH || c === QUESTION || c === COLON) && flowIndicator(text.charCodeAt(p + 1))) return -1;
    let contentEnd = p;
    let j = p;
    for (; j < end; j++) {
      const ch = text.charCodeAt(j);
      if (ch === SPACE) continue;
      if (ch === COMMA || ch === RIGHT_BRACKET || ch === RIGHT_BRACE) break;
      // A plain scalar ends at its line's end; what follows (after the gap) must be `,` or a closing bracket, else
      // the scalar would go on over the next line.
      if (ch === LF || (ch === CR && text.charCodeAt(j + 1) === LF)) break;
      if (ch === COLON) {
        if (isKey && j + 1 < end && text.charCodeAt(j + 1) === SPACE) break;
        return -1;
      }
      if (ch === LEFT_BRACKET || ch === LEFT_BRACE || ch === HASH || badCharacter(ch)) return -1;
      contentEnd = j + 1;
    }
    const source = text.slice(p, contentEnd);
    const value = resolvePlainScalar(source);
    if (value === DECLINED) return -1;
    this.value = value;
    this.plainSource = source;
    return j;
  }
}

const LOWER_X = 120;
const LOWER_U = 117;
const UPPER_U = 85;

/** 5.7: the one-character escapes and what they stand for (the escaped tab is left out with every tab). */
const SIMPLE_ESCAPES: (string | undefined)[] = [];
for (const [escape, meaning] of [
  ['0', '\0'], ['a', '\x07'], ['b', '\b'], ['e', '\x1b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t'], ['v', '\v'],
  ['N', '\u0085'], ['_', '\u00a0'], ['L', '\u2028'], ['P', '\u2029'], [' ', ' '], ['"', '"'], ['/', '/'], ['\\', '\\'],
] as const) {
  SIMPLE_ESCAPES[escape.charCodeAt(0)] = meaning;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** The value of the frame's last entry, which had nothing on its line. */
function fillPending(frame: Frame, value: unknown): void {
  if (frame.map !== undefined) frame.map[frame.pendingKey] = value;
  else frame.seq![frame.seq!.length - 1] = value;
}

function trimTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === SPACE) end--;
  return end === s.length ? s : s.slice(0, end);
}

function skipSpaces(text: string, p: number, end: number): number {
  while (p < end && text.charCodeAt(p) === SPACE) p++;
  return p;
}

function flowIndicator(c: number): boolean {
  return c === COMMA || c === LEFT_BRACKET || c === RIGHT_BRACKET || c === LEFT_BRACE || c === RIGHT_BRACE || c === SPACE;
}

/**
 * Characters this reader leaves to the library wherever they occur: tabs (6.1: never indentation; as separation
 * they make cases this reader does not model), C0/C1 controls, a CR not before LF, DEL, the BOM, NEL and the Unicode
 * line/paragraph separators (5.1, 5.4), and the non-characters U+FFFE/U+FFFF.
 */
function badCharacter(c: number): boolean {
  if (c < SPACE) return true; // includes TAB, LF, CR
  if (c < 0x7f) return false;
  return c <= 0x9f || c === 0xfeff || c === 0x2028 || c === 0x2029 || c >= 0xfffe;
}

/**
 * The property name a plain key becomes, or undefined to decline. 10.3.2: `8080:` or `true:` resolve to a number or
 * a boolean; the library's toJS names the property String(value), so such a key is read only when that is its own
 * text (`8080`, `true`; not `0x1F`, `True`, `1.50`, `null`). Then one text is one property name, and a repeated name
 * is the library's DUPLICATE_KEY or (`8080` and `"8080"`) a silent overwrite: both declined by the caller.
 */
function plainKey(source: string, resolved: unknown): string | undefined {
  const value = resolved === undefined ? resolvePlainScalar(source) : resolved;
  if (typeof value === 'string') return keyOk(value) ? value : undefined;
  return (typeof value === 'number' || typeof value === 'boolean') && String(value) === source ? source : undefined;
}

/** Keys the library treats specially or this reader would store differently are declined. */
function keyOk(key: string): boolean {
  // `<<` (a merge key in YAML 1.1 and with the library's merge option); `__proto__` (a plain assignment would set the prototype).
  return key.length <= MAX_KEY_LENGTH && key !== '<<' && key !== '__proto__';
}

// The tests of the YAML 1.2 core schema (10.3.2), in the yaml library's order of tags: null, bool, int (octal,
// decimal, hex), float (.inf/.nan, with exponent, with a dot). The first that matches wins; else a string.
const OCTAL = /^0o[0-7]+$/;
const DECIMAL = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const INFINITY_OR_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_WITH_EXPONENT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar's value under the core schema (10.3.2), as the library resolves it; DECLINED for too long integers. */
export function resolvePlainScalar(s: string): unknown {
  if (s.length === 0) return null;
  switch (s.charCodeAt(0)) {
    case 126: // ~
      return s.length === 1 ? null : s;
    case LOWER_N:
      return s === 'null' ? null : s;
    case 78: // N
      return s === 'Null' || s === 'NULL' ? null : s;
    case LOWER_T:
      return s === 'true' ? true : s;
    case 84: // T
      return s === 'True' || s === 'TRUE' ? true : s;
    case 102: // f
      return s === 'false' ? false : s;
    case 70: // F
      return s === 'False' || s === 'FALSE' ? false : s;
    case 43: // +
    case DASH:
    case DOT:
    case 48:
    case 49:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 55:
    case 56:
    case 57:
      return resolveNumber(s);
    default:
      return s;
  }
}

function resolveNumber(s: string): unknown {
  if (OCTAL.test(s)) return integer(parseInt(s.substring(2), 8), s.length - 2);
  if (DECIMAL.test(s)) {
    const first = s.charCodeAt(0);
    return integer(parseInt(s, 10), first === DASH || first === 43 ? s.length - 1 : s.length);
  }
  if (HEX.test(s)) return integer(parseInt(s.substring(2), 16), s.length - 2);
  if (INFINITY_OR_NAN.test(s)) {
    if (s.slice(-3).toLowerCase() === 'nan') return NaN;
    return s.charCodeAt(0) === DASH ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_WITH_EXPONENT.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

function integer(value: number, digits: number): unknown {
  return digits > MAX_INT_DIGITS || !Number.isSafeInteger(value) ? DECLINED : value;
}
