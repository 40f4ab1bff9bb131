/**
 * Runs every part of `npm run bench` on a tiny catalogue, in this process, so the benchmark
 * cannot rot: generator → loader → lookups (ours, MiniSearch, Fuse.js) → /deal under a
 * second of load against the bot and the bare-Bolt floor → digest fan-out → the report.
 * The figures themselves are not checked here (CI machines vary); correctness is.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../../../src/deals/catalog';
import { runDigestFanout } from '../../../bench/digest-fanout';
import { BenchSlack } from '../../../bench/fake-slack';
import { generateCatalogue, type GeneratedCatalogue } from '../../../bench/generate';
import { editDealFile, measureLoad, medianRun, readIntoPageCache, type LoadResult } from '../../../bench/load';
import { runLookupBench } from '../../../bench/lookups';
import { BOT_NODE_FLAGS, evaluateTargets, parseArgs, report, type BenchResults } from '../../../bench/run';
import { startBotServer, startFloorServer, type ServerHandle } from '../../../bench/servers';
import { runSlashBench } from '../../../bench/slash';

jest.setTimeout(60_000);

let dir: string;
let generated: GeneratedCatalogue;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  generated = generateCatalogue(path.join(dir, 'deals'), 200, 42);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('benchmark smoke run (200 deals)', () => {
  const results: Partial<BenchResults> = {};

  it('generates a reproducible catalogue the real loader accepts, and records its first-seen times', async () => {
    expect(readdirSync(generated.dir)).toHaveLength(200);
    const again = generateCatalogue(path.join(dir, 'again'), 200, 42);
    expect(again.bytes).toBe(generated.bytes);
    expect(again.queries).toEqual(generated.queries);
    const cacheDir = path.join(dir, 'cache');
    // Before a first start the cache folder does not exist yet: only the deal files are read.
    expect(readIntoPageCache(generated.dir, cacheDir)).toBe(200);
    const load = await measureLoad(generated.dir, cacheDir);
    expect(load).toMatchObject({ deals: 200, problems: 0, cache: { state: 'used', reused: 0, read: 200 } });
    expect(load.peakRssMB).toBeGreaterThan(0);
    const warm = await measureLoad(generated.dir, cacheDir, { firstSeen: true });
    expect(warm).toMatchObject({ deals: 200, problems: 0, cache: { state: 'used', reused: 200, read: 0 } });
    expect(load.firstSeen).toBeUndefined();
    expect(warm.firstSeen).toMatchObject({ deals: 200 });
    expect(warm.firstSeen!.totalMs).toBeGreaterThan(0);
    expect(warm.firstSeen!.longestBlockMs).toBeGreaterThan(0);
    // One file edited, as a hot reload sees it: that file read again, the rest reused.
    const restore = editDealFile(generated.dir, 'd000100.yaml');
    try {
      const edited = await measureLoad(generated.dir, cacheDir, { sliced: true });
      expect(edited).toMatchObject({ deals: 200, problems: 0, cache: { state: 'used', reused: 199, read: 1 } });
      expect(edited.longestBlockMs).toBeGreaterThan(0);
      expect(loadCatalog(generated.dir).get('d000100')?.title).toMatch(/ \(edited\)$/);
      results.loadEdited = { 200: edited };
    } finally {
      restore();
    }
    expect(loadCatalog(generated.dir).get('d000100')?.title).not.toMatch(/edited/);
    results.load = { 200: load };
    results.loadWarm = { 200: warm };
  });

  it('runs the query mix through our index and both baselines; ours gets every labelled query right', () => {
    const catalog = loadCatalog(generated.dir);
    const r = runLookupBench(catalog, generated.queries, { budgetMs: { ours: 50, minisearch: 50, fuse: 50 }, minRounds: 1 });
    const ours = r.engines.ours!;
    expect(ours.misses).toEqual([]);
    expect(ours.top1.correct).toBe(ours.top1.total);
    expect(ours.top1.total).toBeGreaterThanOrEqual(20);
    expect(ours.noMatch).toEqual({ correct: 2, total: 2 });
    expect(r.engines.fuse!.latency.n).toBeGreaterThanOrEqual(generated.queries.length);
    expect(r.engines.minisearch!.latency.n).toBeGreaterThanOrEqual(generated.queries.length);
    expect(r.speedup.fuse!.mean).toBeGreaterThan(0);
    results.lookups = { 200: r };
  });

  it('sends signed /deal requests at a fixed rate to the bot and the floor; every ack is 200 and answers its command, once', async () => {
    const slack = await new BenchSlack().start();
    const servers: ServerHandle[] = [];
    try {
      const bot = await startBotServer({ dealsDir: generated.dir, slackApiUrl: slack.apiUrl });
      servers.push(bot);
      const floor = await startFloorServer({ slackApiUrl: slack.apiUrl });
      servers.push(floor);
      const r = await runSlashBench(
        {
          bot: { kind: 'bot', port: bot.port, stats: async () => bot.stats() },
          floor: { kind: 'floor', port: floor.port, stats: async () => floor.stats() },
        },
        { baseUrl: slack.baseUrl, stats: async () => slack.stats() },
        { rates: [20], durationSec: 0.5, rounds: 2, warmupSec: 0, generators: ['paced', 'autocannon'], queries: generated.queries.map((q) => q.q), connections: 2 },
      );
      expect(r.steps).toHaveLength(4);
      for (const step of r.steps) {
        expect(step.load.errors + step.load.timeouts + step.load.non2xx).toBe(0);
        expect(step.load.completed).toBeGreaterThan(0);
        // Both rounds' latencies are pooled into the step's figures.
        expect(step.load.latency.n).toBe(step.load.completed);
        if (step.target === 'bot') {
          expect(step.replies).toMatchObject({ missing: 0, duplicates: 0 });
          // A lookup is answered in the ack itself: nothing left for the response_url.
          expect(step.replies!.inAck).toBe(step.replies!.expected);
        }
      }
      const paced = r.steps.filter((s) => s.generator === 'paced');
      // Two rounds of 0.25 s at 20 req/s for each server.
      expect(paced.map((s) => s.load.completed)).toEqual([10, 10]);
      expect(paced.map((s) => s.load.durationSec)).toEqual([0.5, 0.5]);
      expect(slack.stats().apiCalls['auth.test']).toBeGreaterThanOrEqual(2);
      results.slash = { ...r, catalogueSize: 200, botStartMs: bot.startMs };
    } finally {
      for (const s of servers) await s.stop();
      await slack.close();
    }
  });

  it('fans a digest out to every channel once, within 1 message per second per channel', async () => {
    const d = await runDigestFanout({ channels: 20, dealsDir: generated.dir, seed: 42 });
    expect(d.lost).toBe(0);
    expect(d.duplicates).toBe(0);
    expect(d.secondTickPosts).toBe(0);
    expect(d.posts).toBeGreaterThanOrEqual(20);
    // Every channel rendered on both passes.
    expect(d.render.n).toBe(20);
    expect(d.renderFirstPass.n).toBe(20);
    results.digest = d;
  });

  it('measures the bot with the node flags npm start gives it', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
    const startFlags = pkg.scripts.start.split(/\s+/).filter((w) => w.startsWith('--'));
    expect(startFlags).toEqual(BOT_NODE_FLAGS);
  });

  it('refuses an unknown flag rather than start the full run', () => {
    expect(() => parseArgs(['--size=1000'])).toThrow(/unknown argument --size=1000: the flags are --sizes/);
    expect(() => parseArgs(['--help'])).toThrow(/unknown argument --help/);
    expect(parseArgs(['--keep', '--slash-size=200']).keep).toBe(true);
  });

  it('loads each server for 30 s a step by default, in rounds of about 2 s', () => {
    expect(parseArgs([])).toMatchObject({ durationSec: 30, rounds: 15 });
    expect(parseArgs(['--duration=5'])).toMatchObject({ durationSec: 5, rounds: 3 });
    expect(parseArgs(['--duration=1'])).toMatchObject({ rounds: 1 });
    expect(parseArgs(['--duration=8', '--rounds=2'])).toMatchObject({ rounds: 2 });
  });

  it('prints the table and checks the targets', () => {
    const args = parseArgs(['--sizes=200', '--rates=20', '--duration=1', '--out=']);
    const full: BenchResults = {
      startedAt: new Date().toISOString(),
      machine: { node: process.version, cpus: os.cpus().length, cpuModel: 'test', memGB: 1, platform: 'test', commit: 'test' },
      loadAvg: { start: os.loadavg(), end: os.loadavg() },
      args: { ...args, parts: [...args.parts] },
      catalogues: [],
      queryMix: generated.queries,
      load: results.load ?? {},
      loadWarm: results.loadWarm ?? {},
      loadEdited: results.loadEdited ?? {},
      lookups: results.lookups ?? {},
      slash: results.slash,
      digest: results.digest,
      targets: [],
    };
    full.targets = evaluateTargets(full);
    const text = report(full);
    expect(text).toContain('Lookup latency');
    expect(text).toContain('/deal under load');
    expect(text).toContain('Digest fan-out');
    expect(text).toContain('first-seen time');
    expect(text).toMatch(/^200 +one edited +\d/m);
    expect(full.targets.map((t) => t.what)).toEqual(
      expect.arrayContaining(['load + validate 200 deals (first start)', 'peak RSS loading 200 deals (restart, files unchanged)', 'lookup p99 at 200 deals', 'digest duplicates / lost', '/deal ack p99 at 20 req/s (paced)']),
    );
  });
});

describe('loads measured several times (--load-runs)', () => {
  const run = (totalMs: number, peakRssMB: number): LoadResult => ({
    deals: 100_000,
    problems: 0,
    totalMs,
    peakRssMB,
    baselineRssMB: 50,
    rssAfterMB: peakRssMB - 20,
    heapUsedAfterMB: 40,
    parties: 23_000,
    cache: { state: 'used', reused: 0, read: 100_000 },
  });

  it('reports the run of median time, judges RSS on the highest run, and lists every run', () => {
    const cold = medianRun([run(3100, 300), run(2900, 410), run(3500, 290)]);
    expect(cold.totalMs).toBe(3100);
    expect(cold.runs).toEqual([
      { totalMs: 3100, peakRssMB: 300 },
      { totalMs: 2900, peakRssMB: 410 },
      { totalMs: 3500, peakRssMB: 290 },
    ]);
    // Of an even count, the lower median: a slow run is not averaged away.
    expect(medianRun([run(2000, 1), run(4000, 1)]).totalMs).toBe(2000);

    const r = { args: parseArgs(['--sizes=100000', '--out=']), load: { 100000: cold }, loadWarm: {}, lookups: {} } as unknown as BenchResults;
    const targets = evaluateTargets(r);
    expect(targets).toEqual(
      expect.arrayContaining([
        { what: 'load + validate 100000 deals (first start, median of 3)', measured: '3.10 s', limit: '≤ 3 s', met: false },
        { what: 'peak RSS loading 100000 deals (first start, highest of 3)', measured: '410 MB', limit: '≤ 400 MB', met: false },
      ]),
    );
    r.targets = targets;
    (r as { machine: unknown }).machine = { node: 'v20', cpus: 2, cpuModel: 'x', memGB: 1, commit: 'c' };
    (r as { loadAvg: unknown }).loadAvg = { start: [1] };
    (r as { catalogues: unknown }).catalogues = [];
    expect(report(r)).toMatch(/first start\s+3100 ms\s+3100 \/ 2900 \/ 3500\s+410 MB/);
  });

  it('takes --load-runs, and refuses a count that is not a whole number of at least 1', () => {
    expect(parseArgs([]).loadRuns).toBe(3);
    expect(parseArgs(['--load-runs=5']).loadRuns).toBe(5);
    expect(() => parseArgs(['--load-runs=0'])).toThrow(/--load-runs/);
    expect(() => parseArgs(['--load-runs=1.5'])).toThrow(/--load-runs/);
  });
});
