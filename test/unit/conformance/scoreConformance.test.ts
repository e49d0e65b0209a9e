import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../server/src/analysis/model/finding';
import { expectErrorHeader, formatSummary, scoreCase, summarize } from '../../../server/src/conformance/scoreConformance';
import { parseManifest, isFileCase } from '../../../server/src/conformance/readCorpus';

const error: Finding = { code: 'ML3001', severity: 'error', message: 'bad', span: { start: 0, end: 1 } };
const warning: Finding = { code: 'ML3002', severity: 'warning', message: 'careful', span: { start: 0, end: 1 } };

describe('scoreCase', () => {
  it('passes valid and valid-with-warning files only without errors', () => {
    expect(scoreCase({ file: 'valid/a.yaml', expectation: 'valid' }, [warning]).passed).toBe(true);
    expect(scoreCase({ file: 'valid/a.yaml', expectation: 'valid-with-warning' }, [warning]).passed).toBe(true);
    expect(scoreCase({ file: 'valid/a.yaml', expectation: 'valid' }, [error]).passed).toBe(false);
  });

  it('passes invalid and valid-upstream-stale files only with at least one error', () => {
    expect(scoreCase({ file: 'invalid/a.yaml', expectation: 'invalid' }, [error]).passed).toBe(true);
    expect(scoreCase({ file: 'invalid/a.yaml', expectation: 'invalid' }, [warning]).passed).toBe(false);
    const stale = scoreCase({ file: 'valid/s.yaml', expectation: 'valid-upstream-stale' }, [error]);
    expect(stale).toMatchObject({ passed: true, category: 'valid' });
    expect(scoreCase({ file: 'valid/s.yaml', expectation: 'valid-upstream-stale' }, []).passed).toBe(false);
  });

  it('does not count valid-after-doc-render, and fails cases that could not be read', () => {
    expect(scoreCase({ file: 'valid/r.yaml', expectation: 'valid-after-doc-render' }, []).category).toBeUndefined();
    expect(scoreCase({ file: 'invalid/x.yaml', expectation: 'invalid', problem: 'file not found' }, [error]).passed).toBe(false);
  });

  it('records codes, messages and the expect-error header', () => {
    const result = scoreCase({ file: 'invalid/a.yaml', expectation: 'invalid', text: '# expect-error: `from` must not be empty\nkind: X\n' }, [error, warning, error]);
    expect(result.codes).toEqual(['ML3001', 'ML3002']);
    expect(result.errorCount).toBe(2);
    expect(result.expectError).toBe('`from` must not be empty');
    expect(expectErrorHeader('kind: X\n')).toBeUndefined();
  });
});

describe('summarize / formatSummary', () => {
  it('prints exactly one line per category in the agreed wording', () => {
    const results = [
      scoreCase({ file: 'valid/a.yaml', expectation: 'valid' }, []),
      scoreCase({ file: 'valid/b.yaml', expectation: 'valid' }, [error]),
      scoreCase({ file: 'invalid/c.yaml', expectation: 'invalid' }, [error]),
      scoreCase({ file: 'valid/d.yaml', expectation: 'valid-after-doc-render' }, []),
    ];
    expect(formatSummary(summarize(results))).toEqual(['valid: 1 passed, 1 failed', 'invalid: 1 passed, 0 failed']);
  });
});

describe('parseManifest', () => {
  it('reads the file from the first column and the expectation from the `expected` column', () => {
    const rows = parseManifest('local_file\tupstream_repo\texpected\tsource_group\nvalid/a.yaml\tx/y\tvalid\tg1\nconnectivity/c\tx/y\tconnlist\tg2\n');
    expect(rows.map((r) => [r.file, r.expectation, r.sourceGroup])).toEqual([
      ['valid/a.yaml', 'valid', 'g1'],
      ['connectivity/c', 'connlist', 'g2'],
    ]);
    expect(rows.filter(isFileCase).map((r) => r.file)).toEqual(['valid/a.yaml']);
  });
});
