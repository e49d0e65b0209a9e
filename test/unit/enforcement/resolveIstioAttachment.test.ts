// Data-plane mode and attachment resolution from workspace documents (semantics.md §B.1, §B.2).
import { describe, expect, it } from 'vitest';
import { scanDataplaneContext } from '../../../server/src/analysis/enforcement/dataplaneContext';
import type { DataplaneOverride } from '../../../server/src/analysis/workspace/meshMode';
import { resolveIstioAttachment } from '../../../server/src/analysis/enforcement/resolveIstioAttachment';

const namespace = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const deployment = (ns: string, name: string, labels: Record<string, string>) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns }, spec: { template: { metadata: { labels } } } });
const selector = (labels: Record<string, string>) => ({ selector: { matchLabels: labels } });

function resolve(spec: Record<string, unknown>, ns: string, docs: unknown[], override: DataplaneOverride = 'auto') {
  return resolveIstioAttachment(spec, ns, scanDataplaneContext(docs, override));
}

describe('Istio data-plane mode', () => {
  it('istio.io/rev on the namespace means sidecar injection', () => {
    expect(resolve(selector({ app: 'a' }), 'ns', [namespace('ns', { 'istio.io/rev': 'canary' })]).primary).toEqual({ enforcer: 'istio-sidecar', mode: 'sidecar' });
  });

  it('a pod asking for a sidecar in an ambient namespace gets the sidecar (sidecar wins)', () => {
    const docs = [namespace('ns', { 'istio.io/dataplane-mode': 'ambient' }), deployment('ns', 'a', { app: 'a', 'sidecar.istio.io/inject': 'true' })];
    expect(resolve(selector({ app: 'a' }), 'ns', docs).primary.enforcer).toBe('istio-sidecar');
  });

  it('a pod label enrols one workload in ambient', () => {
    const docs = [deployment('ns', 'a', { app: 'a', 'istio.io/dataplane-mode': 'ambient' })];
    expect(resolve(selector({ app: 'a' }), 'ns', docs).primary).toEqual({ enforcer: 'istio-ztunnel', mode: 'ambient' });
  });

  it('only the workloads of the policy namespace decide the mode (workloads are grouped per namespace)', () => {
    const docs = [deployment('other', 'a', { app: 'a', 'istio.io/dataplane-mode': 'ambient' }), deployment('ns', 'a', { app: 'a', 'sidecar.istio.io/inject': 'true' })];
    const context = scanDataplaneContext(docs);
    expect(resolveIstioAttachment(selector({ app: 'a' }), 'ns', context).primary).toEqual({ enforcer: 'istio-sidecar', mode: 'sidecar' });
    expect(resolveIstioAttachment(selector({ app: 'a' }), 'other', context).primary).toEqual({ enforcer: 'istio-ztunnel', mode: 'ambient' });
    expect(resolveIstioAttachment(selector({ app: 'a' }), 'none', context).primary.mode).toBe('unknown');
  });

  it('mixed workloads under one policy stay unknown with both outcomes', () => {
    const docs = [deployment('ns', 'a', { tier: 'x', 'istio.io/dataplane-mode': 'ambient' }), deployment('ns', 'b', { tier: 'x', 'sidecar.istio.io/inject': 'true' })];
    const attachment = resolve({}, 'ns', docs);
    expect(attachment.primary.mode).toBe('unknown');
    expect(attachment.alternatives).toEqual([{ enforcer: 'istio-ztunnel', mode: 'unknown' }]);
    expect(attachment.reason).toMatch(/mix data-plane modes/);
  });

  it('the root namespace without selector is mesh-wide', () => {
    const docs = [namespace('a', { 'istio.io/dataplane-mode': 'ambient' }), namespace('b', { 'istio.io/dataplane-mode': 'ambient' }), { kind: 'List', items: [namespace('c', { team: 'x' })] }];
    const attachment = resolve({}, 'istio-system', docs);
    expect(attachment.form).toBe('mesh');
    expect(attachment.primary).toEqual({ enforcer: 'istio-ztunnel', mode: 'ambient' });
  });

  it('the setting overrides the labels', () => {
    expect(resolve(selector({ app: 'a' }), 'ns', [namespace('ns', { 'istio-injection': 'enabled' })], 'ambient').primary.enforcer).toBe('istio-ztunnel');
  });

  it('targetRefs to a known non-waypoint Gateway goes to that gateway; unknown Gateway keeps both', () => {
    const gateway = { kind: 'Gateway', metadata: { name: 'edge', namespace: 'ns' }, spec: { gatewayClassName: 'istio' } };
    expect(resolve({ targetRefs: [{ kind: 'Gateway', name: 'edge' }] }, 'ns', [gateway]).primary).toEqual({ enforcer: 'istio-gateway', mode: 'n/a' });
    const unknown = resolve({ targetRefs: [{ kind: 'Gateway', name: 'other' }] }, 'ns', []);
    expect([unknown.primary, ...unknown.alternatives].map((o) => o.enforcer)).toEqual(['istio-waypoint', 'istio-gateway']);
  });

  it('targetRefs to a Service without a waypoint label is reported as not served', () => {
    const service = { kind: 'Service', metadata: { name: 'web', namespace: 'ns' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    expect(resolve({ targetRefs: [{ kind: 'Service', name: 'web' }] }, 'ns', [service]).nonWaypointTargets).toHaveLength(1);
    const labelled = { ...service, metadata: { ...service.metadata, labels: { 'istio.io/use-waypoint': 'wp' } } };
    expect(resolve({ targetRefs: [{ kind: 'Service', name: 'web' }] }, 'ns', [labelled]).nonWaypointTargets).toHaveLength(0);
  });

  it('a Service whose waypoint only takes workload traffic (istio.io/waypoint-for) is not served, as in the graph', () => {
    const service = { kind: 'Service', metadata: { name: 'web', namespace: 'ns', labels: { 'istio.io/use-waypoint': 'wp' } }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    const waypoint = (waypointFor: string) => ({ kind: 'Gateway', metadata: { name: 'wp', namespace: 'ns', labels: { 'istio.io/waypoint-for': waypointFor } }, spec: { gatewayClassName: 'istio-waypoint' } });
    const ref = { targetRefs: [{ kind: 'Service', name: 'web' }] };
    expect(resolve(ref, 'ns', [service, waypoint('workload')]).nonWaypointTargets.map((t) => t.why)).toEqual([expect.stringMatching(/waypoint-for=workload/)]);
    expect(resolve(ref, 'ns', [service, waypoint('all')]).nonWaypointTargets).toHaveLength(0);
  });

  it('a root-namespace selector reaches workloads of every namespace (policyattachment.go), as the graph attaches it', () => {
    const docs = [deployment('shop', 'a', { app: 'a', 'istio.io/dataplane-mode': 'ambient' })];
    expect(resolve(selector({ app: 'a' }), 'istio-system', docs).primary).toEqual({ enforcer: 'istio-ztunnel', mode: 'ambient' });
  });
});
