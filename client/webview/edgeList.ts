// The side list of drawn edges: one button per edge, reachable by Tab and the arrow keys, so keyboard
// and screen-reader users get the same information as the canvas.
import type { TrafficGraph } from '../../server/src/protocol/trafficGraph';
import { element } from './element';
import { enforcerBadge, type ElementDefinitions } from './graphElements';

export function edgeDescription(graph: TrafficGraph, edge: ElementDefinitions['edges'][number]['data'], nodeLabel: (id: string) => string): string {
  const enforcers = [...new Set(edge.edgeIndexes.flatMap((i) => graph.edges[i]?.enforcers ?? []))].map(enforcerBadge).join(', ');
  return `${nodeLabel(edge.source)} → ${nodeLabel(edge.target)}: ${edge.label} (${edge.verdict}, ${edge.layer}${enforcers ? `, ${enforcers}` : ''})`;
}

export function renderEdgeList(
  list: HTMLElement, graph: TrafficGraph, elements: ElementDefinitions, selected: string | undefined, onSelect: (id: string) => void,
): void {
  const labels = new Map(elements.nodes.map((n) => [n.data.id, n.data.namespace && n.data.kind !== 'group' ? `${n.data.namespace}/${n.data.label}` : n.data.label]));
  const nodeLabel = (id: string): string => labels.get(id) ?? id;
  const items = elements.edges.map((e) => {
    const button = element('button', {
      type: 'button', class: `edgeItem ${e.data.verdict}`, 'data-edge': e.data.id, 'aria-current': e.data.id === selected ? 'true' : undefined,
    }, [edgeDescription(graph, e.data, nodeLabel)]);
    button.addEventListener('click', () => onSelect(e.data.id));
    return element('li', {}, [button]);
  });
  list.replaceChildren(...items);
  if (items.length === 0) list.append(element('li', { class: 'empty' }, ['No edges match the filters.']));
}

/** Up/Down move focus between edge buttons (a roving list); installed once on the list element. */
export function installEdgeListKeys(list: HTMLElement): void {
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = Array.from(list.querySelectorAll<HTMLButtonElement>('button.edgeItem'));
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) { next.focus(); event.preventDefault(); }
  });
}

/** Marks the list rows of the given edges (editor rule highlight) and scrolls the first into view. */
export function markEdgeListItems(list: HTMLElement, ids: readonly string[]): void {
  for (const button of Array.from(list.querySelectorAll<HTMLButtonElement>('button.edgeItem'))) {
    button.classList.toggle('ruleHit', ids.includes(button.dataset.edge ?? ''));
  }
  list.querySelector('button.ruleHit')?.scrollIntoView({ block: 'nearest' });
}
