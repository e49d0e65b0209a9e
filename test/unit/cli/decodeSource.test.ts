// Decoding file bytes: strict UTF-8, ML0005 at the first invalid byte, ML0006 above the size limit.
import { describe, expect, it } from 'vitest';
import { decodeSource } from '../../../server/src/cli/decodeSource';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('decodeSource', () => {
  it('decodes valid UTF-8 without findings and strips a byte-order mark', () => {
    const result = decodeSource(bytes([0xef, 0xbb, 0xbf], 'kind: Café\n'));
    expect(result).toEqual({ text: 'kind: Café\n', findings: [], analysable: true });
  });

  it('reports ML0005 at the first invalid byte, after multi-byte and literal U+FFFD characters', () => {
    // "é" is 2 bytes/1 code unit, "😀" 4 bytes/2 code units, U+FFFD literal 3 bytes/1 code unit.
    const result = decodeSource(bytes('a: é😀\uFFFD', [0xc3, 0x28], ' x\n'));
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding.code).toBe('ML0005');
    expect(finding.severity).toBe('error');
    expect(finding.documentIndex).toBeUndefined();
    const offset = 'a: é😀\uFFFD'.length;
    expect(finding.span).toEqual({ start: offset, end: offset + 1 });
    expect(result.text[offset]).toBe('\uFFFD');
    expect(finding.message).toContain('0xC3 at byte offset 12');
    expect(result.text.endsWith('( x\n')).toBe(true);
    expect(result.analysable).toBe(true);
  });

  it('reports ML0006 and skips analysis above the size limit', () => {
    const result = decodeSource(new Uint8Array(2048), 1024);
    expect(result.analysable).toBe(false);
    expect(result.text).toBe('');
    expect(result.findings.map((f) => f.code)).toEqual(['ML0006']);
    expect(decodeSource(new Uint8Array(1024), 1024).findings).toEqual([]);
  });
});
