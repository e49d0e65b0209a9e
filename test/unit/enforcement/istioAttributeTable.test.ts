// How each proxy reads the `when` keys (enforcement/istioAttributeTable.ts, keyed by the accepted vocabulary of
// dialects/istio/conditionAttributes.ts, so the two cannot drift: the compiler checks every key has a row).
// Upstream: istio/istio pilot/pkg/serviceregistry/ambient/authorization.go, pilot/pkg/security/authz/model.
import { describe, expect, it } from 'vitest';
import { istioConditionKey, istioConditionKeys } from '../../../server/src/analysis/enforcement/istioAttributeTable';

describe('istio attribute tables', () => {
  it('resolves keys through the vocabulary: map keys by prefix, exact keys exactly', () => {
    expect(istioConditionKey('request.headers[x-user]')).toMatchObject({ attribute: 'request.headers', httpOnly: true, ztunnel: 'http-dropped' });
    expect(istioConditionKey('request.auth.claims[groups]')).toMatchObject({ attribute: 'request.auth.claims', layer: 'L7' });
    expect(istioConditionKey('experimental.envoy.filters.a.b[c]')).toMatchObject({ attribute: 'experimental.envoy.filters.', httpOnly: false });
    expect(istioConditionKey('destination.port')).toMatchObject({ layer: 'L4', httpOnly: false, ztunnel: 'kept' });
    expect(istioConditionKey('source.ip.extra').attribute).toBe('(unknown key)');
  });

  it('treats rejected keys like unknown ones (the sidecar skips the rule, ztunnel drops it)', () => {
    const row = istioConditionKey('destination.namespace');
    expect(row).toMatchObject({ attribute: '(unknown key)', httpOnly: true, ztunnel: 'http-dropped' });
  });

  it('keeps for ztunnel exactly the five L3/L4 keys authorization.go converts', () => {
    const kept = istioConditionKeys.filter((row) => row.ztunnel === 'kept').map((row) => row.attribute).sort();
    expect(kept).toEqual(['destination.ip', 'destination.port', 'source.ip', 'source.namespace', 'source.principal']);
  });
});
