// Entry of the traffic-graph webview bundle (dist/webview/webview.js): builds the panel's DOM, receives
// validated host messages, draws the graph and keeps the view state (scope, filters, collapsed
// namespaces, zoom/pan, selection) in the webview state so it survives updates and reloads.
import './graph.css';
import type { ExplainResult, GraphEdge, RuleRef, TrafficGraph } from '../../server/src/protocol/trafficGraph';
import type { ExplainHttpRequest } from '../../server/src/protocol/explainFlow';
import { readToWebviewMessage, type FromWebviewMessage, type GraphScope, type GraphTruncation, type ImageFormat, type ToWebviewMessage } from '../../server/src/protocol/webviewMessages';
import { renderDetails, type DetailsEvents } from './detailsPane';
import { flowQuery } from './flowQuery';
import { installEdgeListKeys, markEdgeListItems, renderEdgeList } from './edgeList';
import { element } from './element';
import { renderFilterPanel } from './filterPanel';
import { buildElements, selectionAfterUpdate, type ElementDefinitions, type GraphFilters } from './graphElements';
import { GraphView, type Viewport } from './graphView';
import { createHostBridge } from './hostBridge';
import { readPanelState, type PanelState } from './panelState';
import { readThemeColors } from './themeColors';
import { installCompareMode } from './compareMode';
import { installFlowChangePreview } from './flowChangePreview';
import { readToWebviewCompareMessage } from '../../server/src/protocol/compareMessages';
import { readToWebviewFlowChangeMessage } from '../../server/src/protocol/flowChangeMessages';

const toolbar = element('header', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Traffic graph tools' });
const title = element('span', { class: 'title', id: 'title' }, ['meshlens traffic graph']);
const scopeButton = element('button', { type: 'button', id: 'scope', 'aria-pressed': 'false' }, ['Scope: this file']);
const search = element('input', { type: 'search', id: 'search', placeholder: 'Search workload…', 'aria-label': 'Search workload' });
const fitButton = element('button', { type: 'button', id: 'fit' }, ['Fit']);
const svgButton = element('button', { type: 'button', id: 'exportSvg' }, ['Export SVG']);
const pngButton = element('button', { type: 'button', id: 'exportPng' }, ['Export PNG']);
const filtersButton = element('button', { type: 'button', id: 'toggleFilters', 'aria-controls': 'filters' }, ['Filters']);
toolbar.append(title, scopeButton, search, filtersButton, fitButton, svgButton, pngButton);
const filters = element('aside', { class: 'filters', id: 'filters', 'aria-label': 'Filters and legend' });
const canvas = element('div', { class: 'graph', id: 'graph', role: 'img', 'aria-label': 'Traffic graph drawing; the edge list on the right has the same content' });
const details = element('section', { class: 'details', id: 'details', 'aria-live': 'polite', 'aria-label': 'Details' });
const edgeList = element('ul', { class: 'edgeList', id: 'edgeList', 'aria-label': 'Edges' });
const side = element('aside', { class: 'side', 'aria-label': 'Details and edges' }, [details, element('h2', {}, ['Edges']), edgeList]);
const status = element('div', { class: 'status', id: 'status', role: 'status' });
/** "showing N of M edges" when the server cut the graph, with the way to a smaller one. */
const truncation = element('div', { class: 'truncation', id: 'truncation', role: 'status', hidden: true });
document.body.append(toolbar, truncation, element('main', { class: 'layout' }, [filters, canvas, side]), status);
installEdgeListKeys(edgeList);

let state: PanelState;
let graph: TrafficGraph | undefined;
let elements: ElementDefinitions = { nodes: [], edges: [] };
let focusFile: string | undefined;
/** True until the first draw of this page, which restores a saved viewport instead of fitting. */
let firstDraw = true;

const bridge = createHostBridge(standaloneHost);
const savedState: unknown = bridge.getState();
state = readPanelState(savedState);
/** Above this many workloads a fresh panel starts with namespaces collapsed: a layered layout of thousands of nodes takes seconds. */
const autoCollapseWorkloads = 400;

function persist(): void { bridge.setState(state); }
function post(message: FromWebviewMessage): void { bridge.post(message); }

function showStatus(message: string, level: 'info' | 'error' = 'info'): void {
  status.textContent = message;
  status.className = `status ${level}`;
}

/** In the standalone page there is no editor: say where the rule is, and download pictures. */
function standaloneHost(message: FromWebviewMessage): void {
  if (message.type === 'revealRule') showStatus(`Rule at ${message.file}:${message.range.start.line + 1}:${message.range.start.character + 1}`);
  else if (message.type === 'setScope') showStatus('The standalone page always shows the whole workspace.');
  else if (message.type === 'saveImage') {
    const blob = message.format === 'svg'
      ? new Blob([message.data], { type: 'image/svg+xml' })
      : new Blob([Uint8Array.from(atob(message.data.split(',')[1] ?? ''), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const link = element('a', { href: URL.createObjectURL(blob), download: `traffic-graph.${message.format}` });
    link.click();
  }
}

const view = new GraphView(canvas, readThemeColors(), {
  select: (id) => select(id, false),
  toggleGroup,
  viewportChanged: (viewport: Viewport) => { state = { ...state, viewport }; persist(); },
});
// The Cytoscape instance, for browser tests and devtools inspection; the webview is sandboxed, so it exposes nothing to the host.
(globalThis as { meshlensCy?: unknown }).meshlensCy = view.cy;

function select(id: string | undefined, center: boolean): void {
  state = { ...state, selected: id };
  persist();
  view.select(id, center);
  if (graph) {
    detailsKey = detailsKeyOf(graph, elements, id);
    renderDetails(details, graph, elements, id, detailsEvents());
    for (const button of Array.from(edgeList.querySelectorAll<HTMLButtonElement>('button.edgeItem'))) {
      if (button.dataset.edge === id) button.setAttribute('aria-current', 'true'); else button.removeAttribute('aria-current');
    }
  }
}

function revealRule(rule: RuleRef): void {
  post({ type: 'revealRule', file: rule.file, range: rule.range });
}

/** Explain requests in flight, by id; the host answers each with one `explanation` message. */
const pendingExplanations = new Map<number, { resolve(r: ExplainResult & { note?: string }): void; reject(e: Error): void }>();
let nextRequestId = 1;

function explain(edge: GraphEdge, request?: ExplainHttpRequest): Promise<ExplainResult & { note?: string }> {
  const query = graph && flowQuery(graph, edge);
  const flow = query && request ? { ...query, request } : query;
  if (!flow) return Promise.reject(new Error('this flow cannot be explained'));
  const requestId = nextRequestId++;
  return new Promise((resolve, reject) => {
    pendingExplanations.set(requestId, { resolve, reject });
    post({ type: 'explain', requestId, flow });
  });
}

function detailsEvents(): DetailsEvents {
  return { revealRule, select: (id) => select(id, true), toggleGroup, ...(bridge.standalone ? {} : { explain, changeFlow: (flow: Parameters<NonNullable<DetailsEvents['changeFlow']>>[0], intent: 'allow' | 'deny') => post({ type: 'changeFlow', flow, intent }) }) };
}

function toggleGroup(namespace: string): void {
  const collapsed = new Set(state.collapsed);
  if (collapsed.has(namespace)) collapsed.delete(namespace); else collapsed.add(namespace);
  state = { ...state, collapsed: [...collapsed] };
  redraw(true);
}

function setFilters(next: GraphFilters): void {
  state = { ...state, filters: next };
  redraw(true);
}

/** What the details pane of `selected` shows, as text: equal keys draw the same pane. */
let detailsKey: string | undefined;
function detailsKeyOf(current: TrafficGraph, drawn: ElementDefinitions, selected: string | undefined): string {
  const edge = drawn.edges.find((e) => e.data.id === selected);
  if (edge) return JSON.stringify(['edge', selected, edge.data.edgeIndexes.map((i) => current.edges[i])]);
  const node = drawn.nodes.find((n) => n.data.id === selected);
  if (!node) return JSON.stringify(['none', selected]);
  return JSON.stringify(['node', selected, node.data, current.nodes.find((n) => n.id === selected), current.edges.filter((e) => e.from === selected || e.to === selected)]);
}

/** Rebuilds elements from the graph and the view state; `keepViewport` keeps zoom/pan. */
function redraw(keepViewport: boolean): void {
  persist();
  if (!graph) return;
  const collapsed = new Set(state.collapsed);
  elements = buildElements(graph, state.filters, collapsed);
  state = { ...state, selected: selectionAfterUpdate(state.selected, elements) };
  const viewport = keepViewport || firstDraw ? state.viewport : undefined;
  view.draw(elements, viewport, state.selected);
  firstDraw = false;
  state = { ...state, viewport: view.viewport() };
  persist();
  renderFilterPanel(filters, graph, state.filters, collapsed, { filtersChanged: setFilters, toggleGroup });
  renderEdgeList(edgeList, graph, elements, state.selected, (id) => select(id, true));
  // A graph update that leaves the selected flow or workload as it was keeps its details pane, and with it an
  // explanation the user asked for (the panel refreshes after every edit, also of other files).
  const key = detailsKeyOf(graph, elements, state.selected);
  if (key !== detailsKey) {
    detailsKey = key;
    renderDetails(details, graph, elements, state.selected, detailsEvents());
  }
  if (search.value) view.search(search.value);
  document.body.dataset.layoutMs = view.lastLayoutMs.toFixed(0);
  document.body.dataset.drawnNodes = String(elements.nodes.length);
  document.body.dataset.drawnEdges = String(elements.edges.length);
}

function setScopeLabel(scope: GraphScope): void {
  scopeButton.textContent = scope === 'file' ? 'Scope: this file' : 'Scope: workspace';
  scopeButton.setAttribute('aria-pressed', scope === 'workspace' ? 'true' : 'false');
  scopeButton.title = scope === 'file' ? 'Showing the workloads the active file selects; click for the whole workspace' : 'Showing the whole workspace; click to focus on the active file';
}

function edgeMatchesRule(edge: GraphEdge, file: string, line: number): boolean {
  return edge.rules.some((r) => r.file === file && r.range.start.line <= line && line <= r.range.end.line);
}

function onHostMessage(raw: unknown): void {
  const message: ToWebviewMessage | undefined = readToWebviewMessage(raw);
  if (!message) {
    // Compare and flow-change messages are read by their own modules.
    if (readToWebviewCompareMessage(raw) || readToWebviewFlowChangeMessage(raw)) return;
    showStatus('Ignored a malformed message from the host.', 'error');
    return;
  }
  switch (message.type) {
    case 'graph': {
      const refocus = focusFile !== undefined && message.focusFile !== focusFile;
      graph = message.graph;
      focusFile = message.focusFile;
      const workloads = graph.nodes.filter((n) => n.kind === 'workload');
      let note = '';
      if (firstDraw && (savedState === undefined || savedState === null) && workloads.length > autoCollapseWorkloads) {
        state = { ...state, collapsed: [...new Set(workloads.map((n) => n.namespace).filter((ns): ns is string => ns !== undefined))] };
        note = ` · ${workloads.length} workloads: namespaces start collapsed (expand them in Filters)`;
      }
      state = { ...state, scope: message.scope };
      showTruncation(message.truncated, message.scope);
      title.textContent = message.title;
      setScopeLabel(message.scope);
      // A different focused file is a different picture: fit it; an edit of the same file keeps the view.
      redraw(!refocus);
      if (graph.nodes.length === 0) {
        showStatus(message.scope === 'file'
          ? 'No workload is selected by a policy in this file. Switch the scope to the workspace to see every flow.'
          : 'No workloads or policies found in this workspace.');
      } else {
        showStatus(`${graph.nodes.length} nodes, ${graph.edges.length} edges · layout ${view.lastLayoutMs.toFixed(0)} ms${note}`);
      }
      break;
    }
    case 'status':
      showStatus(message.message, message.level);
      break;
    case 'highlightRule': {
      if (!graph) return;
      const g = graph;
      const ids = elements.edges.filter((e) => e.data.edgeIndexes.some((i) => {
        const edge = g.edges[i];
        return edge !== undefined && edgeMatchesRule(edge, message.file, message.line);
      })).map((e) => e.data.id);
      view.highlightEdges(ids);
      markEdgeListItems(edgeList, ids);
      break;
    }
    case 'requestImage':
      exportImage(message.format);
      break;
    case 'explanation': {
      const pending = pendingExplanations.get(message.requestId);
      pendingExplanations.delete(message.requestId);
      if (message.result) pending?.resolve({ ...message.result, ...(message.note ? { note: message.note } : {}) });
      else pending?.reject(new Error(message.error ?? 'no answer'));
      break;
    }
  }
}

function showTruncation(truncated: GraphTruncation | undefined, scope: GraphScope): void {
  truncation.hidden = truncated === undefined;
  if (!truncated) { truncation.replaceChildren(); return; }
  const action = scope === 'workspace'
    ? element('button', { type: 'button', class: 'small', id: 'truncationFocus' }, ['Focus on the active file'])
    : element('button', { type: 'button', class: 'small', id: 'truncationFocus' }, ['Collapse all namespaces']);
  action.addEventListener('click', () => {
    if (scope === 'workspace') { post({ type: 'setScope', scope: 'file' }); return; }
    const namespaces = graph ? [...new Set(graph.nodes.map((n) => n.namespace).filter((ns): ns is string => ns !== undefined))] : [];
    state = { ...state, collapsed: namespaces };
    redraw(true);
  });
  truncation.replaceChildren(`Showing ${truncated.shownEdges} of ${truncated.totalEdges} edges. `, action);
}

function exportImage(format: ImageFormat): void {
  if (!graph) { showStatus('Nothing to export yet.', 'error'); return; }
  post({ type: 'saveImage', format, data: format === 'svg' ? view.svg() : view.png() });
}

// The filter column is shown by default on wide panels and hidden on narrow ones (graph.css); the button flips it.
filtersButton.addEventListener('click', () => {
  const open = getComputedStyle(filters).display === 'none';
  document.body.classList.toggle('filtersOpen', open);
  document.body.classList.toggle('filtersClosed', !open);
  filtersButton.setAttribute('aria-expanded', String(open));
});
// Cytoscape only watches the window; the canvas also changes size when columns appear or the panel is resized.
new ResizeObserver(() => view.cy.resize()).observe(canvas);
scopeButton.addEventListener('click', () => post({ type: 'setScope', scope: state.scope === 'file' ? 'workspace' : 'file' }));
fitButton.addEventListener('click', () => view.fit());
svgButton.addEventListener('click', () => exportImage('svg'));
pngButton.addEventListener('click', () => exportImage('png'));
search.value = state.search;
search.addEventListener('input', () => {
  state = { ...state, search: search.value };
  persist();
  const matches = view.search(search.value);
  showStatus(search.value ? `${matches.length} match${matches.length === 1 ? '' : 'es'}` : '');
});
search.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter') return;
  const first = view.search(search.value)[0];
  if (first) { view.centerOn(first); select(first, false); }
});
// VS Code switches theme by changing body classes and the --vscode-* variables.
new MutationObserver(() => view.setTheme(readThemeColors())).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
setScopeLabel(state.scope);
renderDetails(details, { version: 1, nodes: [], edges: [] }, elements, undefined, detailsEvents());

bridge.onMessage(onHostMessage);
// Compare messages share the webview channel; the host reads them (readFromWebviewCompareMessage) before the others.
if (!bridge.standalone) installCompareMode({ toolbar, side, cy: view.cy, post: (m) => bridge.post(m as unknown as FromWebviewMessage), onMessage: (h) => bridge.onMessage(h) });
// The Allow / Deny this flow preview shares it too (readFromWebviewFlowChangeMessage on the host's side).
if (!bridge.standalone) installFlowChangePreview({ side, cy: view.cy, post: (m) => bridge.post(m as unknown as FromWebviewMessage), onMessage: (h) => bridge.onMessage(h) });
post({ type: 'ready' });
