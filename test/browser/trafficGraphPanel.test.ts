// Drives the built webview bundle (dist/webview) in Debian's headless Chromium through playwright-core:
// the page is the standalone builder's output plus a stub `acquireVsCodeApi`, under the panel's real CSP.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficGraph } from '../../server/src/protocol/trafficGraph';
import { makeNonce, standaloneHtml } from '../../client/src/trafficGraph/trafficGraphHtml';
import { largeGraph } from './largeGraph';
import { requireResource } from '../support/requirement';

const chromiumPath = '/usr/bin/chromium';
const root = path.resolve(__dirname, '../..');
const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/shopGraph.json'), 'utf8')) as TrafficGraph;
const chromiumPresent = requireResource(`Chromium (${chromiumPath})`, existsSync(chromiumPath), 'apt-get install chromium (.ci/run does)');

interface Posted { type: string; file?: string; range?: unknown; format?: string; data?: string; scope?: string }

/** Page with the real bundle and CSP; the stub host records posted messages and state on window. */
function testPage(initialState: unknown, data: unknown, stubHost: boolean): string {
  const nonce = makeNonce();
  const html = standaloneHtml({
    nonce, title: 'test',
    script: readFileSync(path.join(root, 'dist/webview/webview.js'), 'utf8'),
    css: readFileSync(path.join(root, 'dist/webview/webview.css'), 'utf8'),
    data: data ?? null,
  });
  const stub = `window.__posted = []; window.__violations = []; window.__state = ${JSON.stringify(initialState ?? null)};
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
${stubHost ? "window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => window.__state, setState: (s) => { window.__state = s; } });" : ''}`;
  const bundleTag = `<script nonce="${nonce}">`;
  return html.replace(bundleTag, `${bundleTag}${stub}</script>\n${bundleTag}`);
}

describe.skipIf(!chromiumPresent)('traffic graph webview in Chromium', () => {
  let browser: Browser;
  let profile: string;
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist/webview/webview.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
    profile = mkdtempSync(path.join(tmpdir(), 'meshlens-chromium-'));
    browser = await chromium.launch({
      executablePath: chromiumPath, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--headless', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** `data` given: the standalone page (graph inlined, no host); otherwise the webview page with a stub host. */
  async function open(initialState?: unknown, data?: unknown): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    // Everything is inlined: any network request would be a bug (nothing remote may load).
    await page.route('**/*', (route) => route.abort());
    await page.setContent(testPage(initialState, data, data === undefined));
    if (data === undefined) await page.waitForFunction(() => (window as unknown as { __posted: Posted[] }).__posted.some((m) => m.type === 'ready'));
    return page;
  }

  async function postGraph(page: Page, graph: unknown, extra: Record<string, unknown> = {}): Promise<void> {
    await page.evaluate(([g, e]) => {
      document.body.removeAttribute('data-layout-ms');
      window.postMessage({ type: 'graph', graph: g, scope: 'workspace', title: 'examples', ...e }, '*');
    }, [graph, extra] as const);
    // Generous for a loaded shared machine; nothing here asserts a duration.
    await page.waitForFunction(() => document.body.dataset.layoutMs !== undefined, undefined, { timeout: 180_000 });
  }

  const posted = (page: Page): Promise<Posted[]> => page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);
  const drawn = (page: Page): Promise<{ nodes: number; edges: number }> =>
    page.evaluate(() => ({ nodes: Number(document.body.dataset.drawnNodes), edges: Number(document.body.dataset.drawnEdges) }));

  it('draws the namespaces, workloads, external peers, edges and their labels', async () => {
    const page = await open();
    await postGraph(page, fixture);
    const summary = await page.evaluate(() => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      return {
        groups: cy.nodes('.group').map((n) => n.data('label')).sort(),
        workloads: cy.nodes('.workload').map((n) => n.data('label')).sort(),
        shapes: Object.fromEntries(cy.nodes().not('.group').map((n) => [n.data('kind'), n.style('shape')])),
        edgeLabels: cy.edges().map((e) => e.data('label')),
        denyDashed: cy.edges('.deny').map((e) => e.style('line-style')),
        // One colour per enforcer of the fixture's allowed edges (last enforcer in the chain decides).
        enforcerColours: new Set(cy.edges('.allow').map((e) => `${e.data('enforcer')}=${e.style('line-color')}`)).size,
        distinctColours: new Set(cy.edges('.allow').map((e) => e.style('line-color'))).size,
        enforcers: new Set(cy.edges('.allow').map((e) => e.data('enforcer'))).size,
        allowSolid: cy.edges('.allow').map((e) => e.style('line-style')),
        // Rendered on screen: positions are finite and inside the viewport's extent.
        visible: cy.nodes().toArray().every((n) => Number.isFinite(n.renderedPosition('x')) && n.renderedBoundingBox({}).w > 0),
      };
    });
    expect(summary.groups).toEqual(['monitoring', 'payments', 'shop']);
    expect(summary.workloads).toEqual(['cart', 'checkout', 'frontend', 'ledger-db', 'prometheus', 'redis']);
    expect(summary.shapes).toMatchObject({ workload: 'round-rectangle', entity: 'hexagon', cidr: 'diamond', fqdn: 'tag' });
    expect(summary.edgeLabels).toContain('TCP/8080 · GET /api/cart/.* | POST /api/cart/items');
    expect(summary.edgeLabels).toContain('TCP/443 · dns api.stripe.com');
    expect(summary.edgeLabels).toContain('TCP/8000-8100');
    expect(summary.edgeLabels).toContain('TCP/9090 (metrics)');
    expect(summary.denyDashed).toEqual(['dashed', 'dashed']);
    expect(summary.distinctColours).toBe(summary.enforcers);
    expect(summary.enforcerColours).toBe(summary.enforcers);
    expect(new Set(summary.allowSolid)).toEqual(new Set(['solid']));
    expect(summary.visible).toBe(true);
    expect(await drawn(page)).toEqual({ nodes: 13, edges: 11 });
    const list = await page.locator('#edgeList button.edgeItem').allTextContents();
    expect(list).toHaveLength(11);
    expect(list).toContain('shop/frontend → shop/cart: TCP/8080 · GET /api/cart/.* | POST /api/cart/items (allow, L7, eBPF (Cilium), Envoy (node))');
    await page.screenshot({ path: path.join(root, 'test-results/browser-panel.png') });
    await page.close();
  });

  it('clicking an edge on the canvas shows its rule, and "Go to rule" posts revealRule with the exact range', async () => {
    const page = await open();
    await postGraph(page, fixture);
    const point = await page.evaluate(() => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      const edge = cy.edges().filter((e) => e.source().id() === 'shop/cart' && e.target().id() === 'payments/checkout')[0]!;
      const box = cy.container()!.getBoundingClientRect();
      const mid = edge.renderedMidpoint();
      return { x: box.left + mid.x, y: box.top + mid.y };
    });
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => page.locator('#details h3').first().textContent()).toBe('shop/cart → payments/checkout');
    expect(await page.locator('#details').textContent()).toContain('ztunnel (istio-ztunnel)');
    expect(await page.locator('#details').textContent()).toContain('payments/checkout-from-shop');
    await page.locator('#details button.goToRule').first().click();
    const reveal = (await posted(page)).filter((m) => m.type === 'revealRule');
    expect(reveal).toEqual([{
      type: 'revealRule', file: 'file:///ws/examples/payments-authz.yaml',
      range: { start: { line: 12, character: 4 }, end: { line: 20, character: 0 } },
    }]);

    // "Explain" asks the host for `meshlens explain` of this flow and draws its steps when the answer comes.
    await page.locator('#details button.explainFlow').click();
    const asked = (await posted(page)).filter((m) => m.type === 'explain') as unknown as { requestId: number; flow: unknown }[];
    expect(asked.map((m) => m.flow)).toEqual([{ from: 'shop/cart', to: 'payments/checkout', port: 9000, protocol: 'TCP' }]);
    await page.evaluate((requestId) => window.postMessage({
      type: 'explanation', requestId, result: {
        verdict: 'allow', steps: [
          { enforcer: 'istio-ztunnel', direction: 'authz', verdict: 'allow', reason: 'L4 part allowed by rule', rules: [] },
          { enforcer: 'istio-waypoint', direction: 'authz', verdict: 'allow', reason: 'POST /checkout allowed by rule', rules: [] },
        ],
      },
    }, '*'), asked[0]!.requestId);
    await expect.poll(() => page.locator('#details .explanation li.step').allTextContents()).toEqual([
      'ztunnel · authz: allowL4 part allowed by ruleNo rule: default behaviour.',
      'waypoint · authz: allowPOST /checkout allowed by ruleNo rule: default behaviour.',
    ]);
    // The form's optional request and headers ride along as the flow's HTTP request (meshlens explain --method/--path/--header).
    await page.locator('#details input.explainRequestLine').fill('post /checkout');
    await page.locator('#details textarea.explainHeaders').fill('X-Token: abc\nX-Trace');
    await page.locator('#details button.explainFlow').click();
    const withRequest = (await posted(page)).filter((m) => m.type === 'explain') as unknown as { flow: unknown }[];
    expect(withRequest.at(-1)?.flow).toEqual({ from: 'shop/cart', to: 'payments/checkout', port: 9000, protocol: 'TCP', request: { method: 'POST', path: '/checkout', headers: { 'X-Token': 'abc', 'X-Trace': '' } } });
    await page.close();
  });

  it('filters by verdict, namespace, enforcer and layer, collapses a namespace, and searches', async () => {
    const page = await open();
    await postGraph(page, fixture);
    await page.locator('fieldset[data-filter=verdict] input[value=deny]').uncheck();
    expect(await drawn(page)).toMatchObject({ edges: 9 });
    expect(await page.locator('#edgeList button.edgeItem.deny').count()).toBe(0);
    await page.locator('fieldset[data-filter=verdict] input[value=deny]').check();
    await page.locator('fieldset[data-filter=namespace] input[value=payments]').uncheck();
    // Hiding payments drops checkout, ledger-db, its group, the FQDN and CIDR peers only it talks to, and 5 edges.
    expect(await drawn(page)).toEqual({ nodes: 8, edges: 6 });
    await page.locator('fieldset[data-filter=namespace] input[value=payments]').check();
    await page.locator('fieldset[data-filter=enforcer] input[value=cilium-bpf]').uncheck();
    const enforcerFiltered = await page.locator('#edgeList button.edgeItem').allTextContents();
    expect(enforcerFiltered.every((t) => !/\(\w+, L\d, eBPF \(Cilium\)\)$/.test(t))).toBe(true);
    expect(enforcerFiltered.some((t) => t.includes('Envoy (node)'))).toBe(true); // eBPF + Envoy edge keeps its Envoy step
    await page.locator('fieldset[data-filter=enforcer] input[value=cilium-bpf]').check();
    await page.locator('fieldset[data-filter=layer] input[value=L4]').uncheck();
    expect((await page.locator('#edgeList button.edgeItem').allTextContents()).every((t) => !t.includes(', L4'))).toBe(true);
    await page.locator('fieldset[data-filter=layer] input[value=L4]').check();
    await page.locator('button[data-collapse=shop]').click();
    const collapsed = await page.evaluate(() => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      return { shopMembers: cy.nodes('[namespace = "shop"]').map((n) => n.id()), group: cy.$id('group:shop').hasClass('collapsed') };
    });
    expect(collapsed).toEqual({ shopMembers: ['group:shop'], group: true });
    await page.locator('button[data-collapse=shop]').click();
    await page.locator('#search').fill('ledger');
    const matches = await page.evaluate(() => (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy.nodes('.match').map((n) => n.id()));
    expect(matches).toEqual(['payments/ledger-db']);
    await page.close();
  });

  it('lets keyboard users walk the edge list and open an edge\'s details', async () => {
    const page = await open();
    await postGraph(page, fixture);
    await page.locator('#edgeList button.edgeItem').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe((await page.locator('#edgeList button.edgeItem').nth(2).textContent()));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#details h3').first().textContent()).toBe('shop/cart → shop/redis');
    expect(await page.locator('#edgeList button.edgeItem').nth(2).getAttribute('aria-current')).toBe('true');
    expect(await page.evaluate(() => (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy.$(':selected').map((e) => e.id())))
      .toEqual(['edge:shop/cart->shop/redis|TCP|6379|null|allow']);
    await page.close();
  });

  it('fits a narrow panel: filters behind the Filters button, ranks stacked top-down', async () => {
    const page = await open();
    await page.setViewportSize({ width: 700, height: 1000 });
    await postGraph(page, fixture);
    expect(await page.locator('#filters').isVisible()).toBe(false);
    await page.locator('#toggleFilters').click();
    expect(await page.locator('#filters').isVisible()).toBe(true);
    expect(await page.locator('#toggleFilters').getAttribute('aria-expanded')).toBe('true');
    const spread = await page.evaluate(() => {
      const box = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy.nodes().boundingBox({});
      return box.h / box.w;
    });
    expect(spread).toBeGreaterThan(1); // taller than wide
    await page.close();
  });

  it('says what to do when the focused file selects nothing', async () => {
    const page = await open();
    await postGraph(page, { version: 1, nodes: [], edges: [] }, { scope: 'file', focusFile: 'file:///ws/a.yaml' });
    expect(await page.locator('#status').textContent()).toContain('Switch the scope to the workspace');
    await page.locator('#scope').click();
    expect((await posted(page)).filter((m) => m.type === 'setScope')).toEqual([{ type: 'setScope', scope: 'workspace' }]);
    await page.close();
  });

  it('highlights the edges of the rule under the editor cursor', async () => {
    const page = await open();
    await postGraph(page, fixture);
    await page.evaluate(() => window.postMessage({ type: 'highlightRule', file: 'file:///ws/examples/payments-authz.yaml', line: 30 }, '*'));
    await expect.poll(() => page.locator('#edgeList button.ruleHit').allTextContents()).toEqual([
      'payments/checkout → payments/ledger-db: TCP/5432 (allow, L4, ztunnel)',
    ]);
    await page.close();
  });

  it('keeps zoom, pan and selection across updates and a reload (webview state)', async () => {
    const page = await open();
    await postGraph(page, fixture);
    await page.locator('#edgeList button.edgeItem').first().click();
    // The list click centres the edge with a short animation; let it end before moving the view.
    await page.waitForFunction(() => !(window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy.animated());
    await page.evaluate(() => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      cy.viewport({ zoom: 1.7, pan: { x: -40, y: 25 } });
    });
    await postGraph(page, fixture); // a live update of the same file
    const afterUpdate = await page.evaluate(() => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      return { zoom: cy.zoom(), pan: cy.pan(), selected: cy.$(':selected').map((e) => e.id()) };
    });
    expect(afterUpdate.zoom).toBeCloseTo(1.7);
    expect(afterUpdate.pan).toEqual({ x: -40, y: 25 });
    expect(afterUpdate.selected).toHaveLength(1);
    const saved = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    await page.close();

    const reloaded = await open(saved);
    await postGraph(reloaded, fixture);
    const afterReload = await reloaded.evaluate(() => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      return { zoom: cy.zoom(), pan: cy.pan(), selected: cy.$(':selected').map((e) => e.id()) };
    });
    expect(afterReload).toEqual({ ...afterUpdate, zoom: afterReload.zoom });
    expect(afterReload.zoom).toBeCloseTo(1.7);
    await reloaded.close();
  });

  it('keeps a selected flow selected when an edit changes its verdict', async () => {
    const page = await open();
    await postGraph(page, fixture);
    const denied = fixture.edges.findIndex((e) => e.verdict === 'deny');
    expect(denied).toBeGreaterThanOrEqual(0);
    const flow = fixture.edges[denied]!;
    await page.evaluate(({ from, to }) => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      cy.edges().filter((e) => e.data('source') === from && e.data('target') === to && e.data('verdict') === 'deny').first().emit('tap');
    }, { from: flow.from, to: flow.to });
    await expect.poll(() => page.locator('#details').textContent()).toContain('deny');
    // The user's edit allows the flow: same endpoints and port, new verdict (and so a new edge id).
    const allowed = { ...fixture, edges: fixture.edges.map((e, i) => (i === denied ? { ...e, verdict: 'allow' as const, reason: undefined } : e)) };
    await postGraph(page, allowed);
    const selected = await page.evaluate(() => (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy.$(':selected').map((e) => ({ source: e.data('source'), target: e.data('target'), verdict: e.data('verdict') })));
    expect(selected).toEqual([{ source: flow.from, target: flow.to, verdict: 'allow' }]);
    await expect.poll(() => page.locator('#details').textContent()).toContain('allow');
    await page.close();
  });

  it('exports SVG and PNG through saveImage messages', async () => {
    const page = await open();
    await postGraph(page, fixture);
    await page.locator('#exportSvg').click();
    await page.locator('#exportPng').click();
    const images = (await posted(page)).filter((m) => m.type === 'saveImage');
    expect(images.map((m) => m.format)).toEqual(['svg', 'png']);
    expect(images[0]!.data).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(images[0]!.data).toContain('>ledger-db</text>');
    expect(images[0]!.data).toContain('stroke-dasharray="6 4"');
    expect(images[1]!.data!.startsWith('data:image/png;base64,iVBOR')).toBe(true);
    await page.close();
  });

  it('lays out and draws a 300-workload graph', async () => {
    const graph = largeGraph(30, 10);
    const page = await open();
    await postGraph(page, graph);
    const layoutMs = Number(await page.evaluate(() => document.body.dataset.layoutMs));
    expect(await drawn(page)).toEqual({ nodes: 300 + 30 + 1, edges: graph.edges.length }); // workloads + namespace groups + world
    const placed = await page.evaluate(() => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      return new Set(cy.nodes('.workload').map((n) => `${Math.round(n.position('x'))},${Math.round(n.position('y'))}`)).size;
    });
    expect(placed).toBe(300); // every workload got its own place
    expect(layoutMs).toBeGreaterThan(0); // the page measured and reported its layout (the figure itself is bench material)
    await page.close();
  });

  it('starts a fresh panel on a very large graph with its namespaces collapsed', async () => {
    const graph = largeGraph(60, 10);
    const page = await open();
    await postGraph(page, graph);
    expect(await drawn(page)).toMatchObject({ nodes: 60 + 1 });
    expect(await page.locator('#status').textContent()).toContain('600 workloads: namespaces start collapsed');
    await page.locator('button[data-collapse=team-07]').click();
    expect(await drawn(page)).toMatchObject({ nodes: 60 + 1 + 10 });
    await page.close();
  });

  it('renders YAML strings as text: an <img onerror> label runs nothing and trips no CSP report', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const graph = structuredClone(fixture) as unknown as { nodes: { name: string; labels: Record<string, string> }[]; edges: { l7: { path?: string }[] }[] };
    graph.nodes[0]!.name = evil;
    graph.nodes[0]!.labels = { app: evil };
    graph.edges[1]!.l7[0]!.path = `</script><script>alert(2)</script>${evil}`;
    // Same payload through the standalone page's inlined JSON (the `npm start` HTML).
    const page = await open(undefined, { type: 'graph', graph, scope: 'workspace', title: evil });
    await page.waitForFunction(() => document.body.dataset.layoutMs !== undefined);
    await page.locator('#edgeList button.edgeItem', { hasText: 'onerror' }).first().click();
    expect(await page.locator('#edgeList').textContent()).toContain(evil);
    expect(await page.locator('#title').textContent()).toBe(evil);
    expect(await page.locator('img').count()).toBe(0);
    const nodeButton = await page.evaluate(() => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      return cy.$id('shop/frontend').data('label');
    });
    expect(nodeButton).toBe(evil);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    await page.close();
  });

  it('scripts/writeGraphHtml.mjs writes a self-contained page that draws from file:// under its CSP', async () => {
    const out = path.join(profile, 'graph.html');
    const printed = execFileSync(process.execPath, ['scripts/writeGraphHtml.mjs', '--graph', 'test/browser/fixtures/shopGraph.json', out], { cwd: root, encoding: 'utf8' });
    expect(printed).toContain('10 nodes, 11 edges');
    const html = readFileSync(out, 'utf8');
    // Quotes inside the attribute are entity-encoded; the browser decodes them before applying the policy.
    expect(html.slice(0, 400)).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;nonce-[A-Za-z0-9+/=]+&#39;; style-src &#39;nonce-/);
    expect(/<script[^>]+src=/.test(html)).toBe(false); // nothing loaded from anywhere
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') violations.push(m.text()); });
    await page.goto(`file://${out}`);
    await page.waitForFunction(() => document.body.dataset.drawnEdges !== undefined);
    expect(await page.evaluate(() => document.body.dataset.drawnEdges)).toBe('11');
    expect(await page.locator('#title').textContent()).toMatch(/^meshlens traffic graph — /);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('logged no console errors or CSP violations across the runs', () => {
    expect(consoleErrors.filter((e) => !e.includes('net::ERR_FAILED'))).toEqual([]);
  });
});
