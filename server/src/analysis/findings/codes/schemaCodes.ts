// ML1xxx: schema (from the upstream CRDs) and CEL x-kubernetes-validations.
import type { FindingCodeDoc } from '../codeDoc';

const STRICT_DECODE = 'Kubernetes API server strict field validation (kubectl apply --validate=strict, fieldValidation=Strict); Cilium NPValidator unknown-field check.';
const OPENAPI = 'Kubernetes API server OpenAPI v3 schema validation of the upstream CRD (apiextensions-apiserver, kube-openapi validate).';

export const schemaCodes: readonly FindingCodeDoc[] = [
  {
    code: 'ML1001',
    name: 'unknown-field',
    severity: 'error',
    title: 'Unknown field',
    doc: 'The field is not part of the schema at this place. Usually a typo, a field from another kind or API version, or a field that upstream removed. With strict validation the API server rejects the object; with lax validation it silently drops the field, so the policy does not do what it says. Check the spelling and the indentation (a field one level too deep or too shallow is also unknown).',
    upstream: STRICT_DECODE,
  },
  {
    code: 'ML1002',
    name: 'wrong-type',
    severity: 'error',
    title: 'Wrong value type',
    doc: 'The value has the wrong type for this field: for example a list where a mapping is expected, a number where a string is expected, or an empty (null) list item. Quote values that YAML would otherwise read as numbers or booleans when the field expects a string.',
    upstream: `${OPENAPI} ("in body must be of type ...").`,
  },
  {
    code: 'ML1003',
    name: 'not-in-enum',
    severity: 'error',
    title: 'Value not allowed',
    doc: 'The field accepts only a fixed set of values and this is not one of them. Values are case-sensitive (ALLOW, not allow).',
    upstream: `${OPENAPI} ("Unsupported value ... supported values: ...").`,
  },
  {
    code: 'ML1004',
    name: 'missing-required',
    severity: 'error',
    title: 'Required field missing',
    doc: 'A field the schema requires is absent from this mapping. The API server rejects the object with "Required value".',
    upstream: `${OPENAPI} ("Required value").`,
  },
  {
    code: 'ML1005',
    name: 'bad-format',
    severity: 'error',
    title: 'Value does not match the expected format',
    doc: 'The string does not have the shape the field requires: a pattern (port name, DNS label, FQDN, label value...) or a format such as a CIDR. The message says what shape is expected.',
    upstream: `${OPENAPI} ("in body should match ..." / "in body must be of type cidr").`,
  },
  {
    code: 'ML1006',
    name: 'out-of-range',
    severity: 'error',
    title: 'Value out of range or too long/short',
    doc: 'A number is outside its allowed range, or a string, list or mapping has too few or too many elements (for example a port above 65535, an empty string where at least one character is required, or more list entries than upstream allows).',
    upstream: `${OPENAPI} ("should be less than or equal to", "should be at least N chars long", "must have at most N items").`,
  },
  {
    code: 'ML1007',
    name: 'field-combination',
    severity: 'error',
    title: 'Invalid combination of fields',
    doc: 'The schema requires exactly one (or at least one) of a group of fields, and the mapping sets none or more than one. For example a CiliumNetworkPolicy spec needs exactly one of endpointSelector or nodeSelector, and at least one of ingress, ingressDeny, egress or egressDeny.',
    upstream: `${OPENAPI} (oneOf/anyOf: "must validate one and only one schema (oneOf)").`,
  },
  {
    code: 'ML1008',
    name: 'schema-violation',
    severity: 'error',
    title: 'Value not allowed by the schema',
    doc: 'The value breaks a schema rule that has no more specific meshlens code (for example a value the schema forbids outright). The message names the field and the rule.',
    upstream: OPENAPI,
  },
  {
    code: 'ML1009',
    name: 'template-placeholder',
    severity: 'information',
    title: 'Template placeholder not checked',
    doc: 'The value contains a template placeholder (a Helm/Go template or Hugo shortcode such as {{ ... }}, an envsubst ${VAR}, or an upper-case substitution token such as NODE_IP_ADDRESS). Its pattern, format, allowed values and CEL rules are not checked, because the real value only exists after rendering. Render the template and check the result to be sure.',
    upstream: 'meshlens behaviour; the API server only ever sees rendered values.',
  },
  {
    code: 'ML1010',
    name: 'duplicate-list-item',
    severity: 'error',
    title: 'Duplicate list item',
    doc: 'The CRD declares this list as a set (every item unique) or as a map keyed by some fields (every key unique), and an item repeats an earlier one. The API server rejects custom resources with "Duplicate value". Remove the repeated item or merge the two.',
    upstream: 'Kubernetes API server list-type validation for custom resources (apiextensions-apiserver schema/listtype, x-kubernetes-list-type set/map).',
  },
  {
    code: 'ML1100',
    name: 'cel-rule-failed',
    severity: 'error',
    title: 'CEL validation rule failed',
    doc: 'An x-kubernetes-validations (CEL) rule that the upstream CRD attaches to this field evaluated to false. The message is the one upstream wrote for the rule (or "failed rule: <rule>"). The API server rejects the object with this message.',
    upstream: 'Kubernetes API server CRD validation rules (x-kubernetes-validations, apiextensions-apiserver CEL validator), rules from the upstream CRD.',
  },
  {
    code: 'ML1101',
    name: 'cel-rule-error',
    severity: 'error',
    title: 'CEL validation rule could not be evaluated',
    doc: 'Evaluating an upstream x-kubernetes-validations rule on this value raised an error, for example a map key that must be a number (int("abc") is a type conversion error). The API server rejects the object in this case too.',
    upstream: 'Kubernetes API server CRD validation rules: evaluation errors are reported as invalid values.',
  },
];
