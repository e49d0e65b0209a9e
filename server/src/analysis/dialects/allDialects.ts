// The semantic checks of each policy family, beyond the schema: mirrors of upstream validators.
import type { DocumentCheck } from '../policyDocument';
import type { PolicyFamily } from '../policyKinds';

const checksByFamily: Record<PolicyFamily, readonly DocumentCheck[]> = {
  cilium: [],
  istio: [],
  kubernetes: [],
};

export function checksFor(family: PolicyFamily): readonly DocumentCheck[] {
  return checksByFamily[family];
}
