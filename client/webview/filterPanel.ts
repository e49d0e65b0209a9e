// The left column: filter checkboxes (namespace, enforcer, layer, verdict), namespace collapse
// toggles and the legend. Reports every change; the app owns the state.
import type { TrafficGraph } from '../../server/src/protocol/trafficGraph';
import { element } from './element';
import { enforcerBadge, nodeNamespace, type GraphFilters, type Layer } from './graphElements';
import { enforcerLooks } from './enforcerPalette';
import { nodeShapes } from './graphStyle';

export interface FilterPanelEvents {
  filtersChanged(filters: GraphFilters): void;
  toggleGroup(namespace: string): void;
}

const layers: readonly Layer[] = ['L3', 'L4', 'L7'];
const verdicts = ['allow', 'deny', 'unknown'] as const;

function checkboxGroup(
  title: string, name: string, values: readonly string[], hidden: readonly string[], label: (v: string) => string,
  onChange: (hidden: string[]) => void,
): HTMLElement {
  const boxes = values.map((value) => {
    const input = element('input', { type: 'checkbox', name, value, checked: !hidden.includes(value) });
    return { value, input, row: element('label', { class: 'check' }, [input, ` ${label(value)}`]) };
  });
  const fieldset = element('fieldset', { 'data-filter': name }, [element('legend', {}, [title]), ...boxes.map((b) => b.row)]);
  fieldset.addEventListener('change', () => onChange(boxes.filter((b) => !b.input.checked).map((b) => b.value)));
  return fieldset;
}

export function renderFilterPanel(
  container: HTMLElement, graph: TrafficGraph, filters: GraphFilters, collapsed: ReadonlySet<string>, events: FilterPanelEvents,
): void {
  const namespaces = [...new Set(graph.nodes.map(nodeNamespace).filter((ns): ns is string => ns !== undefined))].sort();
  const enforcers = [...new Set(graph.edges.flatMap((e) => e.enforcers))].sort();
  const update = (patch: Partial<GraphFilters>): void => events.filtersChanged({ ...filters, ...patch });

  const nsRows = namespaces.map((ns) => {
    const input = element('input', { type: 'checkbox', name: 'namespace', value: ns, checked: !filters.hiddenNamespaces.includes(ns) });
    input.addEventListener('change', () => {
      const hidden = new Set(filters.hiddenNamespaces);
      if (input.checked) hidden.delete(ns); else hidden.add(ns);
      update({ hiddenNamespaces: [...hidden] });
    });
    const toggle = element('button', {
      class: 'small', type: 'button', 'data-collapse': ns, 'aria-pressed': collapsed.has(ns) ? 'true' : 'false',
      title: collapsed.has(ns) ? `Expand namespace ${ns}` : `Collapse namespace ${ns}`,
    }, [collapsed.has(ns) ? '+' : '−']);
    toggle.addEventListener('click', () => events.toggleGroup(ns));
    return element('div', { class: 'nsRow' }, [element('label', { class: 'check' }, [input, ` ${ns}`]), toggle]);
  });

  const legendItems = [
    ...Object.entries(nodeShapes).map(([kind, { legend }]) => element('li', {}, [element('span', { class: `swatch shape-${kind}`, 'aria-hidden': 'true' }), legend])),
    element('li', {}, [element('span', { class: 'swatch line allow', 'aria-hidden': 'true' }), 'allowed (solid, enforcer colour and arrow)']),
    element('li', {}, [element('span', { class: 'swatch line deny', 'aria-hidden': 'true' }), element('span', { class: 'marker m-tee deny', 'aria-hidden': 'true' }), 'denied (dashed red, bar)']),
    element('li', {}, [element('span', { class: 'swatch line unknown', 'aria-hidden': 'true' }), 'unknown (dotted)']),
    element('li', {}, [element('span', { class: 'swatch line thick', 'aria-hidden': 'true' }), 'thick: L7 constraint']),
    ...Object.entries(enforcerLooks).filter(([e]) => e !== 'none').map(([e, look]) =>
      element('li', { 'data-enforcer': e }, [
        element('span', { class: `swatch line enf-${e}`, 'aria-hidden': 'true' }),
        element('span', { class: `marker m-${look.marker} enf-${e}`, 'aria-hidden': 'true' }),
        enforcerBadge(e),
      ])),
  ];

  container.replaceChildren(
    element('fieldset', { 'data-filter': 'namespace' }, [element('legend', {}, ['Namespaces']), ...nsRows]),
    checkboxGroup('Enforcers', 'enforcer', enforcers, filters.hiddenEnforcers, enforcerBadge, (hidden) => update({ hiddenEnforcers: hidden })),
    checkboxGroup('Layer', 'layer', layers, filters.hiddenLayers, (v) => v, (hidden) => update({ hiddenLayers: hidden as Layer[] })),
    checkboxGroup('Verdict', 'verdict', verdicts, filters.hiddenVerdicts, (v) => v, (hidden) => update({ hiddenVerdicts: hidden })),
    element('section', { class: 'legend', 'aria-label': 'Legend' }, [element('h2', {}, ['Legend']), element('ul', {}, legendItems)]),
  );
}
