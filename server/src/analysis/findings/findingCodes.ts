// THE registry of diagnostic codes: every finding meshlens reports has an entry here, with a doc
// paragraph and the upstream behaviour it mirrors. docs/diagnostics.md is generated from it.
// Entries are kept per area in codes/*.ts so each family's checks sit next to their codes.
import type { Finding, FindingData, RelatedSpan, Severity } from '../model/finding';
import type { SourceSpan } from '../model/sourceSpan';
import type { FindingCodeDoc } from './codeDoc';
import { yamlCodes } from './codes/yamlCodes';
import { hostCodes } from './codes/hostCodes';
import { schemaCodes } from './codes/schemaCodes';
import { ciliumCodes } from './codes/ciliumCodes';
import { kubernetesCodes } from './codes/kubernetesCodes';
import { istioCodes } from './codes/istioCodes';
import { enforcementCodes } from './codes/enforcementCodes';
import { graphCodes } from './codes/graphCodes';
import { controlPlaneCodes } from './codes/controlPlaneCodes';

export type { FindingCodeDoc } from './codeDoc';

export const allFindingCodes: readonly FindingCodeDoc[] = [
  ...yamlCodes,
  ...hostCodes,
  ...schemaCodes,
  ...ciliumCodes,
  ...kubernetesCodes,
  ...istioCodes,
  ...enforcementCodes,
  ...graphCodes,
  ...controlPlaneCodes,
];

const byCode = new Map(allFindingCodes.map((entry) => [entry.code, entry]));

export function findingCode(code: string): FindingCodeDoc {
  const entry = byCode.get(code);
  if (!entry) throw new Error(`meshlens bug: finding code ${code} is not registered`);
  return entry;
}

/** Builds a finding with the registered severity (unless overridden). */
export function makeFinding(
  code: string,
  at: SourceSpan,
  message: string,
  documentIndex?: number,
  options: { severity?: Severity; related?: readonly RelatedSpan[]; data?: FindingData } = {},
): Finding {
  const entry = findingCode(code);
  return {
    code,
    severity: options.severity ?? entry.severity,
    message,
    span: at,
    ...(documentIndex === undefined ? {} : { documentIndex }),
    ...(options.related ? { related: options.related } : {}),
    ...(options.data ? { data: options.data } : {}),
  };
}
