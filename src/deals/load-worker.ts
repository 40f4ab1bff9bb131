/**
 * A load worker (see load-pool.ts): once its job (the files) comes, takes the next unclaimed
 * batch of deal files, reads, parses and validates them, and hands the readings to the loading
 * thread through its port, raising a shared counter the loading thread waits on. When the files
 * are done, it can build the search index's typo indexes (TypoJob).
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { BatchEncoder, CLAIMED, folderPrefix, MAX_WORKER_FILE_BYTES, POSTED, TAKEN, TYPO_DONE, type BatchMessage, type LoadJob, type LoadWorkerData } from './load-batch';
import { readDealFile } from './parse';
import { answerTypoJobs } from './typo-job';

function run(job: LoadJob, port: MessagePort): void {
  const { dir, names, stamp, batchSize, ahead } = job;
  const signals = new Int32Array(job.signals);
  const post = (message: BatchMessage, transfer: ArrayBuffer[] = []) => {
    port.postMessage(message, transfer);
    Atomics.add(signals, POSTED, 1);
    Atomics.notify(signals, POSTED);
  };
  const batches = Math.ceil(names.length / batchSize);
  const prefix = folderPrefix(dir);
  for (;;) {
    // Wait while the loader is far behind: finished batches would only pile up in memory.
    for (let taken = Atomics.load(signals, TAKEN); Atomics.load(signals, CLAIMED) - taken > ahead; taken = Atomics.load(signals, TAKEN)) {
      Atomics.wait(signals, TAKEN, taken, 1000);
    }
    const batch = Atomics.add(signals, CLAIMED, 1);
    if (batch >= batches) break;
    try {
      const encoder = new BatchEncoder();
      const end = Math.min(names.length, (batch + 1) * batchSize);
      // The encoder copies each record at once: it may be a view of the read buffer.
      for (let k = batch * batchSize; k < end; k++) encoder.add(readDealFile(prefix + names[k]!, { maxBytes: MAX_WORKER_FILE_BYTES, stamp, view: true }));
      const { message, transfer } = encoder.finish(batch);
      post(message, transfer);
    } catch (err) {
      post({ batch, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      break;
    }
  }
  // Then, if the loader asks (it stops the worker once the load is done): the typo indexes.
  answerTypoJobs(port, signals, TYPO_DONE);
}

const { port } = workerData as LoadWorkerData;
port.once('message', (job: LoadJob) => run(job, port));
