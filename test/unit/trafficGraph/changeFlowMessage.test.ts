// The webview's "Allow/Deny this flow" message and the server's flowChange params are checked on receipt:
// only a well-formed flow with a known intent reaches the language server.
import { describe, expect, it } from 'vitest';
import { readFromWebviewMessage } from '../../../server/src/protocol/webviewMessages';
import { readFlowChangeParams } from '../../../server/src/lsp/handlers/authoring';

const flow = { from: 'shop/web', to: 'shop/api', port: 8080, protocol: 'TCP' };

describe('changeFlow message', () => {
  it('reads a well-formed request', () => {
    expect(readFromWebviewMessage({ type: 'changeFlow', intent: 'allow', flow })).toEqual({ type: 'changeFlow', intent: 'allow', flow });
    expect(readFromWebviewMessage({ type: 'changeFlow', intent: 'deny', flow: { ...flow, extra: 1 } })).toEqual({ type: 'changeFlow', intent: 'deny', flow });
  });

  it.each([
    { type: 'changeFlow', intent: 'maybe', flow },
    { type: 'changeFlow', intent: 'allow', flow: { ...flow, protocol: 'ICMP' } },
    { type: 'changeFlow', intent: 'allow', flow: { ...flow, port: 0 } },
    { type: 'changeFlow', intent: 'allow', flow: { ...flow, from: '--help' } },
    { type: 'changeFlow', intent: 'allow' },
  ])('drops %j', (raw) => {
    expect(readFromWebviewMessage(raw)).toBeUndefined();
  });

  it('names the bad field of a flowChange request', () => {
    expect(readFlowChangeParams({ ...flow, intent: 'allow' })).toEqual({ ...flow, intent: 'allow' });
    expect(readFlowChangeParams({ ...flow, intent: 'allow', port: 70000 })).toEqual({ error: 'port must be an integer from 1 to 65535' });
    expect(readFlowChangeParams({ ...flow, intent: 'allow', protocol: 'ICMP' })).toEqual({ error: 'protocol must be TCP, UDP or SCTP' });
    expect(readFlowChangeParams(null)).toEqual({ error: 'flowChange needs params { from, to, port, intent }' });
  });
});
