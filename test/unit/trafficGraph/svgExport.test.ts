// Unit test of the SVG export's text escaping (labels come from user YAML and end up in an SVG file).
import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../../client/webview/svgExport';

describe('escapeXml', () => {
  it('escapes markup and quotes so a label cannot add elements or attributes', () => {
    expect(escapeXml(`<img src=x onerror="alert(1)"> & 'q'`)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &apos;q&apos;');
    expect(escapeXml('frontend')).toBe('frontend');
  });
});

describe('escapeXml on characters XML cannot carry', () => {
  it('keeps the document well-formed: controls and lone surrogates become U+FFFD, line breaks a space', () => {
    expect(escapeXml('a\u0000b\u001fc\ufffe')).toBe('a\ufffdb\ufffdc\ufffd');
    expect(escapeXml('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(escapeXml('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
    expect(escapeXml('line1\r\nline2\n]]><!--')).toBe('line1 line2 ]]&gt;&lt;!--');
  });
});
