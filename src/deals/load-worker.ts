/**
 * A load worker (see load-pool.ts): reads, parses and validates its share of the deal files,
 * batch by batch, and hands each batch's readings to the loading thread through its port,
 * raising a shared counter the loading thread waits on.
 */
import path from 'node:path';
import { workerData, type MessagePort } from 'node:worker_threads';
import { readDealFile, type FileReading } from './parse';

export interface LoadWorkerData {
  dir: string;
  /** Every file to read, in load order; this worker takes batches w, w + workers, … */
  names: string[];
  batchSize: number;
  worker: number;
  workers: number;
  /** Int32: [0, workers) batches posted by each worker; [workers] batches taken by the loader. */
  signals: SharedArrayBuffer;
  /** How many batches a worker may run ahead of the loader (bounds memory). */
  ahead: number;
  port: MessagePort;
}

export interface BatchMessage {
  batch: number;
  readings?: FileReading[];
  error?: string;
}

function run(data: LoadWorkerData): void {
  const { dir, names, batchSize, worker, workers, ahead, port } = data;
  const signals = new Int32Array(data.signals);
  const post = (message: BatchMessage) => {
    port.postMessage(message);
    Atomics.add(signals, worker, 1);
    Atomics.notify(signals, worker);
  };
  const batches = Math.ceil(names.length / batchSize);
  for (let batch = worker; batch < batches; batch += workers) {
    // Wait while the loader is far behind: finished batches would only pile up in memory.
    for (let taken = Atomics.load(signals, workers); batch - taken > ahead; taken = Atomics.load(signals, workers)) {
      Atomics.wait(signals, workers, taken, 1000);
    }
    try {
      const readings: FileReading[] = [];
      const end = Math.min(names.length, (batch + 1) * batchSize);
      for (let k = batch * batchSize; k < end; k++) readings.push(readDealFile(path.join(dir, names[k]!)));
      post({ batch, readings });
    } catch (err) {
      post({ batch, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      break;
    }
  }
  port.close();
}

run(workerData as LoadWorkerData);
