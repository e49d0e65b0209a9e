// "Allow / Deny this flow" in the graph webview, in Chromium (the built bundle, a stub VS Code host): the Explain
// result offers the action opposite to the explained verdict, a preview message shows the planned change (verdict
// before → after, files, the graph difference listed and drawn on the edges) with Apply / Cancel, the answer names
// the proposal, and the end message clears it. Host side: client/src/authoring/flowChangePreview.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficGraph } from '../../server/src/protocol/trafficGraph';
import { requireResource } from '../support/requirement';
import { chromiumPath, postGraph, WebviewBrowser } from './webviewPage';

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/shopGraph.json'), 'utf8')) as TrafficGraph;
const chromiumPresent = requireResource(`Chromium (${chromiumPath})`, existsSync(chromiumPath), 'apt-get install chromium (.ci/run does)');

interface Posted { type: string; requestId?: number; flow?: unknown; intent?: string; proposalId?: number }

describe.skipIf(!chromiumPresent)('allow / deny this flow in the graph webview', () => {
  const panel = new WebviewBrowser();
  beforeAll(() => panel.start());
  afterAll(() => panel.stop());

  async function open(): Promise<Page> {
    const { page } = await panel.open();
    await postGraph(page, fixture, { title: 'shop' });
    return page;
  }
  const posted = (page: Page): Promise<Posted[]> => page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);
  const classesOf = (page: Page, from: string, to: string): Promise<string[]> =>
    page.evaluate(([f, t]) => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      return cy.edges().filter((e) => e.data('source') === f && e.data('target') === t).map((e) => e.classes()).flat();
    }, [from, to] as const);

  /** Selects the edge, asks Explain, and answers it with `verdict`. */
  async function explainAs(page: Page, edgeText: string, verdict: 'allow' | 'deny' | 'unknown'): Promise<void> {
    await page.locator('#edgeList button.edgeItem', { hasText: edgeText }).first().click();
    await page.locator('#details button.explainFlow').first().click();
    const asked = (await posted(page)).filter((m) => m.type === 'explain');
    await page.evaluate(([requestId, v]) => window.postMessage({ type: 'explanation', requestId, result: { verdict: v, steps: [{ enforcer: 'cilium-bpf', direction: 'ingress', verdict: v, reason: 'default deny', rules: [] }] } }, '*'), [asked.at(-1)!.requestId!, verdict] as const);
    await page.waitForFunction(() => document.querySelector('#details .explanation .verdict') !== null);
  }

  it('offers Allow on a denied explanation, Deny on an allowed one, and nothing on unknown', async () => {
    const page = await open();
    await explainAs(page, 'shop/frontend → shop/redis', 'deny');
    expect(await page.locator('#details .explanation button.changeFlow').allTextContents()).toEqual(['Allow this flow…']);
    await page.locator('#details .explanation button.changeFlow').click();
    expect((await posted(page)).filter((m) => m.type === 'changeFlow')).toEqual([{ type: 'changeFlow', intent: 'allow', flow: { from: 'shop/frontend', to: 'shop/redis', port: 6379, protocol: 'TCP' } }]);
    await explainAs(page, 'shop/frontend → shop/cart', 'allow');
    expect(await page.locator('#details .explanation button.changeFlow').allTextContents()).toEqual(['Deny this flow…']);
    await explainAs(page, 'monitoring/prometheus → shop/cart', 'unknown');
    expect(await page.locator('#details .explanation button.changeFlow').count()).toBe(0);
    await page.close();
  });

  it('previews a proposal with its graph difference, answers Apply with its id, and clears when it ends', async () => {
    const page = await open();
    expect(await page.locator('#flowChangePreview').isHidden()).toBe(true);
    await page.evaluate(() => window.postMessage({
      type: 'flowChangePreview', proposalId: 7, title: 'Allow shop/frontend → shop/redis TCP/6379', before: 'deny', after: 'allow',
      files: ['policies/redis.yaml'], notes: [],
      flows: [{ kind: 'changed', from: 'shop/frontend', to: 'shop/redis', base: 'No Connections', head: 'TCP 6379', aspects: ['verdict', 'ports'] }],
    }, '*'));
    await page.waitForSelector('#flowChangePreview:not([hidden])');
    expect(await page.textContent('#previewTitle')).toBe('Preview: Allow shop/frontend → shop/redis TCP/6379');
    expect(await page.textContent('#previewVerdict')).toBe('Verdict now: deny → after the change: allow');
    expect(await page.locator('#previewFiles li').allTextContents()).toEqual(['policies/redis.yaml']);
    expect(await page.locator('#previewList li.previewItem').allTextContents()).toEqual(['~ changed shop/frontend → shop/redis: No Connections → TCP 6379']);
    expect(await classesOf(page, 'shop/frontend', 'shop/redis')).toContain('preview-changed');
    // A well-formed preview is not reported as a malformed host message; a malformed one changes nothing here.
    expect(await page.textContent('#status')).not.toContain('malformed');
    await page.evaluate(() => window.postMessage({ type: 'flowChangePreview', proposalId: -1, title: 'x', before: 'deny', after: 'allow', files: [], notes: [], flows: [] }, '*'));
    await page.click('#applyFlowChange');
    expect((await posted(page)).filter((m) => m.type === 'applyFlowChange' || m.type === 'cancelFlowChange')).toEqual([{ type: 'applyFlowChange', proposalId: 7 }]);
    expect(await page.locator('#applyFlowChange').isDisabled()).toBe(true);
    await page.evaluate(() => window.postMessage({ type: 'flowChangeEnded', level: 'info', message: 'Applied: Allow shop/frontend → shop/redis TCP/6379' }, '*'));
    await page.waitForSelector('#flowChangePreview', { state: 'hidden' });
    expect(await page.textContent('#flowChangeStatus')).toBe('Applied: Allow shop/frontend → shop/redis TCP/6379');
    expect(await classesOf(page, 'shop/frontend', 'shop/redis')).not.toContain('preview-changed');
    await page.close();
  });

  it('answers Cancel with the proposal id', async () => {
    const page = await open();
    await page.evaluate(() => window.postMessage({ type: 'flowChangePreview', proposalId: 3, title: 'Deny shop/cart → shop/redis TCP/6379', before: 'allow', after: 'deny', files: ['new: deny.yaml'], notes: ['partial'], flows: [] }, '*'));
    await page.waitForSelector('#flowChangePreview:not([hidden])');
    expect(await page.textContent('#previewList')).toBe('No flow added, removed or changed.');
    expect(await page.textContent('#previewNotes')).toBe('partial');
    await page.click('#cancelFlowChange');
    expect((await posted(page)).filter((m) => m.type === 'cancelFlowChange')).toEqual([{ type: 'cancelFlowChange', proposalId: 3 }]);
    await page.close();
  });
});
