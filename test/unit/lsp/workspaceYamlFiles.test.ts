// The workspace folder scan, on real temporary folders with real symlinks: what it reads, what it skips,
// that symlink loops neither loop nor duplicate files, and that every limit stops it with a report.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultScanLimits, scanYamlFolders, WorkspaceYamlFiles } from '../../../server/src/lsp/workspaceYamlFiles';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function folder(files: Record<string, string>, links: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'meshlens-scan-'));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  for (const [rel, target] of Object.entries(links)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    symlinkSync(target, join(root, rel));
  }
  return root;
}

const relative = (root: string, uris: Iterable<string>) => [...uris].map((uri) => uri.slice(pathToFileURL(root).href.length + 1));

describe('scanYamlFolders', () => {
  const base = { 'a.yaml': 'a: 1\n', 'sub/b.yml': 'b: 2\n', 'sub/deeper/c.YAML': 'c: 3\n', 'notes.txt': 'x', 'node_modules/x.yaml': 'x: 1\n', '.git/y.yaml': 'y: 1\n', '.dot.yaml': 'd: 1\n' };

  it('reads .yaml/.yml files in name order, skipping node_modules and dot-entries', async () => {
    const root = folder(base);
    const scan = await scanYamlFolders([root]);
    expect(relative(root, scan.files.keys())).toEqual(['a.yaml', 'sub/b.yml', 'sub/deeper/c.YAML']);
    expect(scan.files.get(pathToFileURL(join(root, 'a.yaml')).href)).toBe('a: 1\n');
    expect(scan.stoppedBy).toBeUndefined();
  });

  it('a link back to an ancestor (sub/up -> ..) gives no duplicates', async () => {
    const root = folder(base, { 'sub/up': '..', 'sub/deeper/top': '../..' });
    const scan = await scanYamlFolders([root], { ...defaultScanLimits, maxFiles: 50 });
    expect(relative(root, scan.files.keys())).toEqual(['a.yaml', 'sub/b.yml', 'sub/deeper/c.YAML']);
    expect(scan.stoppedBy).toBeUndefined();
  });

  it('a link to itself (X11 -> .) and a dangling link finish', async () => {
    const root = folder({ 'bin/tool.yaml': 't: 1\n' }, { 'bin/X11': '.', 'bin/gone.yaml': 'missing.yaml' });
    const scan = await scanYamlFolders([root]);
    expect(relative(root, scan.files.keys())).toEqual(['bin/tool.yaml']);
  });

  it('follows a link to a folder outside once, and reads a file reached twice once', async () => {
    const outside = folder({ 'shared.yaml': 's: 1\n' });
    const root = folder({ 'a.yaml': 'a: 1\n' }, { 'ext': outside, 'ext2': outside, 'alias.yaml': 'a.yaml' });
    const scan = await scanYamlFolders([root]);
    expect(relative(root, scan.files.keys())).toEqual(['a.yaml', 'ext/shared.yaml']);
  });

  it('stops at the file, byte and folder limits and says which one', async () => {
    const root = folder({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 2\n', 'c.yaml': 'c: 3\n', 'big.yaml': 'x'.repeat(100), 'd1/x.yaml': 'x: 1\n', 'd2/y.yaml': 'y: 1\n' });
    const files = await scanYamlFolders([root], { ...defaultScanLimits, maxFiles: 2 });
    expect(files.files.size).toBe(2);
    expect(files.stoppedBy).toBe('files');
    const bytes = await scanYamlFolders([root], { ...defaultScanLimits, maxTotalBytes: 12 });
    expect(relative(root, bytes.files.keys())).toEqual(['a.yaml', 'b.yaml']);
    expect(bytes.stoppedBy).toBe('bytes');
    const large = await scanYamlFolders([root], { ...defaultScanLimits, maxFileBytes: 50 });
    expect(large.largeFilesSkipped).toBe(1);
    expect(relative(root, large.files.keys())).not.toContain('big.yaml');
    const folders = await scanYamlFolders([root], { ...defaultScanLimits, maxFolders: 2 });
    expect(folders.stoppedBy).toBe('folders');
    expect(relative(root, folders.files.keys())).toEqual(['a.yaml', 'b.yaml', 'big.yaml', 'c.yaml', 'd1/x.yaml']);
  });
});

describe('WorkspaceYamlFiles.scan', () => {
  it('reads the folders in path order, adds named extra files, and reports the limit hit', async () => {
    const root = folder({ 'a.yaml': 'a: disk\n', 'b.yaml': 'b: 1\n', 'c.yaml': 'c: 1\n' }, { 'loop': '.' });
    const extra = folder({ 'focus.yaml': 'f: 1\n' });
    const files = new WorkspaceYamlFiles({ ...defaultScanLimits, maxFiles: 2 });
    const focus = pathToFileURL(join(extra, 'focus.yaml')).href;
    const texts = await files.scan([pathToFileURL(root).href], [focus, 'untitled:x.yaml']);
    expect(texts).toEqual([
      { uri: pathToFileURL(join(root, 'a.yaml')).href, text: 'a: disk\n' },
      { uri: pathToFileURL(join(root, 'b.yaml')).href, text: 'b: 1\n' },
      { uri: focus, text: 'f: 1\n' },
    ].sort((x, y) => (x.uri < y.uri ? -1 : 1)));
    expect(files.lastReport.stoppedBy).toBe('files');
  });

  it('re-reads a file whose size changed', async () => {
    const root = folder({ 'a.yaml': 'a: 1\n' });
    const files = new WorkspaceYamlFiles();
    expect((await files.scan([pathToFileURL(root).href])).map((f) => f.text)).toEqual(['a: 1\n']);
    writeFileSync(join(root, 'a.yaml'), 'a: 22\n');
    expect((await files.scan([pathToFileURL(root).href])).map((f) => f.text)).toEqual(['a: 22\n']);
  });
});
