// The webview's side of "Compare with…": a toolbar button, the changed flows listed under the edges, and the drawn
// edges of changed flows coloured (added green, changed amber, removed red where the head still draws a denied
// edge). The host sends every update (compare messages in server/src/protocol/compareMessages.ts); edges are
// re-coloured whenever the graph is redrawn, so the colours follow live edits.
import type { Core } from 'cytoscape';
import { readToWebviewCompareMessage, type ComparedFlow, type FromWebviewCompareMessage } from '../../server/src/protocol/compareMessages';
import { element } from './element';

export interface CompareModeHooks {
  readonly toolbar: HTMLElement;
  /** The side column the list goes into. */
  readonly side: HTMLElement;
  readonly cy: Core;
  readonly post: (message: FromWebviewCompareMessage) => void;
  readonly onMessage: (handler: (raw: unknown) => void) => void;
}

const classes = { added: 'compare-added', changed: 'compare-changed', removed: 'compare-removed' } as const;
const marks = { added: '+', changed: '~', removed: '−' } as const;

export function installCompareMode(hooks: CompareModeHooks): void {
  const button = element('button', { type: 'button', id: 'compare', 'aria-pressed': 'false' }, ['Compare with…']);
  const heading = element('h2', { id: 'compareHeading', hidden: true }, ['Changes']);
  const list = element('ul', { class: 'compareList', id: 'compareList', 'aria-label': 'Changed flows', hidden: true });
  hooks.toolbar.append(button);
  hooks.side.append(heading, list);
  let flows: readonly ComparedFlow[] = [];
  let active = false;

  hooks.cy.style()
    .selector(`edge.${classes.added}`).style({ 'line-color': '#2ea043', 'target-arrow-color': '#2ea043', width: 4 })
    .selector(`edge.${classes.changed}`).style({ 'line-color': '#d29922', 'target-arrow-color': '#d29922', width: 4 })
    .selector(`edge.${classes.removed}`).style({ 'line-color': '#f85149', 'target-arrow-color': '#f85149', width: 4 })
    .update();

  const colour = (): void => {
    hooks.cy.batch(() => {
      hooks.cy.edges().removeClass(Object.values(classes).join(' '));
      for (const flow of flows) hooks.cy.edges().filter((e) => e.data('source') === flow.from && e.data('target') === flow.to).addClass(classes[flow.kind]);
    });
  };
  // The graph is redrawn on every edit: colour the new edges once they are in.
  let pending = false;
  hooks.cy.on('add', 'edge', () => {
    if (pending || flows.length === 0) return;
    pending = true;
    queueMicrotask(() => { pending = false; colour(); });
  });

  const render = (baseLabel: string): void => {
    heading.hidden = !active;
    list.hidden = !active;
    heading.textContent = `Changes since ${baseLabel} (${flows.length})`;
    list.replaceChildren(...(flows.length === 0 ? [element('li', {}, ['No flow added, removed or changed.'])] : flows.map((f) => element('li', { class: `compareItem ${classes[f.kind]}`, 'data-kind': f.kind }, [`${marks[f.kind]} ${f.kind} ${f.from} → ${f.to}: ${f.base} → ${f.head}`]))));
  };

  button.addEventListener('click', () => hooks.post(active ? { type: 'compareStop' } : { type: 'compareWith' }));
  hooks.onMessage((raw) => {
    const message = readToWebviewCompareMessage(raw);
    if (!message) return;
    if (message.type === 'compareStatus') {
      heading.hidden = false;
      heading.textContent = message.message;
      return;
    }
    active = message.type === 'compare';
    flows = message.type === 'compare' ? message.flows : [];
    button.textContent = active ? 'Stop comparing' : 'Compare with…';
    button.setAttribute('aria-pressed', String(active));
    render(message.type === 'compare' ? message.baseLabel : '');
    colour();
  });
}
