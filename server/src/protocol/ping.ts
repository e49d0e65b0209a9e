// `meshlens/ping`: a request the server answers without touching any analysis. The client sends it
// periodically; a server that leaves it unanswered for long is hung, and the client restarts it.

export const pingMethod = 'meshlens/ping' as const;

export interface PingResult {
  readonly alive: true;
}
