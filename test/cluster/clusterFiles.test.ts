// The one merge rule between the workspace and the cluster (clusterFiles.ts): a workspace object replaces the
// cluster object of the same kind/namespace/name; a Deployment manifest replaces the cluster's pods of that
// Deployment; everything else from the cluster stays. And the pod → workload naming it relies on.
import { describe, expect, it } from 'vitest';
import { clusterFileUri, isClusterUri, objectIdentity, podWorkload, renderClusterFiles, WorkspaceIdentities } from '../../server/src/cluster/clusterFiles';
import { trimClusterObject, type ClusterObject } from '../../server/src/cluster/clusterObject';
import { deploymentPod, namespace, networkPolicy } from './clusterFixtures';
import { AnalysisHost } from '../../server/src/analysis/host/analysisHost';

const object = (raw: Record<string, unknown>): ClusterObject => trimClusterObject(String(raw.kind), String(raw.apiVersion), raw)!;

describe('cluster objects as workspace files', () => {
  const cluster = [
    object(namespace('shop')),
    object(deploymentPod('shop', 'web', 1)),
    object(deploymentPod('shop', 'api', 2)),
    object(networkPolicy('shop', 'api-from-web', 'api', 'web')),
    object(networkPolicy('shop', 'db-from-api', 'db', 'api')),
  ];

  it('names a ReplicaSet pod by its Deployment (the <deployment>-<pod-template-hash> naming), other owners as they are', () => {
    expect(podWorkload(cluster[1]!)).toEqual({ kind: 'Deployment', name: 'web' });
    const statefulPod = object({ ...deploymentPod('shop', 'db', 3), metadata: { name: 'db-0', namespace: 'shop', labels: { app: 'db' }, ownerReferences: [{ kind: 'StatefulSet', name: 'db', controller: true }] } });
    expect(podWorkload(statefulPod)).toEqual({ kind: 'StatefulSet', name: 'db' });
    const bare = object({ ...deploymentPod('shop', 'x', 4), metadata: { name: 'debug', namespace: 'shop' } });
    expect(podWorkload(bare)).toEqual({ kind: 'Pod', name: 'debug' });
  });

  it('a policy of the workspace with the same kind/namespace/name replaces the cluster one; the other cluster policy stays', () => {
    const workspace = [{ uri: 'file:///repo/api.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-from-web, namespace: shop}\nspec: {podSelector: {}}\n' }];
    const shadowed = new WorkspaceIdentities().of(workspace);
    expect(shadowed).toEqual(new Set([objectIdentity('NetworkPolicy', 'shop', 'api-from-web')]));
    const files = renderClusterFiles('prod', cluster, shadowed);
    const policies = files.find((f) => f.uri === clusterFileUri('prod', 'NetworkPolicy', 'shop'))!.text;
    expect(policies).toContain('"db-from-api"');
    expect(policies).not.toContain('"api-from-web"');
    // The same name in another namespace or of another kind is another object.
    const other = new WorkspaceIdentities().of([{ uri: 'file:///x.yaml', text: 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: api-from-web, namespace: shop}\nspec: {endpointSelector: {}}\n' }]);
    expect(renderClusterFiles('prod', cluster, other).find((f) => f.uri === clusterFileUri('prod', 'NetworkPolicy', 'shop'))!.text).toContain('"api-from-web"');
  });

  it('a Deployment manifest of the workspace replaces the running pods of that Deployment; a default namespace applies', () => {
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web, version: v2}}\n    spec: {containers: [{name: web, image: web:2}]}\n';
    const shadowed = new WorkspaceIdentities('shop').of([{ uri: 'file:///repo/web.yaml', text: manifest }]);
    const pods = renderClusterFiles('prod', cluster, shadowed).find((f) => f.uri === clusterFileUri('prod', 'Pod', 'shop'))!.text;
    expect(pods).not.toContain('"web-7d9c8b6f5');
    expect(pods).toContain('"api-7d9c8b6f5');
  });

  it('leaves out pods that ended, keeps cluster files apart by uri, and ignores cluster files as a source of identities', () => {
    const done = object({ ...deploymentPod('shop', 'job', 5), status: { phase: 'Succeeded' } });
    const files = renderClusterFiles('prod', [...cluster, done], new Set());
    expect(files.every((f) => isClusterUri(f.uri))).toBe(true);
    expect(files.map((f) => f.text).join('')).not.toContain('"job-');
    expect(new WorkspaceIdentities().of(files).size).toBe(0);
    expect(clusterFileUri('a b', 'Namespace', undefined)).toBe('meshlens-cluster://a%20b/Namespace/_cluster');
  });

  it('hands its objects over as typed documents at their offsets in the text, which the host reads without parsing', () => {
    const files = renderClusterFiles('prod', cluster, new Set());
    for (const file of files) {
      expect(file.documents.length).toBeGreaterThan(0);
      for (const document of file.documents) {
        expect(file.text.slice(document.start, document.start + document.text.length)).toBe(document.text);
        expect(JSON.parse(document.text)).toEqual(document.value);
      }
    }
    // Non-policy objects keep their identity (no copy per render): an unchanged object is an unchanged document.
    const policies = (f: typeof files) => f.find((x) => x.uri === clusterFileUri('prod', 'NetworkPolicy', 'shop'))!.documents.map((d) => d.value);
    expect(policies(renderClusterFiles('prod', cluster, new Set()))).toEqual(policies(files));
    expect(policies(renderClusterFiles('prod', cluster, new Set())).every((value, i) => value === policies(files)[i])).toBe(true);
    // The host's workspace model reads them as it reads YAML, and never analyses a cluster file as a file of its own.
    const host = new AnalysisHost();
    host.setWorkspaceFiles(files);
    const { inventory } = host.snapshot().traffic().model;
    expect(inventory.workloads.map((w) => w.id).sort()).toEqual(['shop/api', 'shop/web']);
    expect(inventory.policies.map((p) => p.name).sort()).toEqual(['api-from-web', 'db-from-api']);
    expect(host.analysesRun).toBe(0);
  });
});
