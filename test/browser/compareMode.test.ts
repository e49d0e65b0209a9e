// The graph panel's compare mode in Chromium (the built webview bundle, a stub VS Code host): the toolbar button
// asks the host to compare, a compare message colours the drawn edges of changed flows and lists them, and
// leaving compare mode clears both. Host side: client/src/trafficGraph/compareMode.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficGraph } from '../../server/src/protocol/trafficGraph';
import { requireResource } from '../support/requirement';
import { chromiumPath, postGraph, WebviewBrowser } from './webviewPage';

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/shopGraph.json'), 'utf8')) as TrafficGraph;
const chromiumPresent = requireResource(`Chromium (${chromiumPath})`, existsSync(chromiumPath), 'apt-get install chromium (.ci/run does)');

describe.skipIf(!chromiumPresent)('compare mode in the graph webview', () => {
  const panel = new WebviewBrowser();
  beforeAll(() => panel.start());
  afterAll(() => panel.stop());

  async function open(): Promise<Page> {
    const { page } = await panel.open();
    await postGraph(page, fixture, { title: 'shop' });
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
