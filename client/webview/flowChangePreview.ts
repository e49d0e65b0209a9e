// The webview's side of the "Allow / Deny this flow" preview: a section at the top of the side column with the
// planned change (verdict before → after, the files it edits or creates, what it could not change), the graph
// difference listed and drawn on the edges as compare mode draws it (added green, changed amber, removed red), and
// Apply / Cancel. The host plans and applies (client/src/authoring/flowChangePreview.ts); messages are validated by
// server/src/protocol/flowChangeMessages.ts.
import type { Core } from 'cytoscape';
import type { ComparedFlow } from '../../server/src/protocol/compareMessages';
import { readToWebviewFlowChangeMessage, type FromWebviewFlowChangeMessage } from '../../server/src/protocol/flowChangeMessages';
import { element } from './element';

export interface FlowChangePreviewHooks {
  /** The side column; the preview goes first in it. */
  readonly side: HTMLElement;
  readonly cy: Core;
  readonly post: (message: FromWebviewFlowChangeMessage) => void;
  readonly onMessage: (handler: (raw: unknown) => void) => void;
}

const classes = { added: 'preview-added', changed: 'preview-changed', removed: 'preview-removed' } as const;
const marks = { added: '+', changed: '~', removed: '−' } as const;

export function installFlowChangePreview(hooks: FlowChangePreviewHooks): void {
  const title = element('h2', { id: 'previewTitle' });
  const verdict = element('p', { class: 'previewVerdict', id: 'previewVerdict' });
  const files = element('ul', { class: 'previewFiles', id: 'previewFiles', 'aria-label': 'Files the change edits' });
  const notes = element('div', { class: 'previewNotes muted', id: 'previewNotes' });
  const listHeading = element('h3', { id: 'previewListHeading' });
  const list = element('ul', { class: 'compareList', id: 'previewList', 'aria-label': 'Flows the change adds, removes or changes' });
  const apply = element('button', { type: 'button', id: 'applyFlowChange' }, ['Apply']);
  const cancel = element('button', { type: 'button', id: 'cancelFlowChange' }, ['Cancel']);
  const section = element('section', { class: 'flowChangePreview', id: 'flowChangePreview', 'aria-label': 'Preview of the flow change', hidden: true }, [
    title, verdict, files, notes, listHeading, list, element('div', { class: 'previewActions' }, [apply, cancel]),
  ]);
  const status = element('p', { class: 'muted', id: 'flowChangeStatus', role: 'status', hidden: true });
  hooks.side.prepend(section, status);

  let proposalId: number | undefined;
  let flows: readonly ComparedFlow[] = [];

  hooks.cy.style()
    .selector(`edge.${classes.added}`).style({ 'line-color': '#2ea043', 'target-arrow-color': '#2ea043', width: 4, 'line-style': 'dashed' })
    .selector(`edge.${classes.changed}`).style({ 'line-color': '#d29922', 'target-arrow-color': '#d29922', width: 4, 'line-style': 'dashed' })
    .selector(`edge.${classes.removed}`).style({ 'line-color': '#f85149', 'target-arrow-color': '#f85149', width: 4, 'line-style': 'dashed' })
    .update();
  const colour = (): void => {
    hooks.cy.batch(() => {
      hooks.cy.edges().removeClass(Object.values(classes).join(' '));
      for (const flow of flows) hooks.cy.edges().filter((e) => e.data('source') === flow.from && e.data('target') === flow.to).addClass(classes[flow.kind]);
    });
  };
  // Redraws (an edit elsewhere, a filter) replace the edges: colour the new ones while a preview is shown.
  let queued = false;
  hooks.cy.on('add', 'edge', () => {
    if (queued || flows.length === 0) return;
    queued = true;
    queueMicrotask(() => { queued = false; colour(); });
  });

  const answer = (type: FromWebviewFlowChangeMessage['type']): void => {
    if (proposalId === undefined) return;
    apply.disabled = true;
    cancel.disabled = true;
    hooks.post({ type, proposalId });
  };
  apply.addEventListener('click', () => answer('applyFlowChange'));
  cancel.addEventListener('click', () => answer('cancelFlowChange'));

  hooks.onMessage((raw) => {
    const message = readToWebviewFlowChangeMessage(raw);
    if (!message) return;
    if (message.type === 'flowChangeEnded') {
      proposalId = undefined;
      flows = [];
      section.hidden = true;
      status.hidden = false;
      status.className = message.level === 'error' ? 'error' : 'muted';
      status.textContent = message.message;
      colour();
      return;
    }
    proposalId = message.proposalId;
    flows = message.flows;
    status.hidden = true;
    section.hidden = false;
    apply.disabled = false;
    cancel.disabled = false;
    title.textContent = `Preview: ${message.title}`;
    verdict.replaceChildren('Verdict now: ', element('span', { class: `verdict ${message.before}` }, [message.before]), ' → after the change: ', element('span', { class: `verdict ${message.after}` }, [message.after]));
    files.replaceChildren(...message.files.map((f) => element('li', {}, [f])));
    notes.replaceChildren(...message.notes.map((n) => element('p', {}, [n])));
    listHeading.textContent = `Graph difference (${flows.length})`;
    list.replaceChildren(...(flows.length === 0
      ? [element('li', {}, ['No flow added, removed or changed.'])]
      : flows.map((f) => element('li', { class: `previewItem compareItem ${classes[f.kind]}`, 'data-kind': f.kind }, [`${marks[f.kind]} ${f.kind} ${f.from} → ${f.to}: ${f.base} → ${f.head}`]))));
    colour();
    section.scrollIntoView({ block: 'nearest' });
  });
}
