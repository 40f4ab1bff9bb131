import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCatalogue } from '../../../bench/generate';
import { readDealsDir, readDealsDirInSlices, type Catalog, type SeedProblem } from '../../../src/deals/catalog';
import { watchCatalog, type CatalogWatcher } from '../../../src/deals/watch';
import { waitFor } from '../../helpers/wait';
import { silentLogger } from './support';

const yaml = (id: string, amount = '$10 million') => `id: ${id}
title: ${id} test
types: [licence]
announced: 2026-11-11
parties:
  - name: ${id} Bio
    role: licensee
value:
  upfront:
    amount: ${amount}
facts:
  - id: upfront
    topic: value.upfront
    text: The upfront is ${amount}.
    sources: [wire]
sources:
  - id: wire
    title: Wire
    publisher: Test Wire
    url: https://example.com/${id}
`;

describe('hot reload of the deals directory', () => {
  let dir: string;
  let watcher: CatalogWatcher | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'watch-deals-'));
    writeFileSync(path.join(dir, 'one.yaml'), yaml('one'));
  });
  afterEach(() => {
    watcher?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts a new valid file in service after the changes settle', async () => {
    const reloads: Catalog[] = [];
    watcher = watchCatalog({ dir, logger: silentLogger(), onReload: (c) => reloads.push(c), debounceMs: 20 });
    writeFileSync(path.join(dir, 'two.yaml'), yaml('two'));
    const latest = await waitFor(() => reloads.find((c) => c.get('two')), { what: 'a reload with two' });
    expect([...latest.ids].sort()).toEqual(['one', 'two']);
  });

  it('keeps the last good catalogue when a change is invalid, and says which file and field', async () => {
    const logger = silentLogger();
    const reloads: Catalog[] = [];
    const rejected: SeedProblem[][] = [];
    watcher = watchCatalog({ dir, logger, onReload: (c) => reloads.push(c), onRejected: (p) => rejected.push(p), debounceMs: 20 });
    writeFileSync(path.join(dir, 'bad.yaml'), yaml('bad', 'a lot'));
    await waitFor(() => rejected.length > 0, { what: 'the rejection' });
    expect(reloads).toEqual([]);
    expect(rejected[0]).toEqual([expect.objectContaining({ field: 'value.upfront.amount', file: path.join(dir, 'bad.yaml') })]);
    const line = logger.lines.find((l) => l.level === 'error')!.text;
    expect(line).toMatch(/previous catalogue stays in service/);
    expect(line).toMatch(/bad\.yaml: value\.upfront\.amount: expected an amount/);
    // Fixing the file puts everything in service.
    writeFileSync(path.join(dir, 'bad.yaml'), yaml('bad'));
    await waitFor(() => reloads.find((c) => c.get('bad')), { what: 'the reload after the fix' });
  });

  it('reload() re-reads at once', () => {
    watcher = watchCatalog({ dir, logger: silentLogger(), onReload: () => undefined, debounceMs: 10_000 });
    writeFileSync(path.join(dir, 'three.yaml'), yaml('three'));
    expect(watcher.reload()?.get('three')).toBeDefined();
  });
});

describe('reloading a large deals directory', () => {
  let dir: string;
  let watcher: CatalogWatcher | undefined;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'watch-large-'));
    generateCatalogue(dir, 3000, 17);
  }, 60_000);
  afterAll(() => {
    watcher?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the event loop turns while it loads, and finds what a load in one go finds', async () => {
    for (const cacheDir of [undefined, path.join(dir, '..', `${path.basename(dir)}-cache`)]) {
      const whole = readDealsDir(dir, { cacheDir });
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 1);
      try {
        const sliced = await readDealsDirInSlices(dir, { cacheDir }, 2);
        // Timers ran while it loaded: a load in one go would have let none run before it ended.
        expect(ticks).toBeGreaterThanOrEqual(3);
        expect(sliced.catalog.ids).toEqual(whole.catalog.ids);
        expect(sliced.problems).toEqual(whole.problems);
        expect(sliced.cache.state).toBe(cacheDir ? 'used' : 'off');
        if (cacheDir) expect(sliced.cache).toMatchObject({ reused: 3000, read: 0 });
      } finally {
        clearInterval(ticker);
        if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
      }
    }
  }, 60_000);

  it('keeps the cache files of a reload under way when another load finishes first', async () => {
    const cacheDir = path.join(dir, '..', `${path.basename(dir)}-shared-cache`);
    try {
      readDealsDir(dir, { cacheDir });
      const folder = path.join(cacheDir, readdirSync(cacheDir)[0]!);
      const records = () => readdirSync(folder).filter((n) => n.startsWith('records-'));
      const cached = records();
      writeFileSync(path.join(dir, 'zz-cached.yaml'), yaml('zz-cached'));
      // Slices of 0 ms: a step at each turn of the event loop, until it has begun its new
      // records file.
      const sliced = readDealsDirInSlices(dir, { cacheDir }, 0);
      await waitFor(() => records().length > cached.length, { what: 'the reload to begin its records', intervalMs: 0 });
      // A load in one go writes its own cache and removes the files no manifest names...
      expect(readDealsDir(dir, { cacheDir }).cache).toMatchObject({ reused: 3000, read: 1 });
      // ...but not the reload's, which then puts its own in place (no warning that it could not).
      expect((await sliced).cache).toEqual({ state: 'used', reused: 3000, read: 1 });
      expect(readDealsDir(dir, { cacheDir }).cache).toMatchObject({ reused: 3001, read: 0 });
    } finally {
      rmSync(path.join(dir, 'zz-cached.yaml'), { force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('picks up a change made while a reload is under way, with another reload after it', async () => {
    const reloads: Catalog[] = [];
    watcher = watchCatalog({ dir, logger: silentLogger(), onReload: (c) => reloads.push(c), debounceMs: 20 });
    const names = readdirSync(dir).sort();
    writeFileSync(path.join(dir, 'zz-first.yaml'), yaml('zz-first'));
    // Every file is read again (no cache): a reload of 3,000 files takes a few hundred
    // milliseconds, so the second file lands while the first reload is under way.
    await new Promise((resolve) => setTimeout(resolve, 80));
    writeFileSync(path.join(dir, 'zz-second.yaml'), yaml('zz-second'));
    const latest = await waitFor(() => reloads.find((c) => c.get('zz-second')), { what: 'a reload with the second file', timeoutMs: 30_000 });
    expect(latest.size).toBe(names.length + 2);
    expect(reloads.every((c) => c.get('zz-first'))).toBe(true);
  }, 60_000);
});

