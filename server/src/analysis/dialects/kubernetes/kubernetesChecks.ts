// Semantic checks for Kubernetes policies that upstream applies beyond the schema.
import type { DocumentCheck } from '../../policyDocument';

export const kubernetesChecks: readonly DocumentCheck[] = [];
