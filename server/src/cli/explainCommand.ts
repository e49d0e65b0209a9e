// `meshlens explain --from <ns>/<workload> --to <ns>/<workload|entity|cidr|fqdn> --port <n> …`: the verdict
// of one flow and, per enforcement point (source egress, destination ingress, Istio at the destination),
// which rules allowed or denied it and why.
import type { ExplainResult, L7Constraint } from '../protocol/trafficGraph';
import { parseHeaderArgument } from '../protocol/explainFlow';
import { dataplaneOverrides, type DataplaneOverride } from '../analysis/workspace/meshMode';
import { defaultSettings } from '../protocol/settings';
import type { IstioRequest } from '../analysis/graph/evaluateIstio';
import type { CliCommand, CliIo } from './cliIo';
import { readCommandLine } from './commandLine';
import { readSourceFiles } from './readSourceFiles';
import { sourceHost } from './sourceHost';
import { clusterOptions, clusterUsage, readClusterOption } from './clusterOption';
import { crdOptions, crdUsage, readCrdOption } from './crdOption';

export const explainUsage = `Usage: meshlens explain --from <ns>/<workload> --to <ns>/<workload|entity|cidr|fqdn> --port <n>
                        [--protocol TCP|UDP|SCTP|ICMP] [--method M --path P] [--header 'Name: value' …]
                        [--format text|json] <files or folders>

Explains whether one flow is allowed: the sender's egress policies, the receiver's ingress policies and
Istio authorization at the destination, each with the rules that decided and why (default deny, deny rule,
no matching allow, HTTP attributes dropped by ztunnel, …). --to also takes a Cilium entity (world,
kube-apiserver, …), an IP or CIDR, or an FQDN.

Options:
      --from <endpoint>           source (ns/workload, entity, IP/CIDR)
      --to <endpoint>             destination
      --port <n>                  destination port (container port, after Service translation)
      --protocol <p>              TCP (default), UDP, SCTP or ICMP
      --method <M>, --path <P>    an HTTP request, for L7 rules (Cilium HTTP rules, Istio operations)
      --header <'Name: value'>    a request header, or just 'Name' for an empty value (repeatable); any of
                                  --method, --path, --header makes it an HTTP request (default GET /)
  -f, --format <text|json>        output format (default: text)
      --default-namespace <ns>    namespace of objects that name none (default: ${defaultSettings.defaultNamespace})
      --dataplane-mode <mode>     Istio data plane assumed: auto (from labels), sidecar or ambient (every workload)
                                  (default: ${defaultSettings.istio.dataplaneMode}, as meshlens.istio.dataplaneMode)
${clusterUsage}${crdUsage}  -h, --help                      show this help

Exit status: 0 allowed, 1 denied or unknown, 2 usage or I/O failure.
`;

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'explain whether one flow is allowed, rule by rule',
  run: runExplain,
};

export async function runExplain(args: readonly string[], io: CliIo): Promise<number> {
  const line = readCommandLine(
    {
      name: 'explain',
      usage: explainUsage,
      needsPaths: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        port: { type: 'string' },
        protocol: { type: 'string', default: 'TCP' },
        method: { type: 'string' },
        path: { type: 'string' },
        header: { type: 'string', multiple: true },
        format: { type: 'string', short: 'f', default: 'text' },
        'default-namespace': { type: 'string', default: defaultSettings.defaultNamespace },
        'dataplane-mode': { type: 'string', default: defaultSettings.istio.dataplaneMode },
        ...clusterOptions,
        ...crdOptions,
      },
    },
    args,
    io,
  );
  if (typeof line === 'number') return line;
  const { values, positionals, usageError } = line;
  if (!values.from || !values.to) return usageError('--from and --to are required.');
  const protocol = values.protocol.toUpperCase();
  if (!['TCP', 'UDP', 'SCTP', 'ICMP'].includes(protocol)) return usageError(`--protocol must be TCP, UDP, SCTP or ICMP; got "${values.protocol}".`);
  const port = values.port === undefined ? (protocol === 'ICMP' ? 0 : NaN) : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(`--port must be a port number; got "${values.port ?? ''}".`);
  if (values.format !== 'text' && values.format !== 'json') return usageError(`unknown format "${values.format}"; use text or json.`);
  if (positionals.length === 0 && !values.cluster) return usageError('no files or folders given.');
  const badMode = line.oneOf('--dataplane-mode', values['dataplane-mode'], dataplaneOverrides);
  if (badMode !== undefined) return badMode;

  const sources = readSourceFiles(positionals);
  for (const message of sources.errors) io.stderr(`meshlens explain: ${message}\n`);
  if (sources.errors.length > 0) return 2;
  const defaultNamespace = values['default-namespace'];
  const cluster = await readClusterOption('explain', values, sources.files, io, defaultNamespace);
  if ('invalid' in cluster) return line.invalid(cluster.invalid);
  const crds = readCrdOption('explain', values.crd, io, cluster.crds);
  if ('unreadable' in crds) {
    io.stderr(`meshlens explain: ${crds.unreadable}\n`);
    return 2;
  }
  const host = sourceHost(sources.files, { defaultNamespace, dataplaneMode: values['dataplane-mode'] as DataplaneOverride }, cluster.files, crds.schemas);
  const headerArgs = values.header ?? [];
  const badHeader = headerArgs.find((h) => parseHeaderArgument(h).name === '');
  if (badHeader !== undefined) return usageError(`--header takes 'Name: value' or 'Name'; got "${badHeader}".`);
  const headers = Object.fromEntries(headerArgs.map((h) => { const { name, value } = parseHeaderArgument(h); return [name, value]; }));
  const request: IstioRequest | undefined =
    values.method !== undefined || values.path !== undefined || headerArgs.length > 0 ? { method: values.method ?? 'GET', path: values.path ?? '/', headers } : undefined;
  const answer = host.snapshot().explainFlow({ from: values.from, to: values.to, protocol: protocol as 'TCP', port, ...(request ? { request } : {}) });
  if ('error' in answer) {
    const flag = `--${answer.endpoint}`;
    const hint = answer.missing === 'no-workloads'
      ? `  Add the files or folders that hold the workload manifests to the command line, e.g.\n    meshlens explain --from ${values.from} --to ${values.to} --port ${values.port ?? '<n>'} policies/ workloads/\n  or name an entity (world, kube-apiserver, …), an IP/CIDR or fqdn:<name> instead of a workload.\n`
      : `  ${flag} takes <namespace>/<workload> (a bare name is looked up in --default-namespace, here "${defaultNamespace}"), an entity, an IP/CIDR or fqdn:<name>.\n`;
    io.stderr(`meshlens explain: ${flag}: ${answer.error}.\n${hint}`);
    return 2;
  }
  const { result } = answer;
  io.stdout(values.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatExplainText(result, `${values.from} -> ${values.to} ${protocol}${protocol === 'ICMP' ? '' : `/${port}`}${request ? ` ${request.method} ${request.path}${Object.entries(headers).map(([k, v]) => ` [${k}: ${v}]`).join('')}` : ''}`));
  return result.verdict === 'allow' ? 0 : 1;
}

/** One L7 constraint on a line: `GET /api [header x-token: a] [headerMatch x-env = prod (mismatch LOG)]`. */
export function l7ConstraintText(c: L7Constraint): string {
  const matches = (c.headerMatches ?? []).map((m) => `headerMatch ${m.name}${m.secret ? ` = Secret ${m.secret}` : m.value ? ` = ${m.value}` : ' present'}${m.mismatch ? ` (mismatch ${m.mismatch})` : ''}`);
  return [c.method, c.path, c.host, c.pattern, ...(c.serverNames ?? []), ...(c.headers ?? []).map((h) => `[header ${h}]`), ...matches.map((m) => `[${m}]`)].filter(Boolean).join(' ');
}

export function formatExplainText(result: ExplainResult, flow: string): string {
  const lines = [`${result.verdict.toUpperCase()}  ${flow}`];
  if (result.steps.length === 0) lines.push('  no enforcement point on this path (neither end is a workload of the workspace)');
  result.steps.forEach((step, i) => {
    lines.push(`  ${i + 1}. ${step.direction.padEnd(7)} ${step.enforcer.padEnd(16)} ${step.verdict.padEnd(7)} ${step.reason}`);
    for (const rule of step.rules) {
      lines.push(`       ${rule.kind} ${rule.policy} ${rule.path}  (${rule.file}:${rule.range.start.line + 1}:${rule.range.start.character + 1})`);
    }
    for (const c of step.l7 ?? []) lines.push(`       L7 ${c.kind}: ${l7ConstraintText(c)}`);
  });
  return `${lines.join('\n')}\n`;
}
