// Cilium policy semantics, one tiny workspace per rule (../shared/design/semantics.md §A.1 and §E).
import { describe, expect, it } from 'vitest';
import { ccnp, cnp, deployment, flow, modelOf, namespace, verdict } from './trafficFixture';

const shop = [namespace('shop'), namespace('other'), deployment('shop', 'db', { app: 'db' }), deployment('shop', 'api', { app: 'api' }), deployment('other', 'api', { app: 'api' })];
const dbFromApi = cnp('shop', 'db-ingress', {
  endpointSelector: { matchLabels: { app: 'db' } },
  ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }],
});

describe('Cilium default deny and allow lists', () => {
  it('allows everything when no policy selects the workload (E1)', () => {
    expect(verdict(modelOf(shop), 'shop/api', 'shop/db', 5432)).toBe('allow');
  });

  it('allows the selected peer on the listed port and drops other ports (E2, E3)', () => {
    const model = modelOf([...shop, dbFromApi]);
    expect(verdict(model, 'shop/api', 'shop/db', 5432)).toBe('allow');
    const denied = flow(model, 'shop/api', 'shop/db', 22);
    expect(denied.verdict).toBe('deny');
    expect(denied.steps.find((s) => s.direction === 'ingress')).toMatchObject({ enforcer: 'cilium-bpf', verdict: 'deny', reason: expect.stringMatching(/^default deny/) });
  });

  it('pins fromEndpoints to the policy namespace unless the selector names one (E4, E5)', () => {
    expect(verdict(modelOf([...shop, dbFromApi]), 'other/api', 'shop/db', 5432)).toBe('deny');
    const crossNamespace = cnp('shop', 'db-ingress', {
      endpointSelector: { matchLabels: { app: 'db' } },
      ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'other', app: 'api' } }] }],
    });
    const model = modelOf([...shop, crossNamespace]);
    expect(verdict(model, 'other/api', 'shop/db', 5432)).toBe('allow');
    expect(verdict(model, 'shop/api', 'shop/db', 5432)).toBe('deny');
  });

  it('lets a CCNP peer match any namespace but not host-network pods (E6)', () => {
    const model = modelOf([...shop, deployment('other', 'agent', { app: 'api' }, { hostNetwork: true }), ccnp('db', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }] }] })]);
    expect(verdict(model, 'other/api', 'shop/db', 5432)).toBe('allow');
    // The selector does not match the host-network pod; only allow-localhost admits it, and only from db's own node.
    expect(verdict(model, 'other/agent', 'shop/db', 5432)).toBe('unknown');
    expect(verdict(model, 'remote-node', 'shop/db', 5432)).toBe('deny');
    expect(verdict(model, 'host', 'shop/db', 5432)).toBe('allow');
  });

  it('treats `ingress: [{}]` as deny-all ingress that leaves egress alone (E7)', () => {
    const model = modelOf([...shop, cnp('shop', 'lock', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{}] })]);
    expect(verdict(model, 'shop/api', 'shop/db', 5432)).toBe('deny');
    expect(verdict(model, 'shop/db', 'shop/api', 8080)).toBe('allow');
  });

  it('tells an explicitly empty peer list from a missing one (E7b)', () => {
    const empty = modelOf([...shop, cnp('shop', 'p', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [], toPorts: [{ ports: [{ port: '80' }] }] }] })]);
    const missing = modelOf([...shop, cnp('shop', 'p', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ toPorts: [{ ports: [{ port: '80' }] }] }] })]);
    expect(verdict(empty, 'shop/api', 'shop/db', 80)).toBe('deny');
    expect(verdict(missing, 'shop/api', 'shop/db', 80)).toBe('allow');
    expect(verdict(missing, 'other/api', 'shop/db', 80)).toBe('allow');
  });

  it('keeps enableDefaultDeny: false from changing the posture (E21)', () => {
    const model = modelOf([...shop, ccnp('dns', { endpointSelector: {}, enableDefaultDeny: { egress: false }, egress: [{ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }] }] }] })]);
    expect(verdict(model, 'shop/api', 'shop/db', 8080)).toBe('allow');
  });

  it('blocks ICMP once an L4 rule applies (E20)', () => {
    const model = modelOf([...shop, dbFromApi]);
    expect(verdict(model, 'shop/api', 'shop/db', 0, 'ICMP')).toBe('deny');
  });
});

describe('Cilium deny rules', () => {
  it('lets ingressDeny win over a broader allow on the same port only (E12)', () => {
    const model = modelOf([
      ...shop,
      cnp('shop', 'p', {
        endpointSelector: { matchLabels: { app: 'db' } },
        ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '80' }, { port: '81' }] }] }],
        ingressDeny: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '80' }] }] }],
      }),
    ]);
    const denied = flow(model, 'shop/api', 'shop/db', 80);
    expect(denied.verdict).toBe('deny');
    expect(denied.steps[1]).toMatchObject({ reason: 'explicit deny rule', rules: [expect.objectContaining({ path: ['spec', 'ingressDeny', 0, 'toPorts', 0] })] });
    expect(verdict(model, 'shop/api', 'shop/db', 81)).toBe('allow');
  });

  it('lets a CCNP deny from world beat a CNP allow from world (E13)', () => {
    const model = modelOf([
      ...shop,
      ccnp('no-world', { endpointSelector: {}, ingressDeny: [{ fromEntities: ['world'] }] }),
      cnp('shop', 'allow-world', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEntities: ['world'] }] }),
    ]);
    expect(verdict(model, '203.0.113.9', 'shop/db', 443)).toBe('deny');
  });
});

describe('Cilium L7, FQDN, CIDR and entity peers', () => {
  const l7 = cnp('shop', 'public', {
    endpointSelector: { matchLabels: { app: 'db' } },
    ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: { http: [{ method: 'GET', path: '/public' }] } }] }],
  });

  it('allows matching requests, answers others with 403 and drops other ports (E8-E10)', () => {
    const model = modelOf([...shop, l7]);
    expect(verdict(model, 'shop/api', 'shop/db', 80, 'TCP', { method: 'GET', path: '/public' })).toBe('allow');
    const post = flow(model, 'shop/api', 'shop/db', 80, 'TCP', { method: 'POST', path: '/public' });
    expect(post.verdict).toBe('deny');
    expect(post.steps[1]).toMatchObject({ enforcer: 'cilium-envoy', reason: expect.stringContaining('403') });
    expect(verdict(model, 'shop/api', 'shop/db', 8080)).toBe('deny');
  });

  it('drops the L7 restriction when an L4-only rule allows the same peer and port (E11)', () => {
    const l4 = cnp('shop', 'l4', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] });
    expect(verdict(modelOf([...shop, l7, l4]), 'shop/api', 'shop/db', 80, 'TCP', { method: 'POST', path: '/admin' })).toBe('allow');
  });

  const dns = { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }] };
  const fqdns = { toFQDNs: [{ matchName: 'api.example.com' }, { matchPattern: '*.cdn.example.com' }], toPorts: [{ ports: [{ port: '443' }] }] };

  it('needs a DNS rule for toFQDNs to learn any IP (E15)', () => {
    const result = flow(modelOf([...shop, cnp('shop', 'out', { endpointSelector: { matchLabels: { app: 'api' } }, egress: [fqdns] })]), 'shop/api', 'api.example.com', 443);
    expect(result.verdict).toBe('deny');
    expect(result.steps[0].reason).toMatch(/no DNS rule/);
    const narrowDns = { ...dns, toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchName: 'other.example.com' }] } }] };
    expect(verdict(modelOf([...shop, cnp('shop', 'out', { endpointSelector: { matchLabels: { app: 'api' } }, egress: [fqdns, narrowDns] })]), 'shop/api', 'api.example.com', 443)).toBe('deny');
  });

  it('matches toFQDNs names and patterns once DNS goes through the proxy (E14)', () => {
    const model = modelOf([...shop, cnp('shop', 'out', { endpointSelector: { matchLabels: { app: 'api' } }, egress: [fqdns, dns] })]);
    expect(verdict(model, 'shop/api', 'api.example.com', 443)).toBe('allow');
    expect(verdict(model, 'shop/api', 'img.cdn.example.com', 443)).toBe('allow');
    expect(verdict(model, 'shop/api', 'a.b.cdn.example.com', 443)).toBe('deny');
    expect(verdict(model, 'shop/api', 'evil.com', 443)).toBe('deny');
  });

  it('honours CIDR except and never matches in-cluster pods with CIDR rules (E17)', () => {
    const model = modelOf([...shop, cnp('shop', 'out', { endpointSelector: { matchLabels: { app: 'api' } }, egress: [{ toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] }] }] })]);
    expect(verdict(model, 'shop/api', '10.1.2.3', 443)).toBe('allow');
    expect(verdict(model, 'shop/api', '10.96.0.5', 443)).toBe('deny');
    expect(verdict(model, 'shop/api', 'shop/db', 443)).toBe('deny');
  });

  it('matches entities, with cluster covering host and kube-apiserver (E18)', () => {
    const model = modelOf([...shop, cnp('shop', 'out', { endpointSelector: { matchLabels: { app: 'api' } }, egress: [{ toEntities: ['kube-apiserver'] }] })]);
    expect(verdict(model, 'shop/api', 'kube-apiserver', 443)).toBe('allow');
    expect(verdict(model, 'shop/api', 'world', 443)).toBe('deny');
    const cluster = modelOf([...shop, cnp('shop', 'out', { endpointSelector: { matchLabels: { app: 'api' } }, egress: [{ toEntities: ['cluster'] }] })]);
    expect(verdict(cluster, 'shop/api', 'kube-apiserver', 443)).toBe('allow');
    expect(verdict(cluster, 'shop/api', 'other/api', 443)).toBe('allow');
    expect(verdict(cluster, 'shop/api', '8.8.8.8', 53, 'UDP')).toBe('deny');
  });
});

describe('Cilium identity labels and selectors', () => {
  it('selects peers by service account and by namespace labels', () => {
    const objects = [
      namespace('shop'),
      namespace('ops', { team: 'platform' }),
      deployment('shop', 'db', { app: 'db' }),
      deployment('shop', 'reader', { app: 'reader' }, { sa: 'reporting' }),
      deployment('shop', 'writer', { app: 'writer' }, { sa: 'default' }),
      deployment('ops', 'backup', { app: 'backup' }),
      cnp('shop', 'db', {
        endpointSelector: { matchLabels: { app: 'db' } },
        ingress: [
          { fromEndpoints: [{ matchLabels: { 'io.cilium.k8s.policy.serviceaccount': 'reporting' } }] },
          { fromEndpoints: [{ matchLabels: { 'k8s:io.cilium.k8s.namespace.labels.team': 'platform' } }] },
        ],
      }),
    ];
    const model = modelOf(objects);
    expect(verdict(model, 'shop/reader', 'shop/db', 5432)).toBe('allow');
    expect(verdict(model, 'shop/writer', 'shop/db', 5432)).toBe('deny');
    expect(verdict(model, 'ops/backup', 'shop/db', 5432)).toBe('allow');
  });

  it('evaluates every matchExpressions operator', () => {
    const workloads = [namespace('shop'), deployment('shop', 'db', { app: 'db' }), deployment('shop', 'a', { tier: 'web', env: 'prod' }), deployment('shop', 'b', { tier: 'batch' }), deployment('shop', 'c', { env: 'dev' })];
    const policy = (expression: Record<string, unknown>) => cnp('shop', 'p', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchExpressions: [expression] }] }] });
    const allowed = (expression: Record<string, unknown>) => ['a', 'b', 'c'].filter((n) => verdict(modelOf([...workloads, policy(expression)]), `shop/${n}`, 'shop/db', 80) === 'allow');
    expect(allowed({ key: 'tier', operator: 'In', values: ['web', 'batch'] })).toEqual(['a', 'b']);
    expect(allowed({ key: 'tier', operator: 'NotIn', values: ['web'] })).toEqual(['b', 'c']);
    expect(allowed({ key: 'env', operator: 'Exists' })).toEqual(['a', 'c']);
    expect(allowed({ key: 'env', operator: 'DoesNotExist' })).toEqual(['b']);
  });

  it('resolves named ports per destination workload', () => {
    const model = modelOf([
      namespace('shop'),
      deployment('shop', 'client', { app: 'client' }),
      deployment('shop', 'echo-a', { kind: 'echo' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
      deployment('shop', 'echo-b', { kind: 'echo' }, { ports: [{ name: 'http', containerPort: 9090 }] }),
      cnp('shop', 'p', { endpointSelector: { matchLabels: { kind: 'echo' } }, ingress: [{ toPorts: [{ ports: [{ port: 'http', protocol: 'TCP' }] }] }] }),
    ]);
    expect(verdict(model, 'shop/client', 'shop/echo-a', 8080)).toBe('allow');
    expect(verdict(model, 'shop/client', 'shop/echo-a', 9090)).toBe('deny');
    expect(verdict(model, 'shop/client', 'shop/echo-b', 9090)).toBe('allow');
  });

  it('needs both the sender egress and the receiver ingress to allow', () => {
    const model = modelOf([...shop, dbFromApi, cnp('shop', 'api-out', { endpointSelector: { matchLabels: { app: 'api' } }, egress: [{ toEndpoints: [{ matchLabels: { app: 'cache' } }] }] })]);
    const result = flow(model, 'shop/api', 'shop/db', 5432);
    expect(result.verdict).toBe('deny');
    expect(result.steps.map((s) => `${s.direction}:${s.verdict}`)).toEqual(['egress:deny', 'ingress:allow']);
  });
});
