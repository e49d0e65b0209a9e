// Turns a file's bytes into the text the analysis reads. Manifests must be UTF-8: invalid bytes are
// replaced with U+FFFD (so the rest is still checked) and reported once as ML0005 at the first bad
// byte; files above the size limit are not analysed at all (ML0006).
import { makeFinding } from '../analysis/findings/findingCodes';
import type { Finding } from '../analysis/model/finding';
import { span } from '../analysis/model/sourceSpan';
import { defaultSettings } from '../protocol/settings';

/** Above this size a file is reported and skipped, to bound time and memory; the same default as the editor's `meshlens.maxFileSizeMB`. */
export const MAX_SOURCE_BYTES = defaultSettings.maxFileSizeMB * 1024 * 1024;

export interface DecodedSource {
  readonly text: string;
  /** File-level findings (no documentIndex). */
  readonly findings: readonly Finding[];
  /** False when the file was too large to analyse. */
  readonly analysable: boolean;
}

const REPLACEMENT = '\uFFFD';

export function decodeSource(bytes: Uint8Array, maxBytes = MAX_SOURCE_BYTES): DecodedSource {
  if (bytes.length > maxBytes) {
    return {
      text: '',
      analysable: false,
      findings: [makeFinding('ML0006', span(0, 0), `File is ${formatSize(bytes.length)}, above the ${formatSize(maxBytes)} limit; it was not analysed.`)],
    };
  }
  // A leading byte-order mark is legal UTF-8 but not content; `ignoreBOM: false` strips it.
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), findings: [], analysable: true };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const { offset, byteOffset } = firstReplacedByte(text, bytes);
    const byte = bytes[byteOffset] ?? 0;
    const message = `File is not valid UTF-8: byte 0x${byte.toString(16).padStart(2, '0').toUpperCase()} at byte offset ${byteOffset}; invalid bytes were replaced with U+FFFD.`;
    return { text, analysable: true, findings: [makeFinding('ML0005', span(offset, offset + 1), message)] };
  }
}

/**
 * Finds the first U+FFFD that stands for invalid bytes rather than a literal U+FFFD (EF BF BD) in the
 * source. Everything before it decoded cleanly, so re-encoding that prefix gives its byte offset.
 */
function firstReplacedByte(text: string, bytes: Uint8Array): { offset: number; byteOffset: number } {
  const encoder = new TextEncoder();
  const bomBytes = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let byteOffset = bomBytes;
  let from = 0;
  for (let at = text.indexOf(REPLACEMENT); at !== -1; at = text.indexOf(REPLACEMENT, at + 1)) {
    byteOffset += encoder.encode(text.slice(from, at)).length;
    from = at;
    const literal = bytes[byteOffset] === 0xef && bytes[byteOffset + 1] === 0xbf && bytes[byteOffset + 2] === 0xbd;
    if (!literal) return { offset: at, byteOffset };
  }
  return { offset: 0, byteOffset: 0 };
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${bytes} bytes`;
}
