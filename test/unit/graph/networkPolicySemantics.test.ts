// Kubernetes NetworkPolicy semantics, one tiny workspace per rule (kubernetes/website network-policies.md).
import { describe, expect, it } from 'vitest';
import { deployment, flow, modelOf, namespace, netpol, verdict } from './trafficFixture';

const base = [namespace('a', { team: 'x' }), namespace('b', { team: 'y' }), deployment('a', 'web', { app: 'web' }), deployment('a', 'db', { app: 'db' }), deployment('b', 'web', { app: 'web' })];

describe('NetworkPolicy isolation and policyTypes', () => {
  it('defaults policyTypes to Ingress, adding Egress only when egress rules exist', () => {
    const ingressOnly = modelOf([...base, netpol('a', 'p', { podSelector: { matchLabels: { app: 'db' } } })]);
    expect(verdict(ingressOnly, 'a/web', 'a/db', 80)).toBe('deny');
    expect(verdict(ingressOnly, 'a/db', 'a/web', 80)).toBe('allow');
    const withEgress = modelOf([...base, netpol('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }] }] })]);
    expect(verdict(withEgress, 'a/db', 'a/web', 80)).toBe('allow');
    expect(verdict(withEgress, 'a/db', 'b/web', 80)).toBe('deny');
    expect(verdict(withEgress, 'a/web', 'a/db', 80)).toBe('deny');
  });

  it('isolates for an explicit policyType even with no rules, and `from` missing means any source', () => {
    const model = modelOf([...base, netpol('a', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] }), netpol('b', 'open', { podSelector: {}, ingress: [{}] })]);
    expect(verdict(model, 'a/web', 'b/web', 80)).toBe('deny');
    expect(verdict(model, 'b/web', 'a/db', 80)).toBe('allow');
  });
});

describe('NetworkPolicy peers', () => {
  it('ANDs namespaceSelector and podSelector inside one peer, ORs separate peers', () => {
    const and = modelOf([...base, netpol('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } }, podSelector: { matchLabels: { app: 'web' } } }] }] })]);
    expect(verdict(and, 'b/web', 'a/db', 80)).toBe('allow');
    expect(verdict(and, 'a/web', 'a/db', 80)).toBe('deny');
    const or = modelOf([...base, netpol('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } } }, { podSelector: { matchLabels: { app: 'web' } } }] }] })]);
    expect(verdict(or, 'b/web', 'a/db', 80)).toBe('allow');
    expect(verdict(or, 'a/web', 'a/db', 80)).toBe('allow');
  });

  it('matches ipBlock with except on external addresses', () => {
    const model = modelOf([...base, netpol('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ ipBlock: { cidr: '172.16.0.0/16', except: ['172.16.1.0/24'] } }] }] })]);
    expect(verdict(model, '172.16.0.9', 'a/db', 80)).toBe('allow');
    expect(verdict(model, '172.16.1.9', 'a/db', 80)).toBe('deny');
    expect(verdict(model, '8.8.8.8', 'a/db', 80)).toBe('deny');
  });

  it('shows flows that depend on labels of a namespace without a Namespace object as unknown', () => {
    const objects = [namespace('a'), deployment('a', 'db', { app: 'db' }), deployment('c', 'client', { app: 'client' }), netpol('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } } }] }] })];
    const result = flow(modelOf(objects), 'c/client', 'a/db', 80);
    expect(result.verdict).toBe('unknown');
    expect(result.steps[1].reason).toMatch(/namespace labels/);
    // The automatic name label is always known.
    const byName = modelOf([...objects.slice(0, 3), netpol('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'c' } } }] }] })]);
    expect(verdict(byName, 'c/client', 'a/db', 80)).toBe('allow');
  });
});

describe('NetworkPolicy ports', () => {
  it('resolves named ports and honours endPort ranges and protocols', () => {
    const model = modelOf([
      namespace('a'),
      deployment('a', 'client', { app: 'client' }),
      deployment('a', 'srv', { app: 'srv' }, { ports: [{ name: 'metrics', containerPort: 9100 }] }),
      netpol('a', 'p', { podSelector: { matchLabels: { app: 'srv' } }, ingress: [{ ports: [{ port: 'metrics' }, { port: 8000, endPort: 8010 }, { protocol: 'UDP', port: 53 }] }] }),
    ]);
    expect(verdict(model, 'a/client', 'a/srv', 9100)).toBe('allow');
    expect(verdict(model, 'a/client', 'a/srv', 8005)).toBe('allow');
    expect(verdict(model, 'a/client', 'a/srv', 8011)).toBe('deny');
    expect(verdict(model, 'a/client', 'a/srv', 53, 'UDP')).toBe('allow');
    expect(verdict(model, 'a/client', 'a/srv', 53, 'TCP')).toBe('deny');
  });
});
