// ML2xxx: Cilium rule sanitising (api.Rule.Sanitize and the CNP validator).
import type { FindingCodeDoc } from '../codeDoc';

export const ciliumCodes: readonly FindingCodeDoc[] = [];
