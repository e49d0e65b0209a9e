// The one entry the CLI and the language server call: workspace files in, traffic model and findings
// out. Pure (files arrive as text); parsing, inventory, compilation and graph findings in one place.
import type { InventoryFinding, PolicySource } from '../inventory/inventoryModel';
import { buildInventory, inventoryFileFromText, type InventoryDocument, type InventoryFile } from '../inventory/buildInventory';
import type { YamlDocument } from '../yaml/parseYamlDocuments';
import type { DataplaneOverride } from '../workspace/meshMode';
import type { CompiledRule } from './compiledRule';
import type { UndeclaredNamespaces } from './endpoint';
import { graphFindings } from './graphFindings';
import { buildTrafficModel, type TrafficModel } from './trafficModel';

export interface WorkspaceText {
  readonly file: string;
  readonly text: string;
  /** Already-parsed documents (the server's cache, a typed source's objects), to skip re-parsing. */
  readonly documents?: readonly (YamlDocument | InventoryDocument)[];
}

export interface WorkspaceTrafficOptions {
  /** `meshlens.defaultNamespace`. */
  readonly defaultNamespace?: string;
  /** `meshlens.istio.dataplaneMode` ('auto' unless set): the mesh mode every verdict and edge assumes. */
  readonly dataplaneMode?: DataplaneOverride;
  readonly undeclaredNamespaces?: UndeclaredNamespaces;
  /** Compiled rules of the previous run, by policy object: unchanged policies are not recompiled. */
  readonly previous?: ReadonlyMap<PolicySource, readonly CompiledRule[]>;
}

export interface WorkspaceTraffic {
  readonly model: TrafficModel;
  readonly findings: readonly InventoryFinding[];
}

export function analyzeWorkspaceTraffic(files: readonly WorkspaceText[], options: WorkspaceTrafficOptions = {}): WorkspaceTraffic {
  const inventoryFiles: InventoryFile[] = files.map((f) => (f.documents ? { file: f.file, text: f.text, documents: f.documents } : inventoryFileFromText(f.file, f.text)));
  const inventory = buildInventory(inventoryFiles, { defaultNamespace: options.defaultNamespace, dataplaneMode: options.dataplaneMode });
  const model = buildTrafficModel(inventory, { undeclaredNamespaces: options.undeclaredNamespaces }, { rules: options.previous });
  return { model, findings: [...inventory.findings, ...graphFindings(model)] };
}
