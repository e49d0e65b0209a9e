// Entry of the analysis worker thread (bundled to dist/analysisWorker.cjs): wires the AnalysisService to
// the port of the main thread. Only runs inside a worker_threads Worker.
import { isMainThread, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { analyzeText } from '../../analysis/analyzeFile';
import { policyKinds } from '../../analysis/policyKinds';
import { AnalysisService } from './analysisService';
import type { FromWorker, ToWorker, WorkerOptions } from './workerProtocol';

/**
 * Compiles every kind's schema validators before the first message is handled: that one-time cost is not any
 * document's, so it must not count against a document's time budget (the watchdog only times announced work).
 */
function warmUp(): void {
  const sample = policyKinds.map((k) => `apiVersion: ${k.group}/${k.servedVersions[0]}\nkind: ${k.kind}\nmetadata: {name: warm-up, namespace: default}\nspec: {}\n`).join('---\n');
  analyzeText(sample);
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const service = new AnalysisService(
    workerData as WorkerOptions,
    (message: FromWorker) => port.postMessage(message),
    undefined,
    // Between the steps of a slice: a request that arrived meanwhile is taken now, in order with the port's others.
    () => receiveMessageOnPort(port)?.message as ToWorker | undefined,
  );
  // Messages sent meanwhile wait in the port until the listener is attached.
  warmUp();
  port.on('message', (message: ToWorker) => service.receive(message));
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}
