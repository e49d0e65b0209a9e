// The Allow / Deny this flow preview's messages are validated on receipt, both directions
// (server/src/protocol/flowChangeMessages.ts): well-formed ones pass unchanged, anything else is dropped.
import { describe, expect, it } from 'vitest';
import { readFromWebviewFlowChangeMessage, readToWebviewFlowChangeMessage } from '../../../server/src/protocol/flowChangeMessages';

const preview = {
  type: 'flowChangePreview', proposalId: 2, title: 'Allow a/b → c/d TCP/80', before: 'deny', after: 'allow', files: ['p.yaml'], notes: [],
  flows: [{ kind: 'changed', from: 'a/b', to: 'c/d', base: 'No Connections', head: 'TCP 80', aspects: ['verdict'] }],
};

describe('flow-change preview messages', () => {
  it('reads well-formed messages', () => {
    expect(readToWebviewFlowChangeMessage(preview)).toEqual(preview);
    expect(readToWebviewFlowChangeMessage({ type: 'flowChangeEnded', level: 'info', message: 'done' })).toEqual({ type: 'flowChangeEnded', level: 'info', message: 'done' });
    expect(readFromWebviewFlowChangeMessage({ type: 'applyFlowChange', proposalId: 2, extra: 1 })).toEqual({ type: 'applyFlowChange', proposalId: 2 });
    expect(readFromWebviewFlowChangeMessage({ type: 'cancelFlowChange', proposalId: 0 })).toEqual({ type: 'cancelFlowChange', proposalId: 0 });
  });

  it.each([
    { ...preview, proposalId: -1 },
    { ...preview, before: 'maybe' },
    { ...preview, files: [1] },
    { ...preview, flows: [{ kind: 'bogus' }] },
    { ...preview, flows: 'x' },
    { type: 'flowChangeEnded', level: 'loud', message: 'x' },
    { type: 'other' },
    null,
  ])('drops a malformed host message %#', (raw) => {
    expect(readToWebviewFlowChangeMessage(raw)).toBeUndefined();
  });

  it.each([{ type: 'applyFlowChange' }, { type: 'applyFlowChange', proposalId: '2' }, { type: 'applyAll', proposalId: 1 }, []])('drops a malformed webview answer %#', (raw) => {
    expect(readFromWebviewFlowChangeMessage(raw)).toBeUndefined();
  });
});
