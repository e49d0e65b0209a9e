// Owns the Cytoscape instance: draws element definitions with a layered (dagre) layout, keeps the
// viewport across redraws, and exposes selection, highlighting, search and picture export.
// Why cytoscape + cytoscape-dagre: MIT, ~0.5 MB minified with compound (namespace) groups, versus ELK's
// 1.9 MB and EPL/GPL licence for a layered layout we do not need the extra quality of (tooling.md §5).
import cytoscape, { type Core, type EventObject } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import type { ElementDefinitions } from './graphElements';
import { graphStylesheet } from './graphStyle';
import { graphToSvg } from './svgExport';
import type { ThemeColors } from './themeColors';

cytoscape.use(dagre);

export interface Viewport { readonly zoom: number; readonly pan: { readonly x: number; readonly y: number } }

export interface GraphViewEvents {
  select(id: string | undefined): void;
  toggleGroup(namespace: string): void;
  viewportChanged(viewport: Viewport): void;
}

export class GraphView {
  readonly cy: Core;
  private colors: ThemeColors;
  /** Wall-clock milliseconds of the last layout + draw, reported by the browser test. */
  lastLayoutMs = 0;

  constructor(container: HTMLElement, colors: ThemeColors, private readonly events: GraphViewEvents) {
    this.colors = colors;
    this.cy = cytoscape({
      container, style: graphStylesheet(colors), wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 4,
      boxSelectionEnabled: false, selectionType: 'single',
    });
    this.cy.on('tap', (e: EventObject) => {
      if (e.target === this.cy) this.events.select(undefined);
      else this.events.select(e.target.id());
    });
    this.cy.on('dbltap', 'node.group', (e: EventObject) => this.events.toggleGroup(String(e.target.data('namespace'))));
    this.cy.on('viewport', () => this.events.viewportChanged(this.viewport()));
  }

  viewport(): Viewport {
    const pan = this.cy.pan();
    return { zoom: this.cy.zoom(), pan: { x: pan.x, y: pan.y } };
  }

  /** Replaces the drawing; keeps `viewport` when given (an update or a reload), otherwise fits. */
  draw(elements: ElementDefinitions, viewport: Viewport | undefined, selected: string | undefined): void {
    const started = performance.now();
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add([
        ...elements.nodes.map((n) => ({ group: 'nodes' as const, data: { ...n.data }, classes: n.classes })),
        ...elements.edges.map((e) => ({ group: 'edges' as const, data: { ...e.data }, classes: e.classes })),
      ]);
    });
    // Flows read left to right in a wide panel; a tall one (the usual "beside the editor") stacks ranks top-down.
    const container = this.cy.container();
    const tall = container !== null && container.clientWidth < container.clientHeight;
    this.cy.layout({
      name: 'dagre', rankDir: tall ? 'TB' : 'LR', nodeSep: 24, rankSep: tall ? 70 : 110, edgeSep: 12, fit: false, animate: false,
    } as cytoscape.LayoutOptions).run();
    if (viewport) this.cy.viewport({ zoom: viewport.zoom, pan: { ...viewport.pan } });
    else this.cy.fit(undefined, 30);
    if (selected) this.cy.getElementById(selected).select();
    this.lastLayoutMs = performance.now() - started;
  }

  setTheme(colors: ThemeColors): void {
    this.colors = colors;
    this.cy.style(graphStylesheet(colors));
  }

  select(id: string | undefined, center = false): void {
    this.cy.elements().unselect();
    if (!id) return;
    const element = this.cy.getElementById(id);
    if (element.empty()) return;
    element.select();
    if (center) this.cy.animate({ center: { eles: element }, duration: 150 });
  }

  /** Marks the given drawn edges (`ruleHit`) and fades the rest; an empty list clears the marks. */
  highlightEdges(ids: readonly string[]): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('ruleHit faded');
      if (ids.length === 0) return;
      let hits = this.cy.collection();
      for (const id of ids) hits = hits.union(this.cy.getElementById(id));
      hits.addClass('ruleHit');
      this.cy.elements().difference(hits.union(hits.connectedNodes()).union(hits.connectedNodes().ancestors())).addClass('faded');
    });
  }

  /** Highlights the nodes whose label or id contains `query`; returns their ids. */
  search(query: string): string[] {
    const q = query.trim().toLowerCase();
    const matches: string[] = [];
    this.cy.batch(() => {
      this.cy.nodes().removeClass('match');
      if (!q) return;
      for (const node of this.cy.nodes()) {
        if (String(node.data('label')).toLowerCase().includes(q) || node.id().toLowerCase().includes(q)) {
          node.addClass('match');
          matches.push(node.id());
        }
      }
    });
    return matches;
  }

  centerOn(id: string): void {
    const element = this.cy.getElementById(id);
    if (!element.empty()) this.cy.animate({ center: { eles: element }, zoom: Math.max(this.cy.zoom(), 1), duration: 150 });
  }

  fit(): void { this.cy.fit(undefined, 30); }

  svg(): string { return graphToSvg(this.cy, this.colors); }

  png(): string {
    return this.cy.png({ output: 'base64uri', full: true, scale: 2, bg: this.colors.background }) as string;
  }
}
