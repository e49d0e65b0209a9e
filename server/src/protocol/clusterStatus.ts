// The live-cluster source as the client sees it: the `meshlens/clusterStatus` notification (server → client) that
// drives the status-bar item, and the command that picks a context. Credential-free by construction: a context
// name, the server's origin, counts and problem lines the cluster adapter already redacted.

export const clusterStatusNotification = 'meshlens/clusterStatus' as const;

export type ClusterConnectionState = 'off' | 'loading' | 'ready' | 'partial' | 'failed' | 'stopped';

export interface ClusterStatusParams {
  readonly state: ClusterConnectionState;
  /** The kubeconfig context read (absent when off or the kubeconfig could not be opened). */
  readonly context?: string;
  /** `https://host:port` of the API server. */
  readonly server?: string;
  readonly objects: number;
  /** One line per resource that could not be read, or why nothing could. */
  readonly problems: readonly string[];
}

/** What the analysis worker tells the main thread (worker protocol): load progress, or the status. */
export type ClusterReport =
  | { readonly kind: 'progress'; readonly done: number; readonly total: number; readonly message: string }
  | { readonly kind: 'status'; readonly status: ClusterStatusParams };
