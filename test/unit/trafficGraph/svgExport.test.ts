// Unit test of the SVG export's text escaping (labels come from user YAML and end up in an SVG file).
import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../../client/webview/svgExport';

describe('escapeXml', () => {
  it('escapes markup and quotes so a label cannot add elements or attributes', () => {
    expect(escapeXml(`<img src=x onerror="alert(1)"> & 'q'`)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &apos;q&apos;');
    expect(escapeXml('frontend')).toBe('frontend');
  });
});
