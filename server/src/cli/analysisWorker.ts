// Entry point of an analysis worker thread (bundled into dist/analysisWorker.js): loads its grammars
// and takes units of work from the counter it shares with the other threads (the Scala files' while
// the main thread reads the Python files' imports, then theirs, sent when read), once the main thread
// has sent what it read of the whole workspace, and sends back each file's outcome.
import { parentPort, workerData } from 'worker_threads';
import { parsersOnDemand, preloadGrammars } from './analyzeFiles';
import { takeFiles, toldOn, type WorkerInput } from './parallelAnalysis';

const input = workerData as WorkerInput;
const parsersFor = parsersOnDemand();
preloadGrammars(input.files, parsersFor);
void takeFiles(input, toldOn(parentPort!), parsersFor, (output) => parentPort!.postMessage(output));
