/**
 * Lookup latency: the fixed query mix through our index (`lookupDeals`, exactly what `/deal`
 * runs before rendering) and, in the same process over the same deals, through two baselines:
 *
 * - Fuse.js over every deal record (keys: party names, aliases, title) with its defaults — the
 *   obvious quick implementation;
 * - MiniSearch with fuzzy (0.2) + prefix matching over the same records.
 *
 * Baselines are given the benefit of the doubt on ranking: among results tied on the library's
 * best score, the most recent deal (our ranking rule) is taken as their top-1.
 */
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { Catalog } from '../src/deals/catalog';
import type { Deal } from '../src/deals/schema';
import { compareDealsByDate } from '../src/deals/search';
import { lookupDeals } from '../src/services/lookup';
import type { BenchQuery, QueryCategory } from './generate';
import { summarize, type LatencySummary } from './stats';

export type EngineName = 'ours' | 'fuse' | 'minisearch';

export interface Engine {
  name: EngineName;
  /** The top-1 deal id for a query, or undefined when the engine offers no deal. */
  top1(query: string): string | undefined;
}

export interface Top1Score {
  correct: number;
  total: number;
}

export interface EngineResult {
  name: EngineName;
  buildMs: number;
  /** Heap retained by the engine's own index (needs --expose-gc; ours: the whole catalogue). */
  heapMB?: number;
  rounds: number;
  latency: LatencySummary;
  byCategory: Partial<Record<QueryCategory, LatencySummary>>;
  /** Top-1 on the labelled queries that have a right deal. */
  top1: Top1Score & { byCategory: Partial<Record<QueryCategory, Top1Score>> };
  /** No-match queries answered with no deal. */
  noMatch: Top1Score;
  misses: { q: string; expect: string | null; got: string | null }[];
}

export interface LookupBenchOptions {
  /** Time to spend measuring each engine (at least `minRounds` rounds of the mix). */
  budgetMs: Record<EngineName, number>;
  minRounds?: number;
  /** Skip an engine (e.g. Fuse at 100k in a quick run). */
  skip?: EngineName[];
  log?: (line: string) => void;
}

export interface LookupBenchResult {
  deals: number;
  queries: number;
  labelled: number;
  engines: Partial<Record<EngineName, EngineResult>>;
  /** Baseline time / our time, on the mean and the median of the whole mix. */
  speedup: Partial<Record<'fuse' | 'minisearch', { mean: number; p50: number; p99: number }>>;
}

interface DealRecord {
  id: string;
  names: string[];
  aliases: string[];
  title: string;
  announced: Deal['announced'];
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => process.memoryUsage().heapUsed / 1048576;

/** The baselines' own in-memory records: what a quick bot would index, every deal as an object. */
function records(catalog: Catalog): DealRecord[] {
  return catalog.all().map((d) => ({
    id: d.id,
    names: d.parties.map((p) => p.name),
    aliases: d.parties.flatMap((p) => p.aliases),
    title: d.title,
    announced: d.announced,
  }));
}

/** Among results tied on the best score, the most recent deal. */
function bestByScoreThenDate(
  hits: readonly { id: string; score: number }[],
  better: (a: number, b: number) => boolean,
  byId: ReadonlyMap<string, DealRecord>,
): string | undefined {
  const first = hits[0];
  if (!first) return undefined;
  let best = byId.get(first.id)!;
  const top = first.score;
  for (let i = 1; i < Math.min(hits.length, 50); i++) {
    const h = hits[i]!;
    if (better(top, h.score) && Math.abs(top - h.score) > 1e-9 * Math.max(1, Math.abs(top))) break;
    const d = byId.get(h.id)!;
    if (compareDealsByDate(d, best) < 0) best = d;
  }
  return best.id;
}

export function oursEngine(catalog: Catalog): Engine {
  return {
    name: 'ours',
    top1(query) {
      const outcome = lookupDeals(catalog, query);
      return outcome.kind === 'found' ? outcome.deal.id : undefined;
    },
  };
}

export function fuseEngine(catalog: Catalog): Engine {
  const docs = records(catalog);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const fuse = new Fuse(docs, { keys: ['names', 'aliases', 'title'], includeScore: true });
  return {
    name: 'fuse',
    top1(query) {
      const hits = fuse.search(query, { limit: 50 }).map((r) => ({ id: r.item.id, score: r.score ?? 1 }));
      // Fuse: lower scores are better.
      return bestByScoreThenDate(hits, (a, b) => a < b, byId);
    },
  };
}

export function miniSearchEngine(catalog: Catalog): Engine {
  const mini = new MiniSearch<DealRecord>({
    fields: ['names', 'aliases', 'title'],
    extractField: (doc, field) => {
      const v = (doc as unknown as Record<string, unknown>)[field];
      return Array.isArray(v) ? v.join(' ') : (v as string);
    },
    searchOptions: { fuzzy: 0.2, prefix: true, boost: { names: 2, aliases: 1.5 } },
  });
  const docs = records(catalog);
  const byId = new Map(docs.map((d) => [d.id, d]));
  mini.addAll(docs);
  return {
    name: 'minisearch',
    top1(query) {
      const hits = mini.search(query).map((r) => ({ id: String(r.id), score: r.score }));
      // MiniSearch: higher scores are better.
      return bestByScoreThenDate(hits, (a, b) => a > b, byId);
    },
  };
}

function build(name: EngineName, catalog: Catalog): { engine: Engine; buildMs: number; heapMB?: number } {
  gc?.();
  const before = heapMB();
  const t0 = performance.now();
  const engine = name === 'ours' ? oursEngine(catalog) : name === 'fuse' ? fuseEngine(catalog) : miniSearchEngine(catalog);
  const buildMs = performance.now() - t0;
  gc?.();
  return { engine, buildMs, heapMB: gc ? Math.max(0, heapMB() - before) : undefined };
}

/** Runs the mix through one engine: a warm-up, then whole rounds until the time budget is spent. */
export function measureEngine(
  engine: Engine,
  queries: readonly BenchQuery[],
  budgetMs: number,
  minRounds = 1,
): Pick<EngineResult, 'rounds' | 'latency' | 'byCategory' | 'top1' | 'noMatch' | 'misses'> {
  // Warm-up: whole rounds for fast engines, a few queries for slow ones.
  const warmStart = performance.now();
  for (let r = 0; r < 50 && performance.now() - warmStart < budgetMs / 5; r++) {
    for (const q of queries) {
      engine.top1(q.q);
      if (performance.now() - warmStart > budgetMs / 5) break;
    }
  }
  gc?.();
  const samples: number[] = [];
  const byCat = new Map<QueryCategory, number[]>();
  const answers = new Map<string, string | undefined>();
  let rounds = 0;
  const started = performance.now();
  while (rounds < minRounds || performance.now() - started < budgetMs) {
    // Rotate the start so no query always runs right after a particular other.
    const offset = rounds % queries.length;
    for (let k = 0; k < queries.length; k++) {
      const q = queries[(k + offset) % queries.length]!;
      const t0 = performance.now();
      const id = engine.top1(q.q);
      const dt = performance.now() - t0;
      samples.push(dt);
      let list = byCat.get(q.category);
      if (!list) byCat.set(q.category, (list = []));
      list.push(dt);
      if (rounds === 0) answers.set(q.q, id);
    }
    rounds++;
  }
  const top1 = { correct: 0, total: 0, byCategory: {} as Partial<Record<QueryCategory, Top1Score>> };
  const noMatch = { correct: 0, total: 0 };
  const misses: EngineResult['misses'] = [];
  for (const q of queries) {
    if (q.expect === undefined) continue;
    const got = answers.get(q.q);
    if (q.expect === null) {
      noMatch.total++;
      if (got === undefined) noMatch.correct++;
      else misses.push({ q: q.q, expect: null, got });
      continue;
    }
    const cat = (top1.byCategory[q.category] ??= { correct: 0, total: 0 });
    top1.total++;
    cat.total++;
    if (got === q.expect) {
      top1.correct++;
      cat.correct++;
    } else {
      misses.push({ q: q.q, expect: q.expect, got: got ?? null });
    }
  }
  const byCategory: Partial<Record<QueryCategory, LatencySummary>> = {};
  for (const [cat, list] of byCat) byCategory[cat] = summarize(list);
  return { rounds, latency: summarize(samples), byCategory, top1, noMatch, misses };
}

/** Builds every engine over `catalog` and runs the mix through each. */
export function runLookupBench(catalog: Catalog, queries: readonly BenchQuery[], options: LookupBenchOptions): LookupBenchResult {
  const log = options.log ?? (() => undefined);
  const engines: Partial<Record<EngineName, EngineResult>> = {};
  const order: EngineName[] = ['ours', 'minisearch', 'fuse'];
  for (const name of order) {
    if (options.skip?.includes(name)) continue;
    const built = build(name, catalog);
    log(`  ${name}: built in ${Math.round(built.buildMs)} ms; measuring…`);
    const measured = measureEngine(built.engine, queries, options.budgetMs[name], options.minRounds ?? 1);
    engines[name] = { name, buildMs: built.buildMs, heapMB: built.heapMB, ...measured };
    log(`  ${name}: ${measured.rounds} round(s), p50 ${measured.latency.p50Ms.toFixed(3)} ms, p99 ${measured.latency.p99Ms.toFixed(3)} ms`);
  }
  const speedup: LookupBenchResult['speedup'] = {};
  const ours = engines.ours?.latency;
  for (const name of ['fuse', 'minisearch'] as const) {
    const other = engines[name]?.latency;
    if (ours && other) {
      speedup[name] = { mean: other.meanMs / ours.meanMs, p50: other.p50Ms / ours.p50Ms, p99: other.p99Ms / ours.p99Ms };
    }
  }
  return {
    deals: catalog.size,
    queries: queries.length,
    labelled: queries.filter((q) => q.expect !== undefined).length,
    engines,
    speedup,
  };
}
