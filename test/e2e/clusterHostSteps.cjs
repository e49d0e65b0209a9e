// The extension-host side of the e2e cluster step (clusterSteps.mjs): sets meshlens.cluster.* in the user settings
// through the vscode API, as the status-bar picker does, when the page script asks (file `cluster-on` holding the
// kubeconfig path), and resets them on `cluster-off`. If the page script goes straight to its reload step, nothing.
const fs = require('node:fs');
const path = require('node:path');

exports.clusterSettings = async function clusterSettings(vscode, dir, poll) {
  const on = path.join(dir, 'cluster-on');
  await poll('the cluster request', () => fs.existsSync(on) || fs.existsSync(path.join(dir, 'reload')), 300_000);
  if (!fs.existsSync(on)) return;
  const config = () => vscode.workspace.getConfiguration('meshlens');
  await config().update('cluster.kubeconfig', fs.readFileSync(on, 'utf8'), vscode.ConfigurationTarget.Global);
  await config().update('cluster.enabled', true, vscode.ConfigurationTarget.Global);
  fs.writeFileSync(path.join(dir, 'cluster-on-done'), '');
  await poll('the cluster-off request', () => fs.existsSync(path.join(dir, 'cluster-off')), 300_000);
  await config().update('cluster.enabled', undefined, vscode.ConfigurationTarget.Global);
  await config().update('cluster.kubeconfig', undefined, vscode.ConfigurationTarget.Global);
  fs.writeFileSync(path.join(dir, 'cluster-off-done'), '');
};
