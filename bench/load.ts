/**
 * Load + validate: the real `readDealsDir` (YAML parse + zod validation + cross-file checks,
 * deal records, search index), timed, with peak RSS. Run in a fresh child
 * process per size so the RSS belongs to this catalogue alone.
 */
import { readDealsDir, type CacheUse } from '../src/deals/catalog';

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
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** Loads `dir` as the bot does, with the catalogue cache in `cacheDir` (none: every file read, nothing cached). */
export function measureLoad(dir: string, cacheDir?: string): LoadResult {
  const baselineRssMB = Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
  const t0 = performance.now();
  const { catalog, problems, cache } = readDealsDir(dir, { cacheDir });
  const t1 = performance.now();
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
    totalMs: t1 - t0,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
    baselineRssMB,
    rssAfterMB: mb(mem.rss),
    heapUsedAfterMB: mb(mem.heapUsed),
    liveHeapMB,
    parties: catalog.index.parties.size,
    cache,
  };
}
