// Issue 15 in Chromium: labels readable at the fitted zoom (examples/ and a 300-workload graph), a layout that
// fills the canvas, an enforcer palette that stays apart in both themes and under colour-vision deficiencies,
// WCAG AA text contrast in both themes, and a long seeded random session (clicks, filters, collapses, searches,
// exports) that raises no page error and no CSP report. No assertion reads the clock.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../server/src/cli/cliIo';
import { runCli } from '../../server/src/cli/main';
import type { EnforcerId, GraphEdge, TrafficGraph } from '../../server/src/protocol/trafficGraph';
import { enforcerShortLabels } from '../../server/src/protocol/trafficGraph';
import { minEdgeLabelPx, minNodeLabelPx } from '../../client/webview/graphStyle';
import { requireResource } from '../support/requirement';
import { contrastRatio, deltaE, parseColour, simulate, type Deficiency, type Rgb } from './colourVision';
import { largeGraph } from './largeGraph';
import { chromiumPath, postGraph, WebviewBrowser } from './webviewPage';
import { seededRandom } from '../support/seededRandom';

const root = path.resolve(__dirname, '../..');
const chromiumPresent = requireResource(`Chromium (${chromiumPath})`, existsSync(chromiumPath), 'apt-get install chromium (.ci/run does)');

async function examplesGraph(): Promise<TrafficGraph> {
  const io = memoryIo();
  const previous = process.cwd();
  process.chdir(root);
  try {
    expect(await runCli(['graph', '--format', 'json', '--quiet', 'examples'], io)).toBe(0);
  } finally { process.chdir(previous); }
  return JSON.parse(io.out) as TrafficGraph;
}

/** One allowed edge per enforcer of the shared vocabulary, plus a deny and an unknown, between distinct pods. */
function everyEnforcerGraph(): TrafficGraph {
  const enforcers = Object.keys(enforcerShortLabels) as EnforcerId[];
  const nodes: TrafficGraph['nodes'][number][] = [];
  const edges: GraphEdge[] = [];
  const edge = (from: string, to: string, verdict: GraphEdge['verdict'], enforcer: EnforcerId): GraphEdge => ({
    from, to, verdict, protocol: 'TCP', port: 80, endPort: null, l7: [], enforcers: [enforcer], layer: 'L4', rules: [],
  });
  enforcers.forEach((enforcer, i) => {
    nodes.push({ id: `ns/a${i}`, kind: 'workload', namespace: 'ns', name: `a${i}`, labels: {} }, { id: `ns/b${i}`, kind: 'workload', namespace: 'ns', name: `b${i}`, labels: {} });
    edges.push(edge(`ns/a${i}`, `ns/b${i}`, 'allow', enforcer));
  });
  edges.push(edge('ns/a0', 'ns/b1', 'deny', 'cilium-bpf'), edge('ns/a1', 'ns/b2', 'unknown', 'cilium-bpf'));
  return { version: 1, nodes, edges };
}

interface LabelReport {
  zoom: number;
  nodeLabelPx: number[];
  /** Captions Cytoscape draws at this zoom (rendered size ≥ its min-zoomed-font-size), with their size. */
  shownCaptionPx: number[];
  hiddenCaptions: number;
  /** Captions left off at rest because they would overlap a node or another caption (shown on hover). */
  quietCaptions: number;
  /** Pairs of drawn captions whose boxes overlap on screen. */
  overlappingCaptions: number;
  /** Unordered node pairs with more than one caption. */
  pairsWithSeveralCaptions: string[];
  /** Pairs of leaf-node label boxes that overlap on screen. */
  overlappingNodeLabels: number;
  /** Share of the canvas the fitted drawing's bounding box covers. */
  canvasShare: number;
}

const labelReport = (page: Page): Promise<LabelReport> => page.evaluate(() => {
  const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
  const zoom = cy.zoom();
  const px = (v: unknown): number => parseFloat(String(v));
  const leaves = cy.nodes().filter((n) => !n.isParent());
  const nodeLabelPx = cy.nodes().map((n) => px(n.style('font-size')) * zoom);
  const shownCaptionPx: number[] = [];
  let hiddenCaptions = 0;
  let quietCaptions = 0;
  const captionBoxes: { x1: number; x2: number; y1: number; y2: number }[] = [];
  const captionsPerPair = new Map<string, number>();
  for (const e of cy.edges()) {
    const caption = String(e.data('caption') ?? '');
    if (!caption) continue;
    const pair = [e.source().id(), e.target().id()].sort().join(' ~ ');
    captionsPerPair.set(pair, (captionsPerPair.get(pair) ?? 0) + 1);
    const size = px(e.style('font-size')) * zoom;
    if (String(e.style('label')) === '') quietCaptions++;
    else if (size >= px(e.style('min-zoomed-font-size'))) {
      shownCaptionPx.push(size);
      captionBoxes.push(e.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeSourceLabels: false, includeTargetLabels: false } as import('cytoscape').BoundingBoxOptions));
    } else hiddenCaptions++;
  }
  let overlappingCaptions = 0;
  for (let i = 0; i < captionBoxes.length; i++) {
    for (let j = i + 1; j < captionBoxes.length; j++) {
      const a = captionBoxes[i]!; const b = captionBoxes[j]!;
      if (a.x1 < b.x2 - 1 && b.x1 < a.x2 - 1 && a.y1 < b.y2 - 1 && b.y1 < a.y2 - 1) overlappingCaptions++;
    }
  }
  const boxes = leaves.map((n) => n.renderedBoundingBox({ includeNodes: false, includeLabels: true, includeEdges: false }));
  let overlappingNodeLabels = 0;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!; const b = boxes[j]!;
      if (a.x1 < b.x2 - 1 && b.x1 < a.x2 - 1 && a.y1 < b.y2 - 1 && b.y1 < a.y2 - 1) overlappingNodeLabels++;
    }
  }
  const box = cy.elements().renderedBoundingBox({});
  const visibleW = Math.max(0, Math.min(box.x2, cy.width()) - Math.max(box.x1, 0));
  const visibleH = Math.max(0, Math.min(box.y2, cy.height()) - Math.max(box.y1, 0));
  return {
    zoom, nodeLabelPx, shownCaptionPx, hiddenCaptions, quietCaptions, overlappingCaptions,
    pairsWithSeveralCaptions: [...captionsPerPair].filter(([, n]) => n > 1).map(([p]) => p),
    overlappingNodeLabels, canvasShare: (visibleW * visibleH) / (cy.width() * cy.height()),
  };
});

describe.skipIf(!chromiumPresent)('graph panel legibility, palette and robustness in Chromium', () => {
  const chrome = new WebviewBrowser();
  beforeAll(() => chrome.start());
  afterAll(() => chrome.stop());

  it('examples/: every label readable at the fitted zoom, one caption per parallel set, the canvas used', async () => {
    const graph = await examplesGraph();
    for (const size of [{ width: 1400, height: 900 }, { width: 700, height: 1000 }]) {
      const { page, problems } = await chrome.open(size);
      await postGraph(page, graph);
      const report = await labelReport(page);
      expect(Math.min(...report.nodeLabelPx)).toBeGreaterThanOrEqual(minNodeLabelPx);
      expect(report.shownCaptionPx.length).toBeGreaterThan(0);
      expect(Math.min(...report.shownCaptionPx)).toBeGreaterThanOrEqual(minEdgeLabelPx);
      expect(report.hiddenCaptions).toBe(0); // a graph this size is never zoomed below the caption floor
      console.log(`examples ${size.width}x${size.height}: zoom ${report.zoom.toFixed(2)}, ${report.shownCaptionPx.length} captions drawn, ${report.quietCaptions} left to hover, canvas share ${report.canvasShare.toFixed(2)}`);
      expect(report.shownCaptionPx.length).toBeGreaterThan(report.quietCaptions);
      expect(report.overlappingCaptions).toBe(0);
      expect(report.pairsWithSeveralCaptions).toEqual([]);
      expect(report.overlappingNodeLabels).toBe(0);
      // The old layout filled about 60 % of a wide panel; a tall one is floored at the legible zoom and pans.
      expect(report.canvasShare, JSON.stringify(size)).toBeGreaterThan(size.width > size.height ? 0.75 : 0.55);
      await page.screenshot({ path: path.join(root, `test-results/browser-legibility-${size.width}x${size.height}.png`) });
      expect(problems).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it('a 300-workload graph: node labels stay at least the minimum size, captions are shown at size or not at all', async () => {
    const { page, problems } = await chrome.open();
    await postGraph(page, largeGraph(30, 10));
    const report = await labelReport(page);
    expect(report.nodeLabelPx.length).toBe(331);
    expect(Math.min(...report.nodeLabelPx)).toBeGreaterThanOrEqual(minNodeLabelPx);
    for (const size of report.shownCaptionPx) expect(size).toBeGreaterThanOrEqual(minEdgeLabelPx);
    expect(report.overlappingCaptions).toBe(0);
    expect(report.pairsWithSeveralCaptions).toEqual([]);
    expect(report.overlappingNodeLabels).toBe(0);
    // Fit still reaches the whole graph: zooming out is the user's choice, and the Fit button keeps the floor.
    await page.locator('#fit').click();
    expect((await labelReport(page)).zoom).toBeCloseTo(report.zoom, 5);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('hovering or selecting an edge shows its full label at a readable size, at any zoom', async () => {
    const { page, problems } = await chrome.open();
    await postGraph(page, largeGraph(3, 10));
    const shown = await page.evaluate(() => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      cy.zoom(0.3);
      const edge = cy.edges('.l7')[0]!;
      edge.emit('mouseover');
      const hovered = { label: String(edge.style('label')), px: parseFloat(String(edge.style('font-size'))) * cy.zoom(), full: String(edge.data('label')) };
      edge.emit('mouseout');
      const after = String(edge.style('label'));
      return { hovered, after, caption: String(edge.data('caption')) };
    });
    expect(shown.hovered.label).toBe(shown.hovered.full);
    expect(shown.hovered.full).toMatch(/^TCP\/\d+ · GET \/v1\//);
    expect(shown.hovered.px).toBeGreaterThanOrEqual(minEdgeLabelPx);
    expect(shown.after).toBe(shown.caption);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('says "showing N of M edges" when the server cut the graph, and offers to focus on the active file', async () => {
    const { page, problems } = await chrome.open();
    await postGraph(page, everyEnforcerGraph(), { truncated: { shownEdges: 10, totalEdges: 5123 } });
    expect(await page.locator('#truncation').isVisible()).toBe(true);
    expect(await page.locator('#truncation').textContent()).toBe('Showing 10 of 5123 edges. Focus on the active file');
    await page.locator('#truncationFocus').click();
    const asked = await page.evaluate(() => (window as unknown as { __posted: { type: string; scope?: string }[] }).__posted.filter((m) => m.type === 'setScope'));
    expect(asked).toEqual([{ type: 'setScope', scope: 'file' }]);
    await postGraph(page, everyEnforcerGraph());
    expect(await page.locator('#truncation').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  const pairs = <T>(xs: readonly T[]): [T, T][] => xs.flatMap((a, i) => xs.slice(i + 1).map((b) => [a, b] as [T, T]));

  for (const theme of ['dark', 'light'] as const) {
    it(`${theme} theme: enforcers differ in colour and marker, also under CVD; lines 3:1, text 4.5:1`, async () => {
      const { page, problems } = await chrome.open({ width: 1400, height: 900 }, theme);
      await postGraph(page, everyEnforcerGraph());
      const drawn = await page.evaluate(() => {
        const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
        const bodyStyle = getComputedStyle(document.body);
        const css = (selector: string, property: 'color' | 'backgroundColor'): string => getComputedStyle(document.querySelector(selector)!)[property];
        const node = cy.nodes('.workload')[0]!;
        const group = cy.nodes('.group')[0]!;
        return {
          background: bodyStyle.backgroundColor,
          enforcers: cy.edges('.allow').map((e) => ({ enforcer: String(e.data('enforcer')), colour: String(e.style('line-color')), marker: String(e.style('target-arrow-shape')) })),
          deny: { colour: String(cy.edges('.deny')[0]!.style('line-color')), marker: String(cy.edges('.deny')[0]!.style('target-arrow-shape')), style: String(cy.edges('.deny')[0]!.style('line-style')) },
          unknownStyle: String(cy.edges('.unknown')[0]!.style('line-style')),
          nodeText: [String(node.style('color')), String(node.style('background-color'))],
          groupText: [String(group.style('color')), String(group.style('background-color')), Number(group.style('background-opacity'))],
          edgeText: [String(cy.edges()[0]!.style('color')), String(cy.edges()[0]!.style('text-background-color'))],
          legendText: [css('.legend li', 'color'), css('.filters', 'backgroundColor')],
          listText: [css('#edgeList button.edgeItem', 'color'), css('.side', 'backgroundColor')],
          denyListText: [css('#edgeList button.edgeItem.deny', 'color'), css('.side', 'backgroundColor')],
          statusText: [css('#status', 'color'), bodyStyle.backgroundColor],
          legendSwatches: Array.from(document.querySelectorAll('.legend li[data-enforcer] .marker')).map((m) => getComputedStyle(m).backgroundColor),
        };
      });
      const background = parseColour(drawn.background);
      expect(background).toEqual(theme === 'light' ? [255, 255, 255] : [31, 31, 31]);

      // Every enforcer of the vocabulary drawn once, each with its own marker; deny and unknown keep their own line style.
      expect(drawn.enforcers.map((e) => e.enforcer).sort()).toEqual(Object.keys(enforcerShortLabels).sort());
      expect(new Set(drawn.enforcers.map((e) => e.marker)).size).toBe(drawn.enforcers.length);
      expect(drawn.enforcers.map((e) => e.marker)).not.toContain('tee');
      expect(drawn.deny).toMatchObject({ marker: 'tee', style: 'dashed' });
      expect(drawn.unknownStyle).toBe('dotted');
      // The legend shows the same colours the canvas draws.
      expect(new Set(drawn.legendSwatches.map((c) => parseColour(c).join()))).toEqual(new Set(drawn.enforcers.map((e) => parseColour(e.colour).join())));

      // Lines: WCAG 2.1 1.4.11 non-text contrast 3:1 against the canvas.
      for (const e of drawn.enforcers) expect(contrastRatio(parseColour(e.colour), background), `${e.enforcer} ${e.colour}`).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(parseColour(drawn.deny.colour), background)).toBeGreaterThanOrEqual(3);

      // Colour distance between every two enforcers (CIE76 ΔE): clear in normal vision, still apart under each
      // dichromacy (Machado 2009) — and where colour alone would be close, the marker differs anyway (asserted above).
      const colours: [string, Rgb][] = drawn.enforcers.map((e) => [e.enforcer, parseColour(e.colour)]);
      const minimum = (see: (c: Rgb) => Rgb): { d: number; pair: string } => pairs(colours)
        .map(([[a, ca], [b, cb]]) => ({ d: deltaE(see(ca), see(cb)), pair: `${a}/${b}` }))
        .reduce((m, x) => (x.d < m.d ? x : m));
      expect(minimum((c) => c).d).toBeGreaterThanOrEqual(30);
      for (const deficiency of ['protanopia', 'deuteranopia', 'tritanopia'] as Deficiency[]) {
        const worst = minimum((c) => simulate(c, deficiency));
        expect(worst.d, `${deficiency}: ${worst.pair}`).toBeGreaterThanOrEqual(10);
      }

      // Text: WCAG AA 4.5:1 for labels on the canvas, group titles on their (translucent) fill, and the side panels.
      const blend = (fg: Rgb, bg: Rgb, alpha: number): Rgb => fg.map((c, i) => c * alpha + bg[i]! * (1 - alpha)) as unknown as Rgb;
      const text: [string, Rgb, Rgb][] = [
        ['node label', parseColour(drawn.nodeText[0]!), parseColour(drawn.nodeText[1]!)],
        ['group title', parseColour(String(drawn.groupText[0])), blend(parseColour(String(drawn.groupText[1])), background, Number(drawn.groupText[2]))],
        ['edge caption', parseColour(drawn.edgeText[0]!), parseColour(drawn.edgeText[1]!)],
        ['legend', parseColour(drawn.legendText[0]!), parseColour(drawn.legendText[1]!)],
        ['edge list', parseColour(drawn.listText[0]!), parseColour(drawn.listText[1]!)],
        ['denied edge list item', parseColour(drawn.denyListText[0]!), parseColour(drawn.denyListText[1]!)],
        ['status', parseColour(drawn.statusText[0]!), parseColour(drawn.statusText[1]!)],
      ];
      for (const [what, fg, bg] of text) expect(contrastRatio(fg, bg), `${theme} ${what}`).toBeGreaterThanOrEqual(4.5);
      await page.screenshot({ path: path.join(root, `test-results/browser-palette-${theme}.png`) });
      expect(problems).toEqual([]);
      await page.close();
    }, 120_000);
  }
});

const actions = [
  'clickEdge', 'clickNode', 'dblclickGroup', 'clickBackground', 'filter', 'collapse', 'search', 'searchEnter', 'listClick',
  'detailsClick', 'fit', 'exportSvg', 'exportPng', 'hover', 'update', 'highlight', 'wheel', 'resize',
] as const;
type Action = (typeof actions)[number];

describe.skipIf(!chromiumPresent)('a long random session in Chromium', () => {
  const chrome = new WebviewBrowser();
  beforeAll(() => chrome.start());
  afterAll(() => chrome.stop());

  it('clicks, filters, collapses, searches, updates and exports 300 times with no page error and no CSP report', async () => {
    const examples = await examplesGraph();
    // A second version to switch to: fewer edges and hostile names, as an edit of the YAML would send.
    const edited = structuredClone(examples) as unknown as { nodes: { name: string }[]; edges: unknown[] };
    edited.nodes[0]!.name = '<img src=x onerror=alert(1)> "%%{init}%%\n|]';
    edited.edges = edited.edges.filter((_, i) => i % 3 !== 0);
    const random = seededRandom(20261204);
    const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(random() * xs.length)];
    const { page, problems } = await chrome.open();
    await postGraph(page, examples);
    const done = new Map<Action, number>();
    const cyPoint = (kind: 'edge' | 'node' | 'group', r: number) => page.evaluate(([k, x]) => {
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      const pool = k === 'edge' ? cy.edges() : k === 'group' ? cy.nodes('.group') : cy.nodes().not('.group');
      if (pool.empty()) return undefined;
      const ele = pool[Math.floor(x * pool.length)]!;
      const p = ele.isEdge() ? ele.renderedMidpoint() : ele.renderedPosition();
      const box = cy.container()!.getBoundingClientRect();
      return p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height ? { x: box.left + p.x, y: box.top + p.y } : undefined;
    }, [kind, r] as const);
    const clickRandom = async (selector: string): Promise<boolean> => {
      const all = page.locator(selector);
      const count = await all.count();
      if (count === 0) return false;
      const target = all.nth(Math.floor(random() * count));
      if (!(await target.isVisible())) return false;
      await target.click({ timeout: 10_000 });
      return true;
    };
    let narrow = false;
    for (let step = 0; step < 300; step++) {
      const action = pick(actions)!;
      let acted = true;
      switch (action) {
        case 'clickEdge': case 'clickNode': case 'hover': case 'dblclickGroup': {
          const point = await cyPoint(action === 'clickEdge' || action === 'hover' ? 'edge' : action === 'dblclickGroup' ? 'group' : 'node', random());
          if (!point) { acted = false; break; }
          if (action === 'hover') await page.mouse.move(point.x, point.y);
          else if (action === 'dblclickGroup') await page.mouse.dblclick(point.x, point.y);
          else await page.mouse.click(point.x, point.y);
          break;
        }
        case 'clickBackground': { const box = (await page.locator('#graph').boundingBox())!; await page.mouse.click(box.x + 3, box.y + 3); break; }
        case 'filter': acted = await clickRandom('#filters fieldset input[type=checkbox]'); break;
        case 'collapse': acted = await clickRandom('#filters button[data-collapse]'); break;
        case 'search': await page.locator('#search').fill(pick(['', 'cart', 'post', 'a', '[', '(.*', '%%', '<img>', 'zzz'])!); break;
        case 'searchEnter': await page.locator('#search').press('Enter'); break;
        case 'listClick': acted = await clickRandom('#edgeList button.edgeItem'); break;
        case 'detailsClick': acted = await clickRandom('#details button:not(.explainFlow)'); break;
        case 'fit': await page.locator('#fit').click(); break;
        case 'exportSvg': await page.locator('#exportSvg').click(); break;
        case 'exportPng': await page.locator('#exportPng').click(); break;
        case 'update': await postGraph(page, random() < 0.5 ? examples : edited); break;
        case 'highlight':
          await page.evaluate(([line]) => window.postMessage({ type: 'highlightRule', file: 'file:///ws/examples/policies/cart.yaml', line }, '*'), [Math.floor(random() * 40)] as const);
          break;
        case 'wheel': { const box = (await page.locator('#graph').boundingBox())!; await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2); await page.mouse.wheel(0, random() < 0.5 ? -300 : 300); break; }
        case 'resize': narrow = !narrow; await page.setViewportSize(narrow ? { width: 760, height: 900 } : { width: 1400, height: 900 }); break;
      }
      if (acted) done.set(action, (done.get(action) ?? 0) + 1);
      if (problems.length > 0) throw new Error(`step ${step} (${action}): ${problems.join('\n')}`);
    }
    await page.waitForFunction(() => !(window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy.animated());
    // Every kind of action ran, so a pass means something.
    expect(actions.filter((a) => !done.get(a))).toEqual([]);
    const outcome = await page.evaluate(() => {
      const posted = (window as unknown as { __posted: { type: string; format?: string; data?: string }[] }).__posted;
      const svgs = posted.filter((m) => m.type === 'saveImage' && m.format === 'svg').map((m) => m.data!);
      const wellFormed = svgs.every((s) => new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror') === null);
      const scriptless = svgs.every((s) => !/<script|onerror=|onload=/i.test(s.replace(/&lt;[^&]*&gt;/g, '')));
      const cy = (window as unknown as { meshlensCy: import('cytoscape').Core }).meshlensCy;
      return { svgs: svgs.length, wellFormed, scriptless, drawnEdges: Number(document.body.dataset.drawnEdges), cyEdges: cy.edges().length };
    });
    expect(outcome.svgs).toBeGreaterThan(0);
    expect(outcome.wellFormed).toBe(true);
    expect(outcome.scriptless).toBe(true);
    expect(outcome.drawnEdges).toBe(outcome.cyEdges);
    expect(problems).toEqual([]);
    await page.close();
  }, 600_000);
});
