/**
 * The catalogue cache: what the last load validated, so the next one (a restart, a hot reload)
 * reads and checks only the files that changed since.
 *
 * A file's cached reading is used only when its name, size, inode, mtime and ctime are all as
 * they were (ctime cannot be set back by a tool, so an edit that restores the mtime is still
 * seen) and the validator is the same: a fingerprint of the modules that parse and check
 * deals (schema, money, catalogue loader, records format) and of js-yaml and zod. Anything
 * else is read and validated again. Problems are never cached: an invalid file is absent from
 * the manifest, so it is checked (and reported) on every load until it is fixed.
 *
 * Layout, in a directory per deals folder (mode 0700, owned by this user; anything else and
 * the cache is not used):
 *   manifest     a JSON header line { format, fingerprint, dealsDir, records }, one line per
 *                file, `"name"⇥size⇥ino⇥mtimeMs⇥ctimeMs⇥offset⇥length⇥{indexed JSON}`, and a
 *                last line `end⇥<count>`; a manifest without it is not trusted
 *   records-<id> the deals, one after another (records.ts, the `source` format), named by the manifest
 * The manifest is streamed, never held whole: at 100k deals it is 60 MB, and only the stamps
 * and where each line's JSON sits are kept; the JSON is read back when a deal is reused.
 * A new manifest is written to a temporary name and renamed over the old one, and records files
 * are never rewritten, so a reader sees a whole old or a whole new cache. A process still
 * using a records file that a newer load replaced keeps reading it through its open handle.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ReadAhead } from './read-ahead';
import { runToEnd, type Steps } from './slices';
import { DealRecords, syncInBackground } from './records';
import type { IndexedDeal } from './search';

/** 2: records hold the deal files' texts, not JSON (records.ts); the index's part is a flat array. */
const FORMAT = 2;

/** What identifies a version of a deal file. */
export interface FileStamp {
  size: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

interface ManifestHeader {
  format: number;
  fingerprint: string;
  dealsDir: string;
  records: string;
}

const MANIFEST = 'manifest';

/**
 * The cache folder of a deals folder (by real path) under `root`. One folder per deals folder
 * and validator: two builds side by side (a rolling deploy, the console next to the server)
 * would otherwise replace each other's cache on every load.
 */
function folderFor(root: string, realDir: string): string {
  return path.join(root, `${createHash('sha256').update(realDir).digest('hex').slice(0, 16)}-${validatorFingerprint().slice(0, 8)}`);
}

const CHUNK = 1 << 20;
const TAB = 0x09;
const NEWLINE = 0x0a;

let fingerprintMemo: string | undefined;

/**
 * This folder's modules that decide what a valid deal is and what is stored of it: everything
 * parse.ts and schema.ts load (a test keeps it so), and the loader and records.
 */
export const VALIDATING_MODULES = ['./schema', './vocabulary', './money', './backing', './parse', './validate-fast', './yaml-fast', './search', './slices', './text', './catalog', './records'];

/** Changes whenever the code that decides what a valid deal is changes. */
export function validatorFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo;
  const hash = createHash('sha256');
  hash.update(`format ${FORMAT}\n`);
  // Stored deals are parsed and checked again when read (records.ts): by this runtime's URL
  // parser and regular expressions too.
  hash.update(`node ${process.version}\n`);
  for (const module of [...VALIDATING_MODULES, 'js-yaml/package.json', 'zod/package.json']) {
    hash.update(readFileSync(require.resolve(module)));
  }
  fingerprintMemo = hash.digest('hex').slice(0, 32);
  return fingerprintMemo;
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** A cached reading of one file: the index's part of the deal as JSON, and the deal's record. */
export interface CachedReading {
  indexedJson: () => string;
  record: () => Buffer;
}

/** What the manifest says of each cached file, line by line (line k is record k). */
interface ManifestLines {
  /** The manifest, still open: line JSON is read back through this handle, so a manifest that
   *  another process renames into place meanwhile cannot be read at this one's offsets. */
  fd: number;
  header: ManifestHeader;
  names: string[];
  /** size, ino, mtimeMs, ctimeMs, record offset, record length, JSON position, JSON length. */
  numbers: Float64Array[];
}

const FIELDS = 8;

export class CatalogCache {
  private readonly line = new Map<string, number>();
  private records?: DealRecords;
  private manifestFd?: number;
  /** Line JSON is read back in file order when a load reuses most files: read ahead. */
  private readonly manifestReader = new ReadAhead(() => this.manifestFd!);

  private constructor(
    /** This deals folder's cache directory. */
    readonly dir: string,
    private readonly realDir: string,
    private readonly manifest: ManifestLines | undefined,
  ) {
    if (!manifest) return;
    this.manifestFd = manifest.fd;
    closer.register(this, manifest.fd, this);
    const [, , , , recordAt, recordLength] = manifest.numbers;
    try {
      this.records = DealRecords.open(path.join(dir, manifest.header.records), Array.from(recordAt!), Array.from(recordLength!), 'source');
    } catch {
      // The records file is gone (a newer load replaced it) or cut short: nothing cached is usable.
      return;
    }
    manifest.names.forEach((name, k) => this.line.set(name, k));
  }

  /**
   * The cache for `dealsDir` under `root`, created if missing. Returns a reason instead when it
   * cannot be used (the load then reads every file, as without a cache).
   */
  static open(root: string, dealsDir: string): CatalogCache | { unusable: string } {
    return runToEnd(CatalogCache.opening(root, dealsDir));
  }

  /** `open` as steps (see slices.ts): reading the manifest yields every few thousand lines. */
  static *opening(root: string, dealsDir: string): Steps<CatalogCache | { unusable: string }> {
    let realDir: string;
    try {
      realDir = realpathSync(dealsDir);
    } catch {
      return { unusable: `${dealsDir} not found` };
    }
    const dir = folderFor(root, realDir);
    for (const d of [root, dir]) {
      try {
        mkdirSync(d, { mode: 0o700 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return { unusable: `cannot create ${d} (${(err as NodeJS.ErrnoException).code})` };
      }
      const st = lstatSync(d);
      // Another user's (or a group-writable) cache could feed us deals nobody validated.
      if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0) {
        return { unusable: `${d} is not a private directory of this user` };
      }
    }
    // The folder's mtime says when it was last used, for removeStaleFolders in other processes.
    const now = new Date();
    utimesSync(dir, now, now);
    removeStaleFolders(root, path.basename(dir), realDir);
    // The cached records file is opened with the manifest, before any yield: a load that
    // commits meanwhile may remove it from the folder, not from under an open handle.
    const cache = new CatalogCache(dir, realDir, yield* readingManifest(path.join(dir, MANIFEST), realDir));
    yield;
    return cache;
  }

  /**
   * Whether a cache under `root` for `dealsDir` has a manifest, i.e. a load would likely reuse
   * readings from it (a quick look, without opening or checking it).
   */
  static hasManifest(root: string, dealsDir: string): boolean {
    try {
      return existsSync(path.join(folderFor(root, realpathSync(dealsDir)), MANIFEST));
    } catch {
      return false;
    }
  }

  /** Whether any file's cached reading could be reused (false: a first load, or a new validator). */
  get holdsReadings(): boolean {
    return this.records !== undefined && this.line.size > 0;
  }

  /** The cached reading of `name`, when the file is unchanged since it was cached. */
  lookup(name: string, stamp: FileStamp): CachedReading | undefined {
    const k = this.line.get(name);
    if (k === undefined || !this.records || !this.unchanged(k, stamp)) return undefined;
    const records = this.records;
    return { indexedJson: () => this.indexedJson(k), record: () => records.bytes(k) };
  }

  /**
   * When the folder holds exactly the cached files, unchanged: the cached records, used as
   * they are (nothing is written), and what the index needs of each, in record order.
   */
  reuseAll(stamps: ReadonlyMap<string, FileStamp | undefined>): { records: DealRecords; indexed: Iterable<IndexedDeal> } | undefined {
    if (!this.manifest || !this.records || stamps.size !== this.line.size) return undefined;
    for (const [name, stamp] of stamps) {
      const k = this.line.get(name);
      if (k === undefined || !stamp || !this.unchanged(k, stamp)) return undefined;
    }
    const fd = this.manifestFd!;
    const count = this.manifest.names.length;
    // One sequential pass over the manifest (1 MB reads), not a read per line.
    function* indexed(): Generator<IndexedDeal> {
      let k = -1;
      for (const { bytes } of fileLines(fd)) {
        if (k >= 0 && k < count) {
          let tab = -1;
          for (let f = 0; f < FIELDS - 1; f++) tab = bytes.indexOf(TAB, tab + 1);
          yield JSON.parse(bytes.toString('utf8', tab + 1)) as IndexedDeal;
        }
        k++;
      }
      if (k !== count + 1) throw new Error('catalogue cache manifest changed while in use');
    }
    return { records: this.records, indexed: indexed() };
  }

  /** Starts a new cache: an empty records file, and a manifest to fill as deals are appended. */
  start(): { records: DealRecords; manifest: ManifestWriter } {
    const file = path.join(this.dir, `records-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
    const records = new DealRecords({ keep: file, format: 'source' });
    ownFiles.add(file);
    writing.add(file);
    const header: ManifestHeader = { format: FORMAT, fingerprint: validatorFingerprint(), dealsDir: this.realDir, records: path.basename(file) };
    try {
      return { records, manifest: new ManifestWriter(this.dir, header, records, file) };
    } catch (err) {
      writing.delete(file);
      records.discard();
      throw err;
    }
  }

  /**
   * Releases the cache's files once the load is done. The cached records stay open when they
   * became the catalogue's own (`reuseAll`).
   */
  close(options: { keepRecords?: boolean } = {}): void {
    if (this.manifestFd !== undefined) {
      closer.unregister(this);
      closeSync(this.manifestFd);
      this.manifestFd = undefined;
    }
    if (!options.keepRecords) this.records?.close();
  }

  private unchanged(k: number, stamp: FileStamp): boolean {
    const [size, ino, mtimeMs, ctimeMs] = this.manifest!.numbers;
    return sameStamp({ size: size![k]!, ino: ino![k]!, mtimeMs: mtimeMs![k]!, ctimeMs: ctimeMs![k]! }, stamp);
  }

  private indexedJson(k: number): string {
    const at = this.manifest!.numbers[6]![k]!;
    const length = this.manifest!.numbers[7]![k]!;
    const buf = this.manifestReader.read(at, length);
    if (buf.length !== length) throw new Error('catalogue cache manifest cut short');
    return buf.toString('utf8');
  }
}

/** Writes a manifest line by line as the load appends deals; `commit` puts it in place. */
export class ManifestWriter {
  private readonly fd: number;
  private readonly tmp: string;
  /**
   * Lines are encoded into this buffer as they come, not joined into a string: a 1 MB string
   * built line by line lives through several young-generation collections, each copying it
   * (at 100k deals that was much of the loading thread's GC time).
   */
  private readonly buffer = Buffer.allocUnsafeSlow(CHUNK);
  private used = 0;
  private count = 0;

  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly header: ManifestHeader,
    private readonly records: DealRecords,
    /** The records file's path (see `writing`). */
    private readonly recordsFile: string,
  ) {
    this.tmp = path.join(dir, `manifest-${randomBytes(4).toString('hex')}.tmp`);
    this.fd = openSync(this.tmp, 'wx', 0o600);
    ownFiles.add(this.tmp);
    writing.add(this.tmp);
    this.append(`${JSON.stringify(header)}\n`);
  }

  /** Gives up: closes and deletes the unfinished manifest. */
  abort(): void {
    this.written();
    this.closeFile();
    try {
      unlinkSync(this.tmp);
    } catch {
      // Already gone.
    }
  }

  /** This load's files are no longer being written: another load may remove them when unused. */
  private written(): void {
    writing.delete(this.tmp);
    writing.delete(this.recordsFile);
  }

  private closeFile(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  /**
   * Writes out the lines so far and starts putting them, and the records, on disk in the
   * background (see DealRecords.startSync), so that `commit` has little left to wait for.
   */
  startSync(): void {
    try {
      this.flush();
    } catch {
      // A write that fails here fails again in `commit`, which reports it.
      return;
    }
    this.records.startSync();
    syncInBackground(this.tmp);
  }

  /** Records that record `n` of the records file came from `name` as stamped. */
  add(name: string, stamp: FileStamp, n: number, indexedJson: string): void {
    const { offsets, lengths } = this.records.layout();
    this.append(`${JSON.stringify(name)}\t${stamp.size}\t${stamp.ino}\t${stamp.mtimeMs}\t${stamp.ctimeMs}\t${offsets[n]}\t${lengths[n]}\t${indexedJson}\n`);
    this.count++;
  }

  private append(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + 3 * text.length > this.buffer.length) {
      this.flush();
      if (3 * text.length > this.buffer.length) {
        this.writeOut(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /**
   * Puts the manifest in place and removes records files no manifest names any more. Failures
   * only cost the next load its cache, so they are returned, not thrown.
   */
  commit(): string | undefined {
    try {
      this.append(`end\t${this.count}\n`);
      this.flush();
      // On disk before the rename: after a power cut, a manifest never names zeroed records.
      this.records.sync();
      fdatasyncSync(this.fd);
      this.closeFile();
      renameSync(this.tmp, path.join(this.dir, MANIFEST));
      this.written();
      removeLeftovers(this.dir, this.header.records);
      return undefined;
    } catch (err) {
      this.abort();
      return `catalogue cache not written: ${(err as Error).message}`;
    }
  }

  private flush(): void {
    this.writeOut(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private writeOut(data: Buffer): void {
    for (let done = 0; done < data.length; ) done += writeSync(this.fd, data, done, data.length - done);
  }
}

const closer = new FinalizationRegistry<number>((fd) => closeSync(fd));

/** Files this process created in cache folders: its own leftovers can go at once. */
const ownFiles = new Set<string>();
/**
 * This process's records and manifest files still being written: a load that commits while
 * another is under way (a reload in slices, see watch.ts) must not remove them.
 */
const writing = new Set<string>();
/** Another process's unreferenced file is removed only after this long (it may be mid-load). */
const FOREIGN_FILE_GRACE_MS = 10 * 60_000;

/** Removes records files no manifest names and unfinished manifests, sparing other processes' recent ones. */
function removeLeftovers(dir: string, current: string): void {
  for (const name of readdirSync(dir)) {
    if (!((name.startsWith('records-') && name !== current) || name.endsWith('.tmp'))) continue;
    const file = path.join(dir, name);
    if (writing.has(file)) continue;
    try {
      if (!ownFiles.has(file) && Date.now() - statSync(file).mtimeMs < FOREIGN_FILE_GRACE_MS) continue;
      unlinkSync(file);
      ownFiles.delete(file);
    } catch {
      // Another process removed it first.
    }
  }
}

/** A cache folder's name: a deals folder's hash and a validator fingerprint (none in early versions). */
const FOLDER_NAME = /^[0-9a-f]{16}(?:-[0-9a-f]{8})?$/;
/** Another build's cache of the same deals folder is kept this long after its last use (a rolling deploy). */
const OTHER_BUILD_GRACE_MS = 60 * 60_000;
/** Any cache folder unused for this long is removed. */
const UNUSED_MS = 30 * 24 * 60 * 60_000;

/** The deals folder a cache folder's manifest names, or undefined when it has no readable header. */
function cachedDealsDir(folder: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path.join(folder, MANIFEST), 'r');
    const buf = Buffer.allocUnsafe(64 * 1024);
    const got = readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.subarray(0, got).indexOf(NEWLINE);
    const header = JSON.parse(buf.toString('utf8', 0, nl === -1 ? got : nl)) as Partial<ManifestHeader>;
    return typeof header.dealsDir === 'string' ? header.dealsDir : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Removes the cache folders nobody will use again, so the cache root does not grow with every
 * build and every deals folder (a 100k-deal cache is ~170 MB): those of a deals folder that no
 * longer exists, those of another build of this deals folder unused for an hour, those without
 * a readable manifest for an hour, and any unused for 30 days. Each is only a cache: removing
 * one in use costs its process a full read at its next load (open files stay readable).
 */
function removeStaleFolders(root: string, own: string, realDir: string): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    if (name === own || !FOLDER_NAME.test(name)) continue;
    const folder = path.join(root, name);
    try {
      const st = lstatSync(folder);
      if (!st.isDirectory()) continue;
      const unused = now - st.mtimeMs;
      const dealsDir = cachedDealsDir(folder);
      const stale =
        unused > UNUSED_MS ||
        (unused > FOREIGN_FILE_GRACE_MS && dealsDir !== undefined && !existsSync(dealsDir)) ||
        (unused > OTHER_BUILD_GRACE_MS && (dealsDir === undefined || dealsDir === realDir));
      if (stale) rmSync(folder, { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile, or not ours to remove: leave it.
    }
  }
}

/** The lines of a file with where each starts; a line's bytes are valid until the next one is asked for. */
function* fileLines(fd: number): Generator<{ bytes: Buffer; at: number }> {
  const buf = Buffer.allocUnsafe(CHUNK);
  let position = 0;
  let carry: Buffer | undefined;
  let carryAt = 0;
  for (;;) {
    const got = readSync(fd, buf, 0, CHUNK, position);
    if (got === 0) {
      if (carry && carry.length > 0) yield { bytes: carry, at: carryAt };
      return;
    }
    let data = buf.subarray(0, got);
    let dataAt = position;
    position += got;
    if (carry) {
      data = Buffer.concat([carry, data]);
      dataAt = carryAt;
      carry = undefined;
    }
    let start = 0;
    for (let nl = data.indexOf(NEWLINE, start); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
      yield { bytes: data.subarray(start, nl), at: dataAt + start };
      start = nl + 1;
    }
    if (start < data.length) {
      carry = Buffer.from(data.subarray(start));
      carryAt = dataAt + start;
    }
  }
}

/** Manifest lines read between yields. */
const LINES_PER_STEP = 4096;

function* readingManifest(file: string, realDir: string): Steps<ManifestLines | undefined> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    // No cache yet: a cold load, which writes one.
    return undefined;
  }
  let kept = false;
  try {
    let header: ManifestHeader | undefined;
    const names: string[] = [];
    const numbers: number[][] = Array.from({ length: FIELDS }, () => []);
    let ended: number | undefined;
    for (const { bytes, at } of fileLines(fd)) {
      if (ended !== undefined) return undefined;
      if (!header) {
        header = JSON.parse(bytes.toString('utf8')) as ManifestHeader;
        if (header.format !== FORMAT || header.fingerprint !== validatorFingerprint() || header.dealsDir !== realDir) return undefined;
        if (typeof header.records !== 'string' || !/^records-[a-z0-9-]+$/.test(header.records)) return undefined;
        continue;
      }
      const tabs: number[] = [];
      for (let t = bytes.indexOf(TAB); t !== -1 && tabs.length < FIELDS - 1; t = bytes.indexOf(TAB, t + 1)) tabs.push(t);
      if (tabs.length === 1 && bytes.toString('latin1', 0, tabs[0]) === 'end') {
        ended = Number(bytes.toString('latin1', tabs[0]! + 1));
        continue;
      }
      if (tabs.length !== FIELDS - 1) return undefined;
      if (names.length % LINES_PER_STEP === LINES_PER_STEP - 1) yield;
      names.push(JSON.parse(bytes.toString('utf8', 0, tabs[0])) as string);
      for (let f = 0; f < 6; f++) {
        const v = Number(bytes.toString('latin1', tabs[f]! + 1, tabs[f + 1]));
        if (!Number.isFinite(v)) return undefined;
        numbers[f]!.push(v);
      }
      numbers[6]!.push(at + tabs[6]! + 1);
      numbers[7]!.push(bytes.length - tabs[6]! - 1);
    }
    // A manifest cut short (a full disk) is not trusted.
    if (!header || ended !== names.length) return undefined;
    kept = true;
    return { fd, header, names, numbers: numbers.map((list) => Float64Array.from(list)) };
  } catch {
    return undefined;
  } finally {
    if (!kept) closeSync(fd);
  }
}
