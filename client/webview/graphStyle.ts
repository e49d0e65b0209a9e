// The Cytoscape stylesheet: one shape per node kind; allowed edges take their enforcer's colour and arrow
// marker (enforcerPalette.ts), denied edges are dashed red with a bar, unknown ones dotted. Labels have a size
// floor on screen: GraphView never fits below `legibleZoom`, edge captions drop out below their own floor and
// come back in full on hover or selection.
import type { Css, StylesheetJson } from 'cytoscape';
import { enforcerLooks, type ThemeKind } from './enforcerPalette';
import { themeKind, type ThemeColors } from './themeColors';

/** Node kind → Cytoscape shape; the legend reads the same table. */
export const nodeShapes: Readonly<Record<string, { shape: Css.NodeShape; legend: string }>> = {
  workload: { shape: 'round-rectangle', legend: 'workload' },
  entity: { shape: 'hexagon', legend: 'Cilium entity (world, host, …)' },
  cidr: { shape: 'diamond', legend: 'CIDR block' },
  fqdn: { shape: 'tag', legend: 'DNS name (FQDN)' },
  namespace: { shape: 'octagon', legend: 'whole namespace' },
};

/** Model-space font sizes; on screen they are multiplied by the zoom. */
export const nodeFontPx = 14;
export const edgeFontPx = 12;
/** The smallest on-screen label sizes the panel accepts (tested at the fitted zoom). */
export const minNodeLabelPx = 11;
export const minEdgeLabelPx = 9;
/** Fitting never zooms out below this, so node labels stay at least `minNodeLabelPx` on screen. */
export const legibleZoom = minNodeLabelPx / nodeFontPx;

const cssToken = (s: string): string => s.replace(/[^a-zA-Z0-9_-]/g, '_');

export function graphStylesheet(c: ThemeColors, kind: ThemeKind = themeKind(c)): StylesheetJson {
  const style: StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: 'data(label)', color: c.foreground, 'font-size': nodeFontPx, 'text-valign': 'center', 'text-halign': 'center',
        'background-color': c.background, 'border-width': 1.5, 'border-color': c.foreground,
        width: 'label', height: 30, padding: '8px', 'text-wrap': 'ellipsis', 'text-max-width': '170px',
      },
    },
    ...Object.entries(nodeShapes).map(([kind, { shape }]) => ({ selector: `node.${kind}`, style: { shape } }) as const),
    { selector: 'node.entity, node.cidr, node.fqdn', style: { 'border-color': c.muted, 'border-style': 'double', 'border-width': 3 } },
    {
      selector: 'node.group',
      style: {
        shape: 'round-rectangle', 'background-color': c.groupFill, 'background-opacity': 0.6, 'border-color': c.muted,
        'border-style': 'dashed', 'text-valign': 'top', 'text-halign': 'center', 'font-weight': 'bold', color: c.foreground, padding: '14px',
      },
    },
    { selector: 'node.group.collapsed', style: { 'border-style': 'double', 'border-width': 4, color: c.foreground, 'text-valign': 'center' } },
    {
      selector: 'edge',
      style: {
        width: 2, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': c.lines, 'target-arrow-color': c.lines,
        // Upright captions, one per set of parallel edges; the full label is on hover/selection and in the edge list.
        label: 'data(caption)', 'font-size': edgeFontPx, color: c.foreground, 'text-background-color': c.background, 'text-background-opacity': 0.9,
        'text-background-padding': '2px', 'text-rotation': 'none', 'arrow-scale': 1.3,
        'text-wrap': 'ellipsis', 'text-max-width': '140px',
        'min-zoomed-font-size': minEdgeLabelPx,
      },
    },
    ...Object.entries(enforcerLooks).map(([enforcer, look]) => ({
      selector: `edge.allow.enf-${cssToken(enforcer)}`,
      style: { 'line-color': look[kind], 'target-arrow-color': look[kind], 'target-arrow-shape': look.marker },
    }) as const),
    { selector: 'edge.l7', style: { width: 3.5 } },
    { selector: 'edge.deny', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4], 'line-color': c.deny, 'target-arrow-color': c.deny, 'target-arrow-shape': 'tee' } },
    { selector: 'edge.unknown', style: { 'line-style': 'dotted', 'line-color': c.muted, 'target-arrow-color': c.muted } },
    { selector: 'edge.quiet', style: { label: '' } },
    { selector: 'edge.hover, edge:selected', style: { label: 'data(label)', 'z-index': 30, 'text-max-width': '320px' } },
    { selector: '.match', style: { 'background-color': c.highlight, 'border-color': c.focus, 'border-width': 3 } },
    { selector: 'edge.ruleHit', style: { width: 5, 'z-index': 10 } },
    { selector: 'node.faded, edge.faded', style: { opacity: 0.25 } },
    { selector: ':selected', style: { 'border-color': c.focus, 'border-width': 3, 'line-color': c.focus, 'target-arrow-color': c.focus, 'z-index': 20 } },
  ];
  return style;
}
