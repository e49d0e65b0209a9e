// The Cytoscape stylesheet: one shape per node kind, solid allowed edges coloured by enforcer, dashed
// red denied edges, dotted unknown ones. Colours come from the VS Code theme (themeColors.ts).
import type { Css, StylesheetJson } from 'cytoscape';
import type { ThemeColors, ThemeRole } from './themeColors';
import type { EnforcerId } from '../../server/src/protocol/trafficGraph';

/** Node kind → Cytoscape shape; the legend reads the same table. */
export const nodeShapes: Readonly<Record<string, { shape: Css.NodeShape; legend: string }>> = {
  workload: { shape: 'round-rectangle', legend: 'workload' },
  entity: { shape: 'hexagon', legend: 'Cilium entity (world, host, …)' },
  cidr: { shape: 'diamond', legend: 'CIDR block' },
  fqdn: { shape: 'tag', legend: 'DNS name (FQDN)' },
  namespace: { shape: 'octagon', legend: 'whole namespace' },
};

/** Enforcer → theme colour role for allowed edges (eBPF blue, proxies warm, Istio green/yellow). */
export const enforcerColorRoles: Readonly<Record<EnforcerId | 'none', ThemeRole>> = {
  'cilium-bpf': 'blue',
  'cilium-dns-proxy': 'purple',
  'cilium-envoy': 'orange',
  'istio-ztunnel': 'green',
  'istio-waypoint': 'yellow',
  'istio-sidecar': 'cyan',
  'istio-gateway': 'magenta',
  'k8s-netpol': 'lines',
  none: 'lines',
};

const cssToken = (s: string): string => s.replace(/[^a-zA-Z0-9_-]/g, '_');

export function graphStylesheet(c: ThemeColors): StylesheetJson {
  const style: StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: 'data(label)', color: c.foreground, 'font-size': 11, 'text-valign': 'center', 'text-halign': 'center',
        'background-color': c.background, 'border-width': 1.5, 'border-color': c.foreground,
        width: 'label', height: 26, padding: '8px', 'text-wrap': 'ellipsis', 'text-max-width': '160px',
      },
    },
    ...Object.entries(nodeShapes).map(([kind, { shape }]) => ({ selector: `node.${kind}`, style: { shape } }) as const),
    { selector: 'node.entity, node.cidr, node.fqdn', style: { 'border-color': c.muted, 'border-style': 'double', 'border-width': 3 } },
    {
      selector: 'node.group',
      style: {
        shape: 'round-rectangle', 'background-color': c.groupFill, 'background-opacity': 0.6, 'border-color': c.muted,
        'border-style': 'dashed', 'text-valign': 'top', 'text-halign': 'center', 'font-weight': 'bold', color: c.muted, padding: '14px',
      },
    },
    { selector: 'node.group.collapsed', style: { 'border-style': 'double', 'border-width': 4, color: c.foreground, 'text-valign': 'center' } },
    {
      selector: 'edge',
      style: {
        width: 1.6, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': c.lines, 'target-arrow-color': c.lines,
        label: 'data(label)', 'font-size': 9, color: c.foreground, 'text-background-color': c.background, 'text-background-opacity': 0.85,
        'text-background-padding': '2px', 'text-rotation': 'autorotate', 'arrow-scale': 0.9,
        // Below this on-screen size labels are unreadable clutter; zooming in brings them back.
        'min-zoomed-font-size': 6,
      },
    },
    ...Object.entries(enforcerColorRoles).map(([enforcer, role]) => ({
      selector: `edge.allow.enf-${cssToken(enforcer)}`, style: { 'line-color': c[role], 'target-arrow-color': c[role] },
    }) as const),
    { selector: 'edge.l7', style: { width: 3 } },
    { selector: 'edge.deny', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4], 'line-color': c.deny, 'target-arrow-color': c.deny, 'target-arrow-shape': 'tee' } },
    { selector: 'edge.unknown', style: { 'line-style': 'dotted', 'line-color': c.muted, 'target-arrow-color': c.muted } },
    { selector: '.match', style: { 'background-color': c.highlight, 'border-color': c.focus, 'border-width': 3 } },
    { selector: 'edge.ruleHit', style: { width: 5, 'z-index': 10 } },
    { selector: 'node.faded, edge.faded', style: { opacity: 0.25 } },
    { selector: ':selected', style: { 'border-color': c.focus, 'border-width': 3, 'line-color': c.focus, 'target-arrow-color': c.focus, 'z-index': 20 } },
  ];
  return style;
}
