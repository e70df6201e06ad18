// Entry point of an analysis worker thread (bundled into dist/analysisWorker.js): takes files from
// the counter it shares with the other threads and sends back each file's outcome.
import { parentPort, workerData } from 'worker_threads';
import { parsersOnDemand } from './analyzeFiles';
import { takeFiles, type WorkerInput } from './parallelAnalysis';

void takeFiles(workerData as WorkerInput, parsersOnDemand(), (output) => parentPort!.postMessage(output));
