// The one mesh-mode owner (semantics.md §B.1). Upstream: istio/istio
// manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml (sidecar injection:
// namespace istio-injection=enabled or istio.io/rev, pod sidecar.istio.io/inject), istio/api
// label/labels.yaml and istio.io docs/ambient/usage/add-workloads (istio.io/dataplane-mode; the pod label
// wins, `none` opts out; a sidecar wins over ambient).
import { describe, expect, it } from 'vitest';
import { labelledMeshMode, namespaceMeshMode, workloadMeshMode } from '../../../server/src/analysis/workspace/meshMode';

describe('mesh mode of a workload', () => {
  const cases: [string, Record<string, string>, Record<string, string>, string | undefined][] = [
    ['namespace injection', {}, { 'istio-injection': 'enabled' }, 'sidecar'],
    ['revision label on the namespace', {}, { 'istio.io/rev': 'canary' }, 'sidecar'],
    ['revision label but injection disabled', {}, { 'istio.io/rev': 'canary', 'istio-injection': 'disabled' }, 'none'],
    ['pod opts out of injection', { 'sidecar.istio.io/inject': 'false' }, { 'istio-injection': 'enabled' }, 'none'],
    ['pod asks for a sidecar in an ambient namespace (sidecar wins)', { 'sidecar.istio.io/inject': 'true' }, { 'istio.io/dataplane-mode': 'ambient' }, 'sidecar'],
    ['ambient namespace', {}, { 'istio.io/dataplane-mode': 'ambient' }, 'ambient'],
    ['pod label enrols one workload', { 'istio.io/dataplane-mode': 'ambient' }, {}, 'ambient'],
    ['pod opts out of an ambient namespace', { 'istio.io/dataplane-mode': 'none' }, { 'istio.io/dataplane-mode': 'ambient' }, 'none'],
    ['no sidecar but ambient pod label', { 'sidecar.istio.io/inject': 'false', 'istio.io/dataplane-mode': 'ambient' }, {}, 'ambient'],
    ['istio-cni ignores istio-injection=disabled', {}, { 'istio-injection': 'disabled', 'istio.io/dataplane-mode': 'ambient' }, 'ambient'],
    ['no label at all', {}, {}, undefined],
    // object.sidecar-injector's namespaceSelector requires istio-injection DoesNotExist.
    ['pod asks for a sidecar in a namespace with injection disabled', { 'sidecar.istio.io/inject': 'true' }, { 'istio-injection': 'disabled' }, 'none'],
    ['pod asks for a sidecar in a revision namespace', { 'sidecar.istio.io/inject': 'true' }, { 'istio.io/rev': 'canary' }, 'sidecar'],
  ];
  for (const [name, pod, ns, mode] of cases) it(name, () => expect(labelledMeshMode(pod, ns)).toBe(mode));

  it('reads the inject annotation as the injector does', () => {
    expect(workloadMeshMode({ labels: {}, annotations: { 'sidecar.istio.io/inject': 'false' } }, { 'istio-injection': 'enabled' }, 'auto')).toBe('none');
  });

  it('a namespace alone', () => {
    expect(namespaceMeshMode({ 'istio.io/dataplane-mode': 'ambient' })).toBe('ambient');
    expect(namespaceMeshMode({})).toBeUndefined();
  });

  it('the meshlens.istio.dataplaneMode setting wins over labels; observed state wins over the setting', () => {
    expect(workloadMeshMode({ labels: {} }, {}, 'auto')).toBe('none');
    expect(workloadMeshMode({ labels: {} }, { 'istio.io/dataplane-mode': 'ambient' }, 'sidecar')).toBe('sidecar');
    expect(workloadMeshMode({ labels: {} }, { 'istio-injection': 'enabled' }, 'ambient')).toBe('ambient');
    expect(workloadMeshMode({ labels: {}, declaredMeshMode: 'none' }, {}, 'ambient')).toBe('none');
  });

  it('never puts a host-network pod in the mesh (injectRequired skips it, istio-cni cannot redirect it)', () => {
    expect(workloadMeshMode({ labels: {}, hostNetwork: true }, { 'istio-injection': 'enabled' }, 'auto')).toBe('none');
    expect(workloadMeshMode({ labels: {}, hostNetwork: true }, {}, 'ambient')).toBe('none');
  });
});
