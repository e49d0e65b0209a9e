// `meshlens/ping`: answered at once, touching no analysis, so the client can tell a busy-but-alive server
// from one whose thread is stuck (it restarts the latter).
import { pingMethod, type PingResult } from '../../protocol/ping';
import type { ServerContext } from '../serverContext';

export function registerPing(context: ServerContext): void {
  context.connection.onRequest(pingMethod, (): PingResult => ({ alive: true }));
}
