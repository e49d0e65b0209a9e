// The webview's link to its host: VS Code's `acquireVsCodeApi()` inside the editor, or, in the
// standalone HTML page, the graph inlined as JSON and an in-page stand-in for the host.
import { inlineDataElementId, type FromWebviewMessage, type ToWebviewMessage } from '../src/trafficGraph/webviewMessages';

export interface HostBridge {
  readonly standalone: boolean;
  post(message: FromWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
  /** Raw messages; the caller validates them. */
  onMessage(handler: (raw: unknown) => void): void;
}

interface VsCodeApi { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void }
declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;


export function createHostBridge(onStandaloneRequest: (message: FromWebviewMessage) => void): HostBridge {
  if (typeof acquireVsCodeApi === 'function') {
    const api = acquireVsCodeApi();
    return {
      standalone: false,
      post: (m) => api.postMessage(m),
      getState: () => api.getState(),
      setState: (s) => api.setState(s),
      onMessage: (handler) => window.addEventListener('message', (event) => handler(event.data)),
    };
  }
  let state: unknown;
  return {
    standalone: true,
    post: (m) => onStandaloneRequest(m),
    getState: () => state,
    setState: (s) => { state = s; },
    onMessage: (handler) => {
      // The page inlines the graph as JSON (never as script); parse it and deliver it like a host message.
      const element = document.getElementById(inlineDataElementId);
      if (!element?.textContent) return;
      try {
        const parsed: ToWebviewMessage | unknown = JSON.parse(element.textContent);
        queueMicrotask(() => handler(parsed));
      } catch {
        queueMicrotask(() => handler({ type: 'status', level: 'error', message: 'The inlined graph data is not valid JSON.' }));
      }
    },
  };
}
