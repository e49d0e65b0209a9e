// Semantic checks for Kubernetes policies that upstream applies beyond the schema.
import type { DocumentCheck } from '../../policyDocument';
import { checkNetworkPolicySpec } from './networkPolicySpec';

export const kubernetesChecks: readonly DocumentCheck[] = [checkNetworkPolicySpec];
