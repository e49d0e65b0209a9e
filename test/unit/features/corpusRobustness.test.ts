// Completion and hover never throw, at any offset of the real upstream corpus (valid and invalid files),
// and offer something at most key positions of policy documents. Skips when ../shared is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { completionAt } from '../../../server/src/analysis/features/completion';
import { hoverAt } from '../../../server/src/analysis/features/hover';
import { schemaAt } from '../../../server/src/analysis/schema/schemaCatalog';
import { splitDocuments } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { nodeAtOffset } from '../../../server/src/analysis/yaml/nodeAtOffset';
import { policyKinds } from '../../../server/src/analysis/policyKinds';
import { requireResource } from '../../support/requirement';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { codeActionsAt } from '../../../server/src/analysis/features/codeActions';
import { valueCompletionAt } from '../../../server/src/analysis/features/completionValues';
import { documentSymbols } from '../../../server/src/analysis/features/navigation';
import { workspaceValueIndex } from '../../../server/src/analysis/features/workspaceValues';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { allowFlowActionsAt } from '../../../server/src/analysis/features/flowActions';

/** A document that names one of the policy kinds (read from the kind table, not a copy of it). */
const policyKind = new RegExp(`^kind:\\s*["']?(${policyKinds.map((k) => k.kind).join('|')})["']?\\s*$`, 'm');

const corpus = path.resolve(__dirname, '../../../../shared/corpus');
const present = requireResource(`the corpus ${corpus}`, existsSync(corpus), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');

function corpusFiles(): string[] {
  return ['valid', 'invalid'].flatMap((folder) =>
    readdirSync(path.join(corpus, folder))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join(corpus, folder, f)),
  );
}

describe.skipIf(!present)('completion and hover over the corpus', () => {
  it('never throw at any offset', () => {
    let calls = 0;
    for (const file of corpusFiles()) {
      const text = readFileSync(file, 'utf8');
      // About 40 offsets per file, at varying positions within lines.
      const stride = Math.max(1, Math.floor(text.length / 40) | 1);
      for (let offset = 0; offset <= text.length; offset += stride) {
        expect(() => completionAt(text, offset, schemaAt), `${file}@${offset}`).not.toThrow();
        expect(() => hoverAt(text, offset, schemaAt), `${file}@${offset}`).not.toThrow();
        calls += 1;
      }
    }
    expect(calls).toBeGreaterThan(5000);
  });

  it('hover describes most keys of valid policy documents', () => {
    let keys = 0;
    let described = 0;
    for (const file of corpusFiles().filter((f) => f.includes(`${path.sep}valid${path.sep}`))) {
      const text = readFileSync(file, 'utf8');
      for (const chunk of splitDocuments(text)) {
        if (!policyKind.test(chunk.text)) continue;
        for (const match of chunk.text.matchAll(/^(\s*-?\s*)([A-Za-z][\w-]*):/gm)) {
          keys += 1;
          if (hoverAt(text, chunk.start + match.index + match[1].length + 1, schemaAt)) described += 1;
        }
      }
    }
    expect(keys).toBeGreaterThan(500);
    // The few misses are fields upstream removed (fromRequires, auth) and status/managedFields.
    expect(described / keys).toBeGreaterThan(0.95);
  });

  it('completion inside each key of valid policy documents offers that key', () => {
    let keys = 0;
    let offered = 0;
    for (const file of corpusFiles().filter((f) => f.includes(`${path.sep}valid${path.sep}`))) {
      const text = readFileSync(file, 'utf8');
      for (const chunk of splitDocuments(text)) {
        if (!policyKind.test(chunk.text)) continue;
        for (const match of chunk.text.matchAll(/^(\s*-?\s*)([A-Za-z][\w-]*):/gm)) {
          const offset = chunk.start + match.index + match[1].length + 1;
          // Keys of free-form maps are the user's own, not the schema's.
          if (nodeAtOffset(text, offset)?.path.some((p) => p === 'matchLabels' || p === 'labels' || p === 'annotations')) continue;
          keys += 1;
          if (completionAt(text, offset, schemaAt).some((item) => item.label === match[2])) offered += 1;
        }
      }
    }
    expect(keys).toBeGreaterThan(500);
    // Measured 99.5%: the misses are removed fields (fromRequires, auth), status and managedFields.
    expect(offered / keys).toBeGreaterThan(0.95);
  });

  it('code actions (quick fixes and allow-this-flow), value completion and document symbols never throw at any offset', () => {
    let calls = 0;
    let fixes = 0;
    let symbols = 0;
    let flowActions = 0;
    for (const file of corpusFiles()) {
      const text = readFileSync(file, 'utf8');
      const analysis = analyzeText(text);
      const workspace = buildEnforcementWorkspace([{ key: file, analysis }]);
      const enforcement = analyzeEnforcement(analysis, workspace);
      const findings = [...analysis.findings, ...enforcement.flatMap((d) => d.findings)];
      // The file is its own workspace: its workloads, namespaces and policies feed the values and the fixes.
      const { model } = analyzeWorkspaceTraffic([{ file, text }]);
      const values = workspaceValueIndex(model.inventory);
      const graph = buildTrafficGraph(model).graph;
      const flowInput = { file, text, analysis, model, graph, defaultNamespace: 'default' };
      const context = { uri: file, text, analysis, schemaAt, workspace: () => values, defaultNamespace: 'default' };
      symbols += documentSymbols(analysis, enforcement).length;
      // Every finding's own span (where an editor asks for its fixes), then about 40 offsets per file.
      for (const finding of findings) fixes += codeActionsAt(context, findings, finding.span).length;
      const stride = Math.max(1, Math.floor(text.length / 40) | 1);
      for (let offset = 0; offset <= text.length; offset += stride) {
        expect(() => codeActionsAt(context, findings, { start: offset, end: offset }), `${file}@${offset}`).not.toThrow();
        expect(() => valueCompletionAt(text, offset, values), `${file}@${offset}`).not.toThrow();
        expect(() => (flowActions += allowFlowActionsAt({ ...flowInput, range: { start: offset, end: offset } }).length), `${file}@${offset}`).not.toThrow();
        calls += 1;
      }
    }
    expect(calls).toBeGreaterThan(5000);
    expect(symbols).toBeGreaterThan(400);
    // The corpus's invalid files carry fixable findings (enum case, misspelled keys, mixed Cilium peers, ...).
    expect(fixes, `fixes offered: ${fixes}`).toBeGreaterThan(10);
    expect(flowActions).toBeGreaterThanOrEqual(0);
  });

  it('allow-this-flow never throws at any offset of the connectivity cases, and is offered on their policies', () => {
    // netpol-analyzer's cases are workspaces of manifests (pods, namespaces, NetworkPolicies): their graphs deny flows.
    const walkYaml = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkYaml(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const cases = readdirSync(path.join(corpus, 'connectivity')).filter((d) => d.startsWith('netpol-analyzer--')).map((d) => path.join(corpus, 'connectivity', d, 'input')).filter((d) => existsSync(d));
    let calls = 0;
    let offered = 0;
    for (const dir of cases) {
      const files = walkYaml(dir).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
      const { model } = analyzeWorkspaceTraffic(files);
      const graph = buildTrafficGraph(model).graph;
      for (const { file, text } of files) {
        if (!/NetworkPolicy/.test(text)) continue;
        const analysis = analyzeText(text);
        const stride = Math.max(1, Math.floor(text.length / 40) | 1);
        for (let offset = 0; offset <= text.length; offset += stride) {
          expect(() => (offered += allowFlowActionsAt({ file, text, analysis, model, graph, defaultNamespace: 'default', range: { start: offset, end: offset } }).length), `${file}@${offset}`).not.toThrow();
          calls += 1;
        }
      }
    }
    expect(calls, `offered ${offered}`).toBeGreaterThan(500);
    expect(offered, `allow-this-flow actions offered: ${offered}`).toBeGreaterThan(0);
  });
});
