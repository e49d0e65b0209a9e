// Test-only extension for the e2e run: when code-server was started with MESHLENS_E2E_CHECKS (a module
// path) and MESHLENS_E2E_DIR (a scratch folder), it loads that module and runs it with the real
// `vscode` API. Results go to files in the scratch folder; the Playwright side reads them.
const fs = require('node:fs');
const path = require('node:path');

exports.activate = async function activate() {
  const checks = process.env.MESHLENS_E2E_CHECKS;
  const dir = process.env.MESHLENS_E2E_DIR;
  if (!checks || !dir) return;
  // Each browser connection starts an extension host; only the first one runs the checks.
  const claim = path.join(dir, 'claimed');
  try { fs.writeFileSync(claim, String(process.pid), { flag: 'wx' }); } catch { return; }
  const vscode = require('vscode');
  const log = (line) => fs.appendFileSync(path.join(dir, 'runner.log'), `${new Date().toISOString()} ${line}\n`);
  try {
    await require(checks).run(vscode, dir, log);
  } catch (error) {
    log(`failed: ${error && error.stack || error}`);
    fs.writeFileSync(path.join(dir, 'error.txt'), String(error && error.stack || error));
  }
};
exports.deactivate = function deactivate() {};
