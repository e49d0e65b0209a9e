// A real editor other than VS Code: `nvim --headless` (Debian's 0.7.2 on CI) loads exactly the Neovim config
// of README.md as its init.lua, opens an example with deliberate mistakes, and neovimProbe.lua reports what
// Neovim then holds: the diagnostics the server pushed and a hover answer. The README snippet is read at test
// time from between its markers, so the documented config cannot drift from the tested one.
//
// The server is a private build (`scripts/build.mjs --outdir`), because other test files rebuild dist/ while
// this one runs. Neovim's config, data, state and cache go to a temporary HOME and XDG dirs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(__dirname, '../..');
const examplesDir = join(repoRoot, 'examples');
const exampleFile = 'policies/istio/storefront.yaml';
const placeholderServer = '/path/to/meshlens/dist/server.cjs';
const waitMs = 30_000;

const nvimVersion = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const nvimMissing = nvimVersion.error !== undefined || nvimVersion.status !== 0;

/** The Lua code block between the README's neovim-config markers. */
function readmeNeovimConfig(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = /<!-- neovim-config:begin[^>]*-->\s*```lua\n([\s\S]*?)```\s*<!-- neovim-config:end -->/.exec(readme);
  if (!section) throw new Error('README.md has no ```lua block between <!-- neovim-config:begin --> and <!-- neovim-config:end -->');
  return section[1];
}

/** Line and column (0-based) of `needle` in the example, so edits to examples/ move the expectations with them. */
function positionIn(text: string, lineText: string, needle: string): { line: number; character: number } {
  const line = text.split('\n').findIndex((l) => l.includes(lineText));
  if (line < 0) throw new Error(`${exampleFile} has no line with ${JSON.stringify(lineText)}`);
  return { line, character: text.split('\n')[line].indexOf(needle) };
}

interface NeovimDiagnostic {
  readonly lnum: number;
  readonly col: number;
  readonly severity: number;
  readonly code: string;
  readonly source: string;
  readonly message: string;
}

interface ProbeReport {
  readonly probe_error?: string;
  readonly filetype: string;
  readonly clients: string[];
  readonly errmsg: string;
  readonly diagnostics_arrived: boolean;
  readonly diagnostics: NeovimDiagnostic[];
  readonly hover_error?: string;
  readonly hovers: { contents?: { kind: string; value: string }; range?: unknown; error?: unknown }[];
}

const exampleText = readFileSync(join(examplesDir, exampleFile), 'utf8');
// Deliberate mistake: `namespace` instead of `namespaces` in a source (ML1001), which leaves the source empty (ML3009).
const unknownField = positionIn(exampleText, 'namespace: [istio-ingress]', 'namespace');
const emptySource = positionIn(exampleText, '- source:', 'source');
// The `methods` key of the cart-read-only rule: schema description, rule layer/enforcer and the ztunnel pitfall.
const methodsKey = positionIn(exampleText, 'methods: [GET]', 'methods');

let work: string | undefined;
let report: ProbeReport;
let lspLog = '';

beforeAll(() => {
  if (nvimMissing) return;
  work = mkdtempSync(join(tmpdir(), 'meshlens-nvim-'));
  const dist = join(work, 'dist');
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', dist], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/build.mjs --outdir failed:\n${build.stderr}`);

  const config = readmeNeovimConfig();
  expect(config.split(placeholderServer).length - 1, `the README config names ${placeholderServer} once`).toBe(1);
  const xdg = { XDG_CONFIG_HOME: join(work, 'config'), XDG_DATA_HOME: join(work, 'data'), XDG_STATE_HOME: join(work, 'state'), XDG_CACHE_HOME: join(work, 'cache') };
  mkdirSync(join(xdg.XDG_CONFIG_HOME, 'nvim'), { recursive: true });
  writeFileSync(join(xdg.XDG_CONFIG_HOME, 'nvim', 'init.lua'), config.replace(placeholderServer, join(dist, 'server.cjs')));

  const out = join(work, 'probe.json');
  const nvim = spawnSync('nvim', ['--headless', exampleFile, '-c', `luafile ${join(__dirname, 'neovimProbe.lua')}`], {
    cwd: examplesDir,
    encoding: 'utf8',
    // Bounded twice: the probe's own waits, then this kill in case Neovim itself hangs.
    timeout: 3 * waitMs,
    env: {
      ...process.env,
      ...xdg,
      HOME: join(work, 'home'),
      // The README's `cmd` starts `node` from PATH: this Node (22, as under `npm test`) comes first.
      PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
      MESHLENS_PROBE_OUT: out,
      MESHLENS_PROBE_CODES: 'ML1001,ML3009',
      MESHLENS_PROBE_HOVER_LINE: String(methodsKey.line),
      MESHLENS_PROBE_HOVER_CHARACTER: String(methodsKey.character),
      MESHLENS_PROBE_WAIT_MS: String(waitMs),
    },
  });
  const logFile = join(xdg.XDG_CACHE_HOME, 'nvim', 'lsp.log');
  lspLog = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no lsp.log)';
  if (!existsSync(out)) {
    throw new Error(`nvim wrote no probe report (exit ${nvim.status}, signal ${nvim.signal}):\n${nvim.stdout}\n${nvim.stderr}\nlsp.log:\n${lspLog}`);
  }
  report = JSON.parse(readFileSync(out, 'utf8')) as ProbeReport;
}, 5 * waitMs);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(nvimMissing && process.env.CI !== 'true')(`Neovim with the README config (${nvimVersion.stdout?.split('\n', 1)[0] ?? 'nvim'})`, () => {
  it('finds nvim', () => {
    expect(nvimMissing, 'nvim is not installed: .ci/run installs Debian\'s neovim (apt-get install neovim)').toBe(false);
  });

  it('attaches the meshlens server to the YAML buffer', () => {
    expect(report.probe_error).toBeUndefined();
    expect(report.filetype).toBe('yaml');
    expect(report.clients, `Neovim's last error: ${report.errmsg}`).toEqual(['meshlens']);
    expect(report.errmsg).toBe('');
  });

  it('shows the deliberate mistakes as diagnostics at their lines', () => {
    expect(report.diagnostics_arrived, `no ML1001/ML3009 within ${waitMs} ms; lsp.log:\n${lspLog}`).toBe(true);
    const error = 1; // vim.diagnostic.severity.ERROR
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'ML1001',
        lnum: unknownField.line,
        col: unknownField.character,
        severity: error,
        message: expect.stringContaining('Unknown field `namespace` in `spec.rules[0].from[0].source`; did you mean `namespaces`?'),
      }),
    );
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ code: 'ML3009', lnum: emptySource.line, col: emptySource.character, severity: error }));
    expect(report.diagnostics.map((d) => d.source)).toEqual(report.diagnostics.map(() => 'meshlens'));
  });

  it('answers a hover on a rule field with its schema, layer, enforcer and pitfall', () => {
    expect(report.hover_error).toBeUndefined();
    expect(report.hovers).toHaveLength(1);
    const [hover] = report.hovers;
    expect(hover.contents?.kind).toBe('markdown');
    expect(hover.contents?.value).toContain('`spec.rules[0].to[0].operation.methods`');
    expect(hover.contents?.value).toContain('ztunnel');
    expect(hover.contents?.value).toContain('ML4001');
    expect(hover.range).toEqual({ start: methodsKey, end: { line: methodsKey.line, character: methodsKey.character + 'methods'.length } });
  });
});
