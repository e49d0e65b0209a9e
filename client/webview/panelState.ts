// The panel's persisted view state (webview getState/setState) and its reader: whatever a previous
// version of the panel stored is checked field by field and falls back to defaults.
import type { GraphScope } from '../../server/src/protocol/webviewMessages';
import { noFilters, type GraphFilters, type Layer } from './graphElements';
import type { Viewport } from './graphView';

export interface PanelState {
  readonly scope: GraphScope;
  readonly filters: GraphFilters;
  readonly collapsed: readonly string[];
  readonly viewport?: Viewport;
  readonly selected?: string;
  readonly search: string;
}

export const initialPanelState: PanelState = { scope: 'file', filters: noFilters, collapsed: [], search: '' };

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function readPanelState(raw: unknown): PanelState {
  if (!isRecord(raw)) return initialPanelState;
  const f = isRecord(raw.filters) ? raw.filters : {};
  const v = raw.viewport;
  const viewport = isRecord(v) && finite(v.zoom) && v.zoom > 0 && isRecord(v.pan) && finite(v.pan.x) && finite(v.pan.y)
    ? { zoom: v.zoom, pan: { x: v.pan.x, y: v.pan.y } } : undefined;
  return {
    scope: raw.scope === 'workspace' ? 'workspace' : 'file',
    filters: {
      hiddenNamespaces: strings(f.hiddenNamespaces),
      hiddenEnforcers: strings(f.hiddenEnforcers),
      hiddenLayers: strings(f.hiddenLayers).filter((l): l is Layer => l === 'L3' || l === 'L4' || l === 'L7'),
      hiddenVerdicts: strings(f.hiddenVerdicts),
    },
    collapsed: strings(raw.collapsed),
    ...(viewport ? { viewport } : {}),
    ...(typeof raw.selected === 'string' ? { selected: raw.selected } : {}),
    search: typeof raw.search === 'string' ? raw.search : '',
  };
}
