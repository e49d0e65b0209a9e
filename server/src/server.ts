// Entry point of the meshlens language server bundle (dist/server.cjs). The transport comes from the
// command line: --stdio for any LSP editor, --node-ipc when started by the VS Code client.
// First, V8's tier-up budget (process-wide, so before the worker's isolate starts: lsp/tierUpBudget.ts); then,
// before the other modules load, the analysis worker thread starts and loads meanwhile.
import './lsp/tierUpBudget';
import './lsp/startWorkerEarly';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';

startServer(createConnection(ProposedFeatures.all));
