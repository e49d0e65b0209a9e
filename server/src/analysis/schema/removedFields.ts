// Fields that upstream removed or renamed, which older examples and blog posts still use. An unknown
// field found here gets a message that says what happened and what to write instead.

export interface RemovedField {
  /** API group of the kinds concerned. */
  readonly group: string;
  readonly field: string;
  readonly replacement?: string;
  readonly what: string;
  readonly upstream: string;
}

export const removedFields: readonly RemovedField[] = [
  {
    group: 'cilium.io',
    field: 'fromRequires',
    what: 'Cilium removed `fromRequires` (November 2025, Cilium 1.19); express the requirement in each `fromEndpoints` selector instead',
    upstream: 'cilium/cilium pkg/policy/api (Requirements removed); corpus README (valid-upstream-stale)',
  },
  {
    group: 'cilium.io',
    field: 'toRequires',
    what: 'Cilium removed `toRequires` (November 2025, Cilium 1.19); express the requirement in each `toEndpoints` selector instead',
    upstream: 'cilium/cilium pkg/policy/api (Requirements removed)',
  },
  {
    group: 'cilium.io',
    field: 'auth',
    replacement: 'authentication',
    what: 'Cilium renamed `auth` to `authentication`',
    upstream: 'cilium/cilium pkg/policy/api (Authentication); corpus README (valid-upstream-stale)',
  },
];

export function removedField(group: string, field: string): RemovedField | undefined {
  return removedFields.find((entry) => entry.group === group && entry.field === field);
}
