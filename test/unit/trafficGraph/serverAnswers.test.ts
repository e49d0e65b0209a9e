// The host reads `meshlens/explainFlow` and `meshlens/exportTrafficGraph` answers as untrusted input before the webview sees them: an explanation
// with its basis, the server's own error message, or a clear error for anything else.
import { describe, expect, it } from 'vitest';
import { readExplainFlowAnswer, readExportAnswer } from '../../../server/src/protocol/readTrafficGraph';

const explanation = {
  verdict: 'deny',
  steps: [{ enforcer: 'istio-sidecar', direction: 'authz', verdict: 'deny', reason: 'no ALLOW rule matches', rules: [] }],
};

describe('readExplainFlowAnswer', () => {
  it('accepts an explanation with the settings it was computed under', () => {
    const answer = readExplainFlowAnswer({ explanation, basis: { dataplaneMode: 'ambient', defaultNamespace: 'shop' } });
    expect(answer).toEqual({ explanation, basis: { dataplaneMode: 'ambient', defaultNamespace: 'shop' } });
  });

  it("passes the server's reason through", () => {
    expect(readExplainFlowAnswer({ error: 'from: no workload "default/curl"' })).toEqual({ error: 'from: no workload "default/curl"' });
  });

  it('refuses anything else with an error, never a half-read explanation', () => {
    for (const bad of [null, 'text', explanation, { explanation }, { explanation, basis: { dataplaneMode: 'mesh', defaultNamespace: 'x' } }, { explanation: { verdict: 'maybe', steps: [] }, basis: { dataplaneMode: 'auto', defaultNamespace: 'd' } }]) {
      expect(readExplainFlowAnswer(bad)).toEqual({ error: 'the language server sent something else than an explanation' });
    }
  });
});

describe('readExportAnswer', () => {
  it('accepts the text of the format asked for', () => {
    expect(readExportAnswer({ format: 'dot', text: 'digraph meshlens {}\n', truncated: false }, 'dot')).toEqual({ text: 'digraph meshlens {}\n', truncated: false });
    expect(readExportAnswer({ error: 'format must be dot, mermaid or json' }, 'dot')).toEqual({ error: 'format must be dot, mermaid or json' });
  });

  it('refuses another format or a missing text', () => {
    expect(readExportAnswer({ format: 'json', text: '{}' }, 'dot')).toEqual({ error: 'the language server sent an unreadable export' });
    expect(readExportAnswer(null, 'mermaid')).toEqual({ error: 'the language server sent an unreadable export' });
  });
});
