// Imported first by the server's entry (server.ts), for its side effect: the analysis worker thread starts before
// the rest of the server loads, so its start overlaps that load and the initialize handshake (worker/startedWorker.ts).
import { defaultWorkerStart, startWorkerEarly } from './worker/startedWorker';

startWorkerEarly(defaultWorkerStart(__dirname));
