// How each enforcer's allowed edges look: a colour per theme kind and an arrow marker, so that two enforcers
// never differ by colour alone. Colours start from the Okabe–Ito set (designed to stay apart under the common
// colour-vision deficiencies) and were adjusted until every line keeps a 3:1 contrast (WCAG 2.1 1.4.11) against
// VS Code's Dark Modern / Light Modern editor background; test/browser checks both and simulates CVD.
import type { Css } from 'cytoscape';
import type { EnforcerId } from '../../server/src/protocol/trafficGraph';

export type ThemeKind = 'dark' | 'light';
export type EnforcerKey = EnforcerId | 'none';

export interface EnforcerLook {
  readonly dark: string;
  readonly light: string;
  /** Cytoscape arrow shape at the target end; distinct per enforcer (deny keeps `tee`). */
  readonly marker: Css.ArrowShape;
}

export const enforcerLooks: Readonly<Record<EnforcerKey, EnforcerLook>> = {
  'cilium-bpf': { dark: '#56b4e9', light: '#0072b2', marker: 'triangle' },
  'cilium-dns-proxy': { dark: '#cc79a7', light: '#a03d85', marker: 'diamond' },
  'cilium-envoy': { dark: '#e69f00', light: '#6e3300', marker: 'vee' },
  'istio-ztunnel': { dark: '#009e73', light: '#007a5a', marker: 'square' },
  'istio-waypoint': { dark: '#f0e442', light: '#a39000', marker: 'chevron' },
  'istio-sidecar': { dark: '#8c7cff', light: '#5a4fcf', marker: 'circle' },
  'istio-gateway': { dark: '#ff7f50', light: '#e04a3a', marker: 'triangle-backcurve' },
  'k8s-netpol': { dark: '#d0d0d0', light: '#404040', marker: 'triangle-cross' },
  none: { dark: '#a0a0a0', light: '#6b6b6b', marker: 'triangle' },
};

export const enforcerColour = (enforcer: string, kind: ThemeKind): string =>
  (enforcerLooks as Readonly<Record<string, EnforcerLook>>)[enforcer]?.[kind] ?? enforcerLooks.none[kind];

/** CSS custom properties `--enf-<id>` for the legend swatches, set through the CSSOM (allowed under the panel's CSP). */
export function applyPaletteVariables(root: HTMLElement, kind: ThemeKind): void {
  for (const [enforcer, look] of Object.entries(enforcerLooks)) root.style.setProperty(`--enf-${enforcer}`, look[kind]);
  root.dataset.palette = kind;
}
