// One workspace model, one classification: for every workspace of ../shared/corpus (connectivity items and
// valid files) and of examples/, under each meshlens.istio.dataplaneMode setting, the enforcer the graph
// applies a rule with is one hover/inlay hints name for that rule (primary or other-mode outcome), the layer
// and label on the edge are hover's, and explainFlow (what `meshlens explain` and meshlens/explainFlow run)
// gives each drawn edge its verdict with the same rules and enforcers.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText, type FileAnalysis } from '../../../server/src/analysis/analyzeFile';
import { buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { classifyRules } from '../../../server/src/analysis/enforcement/classifyRules';
import { dataplaneOverrides, type DataplaneOverride } from '../../../server/src/analysis/workspace/meshMode';
import { enforcementLabel } from '../../../server/src/analysis/enforcement/describeEnforcement';
import type { ClassifiedRule } from '../../../server/src/analysis/enforcement/ruleEnforcement';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { explainFlow, resolveEndpoint } from '../../../server/src/analysis/graph/explainFlow';
import { classifiedRuleAt } from '../../../server/src/analysis/graph/ruleClassification';
import type { GraphEdge, RuleRef } from '../../../server/src/analysis/graph/trafficGraphModel';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import type { ValuePath } from '../../../server/src/analysis/model/sourceSpan';
import { LineIndex } from '../../../server/src/analysis/yaml/lineIndex';
import { yamlFilesUnder } from '../../support/yamlFilesUnder';

const root = path.resolve(__dirname, '../../..');
const corpus = path.resolve(root, '../shared/corpus');
const corpusPresent = existsSync(path.join(corpus, 'connectivity')) && existsSync(path.join(corpus, 'valid'));
if (!corpusPresent && process.env.CI === 'true') {
  // Under CI a missing corpus is a failure, never a silent skip.
  it('finds ../shared/corpus', () => expect(corpusPresent, `corpus not found at ${corpus}`).toBe(true));
}

interface Workspace {
  readonly name: string;
  readonly files: readonly { readonly file: string; readonly text: string }[];
}


function workspaceOf(name: string, files: readonly string[]): Workspace {
  return { name, files: files.map((file) => ({ file: path.relative(root, file), text: readFileSync(file, 'utf8') })) };
}

function workspaces(): Workspace[] {
  const out: Workspace[] = [workspaceOf('examples', yamlFilesUnder(path.join(root, 'examples')))];
  if (!corpusPresent) return out;
  for (const entry of readdirSync(path.join(corpus, 'connectivity')).sort()) {
    const full = path.join(corpus, 'connectivity', entry);
    out.push(workspaceOf(`connectivity/${entry}`, statSync(full).isDirectory() ? yamlFilesUnder(full) : [full]));
  }
  for (const file of yamlFilesUnder(path.join(corpus, 'valid'))) out.push(workspaceOf(`valid/${path.basename(file)}`, [file]));
  return out;
}

/** `spec.ingress[0].toPorts[1]` → ['spec', 'ingress', 0, 'toPorts', 1]. */
function parsePath(text: string): ValuePath {
  const out: (string | number)[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/** What hover shows, per file: the classified rules of the policy document a rule reference points into. */
function hoverRules(analyses: ReadonlyMap<string, FileAnalysis>, workspaceRules: (file: string, index: number) => readonly ClassifiedRule[]) {
  const lineIndexes = new Map<string, LineIndex>();
  return (ref: RuleRef): readonly ClassifiedRule[] | undefined => {
    const analysis = analyses.get(ref.file);
    if (!analysis) return undefined;
    let lines = lineIndexes.get(ref.file);
    if (!lines) lineIndexes.set(ref.file, (lines = new LineIndex(analysis.text)));
    const offset = lines.offsetAt(ref.range.start);
    const document = analysis.documents.find((d) => d.yaml.start <= offset && offset <= d.yaml.end);
    // Policies inside a `kind: List` have no hover of their own.
    if (!document?.policy) return undefined;
    return workspaceRules(ref.file, document.yaml.index);
  };
}

interface Check {
  readonly checkedRules: number;
  readonly checkedEdges: number;
  readonly problems: string[];
}

function check(workspace: Workspace, mode: DataplaneOverride): Check {
  const analyses = new Map(workspace.files.map((f) => [f.file, analyzeText(f.text)]));
  const enforcement = buildEnforcementWorkspace([...analyses].map(([key, analysis]) => ({ key, analysis })), mode, 'default');
  const classified = new Map<string, readonly ClassifiedRule[]>();
  const rulesOf = hoverRules(analyses, (file, index) => {
    const key = `${file}#${index}`;
    let rules = classified.get(key);
    if (!rules) {
      const policy = analyses.get(file)!.documents.find((d) => d.yaml.index === index)!.policy!;
      classified.set(key, (rules = classifyRules(policy, enforcement)));
    }
    return rules;
  });
  const { model } = analyzeWorkspaceTraffic(workspace.files, { defaultNamespace: 'default', dataplaneMode: mode });
  const { graph } = buildTrafficGraph(model);
  const problems: string[] = [];
  let checkedRules = 0;
  let checkedEdges = 0;
  const at = (edge: GraphEdge) => `${mode} ${edge.from} → ${edge.to} ${edge.protocol}/${edge.port ?? '*'} ${edge.verdict}`;

  for (const edge of graph.edges) {
    for (const ref of edge.rules) {
      const rules = rulesOf(ref);
      if (!rules) continue;
      const rule = classifiedRuleAt(rules, parsePath(ref.path));
      if (!rule) {
        problems.push(`${at(edge)}: hover classifies no rule at ${ref.path}`);
        continue;
      }
      checkedRules++;
      const outcomes = [rule, ...(rule.alternatives ?? [])];
      const outcome = outcomes.find((o) => o.enforcer === ref.enforcer);
      if (!outcome) {
        problems.push(`${at(edge)}: ${ref.policy} ${ref.path} applied by ${ref.enforcer}, hover says ${enforcementLabel(rule)}`);
        continue;
      }
      // An edge the rule allows cannot rest on a rule hover says its enforcer drops or ignores.
      if (edge.verdict === 'allow' && (outcome.effect === 'dropped' || outcome.effect === 'ignored')) problems.push(`${at(edge)}: allowed by ${ref.path}, which hover says ${ref.enforcer} ${outcome.effect}`);
      if (ref.layer !== outcome.layer || ref.label !== enforcementLabel(rule)) problems.push(`${at(edge)}: ${ref.path} edge says ${ref.layer} "${ref.label}", hover ${outcome.layer} "${enforcementLabel(rule)}"`);
    }

    // The edge's layer is where it was decided: the highest layer of the rules its own enforcers applied.
    const applied = edge.rules.filter((r) => r.enforcer !== undefined && edge.enforcers.includes(r.enforcer));
    const highest = (applied.length > 0 ? applied : edge.rules).reduce<string | undefined>((top, r) => (r.layer && (!top || r.layer > top) ? r.layer : top), undefined);
    if (edge.l7.length === 0 && highest && edge.layer !== highest) problems.push(`${at(edge)}: edge layer ${edge.layer}, but the rules its enforcers (${edge.enforcers.join(', ')}) applied are at most ${highest}`);

    const from = resolveEndpoint(model, edge.from);
    const to = resolveEndpoint(model, edge.to);
    // CIDR nodes with excepts and the `all` peer stand for several endpoints; explain takes one.
    if (!('endpoint' in from) || !('endpoint' in to) || edge.from.includes(' except') || edge.to.includes(' except') || edge.from === 'entity:all' || edge.to === 'entity:all') continue;
    const protocol = edge.protocol === 'ANY' ? 'TCP' : edge.protocol;
    const explained = explainFlow(model, { from: from.endpoint, to: to.endpoint, protocol, port: edge.port ?? 1 });
    checkedEdges++;
    if (explained.verdict !== edge.verdict) {
      problems.push(`${at(edge)}: explain says ${explained.verdict}`);
      continue;
    }
    const deciding = explained.steps.filter((s) => s.verdict === edge.verdict);
    const explainedRules = new Set(deciding.flatMap((s) => s.rules.map((r) => `${r.file} ${r.path} ${r.enforcer} ${r.layer}`)));
    for (const ref of edge.rules) if (!explainedRules.has(`${ref.file} ${ref.path} ${ref.enforcer} ${ref.layer}`)) problems.push(`${at(edge)}: explain does not name ${ref.path} (${ref.enforcer})`);
    for (const enforcer of edge.enforcers) if (!deciding.some((s) => s.enforcer === enforcer)) problems.push(`${at(edge)}: explain has no ${enforcer} step`);
  }
  return { checkedRules, checkedEdges, problems };
}

describe('hover, graph and explain agree', () => {
  const all = workspaces();
  const totals = { rules: 0, edges: 0 };

  for (const mode of dataplaneOverrides) {
    it(`under dataplaneMode=${mode}`, () => {
      const problems: string[] = [];
      for (const workspace of all) {
        const result = check(workspace, mode);
        totals.rules += result.checkedRules;
        totals.edges += result.checkedEdges;
        problems.push(...result.problems.map((p) => `${workspace.name}: ${p}`));
      }
      expect(problems.slice(0, 30)).toEqual([]);
    });
  }

  it('checked real rules and edges, not an empty table', () => {
    expect(all.length).toBeGreaterThan(corpusPresent ? 250 : 0);
    expect(totals.rules).toBeGreaterThan(corpusPresent ? 500 : 10);
    expect(totals.edges).toBeGreaterThan(corpusPresent ? 500 : 10);
  });
});
