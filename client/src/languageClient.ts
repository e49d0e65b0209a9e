// How the extension starts and talks to the meshlens language server: the bundled dist/server.cjs over
// Node IPC, for YAML files on disk and untitled YAML buffers. The server itself decides which documents
// are policies, so opening any YAML is cheap. Settings are normalised before the server sees them.
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { pingMethod } from '../../server/src/protocol/ping';
import { normalizeSettings, settingsSection } from '../../server/src/protocol/settings';
import { defaultWatchdogTiming, ServerWatchdog } from './serverWatchdog';

export const languageClientId = 'meshlens';

export function createLanguageClient(context: ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    // Tells the server when `meshlens.*` changes; the server then pulls per-resource values.
    synchronize: { configurationSection: settingsSection },
    diagnosticCollectionName: 'meshlens',
    outputChannelName: 'meshlens',
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const raw = await next(params, token);
          if (!Array.isArray(raw)) return raw;
          return raw.map((value, i) => (params.items[i]?.section === settingsSection ? normalizeSettings(value) : value));
        },
      },
    },
  };
  // The id makes `meshlens.trace.server` control protocol tracing.
  return new LanguageClient(languageClientId, 'meshlens', serverOptions, clientOptions);
}

/** stop() then start(), also when stop() fails: a hung server ignores shutdown, the client then kills its process. */
export async function restartLanguageClient(client: LanguageClient): Promise<void> {
  if (client.isRunning()) {
    try {
      await client.stop(2000);
    } catch {
      // "Stopping the server timed out": expected from a hung server.
    }
  }
  await client.start();
}

/**
 * Restarts a server that stops answering `meshlens/ping` (see serverWatchdog.ts). A hung server ignores the
 * shutdown request: stop() then times out (the client kills the process) and the restart goes on regardless.
 */
export function watchLanguageClient(client: LanguageClient, timing: Partial<typeof defaultWatchdogTiming> = {}): ServerWatchdog {
  const watchdog = new ServerWatchdog({
    ...defaultWatchdogTiming,
    ...timing,
    ping: () => client.sendRequest(pingMethod),
    isRunning: () => client.isRunning(),
    restart: () => restartLanguageClient(client),
    log: (message) => client.outputChannel.appendLine(message),
    now: () => Date.now(),
  });
  watchdog.start();
  return watchdog;
}
