// SARIF rendering of findings: levels, 1-based exclusive-end regions, relative URIs, related locations.
import { describe, expect, it } from 'vitest';
import { makeFinding } from '../../../server/src/analysis/findings/findingCodes';
import { span } from '../../../server/src/analysis/model/sourceSpan';
import { checkedFile } from '../../../server/src/cli/checkedFile';
import { sarifLog } from '../../../server/src/cli/output/formatSarif';

describe('sarifLog', () => {
  const text = 'a: 1\nkind: Policy\nkind: Other\n';
  const second = text.indexOf('kind: Other');
  const first = text.indexOf('kind: Policy');
  const file = checkedFile('/repo/deploy/policy file.yaml', text, [
    makeFinding('ML0003', span(second, second + 4), 'Duplicate key: kind', 0, { related: [{ message: 'first `kind`', span: span(first, first + 4) }] }),
    makeFinding('ML0002', span(0, 1), 'YAML: note', 0, { severity: 'information' }),
  ]);
  const log = sarifLog([file], '/repo') as { runs: { results: Record<string, any>[] }[] };
  const [duplicate, note] = log.runs[0].results.sort((a, b) => (a.ruleId < b.ruleId ? 1 : -1));

  it('maps the region to 1-based lines and an exclusive 1-based end column', () => {
    expect(duplicate.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'deploy/policy%20file.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 5 },
    });
  });

  it('carries related spans as relatedLocations', () => {
    expect(duplicate.relatedLocations).toEqual([
      { id: 0, message: { text: 'first `kind`' }, physicalLocation: { artifactLocation: { uri: 'deploy/policy%20file.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 5 } } },
    ]);
  });

  it('maps information to the SARIF note level', () => {
    expect([duplicate.level, note.level]).toEqual(['error', 'note']);
    expect(note.relatedLocations).toBeUndefined();
  });
});
