// What every Istio security policy shares: how it attaches (selector or targetRef/targetRefs) and the
// istio.io/dry-run annotation. Mirrors validateWorkloadSelector, validatePolicyTargetReference and
// checkDryRunAnnotation in istio/istio pkg/config/validation/validation.go; the parts the CRD enforces
// with CEL (one of selector/targetRef/targetRefs, wildcards, cross-namespace refs) are left to the schema layer.
import type { PolicyDocument } from '../../policyDocument';
import { asList, asRecord, type PlainRecord } from './plainValue';
import type { PolicyReporter } from './policyReporter';
import { describeTargetRefKinds, isAllowedTargetRef } from './targetRefKinds';

const DRY_RUN = 'istio.io/dry-run';
// The CRD's patterns for PolicyTargetReference kind and group (../shared/upstream/crds/istio).
const KIND_PATTERN = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const GROUP_PATTERN = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Go strconv.ParseBool accepts exactly these spellings.
const GO_BOOLEANS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

export function checkPolicyAttachment(doc: PolicyDocument, spec: PlainRecord, report: PolicyReporter): void {
  const selector = asRecord(spec.selector);
  if (selector) {
    const labels = asRecord(selector.matchLabels);
    if (!labels || Object.keys(labels).length === 0) {
      report.report('ML3002', ['spec', 'selector'], 'workload selector specified without labels: the policy applies to every workload in the namespace.', { at: 'key' });
    }
  }
  const targetRef = asRecord(spec.targetRef);
  if (targetRef) checkTargetRef(targetRef, ['spec', 'targetRef'], report);
  (asList(spec.targetRefs) ?? []).forEach((entry, i) => {
    const ref = asRecord(entry);
    if (ref) checkTargetRef(ref, ['spec', 'targetRefs', i], report);
  });
  checkDryRunAnnotation(doc, spec, report);
}

function checkTargetRef(ref: PlainRecord, path: (string | number)[], report: PolicyReporter): void {
  // A missing or malformed kind/group is a schema error (required, CRD pattern); only well-formed refs are checked
  // against the allowed set, so one mistake gets one finding.
  if (typeof ref.kind !== 'string' || !KIND_PATTERN.test(ref.kind)) return;
  const group = typeof ref.group === 'string' ? ref.group : '';
  if (!GROUP_PATTERN.test(group)) return;
  if (!isAllowedTargetRef(group, ref.kind)) {
    report.report('ML3001', [...path, 'kind'], `targetRef must be to one of ${describeTargetRefKinds()} but was ${group}/${ref.kind}.`);
  }
}

function checkDryRunAnnotation(doc: PolicyDocument, spec: PlainRecord, report: PolicyReporter): void {
  const annotations = asRecord(asRecord(doc.value.metadata)?.annotations);
  if (!annotations || !Object.hasOwn(annotations, DRY_RUN)) return;
  const path = ['metadata', 'annotations', DRY_RUN];
  if (doc.kind.kind !== 'AuthorizationPolicy') {
    report.report('ML3007', path, `${doc.kind.kind} has unsupported annotation ${DRY_RUN}, please remove the annotation (only AuthorizationPolicy supports it).`, { at: 'key' });
    return;
  }
  const action = typeof spec.action === 'string' ? spec.action : 'ALLOW';
  if (action !== 'ALLOW' && action !== 'DENY') {
    report.report('ML3007', path, `the annotation ${DRY_RUN} currently only supports action ALLOW/DENY, found action ${action}.`, { at: 'key' });
    return;
  }
  const value = String(annotations[DRY_RUN]);
  if (!GO_BOOLEANS.has(value)) {
    report.report('ML3007', path, `has annotation ${DRY_RUN} with invalid value (${value}): use "true" or "false".`);
  }
}
