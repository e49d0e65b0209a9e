// The semantic checks of each policy family, beyond the schema: mirrors of upstream validators.
import type { DocumentCheck } from '../policyDocument';
import type { PolicyFamily } from '../policyKinds';
import { ciliumChecks } from './cilium/ciliumChecks';
import { istioChecks } from './istio/istioChecks';
import { kubernetesChecks } from './kubernetes/kubernetesChecks';

const checksByFamily: Record<PolicyFamily, readonly DocumentCheck[]> = {
  cilium: ciliumChecks,
  istio: istioChecks,
  kubernetes: kubernetesChecks,
};

export function checksFor(family: PolicyFamily): readonly DocumentCheck[] {
  return checksByFamily[family];
}
