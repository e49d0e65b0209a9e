// The graph panel's compare mode in Chromium (the built webview bundle, a stub VS Code host): the toolbar button
// asks the host to compare, a compare message colours the drawn edges of changed flows and lists them, and
// leaving compare mode clears both. Host side: client/src/trafficGraph/compareMode.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficGraph } from '../../server/src/protocol/trafficGraph';
import { makeNonce, standaloneHtml } from '../../client/src/trafficGraph/trafficGraphHtml';
import { requireResource } from '../support/requirement';

const chromiumPath = '/usr/bin/chromium';
const root = path.resolve(__dirname, '../..');
const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/shopGraph.json'), 'utf8')) as TrafficGraph;
const chromiumPresent = requireResource(`Chromium (${chromiumPath})`, existsSync(chromiumPath), 'apt-get install chromium (.ci/run does)');

function webviewPage(): string {
  const nonce = makeNonce();
  const html = standaloneHtml({ nonce, title: 'test', script: readFileSync(path.join(root, 'dist/webview/webview.js'), 'utf8'), css: readFileSync(path.join(root, 'dist/webview/webview.css'), 'utf8'), data: null });
  const stub = `window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => null, setState: () => {} });`;
  const tag = `<script nonce="${nonce}">`;
  return html.replace(tag, `${tag}${stub}</script>\n${tag}`);
}

describe.skipIf(!chromiumPresent)('compare mode in the graph webview', () => {
  let browser: Browser;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist/webview/webview.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
    profile = mkdtempSync(path.join(tmpdir(), 'meshlens-chromium-'));
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--headless', '--no-first-run'], env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile } });
  });
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function open(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(webviewPage());
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    await page.evaluate((g) => window.postMessage({ type: 'graph', graph: g, scope: 'workspace', title: 'shop' }, '*'), fixture);
    await page.waitForFunction(() => document.body.dataset.layoutMs !== undefined);
    return page;
  }

  const classesOf = (page: Page, from: string, to: string): Promise<string[]> =>
    page.evaluate(([f, t]) => {
      const cy = (window as unknown as { meshlensCy: { edges(): { filter(fn: (e: { data(k: string): string }) => boolean): { map(fn: (e: { classes(): string[] }) => string[]): string[][] } } } }).meshlensCy;
      return cy.edges().filter((e) => e.data('source') === f && e.data('target') === t).map((e) => e.classes()).flat();
    }, [from, to] as const);

  it('asks the host to compare, colours and lists the changed flows, and clears them when stopped', async () => {
    const page = await open();
    const edge = fixture.edges.find((e) => e.verdict === 'allow' && !e.from.includes(':') && !e.to.includes(':'))!;
    await page.click('#compare');
    expect(await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.map((m) => m.type))).toContain('compareWith');
    await page.evaluate(([f, t]) => window.postMessage({ type: 'compare', baseLabel: 'HEAD', flows: [
      { kind: 'added', from: f, to: t, base: 'No Connections', head: 'TCP 8080', aspects: ['verdict', 'ports'] },
      { kind: 'removed', from: 'gone/a', to: 'gone/b', base: 'TCP 80', head: 'No Connections', aspects: ['verdict', 'ports'] },
    ] }, '*'), [edge.from, edge.to] as const);
    await page.waitForFunction(() => document.querySelectorAll('#compareList li').length === 2);
    expect(await page.textContent('#compareHeading')).toBe('Changes since HEAD (2)');
    expect(await page.textContent('#compareList')).toContain(`added ${edge.from} → ${edge.to}: No Connections → TCP 8080`);
    expect(await classesOf(page, edge.from, edge.to)).toContain('compare-added');
    expect(await page.textContent('#compare')).toBe('Stop comparing');
    // A malformed compare message is ignored.
    await page.evaluate(() => window.postMessage({ type: 'compare', baseLabel: 'HEAD', flows: [{ kind: 'bogus' }] }, '*'));
    await page.click('#compare');
    expect(await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.map((m) => m.type))).toContain('compareStop');
    await page.evaluate(() => window.postMessage({ type: 'compareOff' }, '*'));
    await page.waitForFunction(() => (document.getElementById('compareList') as HTMLElement).hidden);
    expect(await classesOf(page, edge.from, edge.to)).not.toContain('compare-added');
    expect(await page.textContent('#compare')).toBe('Compare with…');
    await page.close();
  });
});
