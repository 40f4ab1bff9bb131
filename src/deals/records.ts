/**
 * Where a loaded catalogue keeps its validated deals: as JSON in an anonymous temporary file,
 * read back one deal at a time, with the most recently read ones kept parsed.
 *
 * Why not objects in memory: at 100k deals the parsed records took ~320 MB of JavaScript heap
 * (3.2 KB per deal, for 1.5 KB of YAML), so start-up peaked at ~920 MB RSS and every major GC
 * had half a gigabyte to mark — 300 ms pauses under load (see docs/decisions.md). Requests only
 * ever need a handful of deals in full; search, filters and digests work from the index's
 * compact per-deal data. A deal read back is the validated value the loader checked (not the
 * YAML file, which may have changed since), costs ~10 µs from the page cache, and the file is
 * unlinked as soon as it is opened, so it disappears with the process, even after kill -9.
 * If no temporary file can be made (read-only /tmp), the records stay in memory as bytes.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Deal } from './schema';

/** Parsed deals kept for repeat reads (cards, thread answers and digests reuse the same few). */
const CACHE_SIZE = 512;
/** Bytes gathered before one write to the file. */
const WRITE_CHUNK = 1 << 20;

/** Closes a collected catalogue's file (hot reloads replace catalogues while requests may hold the old one). */
const closer = new FinalizationRegistry<number>((fd) => closeSync(fd));

export class DealRecords {
  private fd: number | undefined;
  /** In-memory fallback: the bytes themselves, when no file could be made. */
  private readonly chunks: Buffer[] = [];
  private memory?: Buffer;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private offsets: number[] = [];
  private lengths: number[] = [];
  private sealed = false;
  private readonly cache = new Map<number, Deal>();

  constructor(dir: string = os.tmpdir()) {
    try {
      const folder = mkdtempSync(path.join(dir, 'deal-records-'));
      const file = path.join(folder, 'deals.json');
      this.fd = openSync(file, 'w+', 0o600);
      unlinkSync(file);
      rmdirSync(folder);
      closer.register(this, this.fd);
    } catch {
      this.fd = undefined;
    }
  }

  get size(): number {
    return this.offsets.length;
  }

  /** Appends a deal; returns its record number. */
  append(deal: Deal): number {
    if (this.sealed) throw new Error('DealRecords: append after seal');
    const bytes = Buffer.from(JSON.stringify(deal), 'utf8');
    this.offsets.push(this.written + this.pendingBytes);
    this.lengths.push(bytes.length);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= WRITE_CHUNK) this.flush();
    return this.offsets.length - 1;
  }

  /** Ends appending: flushes what is buffered. Reads are allowed only after this. */
  seal(): void {
    if (this.sealed) return;
    this.flush();
    this.sealed = true;
    if (this.fd === undefined) {
      this.memory = Buffer.concat(this.chunks);
      this.chunks.length = 0;
    }
  }

  /** The deal stored as record `n`. */
  read(n: number): Deal {
    if (!this.sealed) throw new Error('DealRecords: read before seal');
    const cached = this.cache.get(n);
    if (cached) {
      // Map order is insertion order: re-insert to mark it recently used.
      this.cache.delete(n);
      this.cache.set(n, cached);
      return cached;
    }
    const offset = this.offsets[n];
    const length = this.lengths[n];
    if (offset === undefined || length === undefined) throw new RangeError(`no deal record ${n}`);
    let text: string;
    if (this.fd === undefined) {
      text = this.memory!.toString('utf8', offset, offset + length);
    } else {
      const buf = Buffer.allocUnsafe(length);
      const got = readSync(this.fd, buf, 0, length, offset);
      if (got !== length) throw new Error(`deal record ${n}: read ${got} of ${length} bytes`);
      text = buf.toString('utf8');
    }
    const deal = JSON.parse(text) as Deal;
    this.cache.set(n, deal);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return deal;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    if (this.fd === undefined) {
      this.chunks.push(data);
    } else {
      let done = 0;
      while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, this.written + done);
    }
    this.written += data.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
