// Semantic checks for Cilium policies that upstream applies beyond the schema.
import type { DocumentCheck } from '../../policyDocument';
import { checkObjectMeta } from '../kubernetes/objectMeta';
import { checkCiliumRules } from './ciliumRules';

export const ciliumChecks: readonly DocumentCheck[] = [checkObjectMeta, checkCiliumRules];
