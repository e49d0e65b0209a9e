// The mesh-interop checks (ML4014-ML4016) read two workspace facts: whether any Cilium policy allows the ambient
// probe source (istio.io docs/ambient/install/platform-prerequisites: 169.254.7.127) and which namespaces disable mTLS
// (PeerAuthentication mtls.mode DISABLE, istio security/v1beta1). They are kept per run of the workspace, so a new
// revision re-reads only the runs it changed; these tests compare that against a workspace read afresh, over
// seeded random edits.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { workspaceOfRuns, type EnforcementWorkspace, type WorkspacePolicy } from '../../../server/src/analysis/enforcement/enforcementWorkspace';
import { meshInteropPitfalls } from '../../../server/src/analysis/enforcement/pitfalls/meshInteropPitfalls';
import { seededRandom } from '../../support/seededRandom';

const namespaces = ['amb-a', 'amb-b', 'side', 'plain'];
const namespaceText = [
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: amb-a\n  labels:\n    istio.io/dataplane-mode: ambient\n',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: amb-b\n  labels:\n    istio.io/dataplane-mode: ambient\n',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: side\n  labels:\n    istio-injection: enabled\n',
].join('---\n');

/** One random policy document: a Cilium policy (L7 rule, probe CIDR or not) or a PeerAuthentication. */
function randomPolicy(random: () => number, name: string): string {
  const namespace = namespaces[Math.floor(random() * namespaces.length)];
  const pick = random();
  if (pick < 0.2) {
    const mode = random() < 0.5 ? 'DISABLE' : 'STRICT';
    return `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  mtls:\n    mode: ${mode}\n`;
  }
  const from = random() < 0.1 ? '  - fromCIDR:\n    - 169.254.0.0/16\n' : '  - fromEntities:\n    - cluster\n';
  const http = random() < 0.5 ? '  - toPorts:\n    - ports:\n      - port: "80"\n      rules:\n        http:\n        - method: GET\n' : '  - toPorts:\n    - ports:\n      - port: "8080"\n';
  return `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  endpointSelector: {}\n  ingress:\n${from}${http}`;
}

function policiesOf(text: string, key: string): WorkspacePolicy[] {
  return analyzeText(text).documents.flatMap((d) => (d.policy ? [{ key: `${key}#${d.yaml.index}`, policy: d.policy }] : []));
}

const findingsIn = (workspace: EnforcementWorkspace) =>
  workspace.policies.map(({ key, policy }) => ({ key, findings: meshInteropPitfalls(policy, workspace).map((f) => `${f.code} ${f.message}`) }));

describe('mesh-interop workspace facts', () => {
  it('a workspace of runs, edited run by run, gives the findings of the same policies read afresh', () => {
    const dataplane = buildEnforcementWorkspace([{ key: 'ns.yaml', analysis: analyzeText(namespaceText) }]).dataplane;
    let seen = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      let serial = 0;
      const runOf = (size: number) => policiesOf(Array.from({ length: size }, () => randomPolicy(random, `p${serial++}`)).join('---\n'), `f${serial}`);
      let runs = Array.from({ length: 6 }, () => runOf(1 + Math.floor(random() * 4)));
      for (let revision = 0; revision < 25; revision++) {
        const incremental = workspaceOfRuns(dataplane, runs);
        // Fresh: new arrays, so nothing kept per run or per workspace is reused.
        const fresh: EnforcementWorkspace = { dataplane, policies: runs.flat().map((p) => ({ ...p })) };
        const found = findingsIn(incremental);
        expect(found, `seed ${seed}, revision ${revision}`).toEqual(findingsIn(fresh));
        seen = new Set([...seen, ...found.flatMap((f) => f.findings.map((text) => text.slice(0, 6)))]);
        // An edit replaces one run (as an edited segment does); the others stay the same arrays.
        const at = Math.floor(random() * runs.length);
        runs = runs.map((run, i) => (i === at ? runOf(1 + Math.floor(random() * 4)) : run));
      }
    }
    // The random workspaces reach the findings the two facts suppress (ML4014: mTLS DISABLE; ML4016: probe allow).
    expect([...seen].sort()).toEqual(expect.arrayContaining(['ML4014', 'ML4016']));
  });

  it('a probe allow or an mTLS DISABLE added in another run changes the findings of an unchanged run', () => {
    const dataplane = buildEnforcementWorkspace([{ key: 'ns.yaml', analysis: analyzeText(namespaceText) }]).dataplane;
    const target = policiesOf('apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: t\n  namespace: amb-a\nspec:\n  endpointSelector: {}\n  ingress:\n  - fromEntities:\n    - cluster\n    toPorts:\n    - ports:\n      - port: "80"\n      rules:\n        http:\n        - method: GET\n', 't');
    const codes = (runs: WorkspacePolicy[][]) => {
      const workspace = workspaceOfRuns(dataplane, runs);
      return meshInteropPitfalls(target[0].policy, workspace).map((f) => f.code).sort();
    };
    expect(codes([target])).toEqual(['ML4014', 'ML4015', 'ML4016']);
    const probe = policiesOf('apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: probe\n  namespace: amb-a\nspec:\n  endpointSelector: {}\n  ingress:\n  - fromCIDR:\n    - 169.254.7.127/32\n', 'probe');
    expect(codes([target, probe])).toEqual(['ML4014', 'ML4015']);
    const disable = policiesOf('apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: off\n  namespace: amb-a\nspec:\n  mtls:\n    mode: DISABLE\n', 'off');
    expect(codes([target, probe, disable])).toEqual(['ML4015']);
    expect(codes([target])).toEqual(['ML4014', 'ML4015', 'ML4016']);
  });
});
