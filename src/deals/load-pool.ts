/**
 * Reading deal files on worker threads, for a synchronous loader.
 *
 * A first start reads and validates every file (~40 µs of CPU each, 4 s at 100k deals); the
 * loading thread meanwhile stores the deals and builds the search index (~1.5 s at 100k).
 * The loader stays synchronous (start-up, hot reload and tools all call it that way): it takes
 * posted batches with `receiveMessageOnPort`. Batches are used in file order, so results do not
 * depend on which thread read them. When the batch it needs is not ready, the loading thread
 * reads the next unclaimed batch itself instead of waiting, so one worker per core but one keeps
 * every core busy: on 2 cores one worker and the loading thread used ~8% less CPU, and finished
 * ~0.3 s sooner at 100k deals, than two workers with the loading thread waiting on them (three
 * threads on two cores). It blocks in `Atomics.wait` only when every batch is claimed; if none
 * comes in time (a worker killed, out of memory), the workers are given up on and the remaining
 * files are read on the loading thread: slower, same result.
 *
 * A load with a cache to compare with (a restart, a hot reload) reads few files or none, but
 * stats every one: a stamp worker does that while the loading thread reads the cache's manifest
 * (startStamping).
 */
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FileStamp } from './cache';
import { CLAIMED, decodeBatch, folderPrefix, POSTED, SIGNALS, STAMP_CHUNK, STAMP_CLAIMED, STAMP_SIGNALS, STAMP_TYPO_DONE, stampAt, stampFiles, TAKEN, TYPO_DONE, type BatchMessage, type LoadJob, type LoadWorkerData, type StampJob, type TypoJob, type TypoResult } from './load-batch';
import { readDealFile, type FileReading } from './parse';
import type { TypoIndexHelper } from './search';
import type { Steps } from './slices';

/** Below this many files to read, starting workers (~50 ms each to load the parsers) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 2000;
const BATCH_SIZE = 128;
const AHEAD = 8;
/**
 * A worker's heap: its live data is ~12 MB, but with V8's defaults its old generation grew to
 * ~100 MB of promoted garbage between collections, and two of them put a 100k-deal first start
 * at ~450 MB peak RSS. With these limits: ~360 MB, and no slower (measured on 2 cores).
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 64 };
/** No batch for this long (one is ~10 ms of work) and the workers are given up on. */
const STALL_MS = 15_000;
/** The typo indexes take ~150 ms at 100k deals: past this, the loading thread builds them. */
const TYPO_STALL_MS = 2_000;

export interface PoolOptions {
  /** Worker threads to use; default: one per core but the calling thread's. 0 reads on the calling thread alone. */
  workers?: number;
  /** Fewer files than this are read on the calling thread. @default MIN_FILES_FOR_WORKERS */
  minFiles?: number;
  stallMs?: number;
  /**
   * Whether the calling thread reads the next unclaimed batch (or stats the next unclaimed
   * chunk, see startStamping) itself when the one it needs is not ready, rather than wait for
   * the workers. @default true
   */
  steal?: boolean;
}

/** Hands out the readings of `names` (files in `dir`) one by one, in order. */
export interface Readings {
  next(): FileReading;
  /** Stops the workers (also when the load ends early with an error). */
  close(): void;
  /** With workers: the first, once the files are read, can build the typo indexes. */
  typoHelper?: TypoIndexHelper;
}

/**
 * A directory's own size (from stat) per file it lists, at least: ext4 uses ~28 bytes per entry
 * of a deal file's name, tmpfs 20, btrfs twice the name's length. Other file systems (ZFS counts
 * entries) never look big enough: workers then start after the listing, as without this guess,
 * which is only for timing (see startEarly).
 */
const DIR_BYTES_PER_FILE = 16;

/** Workers started before the file names are known; readFiles takes them, close stops any left. */
export interface EarlyWorkers {
  close(): void;
}

class StartedWorkers implements EarlyWorkers {
  constructor(readonly threads: { thread: Worker; port: MessagePort }[]) {}
  take(): { thread: Worker; port: MessagePort }[] {
    return this.threads.splice(0);
  }
  close(): void {
    for (const { thread, port } of this.take()) {
      port.close();
      void thread.terminate();
    }
  }
}

/**
 * Starts the workers for reading `dir` while the caller lists it, when every file will be read
 * (nothing cached to reuse: the caller knows) and the directory looks big enough to want them
 * (`minFiles`, guessed from its size). A worker is ~200 ms from its start to its first batch on
 * a busy 2-core machine (starting a thread, loading the parsers, running them cold): started
 * before listing a 100k-file directory (~90 ms), it starts reading that much sooner. A wrong
 * guess costs only time: unused workers are stopped, and readFiles starts any it needs.
 */
export function startEarly(dir: string, options: PoolOptions = {}): EarlyWorkers | undefined {
  const count = workerCount(options);
  if (count < 1) return undefined;
  try {
    if (statSync(dir).size < (options.minFiles ?? MIN_FILES_FOR_WORKERS) * DIR_BYTES_PER_FILE) return undefined;
    return new StartedWorkers(spawn(count));
  } catch {
    return undefined;
  }
}

function workerCount(options: PoolOptions): number {
  // One core is the loading thread's: it reads files too whenever it would wait (see take).
  return options.workers ?? Math.max(1, os.availableParallelism() - 1);
}

function spawn(count: number, kind: WorkerKind = 'load-worker'): { thread: Worker; port: MessagePort }[] {
  const entry = workerEntry(kind);
  const started: { thread: Worker; port: MessagePort }[] = [];
  try {
    for (let w = 0; w < count; w++) {
      const { port1, port2 } = new MessageChannel();
      const data: LoadWorkerData = { port: port2 };
      const thread = new Worker(entry.filename, { eval: entry.eval, workerData: data, transferList: [port2], resourceLimits: WORKER_HEAP });
      // A worker's failure shows up as a missing batch (read here instead), not as an event.
      thread.on('error', () => {});
      thread.unref();
      started.push({ thread, port: port1 });
    }
  } catch (err) {
    new StartedWorkers(started).close();
    throw err;
  }
  return started;
}

/**
 * With `stamp`, each reading carries its file's stamp (see parse.ts). Workers from `early` are
 * used (or stopped) rather than started anew.
 */
export function readFiles(dir: string, names: readonly string[], options: PoolOptions = {}, stamp = false, early?: EarlyWorkers): Readings {
  const workers = Math.min(workerCount(options), Math.ceil(names.length / BATCH_SIZE));
  if (workers < 1 || names.length < (options.minFiles ?? MIN_FILES_FOR_WORKERS)) {
    early?.close();
    let k = 0;
    return { next: () => readDealFile(path.join(dir, names[k++]!), { stamp }), close() {} };
  }
  try {
    const threads = early instanceof StartedWorkers ? early.take() : [];
    early?.close();
    return new WorkerReadings(dir, names, workers, threads, options.stallMs ?? STALL_MS, stamp, options.steal ?? true);
  } catch {
    // No threads to be had (a resource limit): read here.
    return readFiles(dir, names, { workers: 0 }, stamp);
  }
}

type WorkerKind = 'load-worker' | 'stamp-worker';

/** A worker's entry: the compiled .js next to this file, or the .ts source under ts-jest. */
function workerEntry(kind: WorkerKind): { filename: string; eval: boolean } {
  const js = path.join(__dirname, `${kind}.js`);
  if (existsSync(js)) return { filename: js, eval: false };
  // Running from TypeScript sources (tests): the worker transpiles them as it requires them.
  const ts = path.join(__dirname, `${kind}.ts`);
  const code = `
    const fs = require('node:fs');
    const ts = require('typescript');
    require.extensions['.ts'] = (module, file) => module._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText, file);
    require(${JSON.stringify(ts)});`;
  return { filename: code, eval: true };
}

/** The stamps of a folder's files, being taken (see startStamping). */
export interface Stamping {
  /**
   * Each file's stamp, in the order of the names given (undefined: it could not be stat'ed), as
   * steps (see slices.ts): it yields between the chunks it stats itself.
   */
  collect(): Steps<(FileStamp | undefined)[]>;
  /**
   * After `collect`, the worker can build the search index's typo indexes (a restart has no
   * load worker to do it). Its `finish` stops the worker.
   */
  typoHelper: TypoIndexHelper;
  /** Stops the worker. */
  close(): void;
}

/**
 * Starts stating `names` (files in `dir`) on a worker, for a load with a cache to compare them
 * with: the loading thread meanwhile reads the cache's manifest (at 100k files each takes
 * ~0.3–0.9 s on 2 cores), then `collect`s the stamps, stating any chunk nobody has claimed
 * yet itself. Undefined when there are too few files for a worker to be worth starting, or no
 * thread to be had: the caller stats them itself.
 */
export function startStamping(dir: string, names: readonly string[], options: PoolOptions = {}): Stamping | undefined {
  if (workerCount(options) < 1 || names.length < (options.minFiles ?? MIN_FILES_FOR_WORKERS)) return undefined;
  let started: StartedWorkers;
  try {
    started = new StartedWorkers(spawn(1, 'stamp-worker'));
  } catch {
    return undefined;
  }
  const chunks = Math.ceil(names.length / STAMP_CHUNK);
  const job: StampJob = {
    dir,
    names: names as string[],
    stamps: new SharedArrayBuffer(4 * 8 * names.length),
    signals: new SharedArrayBuffer(4 * STAMP_SIGNALS),
    done: new SharedArrayBuffer(4 * chunks),
  };
  const { port } = started.threads[0]!;
  try {
    port.postMessage(job);
  } catch {
    started.close();
    return undefined;
  }
  const stallMs = options.stallMs ?? STALL_MS;
  const steal = options.steal ?? true;
  const signals = new Int32Array(job.signals);
  /**
   * Whether the worker stat'ed a chunk and none timed out: only such a worker is asked for the
   * typo indexes (one still starting, or dead, could cost more than building them here).
   */
  let answered = false;
  return {
    *collect() {
      const shared = new Float64Array(job.stamps);
      const done = new Int32Array(job.done);
      const prefix = folderPrefix(dir);
      // Chunks this thread stats go into an array of its own: a chunk it takes over from a
      // stalled worker is never a mix of two threads' stat calls.
      const own = new Float64Array(4 * names.length);
      const mine = new Uint8Array(chunks);
      const stampChunk = (c: number) => {
        stampFiles(prefix, names, c * STAMP_CHUNK, Math.min(names.length, (c + 1) * STAMP_CHUNK), own);
        mine[c] = 1;
      };
      let stalled = false;
      for (let c = 0; c < chunks; c++) {
        while (!mine[c] && Atomics.load(done, c) === 0) {
          // Rather than wait, take the next chunk nobody has claimed (this one, or one ahead
          // while the worker finishes this one).
          const claimed = steal ? Atomics.add(signals, STAMP_CLAIMED, 1) : chunks;
          if (claimed < chunks) {
            stampChunk(claimed);
            yield;
          } else if (Atomics.wait(done, c, 0, stallMs) === 'timed-out') {
            stalled = true;
            stampChunk(c);
          }
        }
      }
      answered = !stalled && !mine.every(Boolean);
      return names.map((_, k) => stampAt(mine[Math.floor(k / STAMP_CHUNK)] ? own : shared, k));
    },
    typoHelper: typoHelperOn(port, signals, STAMP_TYPO_DONE, () => answered && started.threads.length > 0, () => started.close()),
    close: () => started.close(),
  };
}

/**
 * A worker's typo index job (typo-job.ts) seen from the loading thread: `start` posts it when
 * `ready`, `finish` waits for the result (at most TYPO_STALL_MS), then calls `done`.
 */
function typoHelperOn(port: MessagePort, signals: Int32Array, doneAt: number, ready: () => boolean, done: () => void): TypoIndexHelper {
  let started = false;
  const wait = (): TypoResult['typo'] | undefined => {
    const deadline = Date.now() + TYPO_STALL_MS;
    for (;;) {
      const count = Atomics.load(signals, doneAt);
      for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
        const message = received.message as TypoResult | BatchMessage;
        if ('typo' in message) return message.typo;
      }
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(signals, doneAt, count, left) === 'timed-out') return undefined;
    }
  };
  return {
    start(names, words) {
      if (!ready()) return;
      started = true;
      port.postMessage({ typo: { names: names as string[], words: words as string[] } } satisfies TypoJob);
    },
    finish() {
      try {
        return started && ready() ? wait() : undefined;
      } finally {
        done();
      }
    },
  };
}

class WorkerReadings implements Readings {
  /** See folderPrefix. */
  private readonly prefix: string;
  private readonly threads: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly signals: Int32Array;
  /** Batches that arrived before the loader needed them. */
  private readonly early = new Map<number, BatchMessage>();
  /** Batches this thread read itself, ahead of the one it needed. */
  private readonly own = new Map<number, FileReading[]>();
  private readonly batches: number;
  private batch = -1;
  private current: (FileReading | undefined)[] = [];
  private at = 0;
  private closed = false;
  readonly typoHelper: TypoIndexHelper;

  constructor(
    dir: string,
    private readonly names: readonly string[],
    workers: number,
    started: { thread: Worker; port: MessagePort }[],
    private readonly stallMs: number,
    private readonly stamp: boolean,
    private readonly steal: boolean,
  ) {
    this.batches = Math.ceil(names.length / BATCH_SIZE);
    this.prefix = folderPrefix(dir);
    const shared = new SharedArrayBuffer(4 * SIGNALS);
    this.signals = new Int32Array(shared);
    // Workers started early beyond the number wanted here (fewer batches than workers) go.
    new StartedWorkers(started.splice(workers)).close();
    let fresh: { thread: Worker; port: MessagePort }[];
    try {
      fresh = spawn(workers - started.length);
    } catch (err) {
      new StartedWorkers(started).close();
      throw err;
    }
    // Every thread is ours to stop (close) before any is given its job.
    for (const { thread, port } of [...started, ...fresh]) {
      this.threads.push(thread);
      this.ports.push(port);
    }
    // The first worker, once the files are read. Only a worker known to be running: one that
    // never posted a batch may be starting yet, or dead, and waiting for it could cost more
    // than building the indexes here.
    this.typoHelper = typoHelperOn(this.ports[0]!, this.signals, TYPO_DONE, () => !this.closed && Atomics.load(this.signals, POSTED) > 0, () => this.close());
    try {
      const job: LoadJob = { dir, names: names as string[], stamp, batchSize: BATCH_SIZE, signals: shared, ahead: AHEAD };
      for (const port of this.ports) port.postMessage(job);
    } catch (err) {
      this.close();
      throw err;
    }
  }

  next(): FileReading {
    if (this.at === this.current.length) {
      this.batch++;
      this.current = this.take(this.batch);
      this.at = 0;
      Atomics.store(this.signals, TAKEN, this.batch + 1);
      Atomics.notify(this.signals, TAKEN);
    }
    const k = this.batch * BATCH_SIZE + this.at;
    const reading = this.current[this.at++] ?? readDealFile(this.prefix + this.names[k]!, { stamp: this.stamp });
    // The files are read: stop the workers but the first, which may yet build the typo indexes.
    if (k + 1 === this.names.length) this.stopReaders();
    return reading;
  }


  /** Stops every worker but the first. */
  private stopReaders(): void {
    this.early.clear();
    for (let w = 1; w < this.threads.length; w++) {
      this.ports[w]!.close();
      void this.threads[w]!.terminate();
    }
  }

  private take(batch: number): (FileReading | undefined)[] {
    while (!this.closed) {
      const posted = Atomics.load(this.signals, POSTED);
      for (const port of this.ports) {
        for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
          const message = received.message as BatchMessage;
          if (message.error) throw new Error(`load worker failed: ${message.error}`);
          this.early.set(message.batch, message);
        }
      }
      const own = this.own.get(batch);
      if (own) {
        this.own.delete(batch);
        return own;
      }
      const message = this.early.get(batch);
      if (message) {
        this.early.delete(batch);
        return decodeBatch(message);
      }
      // Rather than wait, read the next batch nobody has claimed (this one, or one a little
      // ahead while a worker finishes this one): the loading thread works whenever it would
      // otherwise wait, so one worker and this thread keep two cores busy.
      const claimed = this.steal ? Atomics.add(this.signals, CLAIMED, 1) : this.batches;
      if (claimed < this.batches) {
        const readings = this.readBatch(claimed);
        if (claimed === batch) return readings;
        this.own.set(claimed, readings);
        continue;
      }
      // Silence means a worker died holding this batch (or the machine is starved): read the
      // rest here rather than wait again for every batch.
      if (Atomics.wait(this.signals, POSTED, posted, this.stallMs) === 'timed-out') this.close();
    }
    return this.own.get(batch) ?? this.readBatch(batch);
  }

  private readBatch(batch: number): FileReading[] {
    const readings: FileReading[] = [];
    const end = Math.min(this.names.length, (batch + 1) * BATCH_SIZE);
    for (let k = batch * BATCH_SIZE; k < end; k++) readings.push(readDealFile(this.prefix + this.names[k]!, { stamp: this.stamp }));
    return readings;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.early.clear();
    for (const port of this.ports) port.close();
    for (const thread of this.threads) void thread.terminate();
  }
}
