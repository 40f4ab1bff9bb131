/**
 * Load + validate: the real `readDealsDir` (YAML parse + zod validation + cross-file checks,
 * deal records, search index), timed, with peak RSS. Run in a fresh child
 * process per size so the RSS belongs to this catalogue alone.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { readDealsDir, readDealsDirInSlices, type CacheUse, type Catalog, type DealsDirReading } from '../src/deals/catalog';

export interface LoadResult {
  deals: number;
  problems: number;
  /** readDealsDir: read + parse + validate every file, store it, build the search index. */
  totalMs: number;
  /** Peak resident set size of the process (process.resourceUsage().maxRSS). */
  peakRssMB: number;
  /** Peak RSS before loading (Node itself and the modules). */
  baselineRssMB: number;
  /** RSS and heap after loading, with the catalogue alive. */
  rssAfterMB: number;
  heapUsedAfterMB: number;
  /** Heap still in use after a full GC with the catalogue alive (needs --expose-gc). */
  liveHeapMB?: number;
  parties: number;
  /** How the catalogue cache was used: every file read (first start) or reused (restart). */
  cache: CacheUse;
  /**
   * With `sliced` (a hot reload, run in slices as the bot runs it): the longest the event loop
   * went without a turn meanwhile, i.e. how long a `/deal` could wait for its acknowledgement.
   */
  longestBlockMs?: number;
  /** With `firstSeen`: recording the catalogue's first-seen times, as the bot does at start-up. */
  firstSeen?: FirstSeenResult;
  /**
   * Measured more than once (`--load-runs`): each run's time and peak RSS, in run order. The
   * rest of the result is the run of median time's.
   */
  runs?: { totalMs: number; peakRssMB: number }[];
}

/**
 * The run of median time (the lower one of an even count), with every run's time and peak RSS:
 * on a shared 2-core machine one run can land in a slow few seconds, or a quiet one.
 */
export function medianRun(runs: readonly LoadResult[]): LoadResult {
  if (runs.length === 0) throw new Error('no load runs');
  const sorted = [...runs].sort((a, b) => a.totalMs - b.totalMs);
  return { ...sorted[(sorted.length - 1) >> 1]!, runs: runs.map(({ totalMs, peakRssMB }) => ({ totalMs, peakRssMB })) };
}

/** The highest peak RSS of a result's runs (a limit is judged on the worst run). */
export function highestPeakRss(result: LoadResult): number {
  return Math.max(result.peakRssMB, ...(result.runs ?? []).map((r) => r.peakRssMB));
}

/** Recording when each deal was first seen into a new SQLite store (the default), as at a first start. */
export interface FirstSeenResult {
  deals: number;
  totalMs: number;
  /** Longest the event loop went without a turn meanwhile (a /deal ack waits that long). */
  longestBlockMs: number;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/**
 * Runs `work`, timing it and the longest the event loop went without a turn meanwhile (how
 * long a `/deal` could wait for its acknowledgement).
 */
async function timedWithLongestBlock<T>(work: () => Promise<T>): Promise<{ value: T; totalMs: number; longestBlockMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  try {
    delay.enable();
    // The histogram records a delay only between two of its own ticks: let it tick first, and
    // after the work, so that a last long block is counted.
    await sleep(20);
    const t0 = performance.now();
    const value = await work();
    const totalMs = performance.now() - t0;
    await sleep(20);
    return { value, totalMs, longestBlockMs: delay.max / 1e6 };
  } finally {
    delay.disable();
  }
}

/** Records every deal's first-seen time into a fresh SQLite store, timing it and its longest block. */
export async function measureFirstSeen(catalog: Catalog): Promise<FirstSeenResult> {
  // Imported here, so a load measurement's RSS holds the loader alone.
  const { openStore } = await import('../src/store');
  const { createFirstSeen } = await import('../src/services/digest-first-seen');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-first-seen-'));
  const quiet = () => undefined;
  const store = await openStore(`sqlite://${path.join(dir, 'state.sqlite')}`, { logger: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
  try {
    const { totalMs, longestBlockMs } = await timedWithLongestBlock(() => createFirstSeen(store).record(catalog, Date.now()));
    return { deals: catalog.size, totalMs, longestBlockMs };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reads every file under the given folders once, so that the load measured next finds them in
 * the page cache. On these machines the kernel pages out file pages left untouched for about a
 * minute, and a 100k first start that reads its files back from disk took 13.3 s against 4.2–4.5
 * s with them cached (docs/performance.md, session 24): without this, each run would measure how
 * much of the catalogue the kernel happened to have dropped. Returns how many files were read.
 */
export function readIntoPageCache(...dirs: string[]): number {
  let files = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) {
        readFileSync(full);
        files++;
      }
    }
  };
  for (const dir of dirs) if (existsSync(dir)) visit(dir);
  return files;
}

/**
 * Edits deal file `name` in `dir` as a curator would (its title), so the next load with the
 * cache reads it again and reuses every other deal: what a hot reload after one edit costs (a
 * restart after a few edits takes the same path). Returns what puts the file back.
 */
export function editDealFile(dir: string, name: string): () => void {
  const file = path.join(dir, name);
  const original = readFileSync(file, 'utf8');
  const edited = original.replace(/^title: (.*)$/m, 'title: $1 (edited)');
  if (edited === original) throw new Error(`${file} has no title to edit`);
  writeFileSync(file, edited);
  return () => writeFileSync(file, original);
}

/**
 * Loads `dir` as the bot does, with the catalogue cache in `cacheDir` (none: every file read,
 * nothing cached): in one go, as at start-up, or with `sliced` in slices, as a hot reload; with
 * `firstSeen`, then records its first-seen times as the bot does next.
 */
export async function measureLoad(dir: string, cacheDir?: string, options: { firstSeen?: boolean; sliced?: boolean } = {}): Promise<LoadResult> {
  const baselineRssMB = Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
  let reading: DealsDirReading;
  let totalMs: number;
  let longestBlockMs: number | undefined;
  if (options.sliced) {
    ({ value: reading, totalMs, longestBlockMs } = await timedWithLongestBlock(() => readDealsDirInSlices(dir, { cacheDir })));
  } else {
    const t0 = performance.now();
    reading = readDealsDir(dir, { cacheDir });
    totalMs = performance.now() - t0;
  }
  const { catalog, problems, cache } = reading;
  if (problems.length > 0) {
    throw new Error(`synthetic catalogue has ${problems.length} problems, e.g. ${JSON.stringify(problems.slice(0, 3))}`);
  }
  const mem = process.memoryUsage();
  const gc = (globalThis as { gc?: () => void }).gc;
  let liveHeapMB: number | undefined;
  if (gc) {
    gc();
    liveHeapMB = mb(process.memoryUsage().heapUsed);
  }
  return {
    deals: catalog.size,
    problems: problems.length,
    totalMs,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
    baselineRssMB,
    rssAfterMB: mb(mem.rss),
    heapUsedAfterMB: mb(mem.heapUsed),
    liveHeapMB,
    parties: catalog.index.parties.size,
    cache,
    ...(longestBlockMs !== undefined ? { longestBlockMs } : {}),
    ...(options.firstSeen ? { firstSeen: await measureFirstSeen(catalog) } : {}),
  };
}
