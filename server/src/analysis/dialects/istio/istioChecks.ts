// Semantic checks for Istio policies that upstream applies beyond the schema.
import type { DocumentCheck } from '../../policyDocument';

export const istioChecks: readonly DocumentCheck[] = [];
