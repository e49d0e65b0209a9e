// ML5xxx: workspace inventory and traffic-graph findings.
import type { FindingCodeDoc } from '../codeDoc';

export const graphCodes: readonly FindingCodeDoc[] = [];
