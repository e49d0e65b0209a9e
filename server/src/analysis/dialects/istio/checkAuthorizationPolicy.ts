// AuthorizationPolicy checks that istiod's validation webhook applies beyond the CRD schema and CEL rules
// (istio/istio pkg/config/validation/validation.go ValidateAuthorizationPolicy, pkg/config/security/security.go),
// plus a few warnings for values that are accepted but can never match.
import type { Finding, Severity } from '../../model/finding';
import type { ValuePath } from '../../model/sourceSpan';
import type { PolicyDocument } from '../../policyDocument';
import { conditionAttribute, conditionKeyProblem, type AttributeValues } from './conditionAttributes';
import { ipOrCidrProblem } from './ipSyntax';
import { matchFieldsOf, type MatchField } from './matchFields';
import { asList, asRecord, hasItems, stringItems, type PlainRecord } from './plainValue';
import { PolicyReporter } from './policyReporter';
import { checkPolicyAttachment } from './checkPolicyAttachment';
import { pathTemplateProblem } from './pathTemplate';

const NEVER_TRIGGERED = 'action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request';

export function checkAuthorizationPolicy(doc: PolicyDocument): Finding[] {
  const report = new PolicyReporter(doc);
  const spec = asRecord(doc.value.spec) ?? {};
  checkPolicyAttachment(doc, spec, report);
  const action = typeof spec.action === 'string' ? spec.action : 'ALLOW';
  checkActionAndProvider(spec, action, report);
  (asList(spec.rules) ?? []).forEach((rule, i) => {
    const record = asRecord(rule);
    if (record) checkRule(record, ['spec', 'rules', i], i, action, report);
  });
  return report.findings;
}

function checkActionAndProvider(spec: PlainRecord, action: string, report: PolicyReporter): void {
  const rules = spec.rules;
  const rulesAbsent = rules === undefined || rules === null;
  const rulesEmpty = Array.isArray(rules) && rules.length === 0;
  if (action === 'DENY' || action === 'CUSTOM' || action === 'AUDIT') {
    if (rulesAbsent || rulesEmpty) {
      // Upstream rejects DENY/CUSTOM with no rules at all; `rules: []` and AUDIT are accepted but equally inert.
      const severity: Severity | undefined = action === 'AUDIT' || rulesEmpty ? 'warning' : undefined;
      report.report('ML3003', rulesAbsent ? ['spec', 'action'] : ['spec', 'rules'], `${action} ${NEVER_TRIGGERED}.`, { at: 'key', ...(severity ? { severity } : {}) });
    } else if (action === 'CUSTOM') {
      const provider = asRecord(spec.provider);
      if (!provider || typeof provider.name !== 'string' || provider.name === '') {
        report.report('ML3004', provider ? ['spec', 'provider'] : ['spec', 'action'], '`provider.name` must not be empty: a CUSTOM policy names the extension provider (mesh config extensionProviders) that decides.', { at: 'key' });
      }
    }
  }
  if (asRecord(spec.provider) && action !== 'CUSTOM') {
    report.report('ML3005', ['spec', 'provider'], `\`provider\` must not be with non CUSTOM action, found ${action}.`, { at: 'key' });
  }
}

function checkRule(rule: PlainRecord, path: ValuePath, index: number, action: string, report: PolicyReporter): void {
  const from = checkFromTo(rule, 'from', 'source', path, index, action, report);
  const to = checkFromTo(rule, 'to', 'operation', path, index, action, report);
  (asList(rule.when) ?? []).forEach((condition, c) => {
    const record = asRecord(condition);
    if (record) checkCondition(record, [...path, 'when', c], action, report);
  });
  // validation.go: a DENY rule whose from/to use only HTTP attributes denies every TCP connection.
  if (action === 'DENY' && ((from.exists && !to.exists && !from.tcp) || (to.exists && !to.tcp))) {
    report.report(
      'ML3016',
      [...path, to.exists && !to.tcp ? 'to' : 'from'],
      'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port',
      { at: 'key' },
    );
  }
}

interface PartSummary {
  /** At least one entry has the source/operation. */
  readonly exists: boolean;
  /** At least one entry uses a TCP attribute (principals, namespaces, IP blocks, ports, ...). */
  readonly tcp: boolean;
}

function checkFromTo(
  rule: PlainRecord,
  listKey: 'from' | 'to',
  partKey: 'source' | 'operation',
  rulePath: ValuePath,
  index: number,
  action: string,
  report: PolicyReporter,
): PartSummary {
  const list = asList(rule[listKey]);
  let exists = false;
  let tcp = false;
  if (!list) return { exists, tcp };
  if (list.length === 0) {
    report.report('ML3008', [...rulePath, listKey], `\`${listKey}\` must not be empty, found at rule ${index}: omit it to match anything.`, { at: 'key' });
  }
  const fields = matchFieldsOf(partKey);
  list.forEach((entry, j) => {
    const record = asRecord(entry);
    if (!record) return;
    const partPath = [...rulePath, listKey, j, partKey];
    const part = asRecord(record[partKey]);
    if (!part) {
      report.report('ML3009', [...rulePath, listKey, j], `\`${listKey}.${partKey}\` must not be nil, found at rule ${index}.`);
      return;
    }
    exists = true;
    if (!fields.some((f) => hasItems(part, f.field))) {
      report.report('ML3009', partPath, `\`${listKey}.${partKey}\` must not be empty, found at rule ${index}.`, { at: 'key' });
    }
    for (const field of fields) {
      if (!Object.hasOwn(part, field.field) || part[field.field] === null) continue;
      if (field.tcp) tcp = true;
      if (action === 'CUSTOM' && field.customUnsupported && hasItems(part, field.field)) {
        report.report('ML3006', [...partPath, field.field], `From.${field.upstreamName} is currently not supported with CUSTOM action.`, { at: 'key' });
      }
      checkValues(field, part[field.field], [...partPath, field.field], report);
    }
  });
  return { exists, tcp };
}

/** Validates the values of one source/operation match list, in the webhook's words. */
function checkValues(field: MatchField, list: unknown, path: ValuePath, report: PolicyReporter): void {
  // The CRD already limits serviceAccounts to 16 items of 320 characters (maxItems/maxLength), so only the format is checked here.
  const items = stringItems(list);
  for (const { value, index } of items) {
    const at = [...path, index];
    if (value === '') {
      report.report('ML3010', at, `empty value not allowed, found in ${field.upstreamName}.`);
      continue;
    }
    const problem = valueProblem(field.values, value, field.upstreamName, false);
    if (problem) report.report(problem.code, at, `${problem.message}.`);
    else if (field.values === 'path') {
      const template = pathTemplateProblem(value, field.upstreamName);
      if (template) report.report('ML3013', at, `${template}.`);
    }
    if (field.stringMatch) matchWarnings(field, value, at, report);
  }
}

function valueProblem(
  kind: AttributeValues | MatchField['values'],
  value: string,
  name: string,
  checkLength: boolean,
): { code: string; message: string } | undefined {
  if (kind === 'ip') {
    const problem = ipOrCidrProblem(value);
    return problem ? { code: 'ML3011', message: problem } : undefined;
  }
  if (kind === 'port') {
    return /^[0-9]+$/.test(value) && Number(value) <= 65535 ? undefined : { code: 'ML3012', message: `bad port (${value}): ports are decimal numbers from 0 to 65535` };
  }
  if (kind === 'serviceAccount') {
    if (value.includes('*')) return { code: 'ML3020', message: `wildcard not allowed, found in ${name}` };
    const slashes = value.split('/').length - 1;
    const [ns, sa] = value.split('/');
    if (slashes > 1 || (slashes === 1 && (ns === '' || sa === ''))) {
      return { code: 'ML3020', message: `expected format 'serviceAccount' or 'namespace/serviceAccount', found ${JSON.stringify(value)} in ${name}` };
    }
    if (checkLength && value.length > 320) return { code: 'ML3020', message: `value cannot exceed 320 characters, found in ${name}` };
  }
  return undefined;
}

function matchWarnings(field: MatchField, value: string, at: ValuePath, report: PolicyReporter): void {
  const inner = value.length > 2 ? value.slice(1, -1) : '';
  const isTemplatePath = field.values === 'path' && value.includes('{');
  if (!isTemplatePath && inner.includes('*')) {
    report.report('ML3017', at, `\`${value}\`: \`*\` only works at the start or the end of a value (suffix or prefix match); in the middle it is matched literally.`);
  }
  if ((field.field === 'principals' || field.field === 'notPrincipals') && value.startsWith('spiffe://')) {
    report.report('ML3018', at, `\`${value}\`: Istio principals omit the spiffe:// scheme (write \`${value.slice('spiffe://'.length)}\`); as written it never matches.`);
  }
  if (field.values === 'method' && value !== value.toUpperCase()) {
    report.report('ML3019', at, `\`${value}\`: HTTP methods are matched case-sensitively and are upper case on the wire; use \`${value.toUpperCase()}\`.`);
  }
}

function checkCondition(condition: PlainRecord, path: ValuePath, action: string, report: PolicyReporter): void {
  const key = condition.key;
  if (typeof key !== 'string') return; // missing key: the schema's `required` error
  if (key === '') {
    report.report('ML3014', [...path, 'key'], '`key` must not be empty.');
    return;
  }
  const values = stringItems(condition.values);
  const notValues = stringItems(condition.notValues);
  if (values.length === 0 && notValues.length === 0 && !hasItems(condition, 'values') && !hasItems(condition, 'notValues')) {
    report.report('ML3015', [...path, 'key'], `at least one of \`values\` or \`notValues\` must be set for key ${key}.`);
    return;
  }
  const keyProblem = conditionKeyProblem(key);
  const first = values.length > 0 || hasItems(condition, 'values') ? 'value' : 'notValue';
  if (keyProblem) {
    report.report('ML3014', [...path, 'key'], `invalid \`${first}\` for \`key\` ${key}: ${keyProblem}.`);
  }
  const attribute = conditionAttribute(key);
  if (action === 'CUSTOM' && attribute?.customUnsupported) {
    report.report('ML3006', [...path, 'key'], `${key} is currently not supported with CUSTOM action.`);
  }
  // `when` values have no CRD limits, so the webhook's CheckServiceAccount count limit applies here.
  if (attribute?.values === 'serviceAccount') {
    for (const [listKey, items] of [['values', values], ['notValues', notValues]] as const) {
      if (items.length > 16) report.report('ML3020', [...path, listKey], `${key} may not have more than 16 values.`, { at: 'key' });
    }
  }
  for (const [listKey, label, items] of [['values', 'value', values], ['notValues', 'notValue', notValues]] as const) {
    for (const { value, index } of items) {
      const at = [...path, listKey, index];
      if (value === '') {
        report.report('ML3010', at, `invalid \`${label}\` for \`key\` ${key}: empty value not allowed, found in ${key}.`);
        continue;
      }
      if (keyProblem || !attribute) continue;
      const problem = valueProblem(attribute.values, value, key, true);
      if (problem) report.report(problem.code, at, `invalid \`${label}\` for \`key\` ${key}: ${problem.message}.`);
    }
  }
}
