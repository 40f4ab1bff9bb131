/**
 * What passes between the loading thread and a load worker (load-pool.ts, load-worker.ts), or
 * a stamp worker (stamp-worker.ts).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { FileStamp } from './cache';
import type { FileReading, SeedProblem } from './parse';
import type { DeletionIndex } from './text';

/**
 * Files larger than this are left to the loading thread: a worker's heap is kept small (see
 * load-pool.ts), and a deal file is a few kilobytes.
 */
export const MAX_WORKER_FILE_BYTES = 1 << 20;

/**
 * What goes before a file name from readdir to make path.join(dir, name): such a name has no
 * separators and is never `.` or `..`, so the folder is normalised once, not for every file.
 */
export function folderPrefix(dir: string): string {
  return path.join(dir, '_').slice(0, -1);
}

/** Indexes into the shared Int32Array of counters. */
export const CLAIMED = 0;
export const POSTED = 1;
export const TAKEN = 2;
/** Typo index jobs done (see TypoJob). */
export const TYPO_DONE = 3;
export const SIGNALS = 4;

/**
 * After its files, a worker can take one more job: the search index's typo indexes (search.ts
 * TypoIndexHelper), from the dictionaries' words, while the loading thread finishes the rest.
 */
export interface TypoJob {
  typo: { names: string[]; words: string[] };
}
export interface TypoResult {
  typo: { words: string[]; index: DeletionIndex }[];
}

/** What a load worker is started with: the port its job and everything after come through. */
export interface LoadWorkerData {
  port: MessagePort;
}

/**
 * A worker's job, its first message: sent as soon as the file names are known, which can be
 * after the worker started (see load-pool.ts startEarly).
 */
export interface LoadJob {
  dir: string;
  /** Every file to read, in load order, cut into batches of `batchSize`. */
  names: string[];
  /** Stamp each file as it is read (see parse.ts). */
  stamp: boolean;
  batchSize: number;
  /**
   * Int32 counters: CLAIMED, the next batch a worker may take (workers take the next one as
   * they finish, so a slow or descheduled worker does not hold the others back); POSTED,
   * batches posted (the loader waits on it); TAKEN, batches the loader has used; TYPO_DONE,
   * typo index jobs done.
   */
  signals: SharedArrayBuffer;
  /** How many batches workers may run ahead of the loader (bounds memory). */
  ahead: number;
}

/**
 * One batch's readings. The deals' records and index JSON go as UTF-8 in one transferred
 * buffer, not as strings, which would be copied twice (serialised here, rebuilt there).
 */
export interface BatchMessage {
  batch: number;
  /**
   * Per file: the end offsets in `bytes` of its record and then of its index JSON; -1, -1
   * for problems; -2, -2 for a file left to the loading thread (too big for a worker's heap).
   */
  ends?: Int32Array;
  bytes?: ArrayBuffer;
  /** Per file, when stamped: size, inode, mtimeMs, ctimeMs (NaN: no stamp). */
  stamps?: Float64Array;
  /** The problems of the files that have them, in file order. */
  problems?: SeedProblem[][];
  error?: string;
}

/**
 * Builds a batch message file by file: each reading is encoded as it is made, so its strings
 * die young instead of waiting in a list, alive, until the whole batch is done.
 */
export class BatchEncoder {
  private bytes = Buffer.allocUnsafeSlow(1 << 20);
  private at = 0;
  private readonly ends: number[] = [];
  private readonly stamps: number[] = [];
  private readonly problems: SeedProblem[][] = [];

  /** Adds a file's reading; undefined: the loading thread reads the file itself. */
  add(reading: FileReading | undefined): void {
    const stamp = reading?.stamp;
    if (stamp) this.stamps.push(stamp.size, stamp.ino, stamp.mtimeMs, stamp.ctimeMs);
    else this.stamps.push(NaN, NaN, NaN, NaN);
    if (!reading) {
      this.ends.push(-2, -2);
      return;
    }
    if (reading.problems) {
      this.problems.push(reading.problems);
      this.ends.push(-1, -1);
      return;
    }
    const { record } = reading;
    // UTF-16 code units take at most 3 bytes in UTF-8.
    const need = this.at + record.length + 3 * reading.indexedJson.length;
    if (need > this.bytes.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(need, 2 * this.bytes.length));
      this.bytes.copy(bigger, 0, 0, this.at);
      this.bytes = bigger;
    }
    this.at += record.copy(this.bytes, this.at);
    this.ends.push(this.at);
    this.at += this.bytes.write(reading.indexedJson, this.at, 'utf8');
    this.ends.push(this.at);
  }

  /** The message for `batch`, and what to transfer with it (the bytes: not copied). */
  finish(batch: number): { message: BatchMessage; transfer: ArrayBuffer[] } {
    const buffer = this.bytes.buffer as ArrayBuffer;
    const message: BatchMessage = { batch, ends: Int32Array.from(this.ends), bytes: buffer, stamps: Float64Array.from(this.stamps), problems: this.problems };
    return { message, transfer: [buffer] };
  }
}

/**
 * A stamp worker's job: stat every file of a deals folder that has a cache manifest (a restart,
 * a hot reload), so the cache can tell which files changed, while the loading thread reads the
 * manifest. Files go in chunks of STAMP_CHUNK that either thread takes by raising
 * `signals[STAMP_CLAIMED]`; the worker marks a chunk done in `done` once its stamps are in
 * `stamps`. Then it can take a typo job, like a load worker (TypoJob, STAMP_TYPO_DONE).
 */
export interface StampJob {
  dir: string;
  names: string[];
  /** Float64, 4 per file: size, ino, mtimeMs, ctimeMs (NaN: the file could not be stat'ed). */
  stamps: SharedArrayBuffer;
  /** Int32 counters: STAMP_CLAIMED, STAMP_TYPO_DONE. */
  signals: SharedArrayBuffer;
  /** Int32 per chunk: 1 once the worker has written its stamps. */
  done: SharedArrayBuffer;
}

/** Files per stamp chunk: ~5–10 ms of stat calls. */
export const STAMP_CHUNK = 1024;
/** Indexes into a stamp job's Int32 signals: the next chunk to claim, and typo jobs done. */
export const STAMP_CLAIMED = 0;
export const STAMP_TYPO_DONE = 1;
export const STAMP_SIGNALS = 2;

/**
 * Stats `names[from]` up to `names[to]` (files under `prefix`, see folderPrefix) into `into`,
 * four numbers a file at 4 * k: size, ino, mtimeMs, ctimeMs, or NaNs for a file that cannot
 * be stat'ed (gone since the listing, or unreadable: the load reads it and says why).
 */
export function stampFiles(prefix: string, names: readonly string[], from: number, to: number, into: Float64Array): void {
  for (let k = from; k < to; k++) {
    let size = NaN;
    let ino = NaN;
    let mtimeMs = NaN;
    let ctimeMs = NaN;
    try {
      const st = statSync(prefix + names[k]!);
      ({ size, ino, mtimeMs, ctimeMs } = st);
    } catch {
      // Left as NaN.
    }
    into[4 * k] = size;
    into[4 * k + 1] = ino;
    into[4 * k + 2] = mtimeMs;
    into[4 * k + 3] = ctimeMs;
  }
}

/** The stamp of file k that stampFiles wrote into `from`; undefined when it could not be stat'ed. */
export function stampAt(from: Float64Array, k: number): FileStamp | undefined {
  const size = from[4 * k]!;
  return Number.isNaN(size) ? undefined : { size, ino: from[4 * k + 1]!, mtimeMs: from[4 * k + 2]!, ctimeMs: from[4 * k + 3]! };
}

/** Each of `names` (files in `dir`) stamped on this thread, in order. */
export function stampsOf(dir: string, names: readonly string[]): (FileStamp | undefined)[] {
  const stamps = new Float64Array(4 * names.length);
  stampFiles(folderPrefix(dir), names, 0, names.length, stamps);
  return names.map((_, k) => stampAt(stamps, k));
}

/** The readings of a batch message, in file order; undefined for files left to the loading thread. */
export function decodeBatch(message: BatchMessage): (FileReading | undefined)[] {
  const ends = message.ends!;
  const stamps = message.stamps!;
  const bytes = Buffer.from(message.bytes!);
  const readings: (FileReading | undefined)[] = [];
  let problem = 0;
  let at = 0;
  for (let k = 0; k < ends.length; k += 2) {
    if (ends[k] === -2) {
      readings.push(undefined);
      continue;
    }
    const s = 2 * k;
    const stamp = Number.isNaN(stamps[s]) ? undefined : { size: stamps[s]!, ino: stamps[s + 1]!, mtimeMs: stamps[s + 2]!, ctimeMs: stamps[s + 3]! };
    if (ends[k] === -1) {
      readings.push({ problems: message.problems![problem++]!, ...(stamp ? { stamp } : {}) });
      continue;
    }
    const record = bytes.subarray(at, ends[k]);
    const indexedJson = bytes.toString('utf8', ends[k], ends[k + 1]);
    at = ends[k + 1]!;
    readings.push({ record, indexedJson, ...(stamp ? { stamp } : {}) });
  }
  return readings;
}
