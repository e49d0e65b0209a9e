// ML002x: limits the analysis host puts on a file (the size limit ML0006 predates this file).
import type { FindingCodeDoc } from '../codeDoc';

export const hostCodes: readonly FindingCodeDoc[] = [
  {
    code: 'ML0020',
    name: 'analysis-time-budget',
    severity: 'warning',
    title: 'Analysis stopped: time budget exceeded',
    doc: 'Analysing this file took longer than the language server allows, so the analysis was stopped and the file is left out of the workspace (graph, enforcement) until it changes; the next edit retries. The rest of the editor keeps working. Split the file, or check it with `meshlens check`, which has no time budget.',
    upstream: 'meshlens limit (editor responsiveness); no upstream equivalent.',
  },
];
