// Opens the user's kubeconfig with @kubernetes/client-node and turns the chosen context into request options:
// TLS as the kubeconfig says (CA, client certificate, insecure-skip-tls-verify only if written there) and the
// credentials its auth plugins produce (token, exec plugin, OIDC…). The credentials stay inside this object: what
// leaves it (context name, server URL, messages) carries none, and every message passes through `redact`.
import type { RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeAccessOptions {
  /** A kubeconfig file; absent = the default chain ($KUBECONFIG, ~/.kube/config, in-cluster). */
  readonly kubeconfigPath?: string;
  /** A context of that kubeconfig; absent = its current-context. */
  readonly context?: string;
}

export interface KubeAccess {
  readonly context: string;
  /** The API server URL, e.g. `https://10.0.0.1:6443` (never holds credentials: userinfo is refused). */
  readonly server: URL;
  /** TLS settings and the Authorization header for one request; exec plugins run (and cache) here. */
  requestOptions(): Promise<RequestOptions>;
  /** Removes every credential this access knows of from a message before it is shown or logged. */
  redact(message: string): string;
}

export type KubeAccessResult = { readonly access: KubeAccess } | { readonly error: string };

export function openKubeAccess(options: KubeAccessOptions = {}): KubeAccessResult {
  const config = new KubeConfig();
  const where = options.kubeconfigPath ?? 'the default kubeconfig ($KUBECONFIG or ~/.kube/config)';
  try {
    if (options.kubeconfigPath !== undefined) config.loadFromFile(options.kubeconfigPath);
    else config.loadFromDefault();
  } catch (error) {
    // A parser's message may quote the file, tokens included: only a file-system error code is passed on.
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return { error: `cannot read ${where}: ${code ?? 'not a valid kubeconfig'}` };
  }
  if (options.context !== undefined) {
    if (!config.getContextObject(options.context)) {
      const known = config.getContexts().map((c) => c.name);
      return { error: `the kubeconfig has no context "${options.context}"${known.length > 0 ? ` (it has: ${known.join(', ')})` : ''}` };
    }
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  const context = config.getCurrentContext();
  if (!cluster || !context) return { error: `${where} has no current context; choose one with meshlens.cluster.context or --context` };
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    return { error: `the cluster of context "${context}" has no valid server URL` };
  }
  if (server.protocol !== 'https:') return { error: `the cluster of context "${context}" is not served over https (${server.protocol}); meshlens only connects with TLS` };
  if (server.username !== '' || server.password !== '') return { error: `the server URL of context "${context}" carries credentials; put them in the user entry instead` };
  const secrets = new Set<string>();
  const user = config.getCurrentUser();
  for (const value of [user?.token, user?.password]) if (value) secrets.add(value);
  const remember = (options: RequestOptions): void => {
    const authorization = (options.headers as Record<string, unknown> | undefined)?.Authorization;
    if (typeof authorization === 'string') {
      secrets.add(authorization);
      const token = authorization.replace(/^\S+\s+/, '');
      if (token.length >= 8) secrets.add(token);
    }
    if (typeof options.auth === 'string') secrets.add(options.auth);
  };
  return {
    access: {
      context,
      server,
      async requestOptions() {
        const options: RequestOptions = { headers: {} };
        await config.applyToHTTPSOptions(options);
        remember(options);
        return options;
      },
      redact(message) {
        let out = message;
        for (const secret of secrets) out = out.split(secret).join('<redacted>');
        return out;
      },
    },
  };
}
