// Semantic checks for Kubernetes policies that upstream applies beyond the schema.
import type { DocumentCheck } from '../../policyDocument';
import { checkNetworkPolicySpec } from './networkPolicySpec';
import { checkObjectMeta } from './objectMeta';

export const kubernetesChecks: readonly DocumentCheck[] = [checkObjectMeta, checkNetworkPolicySpec];
