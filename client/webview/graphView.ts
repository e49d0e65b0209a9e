// Owns the Cytoscape instance: draws element definitions with a layered (dagre) layout, keeps the
// viewport across redraws, and exposes selection, highlighting, search and picture export.
// Why cytoscape + cytoscape-dagre: MIT, ~0.5 MB minified with compound (namespace) groups, versus ELK's
// 1.9 MB and EPL/GPL licence for a layered layout we do not need the extra quality of (tooling.md §5).
import cytoscape, { type Core, type EventObject } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import type { ElementDefinitions } from './graphElements';
import { edgeFontPx, graphStylesheet, legibleZoom, minEdgeLabelPx } from './graphStyle';
import { graphToSvg } from './svgExport';
import { applyPaletteVariables } from './enforcerPalette';
import { themeKind, type ThemeColors } from './themeColors';

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
    applyPaletteVariables(document.body, themeKind(colors));
    this.cy = cytoscape({
      container, style: graphStylesheet(colors), wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 4,
      boxSelectionEnabled: false, selectionType: 'single',
    });
    this.cy.on('tap', (e: EventObject) => {
      if (e.target === this.cy) this.events.select(undefined);
      else this.events.select(e.target.id());
    });
    // A redraw removes every element; run it after Cytoscape has finished handling this gesture, which
    // otherwise goes on to restyle the tapped (now removed) group and throws `reading 'index'` in poolIndex.
    this.cy.on('dbltap', 'node.group', (e: EventObject) => {
      const namespace = String(e.target.data('namespace'));
      setTimeout(() => this.events.toggleGroup(namespace), 0);
    });
    this.cy.on('viewport', () => this.events.viewportChanged(this.viewport()));
    // Hover and selection show an edge's full label, big enough to read at any zoom.
    this.cy.on('mouseover', 'edge', (e: EventObject) => this.showFullLabel(e.target as cytoscape.EdgeSingular, true));
    this.cy.on('mouseout', 'edge', (e: EventObject) => this.showFullLabel(e.target as cytoscape.EdgeSingular, false));
    this.cy.on('select', 'edge', (e: EventObject) => this.showFullLabel(e.target as cytoscape.EdgeSingular, true));
    this.cy.on('unselect', 'edge', (e: EventObject) => this.showFullLabel(e.target as cytoscape.EdgeSingular, false));
  }

  private showFullLabel(edge: cytoscape.EdgeSingular, on: boolean): void {
    if (edge.removed()) return;
    if (on) {
      edge.addClass('hover');
      edge.style('font-size', Math.max(edgeFontPx, (minEdgeLabelPx + 2) / this.cy.zoom()));
    } else if (!edge.selected()) {
      edge.removeClass('hover');
      edge.removeStyle('font-size');
    }
  }

  viewport(): Viewport {
    const pan = this.cy.pan();
    return { zoom: this.cy.zoom(), pan: { x: pan.x, y: pan.y } };
  }

  /** Replaces the drawing; keeps `viewport` when given (an update or a reload), otherwise fits. */
  draw(elements: ElementDefinitions, viewport: Viewport | undefined, selected: string | undefined): void {
    const started = performance.now();
    // A running centre animation would step a viewport the new elements no longer match.
    this.cy.stop(true, false);
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add([
        ...elements.nodes.map((n) => ({ group: 'nodes' as const, data: { ...n.data }, classes: n.classes })),
        ...elements.edges.map((e) => ({ group: 'edges' as const, data: { ...e.data }, classes: e.classes })),
      ]);
    });
    this.layout();
    this.quietOverlappingCaptions();
    if (viewport) this.cy.viewport({ zoom: viewport.zoom, pan: { ...viewport.pan } });
    else this.fit();
    if (selected) this.cy.getElementById(selected).select();
    this.lastLayoutMs = performance.now() - started;
  }

  /**
   * A caption that would overlap a node or an earlier caption is not drawn at rest (class `quiet`); hover and
   * selection still show the full label. Label sizes are in model units, so this holds at every zoom.
   */
  private quietOverlappingCaptions(): void {
    type Box = { x1: number; x2: number; y1: number; y2: number };
    const overlaps = (a: Box, b: Box): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
    const taken: Box[] = this.cy.nodes().filter((n) => !n.isParent()).map((n) => n.boundingBox({ includeLabels: true }));
    // L7 and denied flows keep their caption first: they are the ones a reader looks for.
    const rank = (e: cytoscape.SingularElementArgument): number => (e.hasClass('deny') ? 0 : e.hasClass('l7') ? 1 : 2);
    const captioned = this.cy.edges().filter((e) => String(e.data('caption') ?? '') !== '').toArray().sort((a, b) => rank(a) - rank(b));
    this.cy.batch(() => {
      for (const edge of captioned) {
        const box = edge.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeSourceLabels: false, includeTargetLabels: false } as cytoscape.BoundingBoxOptions);
        const clash = box.w === 0 || taken.some((t) => overlaps(box, t));
        edge.toggleClass('quiet', clash);
        if (!clash) taken.push(box);
      }
    });
  }

  /**
   * Layered layout in the direction that lets the drawing fill the canvas: small graphs try both directions
   * and keep the one with the larger fitted zoom (bigger labels); large ones follow the canvas's aspect.
   */
  private layout(): void {
    const container = this.cy.container();
    const width = container?.clientWidth ?? 0;
    const height = container?.clientHeight ?? 0;
    const run = (rankDir: 'LR' | 'TB'): number => {
      this.cy.layout({
        name: 'dagre', rankDir, nodeSep: rankDir === 'LR' ? 18 : 28, rankSep: rankDir === 'LR' ? 120 : 80, edgeSep: 14, fit: false, animate: false,
      } as cytoscape.LayoutOptions).run();
      const box = this.cy.elements().boundingBox({});
      return box.w > 0 && box.h > 0 ? Math.min(width / box.w, height / box.h) : 0;
    };
    const preferred = width >= height ? 'LR' : 'TB';
    if (this.cy.nodes().length > 120 || width === 0 || height === 0) { run(preferred); return; }
    const other = preferred === 'LR' ? 'TB' : 'LR';
    const otherZoom = run(other);
    // The canvas's own direction wins ties: flows read along the long side.
    if (run(preferred) * 1.1 < otherZoom) run(other);
  }

  setTheme(colors: ThemeColors): void {
    this.colors = colors;
    this.cy.style(graphStylesheet(colors));
    applyPaletteVariables(document.body, themeKind(colors));
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

  /** Fits the drawing, but never below `legibleZoom`: a bigger graph starts at its first ranks and pans. */
  fit(): void {
    const padding = 24;
    this.cy.fit(undefined, padding);
    if (this.cy.zoom() >= legibleZoom || this.cy.elements().empty()) return;
    const box = this.cy.elements().boundingBox({});
    const zoom = legibleZoom;
    const along = (size: number, start: number, view: number): number => (size * zoom <= view - 2 * padding ? (view - size * zoom) / 2 - start * zoom : padding - start * zoom);
    this.cy.viewport({ zoom, pan: { x: along(box.w, box.x1, this.cy.width()), y: along(box.h, box.y1, this.cy.height()) } });
  }

  svg(): string { return graphToSvg(this.cy, this.colors, themeKind(this.colors)); }

  png(): string {
    return this.cy.png({ output: 'base64uri', full: true, scale: 2, bg: this.colors.background }) as string;
  }
}
