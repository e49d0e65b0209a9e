// The panel's Explain form may send an HTTP request (method, path, headers) with a flow; the host reads it as
// untrusted input before it reaches meshlens/explainFlow (ExplainFlowParams.request).
import { describe, expect, it } from 'vitest';
import { readFromWebviewMessage } from '../../../server/src/protocol/webviewMessages';

const flow = { from: 'shop/api', to: 'shop/db', port: 80, protocol: 'TCP' };

describe('explain requests with an HTTP request', () => {
  it('passes method, path and headers through', () => {
    const request = { method: 'GET', path: '/api', headers: { 'X-Token': 'abc', 'X-Trace': '' } };
    expect(readFromWebviewMessage({ type: 'explain', requestId: 3, flow: { ...flow, request } })).toEqual({ type: 'explain', requestId: 3, flow: { ...flow, request } });
  });

  it('keeps a flow without a request an L4 question', () => {
    expect(readFromWebviewMessage({ type: 'explain', requestId: 3, flow })).toEqual({ type: 'explain', requestId: 3, flow });
  });

  it.each([
    ['a request that is not a mapping', 'GET /'],
    ['a non-string header value', { headers: { 'X-Token': 1 } }],
    ['an empty header name', { headers: { '': 'x' } }],
    ['too many headers', { headers: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`h${i}`, 'v'])) }],
    ['a non-string method', { method: 7 }],
  ])('drops %s', (_name, request) => {
    expect(readFromWebviewMessage({ type: 'explain', requestId: 3, flow: { ...flow, request } })).toBeUndefined();
  });
});
