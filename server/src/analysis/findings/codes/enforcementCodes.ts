// ML4xxx: rules that land on a component that cannot enforce them (layer/enforcer pitfalls).
import type { FindingCodeDoc } from '../codeDoc';

export const enforcementCodes: readonly FindingCodeDoc[] = [];
