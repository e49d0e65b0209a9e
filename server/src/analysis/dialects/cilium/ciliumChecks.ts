// Semantic checks for Cilium policies that upstream applies beyond the schema.
import type { DocumentCheck } from '../../policyDocument';

export const ciliumChecks: readonly DocumentCheck[] = [];
