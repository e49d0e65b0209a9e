// ML25xx: Kubernetes NetworkPolicy semantics beyond the schema.
import type { FindingCodeDoc } from '../codeDoc';

export const kubernetesCodes: readonly FindingCodeDoc[] = [];
