// The one boundary where exceptions stop: every LSP handler runs through `guarded`, which logs the failure
// with the handler name and uri and answers with the handler's empty result, so a bug never kills the server.
// A ResponseError (RequestCancelled) is an answer, not a failure, and goes through.
import { ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';

export type Guard = <P, R>(name: string, handler: (params: P, token?: CancellationToken) => R | Promise<R>, empty: R) => (params: P, token?: CancellationToken) => Promise<R>;

export function makeGuard(connection: Connection): Guard {
  return (name, handler, empty) => async (params, token) => {
    try {
      return await handler(params, token);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      const uri = (params as { textDocument?: { uri?: string } } | undefined)?.textDocument?.uri ?? '';
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      connection.console.error(`meshlens: ${name} failed${uri ? ` for ${uri}` : ''}: ${detail}`);
      return empty;
    }
  };
}
