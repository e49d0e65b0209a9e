// Folder walking: .yaml/.yml only, node_modules and dot-folders skipped, deterministic order.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectSourceFiles } from '../../../server/src/cli/collectSourceFiles';

const root = mkdtempSync(join(tmpdir(), 'meshlens-walk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function touch(rel: string): void {
  const file = join(root, rel);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, 'a: 1\n');
}

describe('collectSourceFiles', () => {
  for (const rel of ['b.yaml', 'a.yml', 'A.YAML', 'notes.txt', 'data.json', 'sub/c.yaml', 'node_modules/x.yaml', '.git/y.yaml', 'sub/.hidden/z.yaml', '.dot.yaml']) touch(rel);

  it('walks folders in code-unit order, skipping node_modules and dot-folders', () => {
    const { files, errors } = collectSourceFiles([root]);
    expect(errors).toEqual([]);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(['.dot.yaml', 'A.YAML', 'a.yml', 'b.yaml', 'sub/c.yaml']);
  });

  it('takes explicit files as given (JSON too), keeps argument order and drops duplicates', () => {
    const json = join(root, 'data.json');
    const yaml = join(root, 'b.yaml');
    expect(collectSourceFiles([json, yaml, yaml]).files).toEqual([json, yaml]);
  });

  it('reports unreadable paths and still returns the readable ones', () => {
    const { files, errors } = collectSourceFiles([join(root, 'missing.yaml'), join(root, 'sub')]);
    expect(errors).toEqual([`cannot read ${join(root, 'missing.yaml')}: no such file or directory`]);
    expect(files).toEqual([join(root, 'sub', 'c.yaml')]);
  });

  it('does not follow folder symlinks, so a link back to an ancestor neither loops nor duplicates', () => {
    const looped = mkdtempSync(join(tmpdir(), 'meshlens-walk-loop-'));
    try {
      mkdirSync(join(looped, 'sub'));
      writeFileSync(join(looped, 'sub', 'a.yaml'), 'a: 1\n');
      symlinkSync('..', join(looped, 'sub', 'up'));
      symlinkSync('.', join(looped, 'self'));
      expect(collectSourceFiles([looped]).files.map((f) => f.slice(looped.length + 1))).toEqual(['sub/a.yaml']);
    } finally {
      rmSync(looped, { recursive: true, force: true });
    }
  });
});
