// ML1xxx: schema (from the upstream CRDs) and CEL x-kubernetes-validations.
import type { FindingCodeDoc } from '../codeDoc';

export const schemaCodes: readonly FindingCodeDoc[] = [];
