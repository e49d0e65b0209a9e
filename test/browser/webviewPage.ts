// The webview bundle (dist/webview) in Debian's headless Chromium through playwright-core, for the legibility,
// palette and random-sequence tests: the standalone builder's page plus a stub `acquireVsCodeApi`, under the
// panel's real CSP, recording page errors, console errors and CSP reports per page.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeNonce, standaloneHtml } from '../../client/src/trafficGraph/trafficGraphHtml';

export const chromiumPath = '/usr/bin/chromium';
const root = path.resolve(__dirname, '../..');

/** VS Code's Light Modern values of the variables the panel reads (the page falls back to Dark Modern). */
export const lightModern: Readonly<Record<string, string>> = {
  '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#3b3b3b',
  '--vscode-panel-border': '#e5e5e5', '--vscode-sideBar-background': '#f8f8f8', '--vscode-focusBorder': '#005fb8',
  '--vscode-editor-findMatchHighlightBackground': '#ea5c0055', '--vscode-charts-red': '#e51400', '--vscode-charts-lines': '#595959',
  '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b', '--vscode-errorForeground': '#f85149',
};

export interface PanelPage {
  readonly page: Page;
  /** Uncaught page errors, console errors and CSP violation reports, as they happened. */
  readonly problems: string[];
}

export class WebviewBrowser {
  private browser: Browser | undefined;
  private profile = '';

  async start(): Promise<void> {
    if (!existsSync(path.join(root, 'dist/webview/webview.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
    this.profile = mkdtempSync(path.join(tmpdir(), 'meshlens-chromium-'));
    this.browser = await chromium.launch({
      executablePath: chromiumPath, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--headless', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      env: { ...process.env, XDG_CONFIG_HOME: this.profile, XDG_CACHE_HOME: this.profile },
    });
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    if (this.profile) rmSync(this.profile, { recursive: true, force: true });
  }

  /** A fresh panel with a stub host; `theme` light sets Light Modern variables before the bundle runs. */
  async open(size: { width: number; height: number } = { width: 1400, height: 900 }, theme: 'dark' | 'light' = 'dark'): Promise<PanelPage> {
    const page = await this.browser!.newPage({ viewport: size });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('net::ERR_FAILED')) problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.stack ?? String(e)}`));
    await page.route('**/*', (route) => route.abort());
    await page.exposeFunction('__cspReport', (text: string) => problems.push(`csp: ${text}`));
    await page.setContent(pageHtml(theme));
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    return { page, problems };
  }
}

function pageHtml(theme: 'dark' | 'light'): string {
  const nonce = makeNonce();
  const html = standaloneHtml({
    nonce, title: 'test',
    script: readFileSync(path.join(root, 'dist/webview/webview.js'), 'utf8'),
    css: readFileSync(path.join(root, 'dist/webview/webview.css'), 'utf8'),
    data: null,
  });
  const variables = theme === 'light' ? Object.entries(lightModern).map(([k, v]) => `document.documentElement.style.setProperty(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n') : '';
  const stub = `window.__posted = []; window.__state = null;
${variables}
document.addEventListener('securitypolicyviolation', (e) => window.__cspReport(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => window.__state, setState: (s) => { window.__state = s; } });`;
  const bundleTag = `<script nonce="${nonce}">`;
  return html.replace(bundleTag, `${bundleTag}${stub}</script>\n${bundleTag}`);
}

/** Sends a graph message as the host would and waits for the page to draw it. */
export async function postGraph(page: Page, graph: unknown, extra: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate(([g, e]) => {
    document.body.removeAttribute('data-layout-ms');
    window.postMessage({ type: 'graph', graph: g, scope: 'workspace', title: 'test', ...e }, '*');
  }, [graph, extra] as const);
  // Generous: the shared CI machine can be loaded many times over; the test asserts what was drawn, not how fast.
  await page.waitForFunction(() => document.body.dataset.layoutMs !== undefined, undefined, { timeout: 180_000 });
}
