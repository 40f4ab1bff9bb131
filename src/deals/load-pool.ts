/**
 * Reading deal files on worker threads, for a synchronous loader.
 *
 * A first start reads and validates every file (~100 µs of CPU each); the loading thread
 * meanwhile stores the deals and builds the search index, so with two cores both run at once.
 * The loader stays synchronous (start-up, hot reload and tools all call it that way): it blocks
 * in `Atomics.wait` until the worker that owns the next batch raises its counter, then takes the
 * batch with `receiveMessageOnPort`. Batches are taken in file order, so results do not depend
 * on which worker finishes first. A worker that fails to answer in time (killed, out of memory)
 * is given up on and its batches are read on the loading thread instead: slower, same result.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { BatchMessage, LoadWorkerData } from './load-worker';
import { readDealFile, type FileReading } from './parse';

/** Below this many files to read, starting workers (~50 ms each) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 2000;
const BATCH_SIZE = 128;
const AHEAD = 8;
/** A worker silent this long on a batch of ~128 files (~15 ms of work) is given up on. */
const STALL_MS = 15_000;

export interface PoolOptions {
  /** Worker threads to use; default: one per core. 0 reads on the calling thread. */
  workers?: number;
  /** Fewer files than this are read on the calling thread. @default MIN_FILES_FOR_WORKERS */
  minFiles?: number;
  stallMs?: number;
}

/** Hands out the readings of `names` (files in `dir`) one by one, in order. */
export interface Readings {
  next(): FileReading;
  /** Stops the workers (also when the load ends early with an error). */
  close(): void;
}

export function readFiles(dir: string, names: readonly string[], options: PoolOptions = {}): Readings {
  const workers = Math.min(options.workers ?? os.availableParallelism(), Math.ceil(names.length / BATCH_SIZE));
  if (workers < 1 || names.length < (options.minFiles ?? MIN_FILES_FOR_WORKERS)) {
    let k = 0;
    return { next: () => readDealFile(path.join(dir, names[k++]!)), close() {} };
  }
  try {
    return new WorkerReadings(dir, names, workers, options.stallMs ?? STALL_MS);
  } catch {
    // No threads to be had (a resource limit): read here.
    return readFiles(dir, names, { workers: 0 });
  }
}

/** The worker's entry: the compiled .js next to this file, or the .ts source under ts-jest. */
function workerEntry(): { filename: string; eval: boolean } {
  const js = path.join(__dirname, 'load-worker.js');
  if (existsSync(js)) return { filename: js, eval: false };
  // Running from TypeScript sources (tests): the worker transpiles them as it requires them.
  const ts = path.join(__dirname, 'load-worker.ts');
  const code = `
    const fs = require('node:fs');
    const ts = require('typescript');
    require.extensions['.ts'] = (module, file) => module._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText, file);
    require(${JSON.stringify(ts)});`;
  return { filename: code, eval: true };
}

class WorkerReadings implements Readings {
  private readonly threads: (Worker | undefined)[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly signals: Int32Array;
  private batch = -1;
  private current: FileReading[] = [];
  private at = 0;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly names: readonly string[],
    private readonly workers: number,
    private readonly stallMs: number,
  ) {
    const shared = new SharedArrayBuffer(4 * (workers + 1));
    this.signals = new Int32Array(shared);
    const entry = workerEntry();
    try {
      this.start(entry, workers);
    } catch (err) {
      this.close();
      throw err;
    }
  }

  private start(entry: { filename: string; eval: boolean }, workers: number): void {
    const shared = this.signals.buffer as SharedArrayBuffer;
    const { dir, names } = this;
    for (let w = 0; w < workers; w++) {
      const { port1, port2 } = new MessageChannel();
      const data: LoadWorkerData = { dir, names: names as string[], batchSize: BATCH_SIZE, worker: w, workers, signals: shared, ahead: AHEAD, port: port2 };
      const thread = new Worker(entry.filename, { eval: entry.eval, workerData: data, transferList: [port2] });
      // A worker's failure shows up as a missing batch (read here instead), not as an event.
      thread.on('error', () => {});
      thread.unref();
      this.threads.push(thread);
      this.ports.push(port1);
    }
  }

  next(): FileReading {
    if (this.at === this.current.length) {
      this.batch++;
      this.current = this.take(this.batch);
      this.at = 0;
      Atomics.store(this.signals, this.workers, this.batch + 1);
      Atomics.notify(this.signals, this.workers);
    }
    const reading = this.current[this.at++]!;
    if (this.batch * BATCH_SIZE + this.at === this.names.length) this.close();
    return reading;
  }

  private take(batch: number): FileReading[] {
    const w = batch % this.workers;
    if (this.threads[w]) {
      const port = this.ports[w]!;
      for (;;) {
        const posted = Atomics.load(this.signals, w);
        const received = receiveMessageOnPort(port);
        if (received) {
          const message = received.message as BatchMessage;
          if (message.batch !== batch) throw new Error(`load worker ${w} sent batch ${message.batch}, expected ${batch}`);
          if (message.error) throw new Error(`load worker failed: ${message.error}`);
          return message.readings!;
        }
        if (Atomics.wait(this.signals, w, posted, this.stallMs) === 'timed-out') {
          this.stop(w);
          break;
        }
      }
    }
    const readings: FileReading[] = [];
    const end = Math.min(this.names.length, (batch + 1) * BATCH_SIZE);
    for (let k = batch * BATCH_SIZE; k < end; k++) readings.push(readDealFile(path.join(this.dir, this.names[k]!)));
    return readings;
  }

  private stop(w: number): void {
    const thread = this.threads[w];
    if (!thread) return;
    this.threads[w] = undefined;
    this.ports[w]!.close();
    void thread.terminate();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (let w = 0; w < this.workers; w++) this.stop(w);
  }
}
