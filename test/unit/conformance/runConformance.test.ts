// The runner on a small corpus folder written to a temp dir: reading, decoding, scoring and the problem path.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../../server/src/conformance/runConformance';
import { formatSummary } from '../../../server/src/conformance/scoreConformance';

const dir = mkdtempSync(path.join(tmpdir(), 'meshlens-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a, namespace: b}\nspec:\n  action: ALLOW\n';
const bad = '# expect-error: `to.operation` must not be empty\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a, namespace: b}\nspec:\n  rules:\n  - to:\n    - operation: {}\n';

mkdirSync(path.join(dir, 'valid'));
mkdirSync(path.join(dir, 'invalid'));
// A BOM at the start must not hide the document.
writeFileSync(path.join(dir, 'valid', 'good.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good)]));
writeFileSync(path.join(dir, 'invalid', 'bad.yaml'), bad);
writeFileSync(path.join(dir, 'invalid', 'missed.yaml'), good);
writeFileSync(
  path.join(dir, 'MANIFEST.tsv'),
  [
    'local_file\tupstream_repo\texpected\tsource_group',
    'valid/good.yaml\tx/y\tvalid\tg',
    'invalid/bad.yaml\tx/y\tinvalid\tg',
    'invalid/missed.yaml\tx/y\tinvalid\tg',
    'invalid/absent.yaml\tx/y\tinvalid\tg',
    'connectivity/case\tx/y\tpolicy-verdicts\tg',
  ].join('\n'),
);

describe('runConformance', () => {
  const report = runConformance(dir);

  it('scores each valid/ and invalid/ row and prints the summary lines', () => {
    expect(formatSummary(report.summary)).toEqual(['valid: 1 passed, 0 failed', 'invalid: 1 passed, 2 failed']);
  });

  it('reports per file codes, the expect-error header and unreadable files', () => {
    const byFile = Object.fromEntries(report.files.map((f) => [f.file, f]));
    expect(byFile['invalid/bad.yaml']).toMatchObject({ passed: true, codes: ['ML3009'], expectError: '`to.operation` must not be empty' });
    expect(byFile['invalid/absent.yaml']).toMatchObject({ passed: false, problem: 'file not found: invalid/absent.yaml' });
    expect(byFile['connectivity/case']).toBeUndefined();
  });
});
