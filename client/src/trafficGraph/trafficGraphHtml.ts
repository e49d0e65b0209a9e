// Pure builders of the traffic-graph page: the VS Code webview variant (script and stylesheet by URI)
// and the self-contained standalone variant (bundle inlined, graph inlined as JSON). Both carry the
// same strict Content-Security-Policy with a per-page nonce. No `vscode` import, so scripts can use it.

import { inlineDataElementId } from './webviewMessages';

/** 128 bits of randomness, base64: CSP nonces must be unguessable per page load. */
export function makeNonce(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function contentSecurityPolicy(nonce: string, cspSource: string | undefined): string {
  const source = cspSource ? `${cspSource} ` : '';
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${source}'nonce-${nonce}'`,
    `img-src ${source}data:`,
    // VS Code's codicon/theme fonts come from the webview resource origin; the standalone page needs none.
    ...(cspSource ? [`font-src ${cspSource}`] : []),
  ].join('; ');
}

/**
 * Cytoscape injects this one-rule <style> element unless an element with its id exists; injected
 * without our nonce the CSP would block it (and log a violation), so the page ships it with the nonce.
 */
const cytoscapeStylesheet = (nonce: string): string =>
  `<style id="__________cytoscape_stylesheet" nonce="${nonce}">.__________cytoscape_container { position: relative; }</style>`;

const escapeAttribute = (s: string): string => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/**
 * JSON safe to place inside a `<script type="application/json">`: `<` becomes `\u003c`, so no value
 * (say a label `</script><img onerror=…>`) can end the element; U+2028/2029 are escaped for old parsers.
 */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export interface WebviewPageOptions {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
}

export function webviewHtml(o: WebviewPageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(o.nonce, o.cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttribute(o.title)}</title>
${cytoscapeStylesheet(escapeAttribute(o.nonce))}
<link rel="stylesheet" nonce="${escapeAttribute(o.nonce)}" href="${escapeAttribute(o.styleUri)}">
</head>
<body>
<script nonce="${escapeAttribute(o.nonce)}" src="${escapeAttribute(o.scriptUri)}"></script>
</body>
</html>
`;
}

export interface StandalonePageOptions {
  readonly nonce: string;
  readonly script: string;
  readonly css: string;
  /** The first host message the page will act on (a `graph` message). */
  readonly data: unknown;
  readonly title: string;
}

/** Inline code must not contain the text that ends its element; the bundle is checked, not rewritten. */
function assertInlineSafe(code: string, tag: 'script' | 'style'): string {
  if (new RegExp(`</${tag}`, 'i').test(code)) throw new Error(`bundle contains </${tag}; cannot inline it safely`);
  return code;
}

export function standaloneHtml(o: StandalonePageOptions): string {
  const nonce = escapeAttribute(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(o.nonce, undefined))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttribute(o.title)}</title>
${cytoscapeStylesheet(nonce)}
<style nonce="${nonce}">${assertInlineSafe(o.css, 'style')}</style>
</head>
<body>
<script type="application/json" id="${inlineDataElementId}">${inlineJson(o.data)}</script>
<script nonce="${nonce}">${assertInlineSafe(o.script, 'script')}</script>
</body>
</html>
`;
}
