/**
 * Where a loaded catalogue keeps its validated deals: in an anonymous temporary file, read back
 * one deal at a time, with the most recently read ones kept parsed.
 *
 * Why not objects in memory: at 100k deals the parsed records took ~320 MB of JavaScript heap
 * (3.2 KB per deal, for 1.5 KB of YAML), so start-up peaked at ~920 MB RSS and every major GC
 * had half a gigabyte to mark — 300 ms pauses under load (see docs/decisions.md). Requests only
 * ever need a handful of deals in full; search, filters and digests work from the index's
 * compact per-deal data. The file is unlinked as soon as it is opened, so it disappears with
 * the process, even after kill -9. If no temporary file can be made (read-only /tmp), the
 * records stay in memory as bytes.
 *
 * A record is one of two things (`RecordFormat`):
 * - `source`, what the loader stores: the text of the deal file it validated. Writing the text
 *   it already has costs a copy, where serialising each deal as JSON cost ~12 µs a file (1.2 s
 *   of a 100k-deal first start). Reading one back parses and checks that text again (~25 µs
 *   instead of ~10 µs for JSON): the same text through the same code is the same deal, the
 *   one the loader checked, whatever the file on disk says by then.
 * - `json`, for catalogues built from deal objects (tests, tools): the deal as JSON.
 */
import { close, closeSync, fdatasync, fdatasyncSync, fstatSync, mkdtempSync, openSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dealFromRecord, titleFromRecord } from './parse';
import { ReadAhead } from './read-ahead';
import type { Deal } from './schema';

/** What a record holds: the validated deal file's text, or the deal as JSON (see above). */
export type RecordFormat = 'source' | 'json';

/** Parsed deals kept for repeat reads (cards, thread answers and digests reuse the same few). */
const CACHE_SIZE = 512;
/** Bytes gathered before one write to the file. */
const WRITE_CHUNK = 1 << 20;

/**
 * Starts an fdatasync of `file` on libuv's thread pool, through a descriptor of its own (see
 * DealRecords.startSync), and closes it when done. Best effort: a later fdatasync of the
 * writer's own descriptor is what counts.
 */
export function syncInBackground(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return;
  }
  fdatasync(fd, () => close(fd, () => {}));
}

/** Closes a collected catalogue's file (hot reloads replace catalogues while requests may hold the old one). */
const closer = new FinalizationRegistry<number>((fd) => closeSync(fd));

export class DealRecords {
  private fd: number | undefined;
  /** The records file's path when it is kept (the catalogue cache's), else undefined. */
  readonly file: string | undefined;
  /** In-memory fallback: the bytes themselves, when no file could be made. */
  private readonly chunks: Buffer[] = [];
  private memory?: Buffer;
  /**
   * Appended bytes not yet written: JSON text is encoded straight into this one buffer, not
   * into a Buffer per deal (100k small Buffers held until a flush outlive the young generation
   * and fill the old one with garbage: +140 MB peak RSS at 100k deals).
   */
  private pending?: Buffer;
  private pendingBytes = 0;
  private written = 0;
  private offsets: number[] = [];
  private lengths: number[] = [];
  private sealed = false;
  private closed = false;
  private readonly cache = new Map<number, Deal>();
  private readonly reader = new ReadAhead(() => this.fd!);
  readonly format: RecordFormat;

  /**
   * New, empty records: in an unlinked file under `dir` (default: the temporary directory), or,
   * with `keep`, in a file at that path which stays after the process (the catalogue cache).
   * `format` says what they hold (default: JSON).
   */
  constructor(
    options: {
      dir?: string;
      keep?: string;
      memory?: boolean;
      format?: RecordFormat;
      existing?: { file: string; offsets: number[]; lengths: number[] };
    } = {},
  ) {
    const { existing } = options;
    this.format = options.format ?? 'json';
    if (existing) {
      const fd = openSync(existing.file, 'r');
      const n = existing.offsets.length;
      const end = n === 0 ? 0 : existing.offsets[n - 1]! + existing.lengths[n - 1]!;
      if (fstatSync(fd).size < end) {
        closeSync(fd);
        throw new Error(`${existing.file} is shorter than its records`);
      }
      this.adopt(fd);
      this.file = existing.file;
      this.offsets = existing.offsets;
      this.lengths = existing.lengths;
      this.written = end;
      this.sealed = true;
      return;
    }
    if (options.keep) {
      this.adopt(openSync(options.keep, 'wx+', 0o600));
      this.file = options.keep;
      return;
    }
    if (options.memory) return;
    let fd: number | undefined;
    try {
      const folder = mkdtempSync(path.join(options.dir ?? os.tmpdir(), 'deal-records-'));
      const file = path.join(folder, 'deals');
      fd = openSync(file, 'w+', 0o600);
      unlinkSync(file);
      rmdirSync(folder);
      this.adopt(fd);
    } catch {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private adopt(fd: number): void {
    this.fd = fd;
    closer.register(this, fd, this);
  }

  /** Puts the written records on disk (before a cache manifest names them). */
  sync(): void {
    if (this.fd !== undefined) fdatasyncSync(this.fd);
  }

  /**
   * Starts putting a kept file's records on disk on libuv's thread pool, so that `sync` later
   * has little left to wait for: a loader calls this when the last deal is stored and the search
   * index still has ~0.4 s of work (at 100k deals), which hides most of a ~80 ms fdatasync.
   * It syncs through a second descriptor of the file: Linux reports a write-back error once per
   * open file, so an error this one swallows is still reported to `sync`, and closing the
   * records meanwhile cannot leave it syncing a descriptor number reused by another file.
   */
  startSync(): void {
    if (this.fd !== undefined && this.file) syncInBackground(this.file);
  }

  /** Closes the file now instead of when this is collected. Reads after this throw. */
  close(): void {
    if (this.fd === undefined) return;
    closer.unregister(this);
    closeSync(this.fd);
    this.fd = undefined;
    this.closed = true;
  }

  /** Closes and deletes a kept file that will not be used (a load that failed half-way). */
  discard(): void {
    this.close();
    if (this.file) {
      try {
        unlinkSync(this.file);
      } catch {
        // Already gone.
      }
    }
  }

  get size(): number {
    return this.offsets.length;
  }

  /**
   * Opens records written earlier (a cached catalogue's file), read-only. Throws if the file
   * cannot be opened or is shorter than the records say.
   */
  static open(file: string, offsets: number[], lengths: number[], format: RecordFormat): DealRecords {
    return new DealRecords({ existing: { file, offsets, lengths }, format });
  }

  /** Appends a deal to JSON records; returns its record number. */
  append(deal: Deal): number {
    if (this.format !== 'json') throw new Error('DealRecords: deal objects go into JSON records');
    return this.appendRecord(JSON.stringify(deal));
  }

  /** Appends a record of this format: text, or UTF-8 bytes (as `bytes` returns them). */
  appendRecord(record: string | Buffer): number {
    if (this.sealed) throw new Error('DealRecords: append after seal');
    const length = typeof record === 'string' ? Buffer.byteLength(record, 'utf8') : record.length;
    this.offsets.push(this.written + this.pendingBytes);
    this.lengths.push(length);
    if (this.pendingBytes + length > WRITE_CHUNK) this.flush();
    if (length > WRITE_CHUNK) {
      this.writeOut(typeof record === 'string' ? Buffer.from(record, 'utf8') : record);
    } else {
      this.pending ??= Buffer.allocUnsafe(WRITE_CHUNK);
      if (typeof record === 'string') this.pending.write(record, this.pendingBytes, 'utf8');
      else record.copy(this.pending, this.pendingBytes);
      this.pendingBytes += length;
    }
    return this.offsets.length - 1;
  }

  /** Ends appending: flushes what is buffered. Reads are allowed only after this. */
  seal(): void {
    if (this.sealed) return;
    this.flush();
    this.pending = undefined;
    this.sealed = true;
    if (this.fd === undefined) {
      this.memory = Buffer.concat(this.chunks);
      this.chunks.length = 0;
    }
  }

  /** The deal stored as record `n`. */
  read(n: number): Deal {
    const cached = this.cache.get(n);
    if (cached) {
      // Map order is insertion order: re-insert to mark it recently used.
      this.cache.delete(n);
      this.cache.set(n, cached);
      return cached;
    }
    const bytes = this.bytes(n);
    const deal = this.format === 'json' ? (JSON.parse(bytes.toString('utf8')) as Deal) : dealFromRecord(bytes);
    this.cache.set(n, deal);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return deal;
  }

  /** The title of the deal stored as record `n`, without reading the whole deal back (see titleFromRecord). */
  title(n: number): string {
    const cached = this.cache.get(n);
    if (cached) return cached.title;
    const bytes = this.bytes(n);
    return this.format === 'json' ? (JSON.parse(bytes.toString('utf8')) as Deal).title : titleFromRecord(bytes);
  }

  /** Record `n` as stored: UTF-8 text of this format. Records read in order are read ahead (read-ahead.ts). */
  bytes(n: number): Buffer {
    if (!this.sealed) throw new Error('DealRecords: read before seal');
    if (this.closed) throw new Error('DealRecords: read after close');
    const offset = this.offsets[n];
    const length = this.lengths[n];
    if (offset === undefined || length === undefined) throw new RangeError(`no deal record ${n}`);
    if (this.fd === undefined) return this.memory!.subarray(offset, offset + length);
    const buf = this.reader.read(offset, length);
    if (buf.length !== length) throw new Error(`deal record ${n}: read ${buf.length} of ${length} bytes`);
    return buf;
  }

  /** Where each record starts and how long it is, for a cache manifest. */
  layout(): { offsets: readonly number[]; lengths: readonly number[] } {
    return { offsets: this.offsets, lengths: this.lengths };
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    this.writeOut(this.pending!.subarray(0, this.pendingBytes));
    this.pendingBytes = 0;
  }

  private writeOut(data: Buffer): void {
    if (this.fd === undefined) {
      // The pending buffer is reused: keep a copy.
      this.chunks.push(Buffer.from(data));
    } else {
      let done = 0;
      while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, this.written + done);
    }
    this.written += data.length;
  }
}
