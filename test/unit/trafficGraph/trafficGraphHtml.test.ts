// Unit tests of the page builders: CSP, nonce use, safe inlining of graph data and of the bundle.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inlineJson, makeNonce, standaloneHtml, webviewHtml } from '../../../client/src/trafficGraph/trafficGraphHtml';

describe('traffic graph page builders', () => {
  it('makes distinct 128-bit nonces', () => {
    const a = makeNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(makeNonce()).not.toBe(a);
  });

  it('writes the strict CSP the issue asks for', () => {
    expect(contentSecurityPolicy('N', 'vscode-webview://x')).toBe(
      "default-src 'none'; script-src 'nonce-N'; style-src vscode-webview://x 'nonce-N'; img-src vscode-webview://x data:; font-src vscode-webview://x");
    expect(contentSecurityPolicy('N', undefined)).toBe("default-src 'none'; script-src 'nonce-N'; style-src 'nonce-N'; img-src data:");
  });

  it('inlines JSON so no value can close the script element', () => {
    const json = inlineJson({ name: '</script><script>alert(1)</script>', sep: '\u2028' });
    expect(json).not.toContain('<');
    expect(json).not.toContain('\u2028');
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script>', sep: '\u2028' });
  });

  it('puts the nonce on every script and style, and escapes attribute values', () => {
    const html = webviewHtml({ cspSource: 'https://x', nonce: 'abc', scriptUri: 'https://x/w.js?a=1&b="2"', styleUri: 'https://x/w.css', title: '<t>' });
    expect(html).toContain('<script nonce="abc" src="https://x/w.js?a=1&amp;b=&quot;2&quot;"></script>');
    expect(html).toContain('<title>&lt;t&gt;</title>');
    expect(html.match(/<(script|style|link)\b[^>]*>/g)?.every((tag) => tag.includes('nonce="abc"'))).toBe(true);
  });

  it('refuses a bundle that would end its own inline element', () => {
    const ok = standaloneHtml({ nonce: 'n', script: 'var a=1', css: 'a{}', data: { x: '</script>' }, title: 't' });
    expect(ok).toContain('<script type="application/json" id="meshlens-graph-data">{"x":"\\u003c/script>"}</script>');
    expect(() => standaloneHtml({ nonce: 'n', script: 'var s="</script>"', css: '', data: null, title: 't' })).toThrow(/<\/script/);
  });
});
