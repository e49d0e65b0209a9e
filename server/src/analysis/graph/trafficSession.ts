// Incremental traffic analysis for long-lived callers (the language server, the bench): keeps each file's
// inventory fragment, every policy's compiled rules and findings, the rules' subjects and peers, and edge
// templates, so an edit to one policy recompiles that policy and recomputes only the flows it touches.
// Anything but a policy changing (workloads, namespaces, services) drops the workload-dependent caches.
import type { Inventory, InventoryFinding, PolicySource } from '../inventory/inventoryModel';
import { inventoryFileFromText, mergeInventory, readInventoryFragment, type InventoryFragment } from '../inventory/buildInventory';
import { buildTrafficGraph, createGraphCache, type GraphCache, type TrafficGraphOptions, type TrafficGraphResult } from './buildTrafficGraph';
import type { UndeclaredNamespaces } from './endpoint';
import { policyGraphFindings } from './graphFindings';
import { buildTrafficModel, type TrafficModel } from './trafficModel';
import type { WorkspaceText, WorkspaceTraffic } from './workspaceTraffic';
import type { DataplaneOverride } from '../workspace/meshMode';

export interface TrafficSessionOptions {
  readonly defaultNamespace?: string;
  /** `meshlens.istio.dataplaneMode`; a different setting needs a new session (edge templates assume one). */
  readonly dataplaneMode?: DataplaneOverride;
  readonly undeclaredNamespaces?: UndeclaredNamespaces;
}

export interface TrafficSession {
  /** Re-reads what changed among `files` and returns the current model and findings. */
  update(files: readonly WorkspaceText[]): WorkspaceTraffic;
  /** The graph of the last update, reusing edge templates of flows no edit touched. */
  graph(options?: Omit<TrafficGraphOptions, 'cache'>): TrafficGraphResult;
}

export function createTrafficSession(options: TrafficSessionOptions = {}): TrafficSession {
  const defaultNamespace = options.defaultNamespace || 'default';
  const fragments = new Map<string, { text: string; fragment: InventoryFragment }>();
  let model: TrafficModel | undefined;
  let graphCache: GraphCache = createGraphCache();
  let findingsByPolicy = new Map<PolicySource, InventoryFinding[]>();

  return {
    update(files) {
      let workloadsChanged = model === undefined;
      const seen = new Set<string>();
      const current: InventoryFragment[] = [];
      for (const f of files) {
        seen.add(f.file);
        const cached = fragments.get(f.file);
        if (cached && cached.text === f.text) {
          current.push(cached.fragment);
          continue;
        }
        const fragment = readInventoryFragment(f.documents ? { file: f.file, text: f.text, documents: f.documents } : inventoryFileFromText(f.file, f.text), defaultNamespace);
        if ((cached && !onlyPolicies(cached.fragment)) || !onlyPolicies(fragment)) workloadsChanged = true;
        fragments.set(f.file, { text: f.text, fragment });
        current.push(fragment);
      }
      for (const [file, cached] of fragments) {
        if (seen.has(file)) continue;
        if (!onlyPolicies(cached.fragment)) workloadsChanged = true;
        fragments.delete(file);
      }
      const inventory: Inventory = mergeInventory(current, { defaultNamespace, dataplaneMode: options.dataplaneMode });
      const previous = model;
      model = buildTrafficModel(inventory, { undeclaredNamespaces: options.undeclaredNamespaces }, {
        rules: previous?.rulesByPolicy,
        ...(workloadsChanged || !previous ? {} : { subjects: previous.subjectsByRule }),
      });
      if (workloadsChanged) {
        graphCache = createGraphCache();
        findingsByPolicy = new Map();
      }
      const nextFindings = new Map<PolicySource, InventoryFinding[]>();
      for (const policy of inventory.policies) nextFindings.set(policy, findingsByPolicy.get(policy) ?? policyGraphFindings(model, policy));
      findingsByPolicy = nextFindings;
      // Rules of removed or edited policies must not be found through the peer cache any more.
      for (const rule of [...graphCache.peers.keys()]) if (!model.subjectsByRule.has(rule)) graphCache.peers.delete(rule);
      return { model, findings: [...inventory.findings, ...[...nextFindings.values()].flat()] };
    },
    graph(graphOptions = {}) {
      if (!model) return { graph: { version: 1, nodes: [], edges: [] }, truncated: false, stats: { pairs: 0, evaluated: 0 } };
      return buildTrafficGraph(model, { ...graphOptions, cache: graphCache });
    },
  };
}

function onlyPolicies(fragment: InventoryFragment): boolean {
  return fragment.workloads.length === 0 && fragment.namespaces.length === 0 && fragment.services.length === 0 && fragment.waypoints.length === 0 && fragment.serviceAccounts.length === 0;
}
