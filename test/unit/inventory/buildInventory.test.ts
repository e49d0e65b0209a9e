// The workspace inventory: workload kinds and their pod templates, Pods grouped by owner, List kinds,
// JSON files, default namespaces, services, service accounts, waypoints and mesh modes.
import { describe, expect, it } from 'vitest';
import { buildInventory, inventoryFileFromText } from '../../../server/src/analysis/inventory/buildInventory';

const yaml = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      serviceAccountName: db-sa
      containers: [{name: pg, ports: [{name: sql, containerPort: 5432}, {containerPort: 9187, protocol: UDP}]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: backup}}, spec: {hostNetwork: true, containers: [{name: c}]}}}}}
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: Service, metadata: {name: db, namespace: shop, labels: {istio.io/use-waypoint: wp}}, spec: {selector: {app: db}, ports: [{name: sql, port: 5432, targetPort: sql}]}}
  - {apiVersion: v1, kind: ServiceAccount, metadata: {name: db-sa, namespace: shop}}
  - {apiVersion: gateway.networking.k8s.io/v1, kind: Gateway, metadata: {name: wp, namespace: shop, labels: {istio.io/waypoint-for: all}}, spec: {gatewayClassName: istio-waypoint}}
  - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: p, namespace: shop}, spec: {podSelector: {}}}
`;

const podList = JSON.stringify({
  kind: 'PodList',
  apiVersion: 'v1',
  items: [
    { metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d9', controller: true }] }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }, status: { podIP: '10.0.0.5' } },
    { metadata: { name: 'web-2', namespace: 'shop', labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d9', controller: true }] }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }, status: { podIP: '10.0.0.6' } },
  ],
});

describe('buildInventory', () => {
  const inventory = buildInventory([inventoryFileFromText('a.yaml', yaml, 'batch'), inventoryFileFromText('pods.json', podList)], { defaultNamespace: 'fallback' });

  it('reads pod templates of every workload kind, with ports, service account and hostNetwork', () => {
    const db = inventory.workloads.find((w) => w.id === 'shop/db');
    expect(db).toMatchObject({ kind: 'StatefulSet', labels: { app: 'db' }, serviceAccount: 'db-sa', hostNetwork: false, ports: [{ name: 'sql', port: 5432, protocol: 'TCP' }, { port: 9187, protocol: 'UDP' }] });
    // CronJob: spec.jobTemplate.spec.template; no namespace: the file's default wins over the setting.
    expect(inventory.workloads.find((w) => w.name === 'backup')).toMatchObject({ id: 'batch/backup', kind: 'CronJob', labels: { app: 'backup' }, hostNetwork: true, serviceAccount: 'default' });
  });

  it('gives workloads that declare the same container ports one shared, read-only port list, and others their own', () => {
    const deployment = (name: string, ports: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec: {template: {spec: {containers: [{name: c, ports: ${ports}}]}}}\n`;
    const inv = buildInventory([
      inventoryFileFromText('x.yaml', [deployment('a', '[{name: http, containerPort: 8080}, {containerPort: 53, protocol: UDP}]'), deployment('b', '[{name: http, containerPort: 8080}, {containerPort: 53, protocol: UDP}]'), deployment('c', '[{name: http, containerPort: 8081}]'), deployment('d', '[]')].join('---\n')),
      inventoryFileFromText('y.yaml', deployment('e', '[{name: http, containerPort: 8080}, {containerPort: 53, protocol: UDP}]')),
    ]);
    const ports = (name: string) => inv.workloads.find((w) => w.name === name)!.ports;
    expect(ports('a')).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }]);
    expect(ports('b')).toBe(ports('a'));
    expect(ports('e')).toBe(ports('a'));
    expect(ports('c')).toEqual([{ name: 'http', port: 8081, protocol: 'TCP' }]);
    expect(ports('c')).not.toBe(ports('a'));
    expect(ports('d')).toEqual([]);
    expect(Object.isFrozen(ports('a'))).toBe(true);
  });

  it('groups Pods of one owner into one workload named after the owner, from a JSON PodList with kind-less items', () => {
    const web = inventory.workloads.filter((w) => w.namespace === 'shop' && w.labels.app === 'web');
    expect(web).toHaveLength(1);
    expect(web[0]).toMatchObject({ id: 'shop/web-5d9', kind: 'ReplicaSet', ips: ['10.0.0.5', '10.0.0.6'] });
  });

  it('reads Services, ServiceAccounts, waypoints and policies inside List kinds', () => {
    expect(inventory.services).toEqual([expect.objectContaining({ id: 'shop/db', selector: { app: 'db' }, labels: { 'istio.io/use-waypoint': 'wp' }, ports: [{ name: 'sql', port: 5432, targetPort: 'sql', protocol: 'TCP' }] })]);
    expect(inventory.serviceAccounts).toEqual([{ namespace: 'shop', name: 'db-sa' }]);
    expect(inventory.waypoints).toEqual([expect.objectContaining({ id: 'shop/wp', waypointFor: 'all' })]);
    expect(inventory.policies.map((p) => `${p.kind} ${p.namespace}/${p.name} ${p.source.basePath.join('.')}`)).toEqual(['NetworkPolicy shop/p items.3']);
  });

  it('knows declared namespaces and adds undeclared ones with only the name label', () => {
    expect(inventory.namespaces.get('shop')).toMatchObject({ declared: true, labels: { 'istio.io/dataplane-mode': 'ambient', 'kubernetes.io/metadata.name': 'shop' } });
    expect(inventory.namespaces.get('batch')).toEqual({ name: 'batch', labels: { 'kubernetes.io/metadata.name': 'batch' }, declared: false });
  });

  it('carries the data-plane and namespace settings it was read under (one workspace model)', () => {
    expect(inventory.dataplaneMode).toBe('auto');
    const inv = buildInventory([], { dataplaneMode: 'ambient', defaultNamespace: 'team-a' });
    expect([inv.dataplaneMode, inv.defaultNamespace]).toEqual(['ambient', 'team-a']);
  });

  it('uses the defaultNamespace setting when a file has no default', () => {
    const inv = buildInventory([inventoryFileFromText('d.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: lone}\nspec: {containers: [{name: c}]}\n')], { defaultNamespace: 'team-a' });
    expect(inv.workloads.map((w) => w.id)).toEqual(['team-a/lone']);
  });

  it('never throws on malformed objects', () => {
    const text = 'kind: Deployment\nmetadata: {name: x}\nspec: {template: 7}\n---\nkind: List\nitems: 3\n---\n[1, 2]\n---\nkind: Service\nmetadata: {name: s}\nspec: {ports: [null, {port: x}]}\n';
    expect(() => buildInventory([inventoryFileFromText('bad.yaml', text)])).not.toThrow();
  });
});
