// A small LSP client for protocol tests and the bench: spawns the built server (dist/server.cjs --stdio)
// and speaks real JSON-RPC to it. Waits on messages (never sleeps); every wait has a timeout so a hung
// server fails the test instead of stalling it. Run `node scripts/build.mjs` before using it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  CompletionRequest,
  ConfigurationRequest,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type ClientCapabilities,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type LogMessageParams,
  type Position,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { requireResource } from '../support/requirement';

export const repoRoot = path.resolve(__dirname, '../..');
export const serverBundle = path.join(repoRoot, 'dist', 'server.cjs');

export interface StartOptions {
  /** Declare pull-diagnostic support (textDocument/diagnostic); default false (push). */
  readonly pullDiagnostics?: boolean;
  /** Answer workspace/configuration with these `meshlens` settings; absent = do not declare the capability. */
  readonly settings?: Record<string, unknown>;
  /** Milliseconds any single wait may take. */
  readonly timeoutMs?: number;
  /** The server bundle to spawn; default dist/server.cjs of this repository. */
  readonly serverPath?: string;
  /**
   * initializationOptions. Default: generous analysis budgets, so feature tests on a loaded machine get the
   * worker's real answers (a cold worker compiles the schemas first); budget tests pass their own.
   */
  readonly initializationOptions?: Record<string, unknown>;
  /** Declare window.workDoneProgress (server-initiated `$/progress`); default false. */
  readonly workDoneProgress?: boolean;
}

export const featureTestBudgets = { analysisBudgets: { requestMs: 60_000, diagnosticsMs: 60_000, hardMs: 120_000 } };

export interface LspTestClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcessWithoutNullStreams;
  readonly initializeResult: InitializeResult;
  /** window/logMessage lines the server sent (errors from the handler guard land here). */
  readonly logs: string[];
  open(uri: string, text: string, version?: number, languageId?: string): Promise<void>;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void>;
  close(uri: string): Promise<void>;
  /** Push mode: resolves with the first publishDiagnostics for `uri` at `version` (or any version). */
  pushedDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Push mode: resolves with the next publishDiagnostics for `uri` sent after this call. */
  nextPushedDiagnostics(uri: string): Promise<PublishDiagnosticsParams>;
  /** Resolves when the server next asks the client to re-pull diagnostics (workspace/diagnostic/refresh). */
  nextDiagnosticRefresh(): Promise<void>;
  /** Pull mode: textDocument/diagnostic, full report items. */
  pullDiagnostics(uri: string): Promise<Diagnostic[]>;
  completion(uri: string, position: Position, triggerCharacter?: string): Promise<CompletionItem[]>;
  hover(uri: string, position: Position): Promise<Hover | null>;
  changeSettings(settings: Record<string, unknown>): Promise<void>;
  /** Generic request with the client's timeout, for features other engineers add. */
  request<R>(method: string, params: unknown): Promise<R>;
  /** Peak resident memory of the server process in KiB (Linux /proc VmHWM), or undefined elsewhere. */
  peakMemoryKiB(): number | undefined;
  /** CPU time (user + system, all threads) the server process has used so far in ms (Linux /proc), or undefined elsewhere. */
  cpuTimeMs(): number | undefined;
  isAlive(): boolean;
  stop(): Promise<void>;
}

/** Whether dist/server.cjs exists; under CI=true its absence fails the caller (test/support/requirement.ts). */
export function serverIsBuilt(): boolean {
  return requireResource(`the built server ${serverBundle}`, existsSync(serverBundle), 'run `node scripts/build.mjs` (`npm test` does)');
}

/** Spawns the server and completes the initialize handshake. */
export async function startLspTestClient(options: StartOptions = {}): Promise<LspTestClient> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const child = spawn(process.execPath, [options.serverPath ?? serverBundle, '--stdio'], { stdio: 'pipe' });
  let exited = false;
  child.on('exit', () => (exited = true));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logs: string[] = [];
  let settings = options.settings;
  const published = new Map<string, PublishDiagnosticsParams[]>();
  /** The last pulled diagnostics per uri with their resultId, sent back as previousResultId. */
  const pulled = new Map<string, { readonly resultId: string; readonly items: Diagnostic[] }>();
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  connection.onNotification(LogMessageNotification.method, (params: LogMessageParams) => {
    logs.push(params.message);
  });
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const list = published.get(params.uri) ?? [];
    list.push(params);
    published.set(params.uri, list);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && (waiter.version === undefined || waiter.version === params.version)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings ?? null));
  const refreshWaiters: (() => void)[] = [];
  connection.onRequest(DiagnosticRefreshRequest.method, () => {
    for (const resolve of refreshWaiters.splice(0)) resolve();
    return null;
  });
  connection.listen();

  const withTimeout = <T>(what: string, promise: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms (server alive: ${!exited}; stderr: ${stderr.slice(-500)})`)), timeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });

  const capabilities: ClientCapabilities = {
    textDocument: {
      synchronization: { dynamicRegistration: false },
      completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
      ...(options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
    workspace: { configuration: options.settings !== undefined, diagnostics: { refreshSupport: true } },
    ...(options.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
  };
  const initializeResult = await withTimeout(
    'initialize',
    connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities,
      workspaceFolders: null,
      initializationOptions: options.initializationOptions ?? featureTestBudgets,
    }),
  );
  await connection.sendNotification(InitializedNotification.type, {});

  return {
    connection,
    process: child,
    initializeResult,
    logs,
    open: (uri, text, version = 1, languageId = 'yaml') =>
      connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } }),
    change: (uri, version, contentChanges) =>
      connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges }),
    close: (uri) => connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } }),
    pushedDiagnostics: (uri, version) => {
      const already = published.get(uri)?.find((p) => version === undefined || p.version === version);
      if (already) return Promise.resolve(already);
      return withTimeout(`publishDiagnostics for ${uri}@${version ?? 'any'}`, new Promise((resolve) => waiters.push({ uri, version, resolve })));
    },
    nextPushedDiagnostics: (uri) =>
      withTimeout(`next publishDiagnostics for ${uri}`, new Promise((resolve) => waiters.push({ uri, resolve }))),
    nextDiagnosticRefresh: () => withTimeout('workspace/diagnostic/refresh', new Promise<void>((resolve) => refreshWaiters.push(resolve))),
    pullDiagnostics: async (uri) => {
      // As VS Code does: the last result's id goes back, and an `unchanged` report means its items still hold.
      const previous = pulled.get(uri);
      const report = await withTimeout('textDocument/diagnostic', connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, ...(previous ? { previousResultId: previous.resultId } : {}) }));
      if (report.kind === 'unchanged') {
        if (!previous || previous.resultId !== report.resultId) throw new Error(`textDocument/diagnostic answered unchanged for ${uri} with resultId ${report.resultId}, which this client never received`);
        return previous.items;
      }
      if (report.resultId !== undefined) pulled.set(uri, { resultId: report.resultId, items: report.items });
      else pulled.delete(uri);
      return report.items;
    },
    completion: async (uri, position, triggerCharacter) => {
      const context = triggerCharacter ? { context: { triggerKind: 2 as const, triggerCharacter } } : {};
      const result = await withTimeout('completion', connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, ...context }));
      return result === null ? [] : Array.isArray(result) ? result : (result as CompletionList).items;
    },
    hover: (uri, position) => withTimeout('hover', connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })),
    changeSettings: async (next) => {
      settings = next;
      await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { meshlens: next } });
    },
    request: <R>(method: string, params: unknown) => withTimeout(method, connection.sendRequest(method, params) as Promise<R>),
    peakMemoryKiB: () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
        return match ? Number(match[1]) : undefined;
      } catch {
        return undefined;
      }
    },
    cpuTimeMs: () => {
      try {
        // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (USER_HZ = 100 on Linux).
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return undefined;
      }
    },
    isAlive: () => !exited,
    stop: async () => {
      if (!exited) {
        try {
          await withTimeout('shutdown', connection.sendRequest(ShutdownRequest.type));
          await connection.sendNotification(ExitNotification.type);
        } catch {
          // A server that cannot shut down cleanly is killed below.
        }
      }
      await new Promise<void>((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 2000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      connection.dispose();
    },
  };
}

/** The LSP position of the first occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  if (offset === -1) throw new Error(`"${needle}" not found in the test text`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}
