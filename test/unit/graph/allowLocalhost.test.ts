// The local host always reaches pods on its own node under Kubernetes; remote nodes meet policy.
// Upstream: cilium pkg/option/config.go (AllowLocalhost: "auto" defaults to policy except in Kubernetes, where
// it is "always"; AlwaysAllowLocalhost), daemon/cmd/daemon.go (k8s mode: allowing localhost to reach local
// endpoints), pkg/policy/mapstate.go determineAllowLocalhostIngress (an allow for the host identity, inserted
// deny-preferred); kubernetes.io/docs/concepts/services-networking/network-policies "What you can't do" (pods
// cannot block access from their resident node). semantics.md §A.1.15, case E6.
import { describe, expect, it } from 'vitest';
import { ccnp, cnp, deployment, flow, modelOf, namespace, netpol, type K8sObject } from './trafficFixture';

const base = [namespace('shop'), namespace('other'), deployment('shop', 'db', { app: 'db' }), deployment('shop', 'api', { app: 'api' }), deployment('other', 'agent', { app: 'agent' }, { hostNetwork: true })];
const onlyApi = cnp('shop', 'db-in', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }] });
const denyAll = cnp('shop', 'db-lock', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{}] });
const denyHost = ccnp('no-host', { endpointSelector: { matchLabels: { app: 'db' } }, ingressDeny: [{ fromEntities: ['host'] }] });
const remoteOk = cnp('shop', 'db-remote', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEntities: ['remote-node'] }] });
const netpolLock = netpol('shop', 'db-lock', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] });
const l7Only = cnp('shop', 'db-l7', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'GET' }] } }] }] });

describe('allow-localhost (auto = always under Kubernetes)', () => {
  const table: [string, K8sObject[], string, number, string, RegExp][] = [
    ['host → pod isolated by an allow list', [onlyApi], 'host', 22, 'allow', /allow-localhost/],
    ['host → pod under ingress: [{}]', [denyAll], 'host', 5432, 'allow', /local host always reaches/],
    ['host → pod under a NetworkPolicy deny-all', [netpolLock], 'host', 8080, 'allow', /allow-localhost/],
    ['host → pod whose L7 rule would refuse the request', [l7Only], 'host', 8080, 'allow', /allow-localhost/],
    ['an explicit ingressDeny of host still wins', [denyHost], 'host', 5432, 'deny', /explicit deny/],
    ['remote-node is subject to policy', [onlyApi], 'remote-node', 5432, 'deny', /default deny/],
    ['remote-node allowed by fromEntities', [remoteOk], 'remote-node', 5432, 'allow', /allowed by rule/],
    ['a host-network pod may sit on another node', [onlyApi], 'other/agent', 5432, 'unknown', /own node.*remote-node/],
    ['a pod-network peer gets no localhost pass', [denyAll], 'shop/api', 5432, 'deny', /default deny/],
  ];
  it.each(table)('%s', (_name, policies, from, port, expected, reason) => {
    const result = flow(modelOf([...base, ...policies]), from, 'shop/db', port);
    const ingress = result.steps.find((s) => s.direction === 'ingress');
    expect(result.verdict).toBe(expected);
    expect(ingress?.verdict).toBe(expected);
    expect(ingress?.reason).toMatch(reason);
  });

  it('leaves pod → host egress to policy', () => {
    const egressLock = cnp('shop', 'db-out', { endpointSelector: { matchLabels: { app: 'db' } }, egress: [{}] });
    expect(flow(modelOf([...base, egressLock]), 'shop/db', 'host', 10250).verdict).toBe('deny');
  });

  it('carries no L7 constraint for the host (L7 rules are wildcarded for it)', () => {
    const result = flow(modelOf([...base, l7Only]), 'host', 'shop/db', 8080, 'TCP', { method: 'DELETE', path: '/' });
    expect(result.verdict).toBe('allow');
    expect(result.steps.flatMap((s) => s.l7)).toEqual([]);
  });
});
