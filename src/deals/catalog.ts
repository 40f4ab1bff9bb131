/**
 * Loads `seeds/deals/*.yaml`, validates every file and builds the in-memory catalogue.
 *
 * Validation collects every problem in every file before failing, so a curator fixes a
 * broken catalogue in one pass. Each problem names the file, the field path and what to fix:
 * `seeds/deals/az-cspc-2025.yaml: value.upfront.amount: expected an amount such as …`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CatalogCache, type FileStamp, type ManifestWriter } from './cache';
import { stampsOf } from './load-batch';
import { readFiles, startEarly, startStamping, type EarlyWorkers, type PoolOptions, type Stamping } from './load-pool';
import { indexedCopy, type SeedProblem } from './parse';
import { DealRecords } from './records';
import type { Deal } from './schema';
import { DealIndex, type IndexedDeal, type TypoIndexHelper } from './search';
import { runInSlices, runToEnd, type Steps } from './slices';
import { TitleWords } from './title-words';

export { indexedCopy, parseDealFile, type SeedProblem } from './parse';

/** "seeds/deals/x.yaml: value.upfront.amount: expected …", with the path relative to the cwd. */
export function formatProblem(p: SeedProblem): string {
  const file = path.relative(process.cwd(), p.file) || p.file;
  return p.field ? `${file}: ${p.field}: ${p.message}` : `${file}: ${p.message}`;
}

/** Thrown when the catalogue cannot be loaded; `problems` lists every one found. */
export class CatalogError extends Error {
  readonly code = 'catalog_invalid';
  constructor(readonly problems: SeedProblem[]) {
    super(
      `The deal catalogue has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'CatalogError';
  }
}

/**
 * The loaded catalogue: the search index, and every validated deal, fetched by id.
 *
 * Deals are not held as objects (see records.ts): `get` reads one back, `all` reads them all
 * (tools and checks, never a request path). Search, filters and digest selection work from
 * the index's compact per-deal data and fetch only the deals they show.
 */
export class Catalog {
  readonly index: DealIndex;
  private readonly records: DealRecords;
  private readonly recordOf: Map<string, number>;
  private titleIndex?: TitleWords;
  private titleIndexBuilt?: Promise<TitleWords>;
  private titleIndexFailed = false;

  /**
   * Builds a catalogue from deals already validated (tests, tools), or from records the loader
   * wrote, where record n is the deal `indexed[n]` describes. Ids must be unique.
   */
  constructor(source: Iterable<Deal> | CatalogParts | BuiltCatalog) {
    const built = source instanceof BuiltCatalog ? source : runToEnd(buildCatalog(source));
    this.records = built.records;
    this.recordOf = built.recordOf;
    this.index = built.index;
    if (this.records.size !== this.recordOf.size) throw new Error(`catalogue has ${this.records.size} records for ${this.recordOf.size} deals`);
  }

  /** The catalogue of `source` as steps (see slices.ts): a loader's reading yields as it goes. */
  static *building(source: Iterable<Deal> | CatalogParts): Steps<Catalog> {
    return new Catalog(yield* buildCatalog(source));
  }

  /**
   * Each deal's position in the search index and its title, in the order the records are stored
   * (so they are read ahead, see records.ts), for indexing title words (title-words.ts).
   */
  *titles(): Generator<[position: number, title: string | undefined], void, void> {
    const positionOf = new Int32Array(this.records.size);
    this.index.ids.forEach((id, position) => {
      positionOf[this.recordOf.get(id)!] = position;
    });
    for (let n = 0; n < positionOf.length; n++) {
      let title: string | undefined;
      try {
        title = this.records.title(n);
      } catch {
        // A record that cannot be read back (a damaged cache file): that deal alone is left out.
      }
      yield [positionOf[n]!, title];
    }
  }

  /** The index of title words, once `buildTitleWords` has built it. */
  get titleWords(): TitleWords | undefined {
    return this.titleIndex;
  }

  /**
   * Builds the index of title words in slices of the event loop (see title-words.ts), once: a
   * later call gets the same promise. Lookups do without it until it is there. Aborting `signal`
   * stops the build (a hot reload stops the one of the catalogue it replaces: ~1 s of CPU at
   * 100k deals for a catalogue no longer in service); a later call starts it again.
   */
  buildTitleWords(signal?: AbortSignal): Promise<TitleWords> {
    const built: Promise<TitleWords> = (this.titleIndexBuilt ??= runInSlices(TitleWords.building(this), undefined, signal).then(
      (index) => (this.titleIndex = index),
      (err: unknown) => {
        if (signal?.aborted) {
          if (this.titleIndexBuilt === built) this.titleIndexBuilt = undefined;
        } else this.titleIndexFailed = true;
        throw err;
      },
    ));
    return built;
  }

  /** True when building the index of title words failed: lookups then do without it. */
  get titleWordsFailed(): boolean {
    return this.titleIndexFailed;
  }

  /** How many deals the catalogue holds. */
  get size(): number {
    return this.recordOf.size;
  }

  /** Every deal id, most recent first. */
  get ids(): readonly string[] {
    return this.index.ids;
  }

  get(id: string): Deal | undefined {
    const n = this.recordOf.get(id);
    return n === undefined ? undefined : this.records.read(n);
  }

  /** The deals with these ids, in that order; ids not in the catalogue are skipped. */
  getAll(ids: readonly string[]): Deal[] {
    const out: Deal[] = [];
    for (const id of ids) {
      const deal = this.get(id);
      if (deal) out.push(deal);
    }
    return out;
  }

  /** Every deal, most recent first, read back one by one: for tools and checks, not requests. */
  all(): Deal[] {
    return this.getAll(this.index.ids);
  }
}

/**
 * A catalogue's stored deals: the records, and what the index needs of record n as the n-th
 * item. `indexed` may be a generator that appends the records as it goes; they must be sealed
 * once it is done.
 */
export interface CatalogParts {
  records: DealRecords;
  indexed: Iterable<IndexedDeal>;
  /**
   * Each deal id's record number, filled as `indexed` is read, by a source that already
   * refuses duplicate ids (the loader); without it, the catalogue numbers and checks them.
   */
  recordOf?: Map<string, number>;
  /** Builds the search index's typo indexes on another thread (a loader's worker). */
  typoHelper?: TypoIndexHelper;
}

function isParts(source: Iterable<Deal> | CatalogParts): source is CatalogParts {
  return source instanceof Object && 'records' in source && source.records instanceof DealRecords;
}

/** A catalogue's parts with its index built. */
class BuiltCatalog {
  constructor(
    readonly records: DealRecords,
    readonly recordOf: Map<string, number>,
    readonly index: DealIndex,
  ) {}
}

function* buildCatalog(source: Iterable<Deal> | CatalogParts): Steps<BuiltCatalog> {
  let parts: CatalogParts;
  if (isParts(source)) {
    parts = source;
  } else {
    const records = new DealRecords();
    parts = {
      records,
      indexed: (function* () {
        for (const deal of source) {
          records.append(deal);
          yield indexedCopy(deal).indexed;
        }
        records.seal();
      })(),
    };
  }
  // Record n is the n-th deal the index is given; the index reads each deal once, as it comes.
  // A loader that numbered the records as it checked ids hands its map over, filled as the
  // index reads; otherwise it is made here.
  if (parts.recordOf) return new BuiltCatalog(parts.records, parts.recordOf, yield* DealIndex.building(parts.indexed, parts.typoHelper));
  const recordOf = new Map<string, number>();
  const indexed = parts.indexed;
  const index = yield* DealIndex.building(
    (function* () {
      for (const deal of indexed) {
        const id = deal[0];
        if (recordOf.has(id)) throw new Error(`duplicate deal id ${id}`);
        recordOf.set(id, recordOf.size);
        yield deal;
      }
    })(),
    parts.typoHelper,
  );
  return new BuiltCatalog(parts.records, recordOf, index);
}

/** How a load used the catalogue cache (cache.ts). */
export type CacheUse =
  | { state: 'off' }
  | { state: 'unusable'; reason: string }
  /** `reused` files came from the cache unchanged; `read` files were read and validated. */
  | { state: 'used'; reused: number; read: number; warning?: string };

/** For logs: "3 files read, 99,997 unchanged from the cache". */
export function describeCacheUse(use: CacheUse): string {
  switch (use.state) {
    case 'off':
      return 'catalogue cache off';
    case 'unusable':
      return `catalogue cache not used: ${use.reason}`;
    case 'used':
      return `${use.read} file${use.read === 1 ? '' : 's'} read, ${use.reused} unchanged from the cache${use.warning ? `; ${use.warning}` : ''}`;
  }
}

/** A deals directory read and checked: the catalogue of its valid deals, and every problem found. */
export interface DealsDirReading {
  catalog: Catalog;
  problems: SeedProblem[];
  /** Deal files found (valid or not). */
  files: number;
  cache: CacheUse;
}

export interface ReadOptions {
  /** Where the catalogue cache lives (config DEALS_CACHE_DIR); without it every file is read. */
  cacheDir?: string;
  /** Worker threads for reading files (load-pool.ts); the default suits a start-up. */
  pool?: PoolOptions;
}

/**
 * Reads a deals directory: every `.yaml`/`.yml` file, checked, with cross-file checks. Deals go
 * into the catalogue's records as they are read, so the whole parsed catalogue is never in
 * memory at once. With a cache, files unchanged since the last load are not read again (see
 * cache.ts). With problems, the catalogue holds only the valid deals: callers decide whether to
 * use it.
 */
export function readDealsDir(dir: string, options: ReadOptions = {}): DealsDirReading {
  return runToEnd(readingDealsDir(dir, options));
}

/**
 * `readDealsDir` in slices: the event loop gets a turn every `sliceMs` or so, so a bot keeps
 * acknowledging commands while it reloads (watch.ts). The longest slices left take ~0.15–0.25 s
 * at 100k deals (docs/decisions.md, "A hot reload runs in slices").
 */
export function readDealsDirInSlices(dir: string, options: ReadOptions = {}, sliceMs?: number): Promise<DealsDirReading> {
  return runInSlices(readingDealsDir(dir, options), sliceMs);
}

function* readingDealsDir(dir: string, options: ReadOptions): Steps<DealsDirReading> {
  // When every file will be read (no cache, or none yet for this folder: a first start), workers
  // for reading them start while the directory is listed; any not used are stopped. A restart
  // or a hot reload reads only changed files, too few for workers.
  const cached = options.cacheDir !== undefined && CatalogCache.hasManifest(options.cacheDir, dir);
  const early = cached ? undefined : startEarly(dir, options.pool);
  try {
    return yield* readDir(dir, options, early, cached);
  } finally {
    early?.close();
  }
}

function* readDir(dir: string, options: ReadOptions, early: EarlyWorkers | undefined, cached: boolean): Steps<DealsDirReading> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'directory not found' : String(err);
    return { catalog: new Catalog([]), files: 0, cache: { state: 'off' }, problems: [{ file: dir, field: '', message: `${reason} (set DEALS_DIR)` }] };
  }
  if (names.length === 0) {
    return { catalog: new Catalog([]), files: 0, cache: { state: 'off' }, problems: [{ file: dir, field: '', message: 'no .yaml deal files found' }] };
  }
  // With a cache to compare them with, every file is stat'ed: on a worker, while this thread
  // reads the cache's manifest (see startStamping). The worker then builds the typo indexes
  // while this thread builds the rest of the index, unless workers reading files do.
  const stamping = cached ? startStamping(dir, names, options.pool) : undefined;
  try {
    return yield* loadFiles(dir, names, options, { pool: options.pool, early, stamping });
  } finally {
    stamping?.close();
  }
}

/** The threads a load may use: reading workers (started early, or not yet), and a stamp worker. */
interface LoadThreads {
  pool: PoolOptions | undefined;
  early: EarlyWorkers | undefined;
  stamping: Stamping | undefined;
}

function* loadFiles(dir: string, names: string[], options: ReadOptions, threads: LoadThreads): Steps<DealsDirReading> {
  const problems: SeedProblem[] = [];
  let cache: CatalogCache | undefined;
  let cacheUse: CacheUse = { state: 'off' };
  if (options.cacheDir) {
    const opened = yield* CatalogCache.opening(options.cacheDir, dir);
    if (opened instanceof CatalogCache) cache = opened;
    else cacheUse = { state: 'unusable', reason: opened.unusable };
  }
  // Stat before reading: a file changed between the two is stamped with its old version, so
  // the next load reads it again rather than trusting a stale reading. With nothing cached to
  // compare with (a first start), every file is read, and stamped as it is opened instead.
  const stampAhead = cache?.holdsReadings ?? false;
  // Nothing to compare stamps with (the cache's records are gone): every file is read.
  if (!stampAhead) threads.stamping?.close();
  const list = !stampAhead ? [] : threads.stamping ? yield* threads.stamping.collect() : stampsOf(dir, names);
  yield;
  const stamps = new Map<string, FileStamp | undefined>(list.map((stamp, k) => [names[k]!, stamp]));
  yield;
  let reuse = true;
  let damage: string | undefined;
  try {
    const whole = stampAhead ? cache!.reuseAll(stamps) : undefined;
    if (whole) {
      const catalog = yield* Catalog.building({ ...whole, ...(threads.stamping ? { typoHelper: threads.stamping.typoHelper } : {}) });
      cache!.close({ keepRecords: true });
      return { catalog, problems, files: names.length, cache: { state: 'used', reused: names.length, read: 0 } };
    }
  } catch (err) {
    // A damaged cache (unreadable or corrupt lines) costs a full read, never the load; the
    // read writes a new one.
    cache!.close();
    reuse = false;
    damage = `cached data unreadable (${(err as Error).message}); every file read`;
  }

  // Storage, best first: the cache, then an unlinked temporary file, then memory. A write that
  // fails (a full disk) moves the load to the next one: it costs speed, never the catalogue.
  const kinds = cache ? (['cache', 'temp', 'memory'] as const) : (['temp', 'memory'] as const);
  for (const kind of kinds) {
    try {
      const reading = yield* readInto(dir, names, stamps, kind === 'cache' ? cache : undefined, reuse, kind, threads, kind === 'cache' && !stampAhead);
      if (kind === 'cache') {
        const warning = [damage, reading.warning].filter(Boolean).join('; ');
        cacheUse = { state: 'used', reused: reading.reused, read: names.length - reading.reused, ...(warning ? { warning } : {}) };
      }
      cache?.close();
      return { catalog: reading.catalog, problems: reading.problems, files: names.length, cache: cacheUse };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (typeof code !== 'string' || kind === 'memory') {
        cache?.close();
        throw err;
      }
      const where = kind === 'cache' ? `writing the catalogue cache in ${cache!.dir}` : 'writing deal records to the temporary directory';
      cacheUse = { state: 'unusable', reason: `${cacheUse.state === 'unusable' ? `${cacheUse.reason}; ` : ''}${where} failed (${code})` };
    }
  }
  throw new Error('unreachable');
}

/** One pass over the files into records of `kind`; with `cache`, unchanged files come from it and a new cache is written. */
function* readInto(
  dir: string,
  names: readonly string[],
  stamps: ReadonlyMap<string, FileStamp | undefined>,
  cache: CatalogCache | undefined,
  reuse: boolean,
  kind: 'cache' | 'temp' | 'memory',
  threads: LoadThreads,
  stampAsRead: boolean,
): Steps<{ catalog: Catalog; problems: SeedProblem[]; reused: number; warning?: string }> {
  const problems: SeedProblem[] = [];
  let records: DealRecords;
  let manifest: ManifestWriter | undefined;
  if (cache) ({ records, manifest } = cache.start());
  else records = new DealRecords({ memory: kind === 'memory', format: 'source' });
  // Which files are read again, decided up front so workers can start on them at once (with
  // nothing stamped ahead, a first start, every file).
  const hits =
    reuse && stamps.size > 0
      ? names.map((name) => {
          const stamp = stamps.get(name);
          return (stamp && cache?.lookup(name, stamp)) || undefined;
        })
      : undefined;
  yield;
  const readings = readFiles(dir, hits ? names.filter((_, k) => !hits[k]) : names, threads.pool, stampAsRead, threads.early);
  let reused = 0;
  /** Each deal id's record number (the catalogue's own map), and the file (position in `names`) of each record. */
  const recordOf = new Map<string, number>();
  const fileOfRecord: number[] = [];
  function* validDeals(): Generator<IndexedDeal> {
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!;
      let stamp = stamps.get(name);
      let indexedJson: string;
      let record: Buffer;
      const hit = hits?.[k];
      if (hit) {
        indexedJson = hit.indexedJson();
        record = hit.record();
        reused++;
      } else {
        const reading = readings.next();
        stamp ??= reading.stamp;
        if (reading.problems) {
          problems.push(...reading.problems);
          continue;
        }
        ({ indexedJson, record } = reading);
      }
      // A fresh parse: nothing the index keeps is a slice of a larger text.
      const deal = JSON.parse(indexedJson) as IndexedDeal;
      const id = deal[0];
      const other = recordOf.get(id);
      if (other !== undefined) {
        problems.push({ file: path.join(dir, name), field: 'id', message: `'${id}' is already used by ${path.join(dir, names[fileOfRecord[other]!]!)}` });
        continue;
      }
      const n = records.appendRecord(record);
      recordOf.set(id, n);
      fileOfRecord.push(k);
      // A file that could not be stamped gets a stamp nothing matches: it is read next time.
      manifest?.add(name, stamp ?? { size: -1, ino: -1, mtimeMs: -1, ctimeMs: -1 }, n, indexedJson);
      yield deal;
    }
    records.seal();
    // The cache's commit will wait for the records and manifest to reach the disk: start that now.
    manifest?.startSync();
  }
  try {
    const catalog = yield* Catalog.building({ records, indexed: validDeals(), recordOf, typoHelper: readings.typoHelper ?? threads.stamping?.typoHelper });
    readings.close();
    const warning = manifest?.commit();
    return { catalog, problems, reused, ...(warning ? { warning } : {}) };
  } catch (err) {
    readings.close();
    manifest?.abort();
    if (cache) records.discard();
    else records.close();
    throw err;
  }
}

/** Loads the catalogue or throws a `CatalogError` listing every problem. */
export function loadCatalog(dir: string, options: ReadOptions = {}): Catalog {
  const { catalog, problems } = readDealsDir(dir, options);
  if (problems.length > 0) throw new CatalogError(problems);
  return catalog;
}
