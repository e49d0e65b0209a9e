// The meshlens settings shared by the client and the server: their shape, defaults, and a normaliser
// that turns whatever the editor sends into a valid value (bad values fall back to the default).
// package.json `contributes.configuration` declares the same keys; a unit test keeps them in step.

export type DataplaneMode = 'auto' | 'sidecar' | 'ambient';
export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface MeshlensSettings {
  /** Files larger than this are not analysed (one ML0006 finding instead). */
  readonly maxFileSizeMB: number;
  readonly trace: { readonly server: TraceLevel };
  readonly istio: { readonly dataplaneMode: DataplaneMode };
  readonly annotations: { readonly enabled: boolean };
  readonly defaultNamespace: string;
  /** The live cluster as a read-only source of workspace objects (server/src/cluster); off by default. */
  readonly cluster: { readonly enabled: boolean; readonly context: string; readonly kubeconfig: string };
  /** CRD YAML files (paths or globs, relative to a workspace folder) of the user's own release: they replace the bundled schemas. */
  readonly schemas: { readonly crdFiles: readonly string[] };
}

export const defaultSettings: MeshlensSettings = {
  maxFileSizeMB: 5,
  trace: { server: 'off' },
  istio: { dataplaneMode: 'auto' },
  annotations: { enabled: true },
  defaultNamespace: 'default',
  cluster: { enabled: false, context: '', kubeconfig: '' },
  schemas: { crdFiles: [] },
};

/** The settings section name: every key is `meshlens.<path>`. */
export const settingsSection = 'meshlens';

const dataplaneModes: readonly DataplaneMode[] = ['auto', 'sidecar', 'ambient'];
const traceLevels: readonly TraceLevel[] = ['off', 'messages', 'verbose'];

/** Never throws: any missing or ill-typed value takes its default. */
export function normalizeSettings(raw: unknown): MeshlensSettings {
  const root = asRecord(raw);
  const size = root.maxFileSizeMB;
  const namespace = root.defaultNamespace;
  const trace = asRecord(root.trace).server;
  const mode = asRecord(root.istio).dataplaneMode;
  const annotations = asRecord(root.annotations).enabled;
  const cluster = asRecord(root.cluster);
  const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
  return {
    maxFileSizeMB: typeof size === 'number' && Number.isFinite(size) && size > 0 ? size : defaultSettings.maxFileSizeMB,
    trace: { server: traceLevels.includes(trace as TraceLevel) ? (trace as TraceLevel) : defaultSettings.trace.server },
    istio: { dataplaneMode: dataplaneModes.includes(mode as DataplaneMode) ? (mode as DataplaneMode) : defaultSettings.istio.dataplaneMode },
    annotations: { enabled: typeof annotations === 'boolean' ? annotations : defaultSettings.annotations.enabled },
    defaultNamespace: typeof namespace === 'string' && namespace.trim() !== '' ? namespace.trim() : defaultSettings.defaultNamespace,
    cluster: { enabled: cluster.enabled === true, context: text(cluster.context), kubeconfig: text(cluster.kubeconfig) },
    schemas: { crdFiles: stringList(asRecord(root.schemas).crdFiles) },
  };
}

/** Flattens settings to the dotted keys package.json declares (`meshlens.trace.server`, ...). */
export function settingKeys(settings: MeshlensSettings = defaultSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, prefix: string): void => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, `${prefix}.${key}`);
    } else {
      out[prefix] = value;
    }
  };
  walk(settings, settingsSection);
  return out;
}

/** A list of non-empty strings (anything else in it is dropped). */
function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
