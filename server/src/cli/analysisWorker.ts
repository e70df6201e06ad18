// Entry point of an analysis worker thread (bundled into dist/analysisWorker.js): loads its grammars
// while the main thread reads the files' imports, then, given the units of work, takes them from
// the counter it shares with the other threads and sends back each file's outcome.
import { parentPort, workerData } from 'worker_threads';
import { parsersOnDemand, preloadGrammars } from './analyzeFiles';
import { takeFiles, type Units, type WorkerInput } from './parallelAnalysis';

const input = workerData as WorkerInput;
const parsersFor = parsersOnDemand();
preloadGrammars(input.files, parsersFor);
parentPort!.once('message', (units: Units) => void takeFiles(input, units, parsersFor, (output) => parentPort!.postMessage(output)));
