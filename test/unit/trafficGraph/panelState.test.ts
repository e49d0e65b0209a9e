// Unit tests of the persisted panel state reader: keeps valid fields, replaces anything else by defaults.
import { describe, expect, it } from 'vitest';
import { initialPanelState, readPanelState } from '../../../client/webview/panelState';

describe('readPanelState', () => {
  it('falls back to the initial state for missing or foreign values', () => {
    expect(readPanelState(undefined)).toEqual(initialPanelState);
    expect(readPanelState('x')).toEqual(initialPanelState);
    expect(readPanelState({ scope: 'cluster', viewport: { zoom: -1, pan: { x: 0, y: 0 } }, collapsed: [1, 'a'] }))
      .toEqual({ ...initialPanelState, collapsed: ['a'] });
  });
  it('keeps a saved viewport, selection, filters and scope', () => {
    const saved = {
      scope: 'workspace', viewport: { zoom: 1.5, pan: { x: -3, y: 4 } }, selected: 'edge:a->b', search: 'db', collapsed: ['shop'],
      filters: { hiddenNamespaces: ['x'], hiddenEnforcers: ['cilium-bpf'], hiddenLayers: ['L7', 'L9'], hiddenVerdicts: ['deny'] },
    };
    expect(readPanelState(saved)).toEqual({ ...saved, filters: { ...saved.filters, hiddenLayers: ['L7'] } });
  });
});
