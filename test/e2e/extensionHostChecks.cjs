// Runs inside code-server's extension host (loaded by runner/extension.js) with the real `vscode` API:
// activates meshlens, waits for a known diagnostic, hovers an L7 rule, opens the traffic-graph panel,
// then on request switches to a light theme, reveals a rule, edits a policy without saving and changes the
// data-plane setting. Writes results.json; the Playwright side asserts on it.
const fs = require('node:fs');
const path = require('node:path');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function poll(what, probe, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

const codeOf = (d) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code));
const hoverText = (hovers) => hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');

const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

async function authoringChecks(vscode, uri) {
  const out = {};
  const document = await vscode.workspace.openTextDocument(uri);
  // In the editors' column: the panel's column would hide (and dispose) the webview the driver still uses.
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: true });
  const original = document.getText();

  // A label value of an examples policy: the completion lists the workspace's app label with how many workloads it selects.
  const valueAt = document.positionAt(original.lastIndexOf('app: payments-api') + 'app: '.length);
  out.completion = await poll('label-value completions', async () => {
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, valueAt);
    const items = (list ? list.items : []).map((i) => ({ label: labelOf(i), detail: i.detail ?? (typeof i.label === 'object' ? i.label.detail : undefined) }));
    return items.some((i) => i.label === 'payments-api') ? items.slice(0, 20) : undefined;
  }, 30_000);

  const symbols = await poll('document symbols', async () => {
    const found = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
    return found && found.length > 0 ? found : undefined;
  }, 30_000);
  out.symbols = symbols.map((s) => ({ name: s.name, children: (s.children ?? []).map((c) => `${c.name} ${c.detail ?? ''}`.trim()) }));

  const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'ML1003');
  const actions = await poll('code actions for ML1003', async () => {
    const found = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diagnostic.range);
    return found && found.length > 0 ? found : undefined;
  }, 30_000);
  out.actionTitles = actions.map((a) => a.title);
  const fix = actions.find((a) => a.title === "Change to 'ALLOW'");
  if (fix && fix.edit) {
    out.applied = await vscode.workspace.applyEdit(fix.edit);
    out.fixedLine = document.lineAt(diagnostic.range.start.line).text.trim();
    out.cleared = await poll('ML1003 to clear', () => !vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'ML1003'), 30_000).catch(() => false);
    const revert = new vscode.WorkspaceEdit();
    revert.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original);
    out.reverted = await vscode.workspace.applyEdit(revert) && document.getText() === original;
    out.back = await poll('ML1003 to return', () => vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'ML1003'), 30_000).catch(() => false);
  }
  return out;
}

/**
 * After "Allow this flow" was applied from the panel (issue 13): the edited policy's text as the editor holds it,
 * then the text restored to the examples' original (the repository's copy: the file on disk may have been saved
 * since) so the steps after this one see the examples as they were.
 */
async function flowChangeChecks(vscode, uri) {
  const document = await vscode.workspace.openTextDocument(uri);
  const out = { text: document.getText(), dirty: document.isDirty };
  const saved = fs.readFileSync(path.resolve(__dirname, '../../examples/policies/istio/payments.yaml'), 'utf8');
  const revert = new vscode.WorkspaceEdit();
  revert.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), saved);
  out.reverted = await vscode.workspace.applyEdit(revert) && document.getText() === saved;
  return out;
}

exports.run = async function run(vscode, dir, log) {
  const results = {};
  // The Playwright side polls this file: written whole under another name and renamed, so it never reads a
  // half-written file (a cold CI run once parsed an empty one: "Unexpected end of JSON input").
  const save = () => {
    const partial = path.join(dir, 'results.json.partial');
    fs.writeFileSync(partial, JSON.stringify(results, null, 2));
    fs.renameSync(partial, path.join(dir, 'results.json'));
  };
  const folder = vscode.workspace.workspaceFolders[0].uri;

  const extension = vscode.extensions.getExtension('meshlens.meshlens');
  results.installed = Boolean(extension);
  results.activeBefore = Boolean(extension && extension.isActive);
  const activationStarted = Date.now();
  await extension.activate();
  results.activationMs = Date.now() - activationStarted;
  log(`activated in ${results.activationMs} ms (active before: ${results.activeBefore})`);

  // A known-bad policy: `action: allow` (enum values are upper case) in the payments AuthorizationPolicy.
  const bad = vscode.Uri.joinPath(folder, 'policies/istio/payments.yaml');
  const opened = Date.now();
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(bad));
  const diagnostics = await poll('ML1003 on payments.yaml', () => {
    const found = vscode.languages.getDiagnostics(bad).filter((d) => codeOf(d) === 'ML1003');
    return found.length > 0 ? found : undefined;
  });
  results.diagnostic = { code: codeOf(diagnostics[0]), line: diagnostics[0].range.start.line, message: diagnostics[0].message, ms: Date.now() - opened };
  log(`diagnostic ${results.diagnostic.code} after ${results.diagnostic.ms} ms`);
  save();

  // Hover on the L7 HTTP rule of the Prometheus CiliumNetworkPolicy (`http:` under toPorts[].rules).
  const l7File = vscode.Uri.joinPath(folder, 'policies/cilium/monitoring.yaml');
  const l7Doc = await vscode.workspace.openTextDocument(l7File);
  const httpLine = l7Doc.getText().split('\n').findIndex((line) => /^\s+http:\s*$/.test(line));
  const position = new vscode.Position(httpLine, l7Doc.lineAt(httpLine).firstNonWhitespaceCharacterIndex + 1);
  await vscode.window.showTextDocument(l7Doc);
  results.hover = await poll('a hover on the L7 rule', async () => {
    const text = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', l7File, position));
    return text.trim() ? { line: httpLine, text } : undefined;
  }, 30_000).catch((error) => ({ line: httpLine, text: '', error: String(error) }));
  log(`hover: ${results.hover.text.slice(0, 120).replace(/\n/g, ' ')}`);
  save();

  // The traffic-graph panel beside the editor; Playwright checks what the webview draws.
  const commandStarted = Date.now();
  await vscode.commands.executeCommand('meshlens.showTrafficGraph');
  const tab = await poll('the traffic graph tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('meshlens.trafficGraph')));
  results.panel = { label: tab.label, viewType: tab.input.viewType, ms: Date.now() - commandStarted };
  // More room for the panel in the screenshots.
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  results.commands = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('meshlens.')).sort();
  // Text exports open as untitled documents with the `meshlens graph` output.
  results.exports = {};
  for (const format of ['dot', 'mermaid', 'json']) {
    const document = await vscode.commands.executeCommand('meshlens.exportTrafficGraph', format);
    results.exports[format] = document ? document.getText().slice(0, 200) : '';
  }
  await vscode.window.showTextDocument(l7Doc);
  results.phase1Done = true;
  save();

  // Playwright asks for the light theme once it has the dark screenshot.
  await poll('the light-theme request', () => fs.existsSync(path.join(dir, 'light')), 300_000);
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
  results.lightTheme = true;
  save();
  fs.writeFileSync(path.join(dir, 'light-done'), '');

  // Playwright clicks "Go to rule" in the panel; record where the editor went.
  await poll('the reveal request', () => fs.existsSync(path.join(dir, 'reveal')), 300_000);
  const editor = await poll('the revealed rule in an editor', () => {
    const active = vscode.window.visibleTextEditors.find((e) => !e.selection.isEmpty);
    return active;
  }, 30_000);
  results.revealed = { file: editor.document.uri.toString(), start: editor.selection.start.line, end: editor.selection.end.line, startCharacter: editor.selection.start.character };
  save();
  fs.writeFileSync(path.join(dir, 'reveal-done'), '');

  // Live update: an unsaved edit (kube-apiserver port 443 → 8443 in the Prometheus policy) must reach the panel.
  await poll('the edit request', () => fs.existsSync(path.join(dir, 'edit')), 300_000);
  // VS Code disposes a document no editor has shown for a while (a slow run gets there): work on the live one.
  const liveDoc = await vscode.workspace.openTextDocument(l7File);
  const text = liveDoc.getText();
  const at = text.lastIndexOf('port: "443"');
  const edit = new vscode.WorkspaceEdit();
  edit.replace(l7File, new vscode.Range(liveDoc.positionAt(at), liveDoc.positionAt(at + 'port: "443"'.length)), 'port: "8443"');
  results.edited = await vscode.workspace.applyEdit(edit);
  results.editedDirty = vscode.workspace.textDocuments.find((d) => d.uri.toString() === l7File.toString())?.isDirty ?? false;
  save();
  fs.writeFileSync(path.join(dir, 'edit-done'), '');

  // The data-plane setting, as a user changes it (user settings, not the workspace copy): Explain must follow it.
  await poll('the data-plane request', () => fs.existsSync(path.join(dir, 'dataplane')), 300_000);
  const meshlensConfig = () => vscode.workspace.getConfiguration('meshlens');
  await meshlensConfig().update('istio.dataplaneMode', 'ambient', vscode.ConfigurationTarget.Global);
  results.dataplaneMode = meshlensConfig().get('istio.dataplaneMode');
  save();
  fs.writeFileSync(path.join(dir, 'dataplane-done'), '');
  await poll('the data-plane reset request', () => fs.existsSync(path.join(dir, 'dataplane-reset')), 300_000);
  await meshlensConfig().update('istio.dataplaneMode', undefined, vscode.ConfigurationTarget.Global);
  fs.writeFileSync(path.join(dir, 'dataplane-reset-done'), '');

  // Authoring through the real vscode API (issue 13): label-value completion, the outline, and the quick fix for
  // ML1003, applied and then reverted so that the reload step sees the original text.
  await poll('the authoring request', () => fs.existsSync(path.join(dir, 'authoring')), 300_000);
  results.authoring = await authoringChecks(vscode, bad).catch((error) => ({ error: String(error && error.stack || error) }));
  save();
  fs.writeFileSync(path.join(dir, 'authoring-done'), '');

  // The live cluster (issue 12), as the status-bar picker sets it: see test/e2e/clusterSteps.mjs.
  await require('./clusterHostSteps.cjs').clusterSettings(vscode, dir, poll);

  // "Allow this flow" applied from the panel: report the edited text and restore it (asked for before the reload).
  await poll('the flow-change check or the reload request', () => fs.existsSync(path.join(dir, 'flowchange')) || fs.existsSync(path.join(dir, 'reload')), 300_000);
  if (fs.existsSync(path.join(dir, 'flowchange'))) {
    results.flowChange = await flowChangeChecks(vscode, bad).catch((error) => ({ error: String(error && error.stack || error) }));
    save();
    fs.writeFileSync(path.join(dir, 'flowchange-done'), '');
  }

  // "Developer: Reload Window", as a user would: the workbench shuts down cleanly and saves webview state.
  await poll('the reload request', () => fs.existsSync(path.join(dir, 'reload')), 300_000);
  await vscode.commands.executeCommand('workbench.action.reloadWindow');
};
