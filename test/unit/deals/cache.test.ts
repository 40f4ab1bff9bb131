/**
 * The catalogue cache lets a load skip files validated before. It must never serve a stale or
 * unvalidated deal: any change to a file, to the validator or to the cache itself means the
 * file is read and checked again.
 */
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogCache, VALIDATING_MODULES } from '../../../src/deals/cache';
import { parseDealFile, readDealsDir, type DealsDirReading } from '../../../src/deals/catalog';
import type { IndexedDeal } from '../../../src/deals/search';
import { reloadCatalog } from '../../../src/deals/watch';

// The module object itself (not an import namespace), so a test can make a call fail.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs: typeof import('node:fs') = require('node:fs');

const SEEDS = path.join(__dirname, '../../../seeds/deals');
const SEED_FILES = readdirSync(SEEDS).filter((n) => n.endsWith('.yaml'));

let root: string;
let deals: string;
let cacheDir: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'catalog-cache-'));
  deals = path.join(root, 'deals');
  cacheDir = path.join(root, 'cache');
  require('node:fs').mkdirSync(deals);
  for (const name of SEED_FILES) copyFileSync(path.join(SEEDS, name), path.join(deals, name));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const load = (): DealsDirReading => readDealsDir(deals, { cacheDir });
const cacheFolder = () => path.join(cacheDir, readdirSync(cacheDir)[0]!);

/** Replaces the first letter of a deal's title (an ASCII letter): same size, new content. */
function retitle(name: string, letter: string): void {
  const file = path.join(deals, name);
  const text = readFileSync(file, 'utf8');
  const next = text.replace(/^title: [A-Za-z]/m, `title: ${letter}`);
  expect(Buffer.byteLength(next)).toBe(Buffer.byteLength(text));
  writeFileSync(file, next);
}

describe('the validator fingerprint', () => {
  it('covers every module that reading and checking a deal file loads, so changing one invalidates cached deals', () => {
    const dealsDir = path.resolve(__dirname, '../../../src/deals');
    const loaded = () => new Set(Object.keys(require.cache).filter((k) => path.dirname(k) === dealsDir).map((k) => `./${path.basename(k, path.extname(k))}`));
    jest.isolateModules(() => {
      require('../../../src/deals/parse');
      require('../../../src/deals/schema');
      const missing = [...loaded()].filter((m) => !VALIDATING_MODULES.includes(m));
      expect(missing).toEqual([]);
      expect(loaded().has('./backing')).toBe(true);
    });
  });
});

describe('catalogue cache', () => {
  it('a second load reuses every unchanged file and serves the same deals', () => {
    const first = load();
    expect(first.problems).toEqual([]);
    expect(first.cache).toEqual({ state: 'used', reused: 0, read: SEED_FILES.length });
    const second = load();
    expect(second.cache).toEqual({ state: 'used', reused: SEED_FILES.length, read: 0 });
    expect(second.catalog.ids).toEqual(first.catalog.ids);
    for (const id of first.catalog.ids) expect(second.catalog.get(id)).toEqual(first.catalog.get(id));
    expect(second.catalog.index.search('astrazeneca cspc').ids).toEqual(first.catalog.index.search('astrazeneca cspc').ids);
  });

  it('serves each deal as it was validated, not as its file says after an edit, with or without the cache', () => {
    const name = 'az-cspc-2025.yaml';
    const before = parseDealFile(name, readFileSync(path.join(deals, name), 'utf8')).deal!;
    const first = load().catalog;
    const restarted = load();
    expect(restarted.cache).toMatchObject({ state: 'used', read: 0 });
    const uncached = readDealsDir(deals).catalog;
    // The file changes on disk after the loads; the catalogues keep the deal they checked.
    writeFileSync(path.join(deals, name), readFileSync(path.join(deals, name), 'utf8').replace(/\$110 million/g, '$999 million'));
    for (const catalog of [first, restarted.catalog, uncached]) {
      const deal = catalog.get(before.id);
      expect(deal).toEqual(before);
      expect(JSON.stringify(deal)).toContain('110000000');
    }
  });

  it('reads a changed file again, even when size and modification time are put back', () => {
    const file = path.join(deals, 'az-immunai.yaml');
    const fixed = new Date('2025-01-01T00:00:00Z');
    utimesSync(file, fixed, fixed);
    load();
    const before = statSync(file);
    retitle('az-immunai.yaml', 'X');
    utimesSync(file, fixed, fixed);
    const after0 = statSync(file);
    expect([after0.size, after0.mtimeMs, after0.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    const after = load();
    expect(after.cache).toEqual({ state: 'used', reused: SEED_FILES.length - 1, read: 1 });
    expect(after.catalog.get('az-immunai')?.title).toMatch(/^X/);
  });

  it('never caches a problem: a broken file is reported on every load', () => {
    writeFileSync(path.join(deals, 'broken.yaml'), 'id: [unclosed\n');
    for (let i = 0; i < 2; i++) {
      const r = load();
      expect(r.problems.map((p) => path.basename(p.file))).toEqual(['broken.yaml']);
      expect(r.catalog.size).toBe(SEED_FILES.length);
    }
  });

  it('sees added and removed files, and a new file reusing a cached deal id', () => {
    load();
    unlinkSync(path.join(deals, 'az-qure-ai.yaml'));
    copyFileSync(path.join(SEEDS, 'az-immunai.yaml'), path.join(deals, 'zz-copy.yaml'));
    const r = load();
    expect(r.catalog.get('az-qure-ai')).toBeUndefined();
    expect(r.problems).toEqual([expect.objectContaining({ field: 'id', message: expect.stringContaining("'az-immunai' is already used by") })]);
    expect(path.basename(r.problems[0]!.file)).toBe('zz-copy.yaml');
  });

  it('ignores a cache made by another validator, a damaged manifest or a missing records file', () => {
    load();
    const manifest = path.join(cacheFolder(), 'manifest');
    const header = () => JSON.parse(readFileSync(manifest, 'utf8').split('\n')[0]!) as { fingerprint: string; records: string };
    const [, ...lines] = readFileSync(manifest, 'utf8').split('\n');
    writeFileSync(manifest, [JSON.stringify({ ...header(), fingerprint: 'someone-else' }), ...lines].join('\n'));
    expect(load().cache).toEqual({ state: 'used', reused: 0, read: SEED_FILES.length });

    writeFileSync(manifest, '{"format":1,');
    expect(load().cache).toEqual({ state: 'used', reused: 0, read: SEED_FILES.length });

    // Cut short after a few lines.
    writeFileSync(manifest, readFileSync(manifest, 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
    expect(load().cache).toEqual({ state: 'used', reused: 0, read: SEED_FILES.length });

    const current = header();
    unlinkSync(path.join(cacheFolder(), current.records));
    const r = load();
    expect(r.cache).toEqual({ state: 'used', reused: 0, read: SEED_FILES.length });
    expect(r.catalog.get('az-cspc-2025')?.value.upfront).toMatchObject({ status: 'disclosed' });
  });

  it('keeps one records file, and a catalogue in use keeps reading its own after a newer load', () => {
    const old = load().catalog;
    retitle('az-cspc-2025.yaml', 'Y');
    const fresh = load().catalog;
    expect(readdirSync(cacheFolder()).filter((n) => n.startsWith('records-'))).toHaveLength(1);
    expect(fresh.get('az-cspc-2025')?.title).toMatch(/^Y/);
    expect(old.get('az-cspc-2025')?.title).not.toMatch(/^Y/);
    expect(old.get('az-verge-2023')).toEqual(fresh.get('az-verge-2023'));
  });

  it('reads line data from the manifest it parsed, even if another process renames a new one in meanwhile', () => {
    load();
    const folder = cacheFolder();
    const manifestPath = path.join(folder, 'manifest');
    const m1 = readFileSync(manifestPath);
    const r1 = (JSON.parse(m1.toString('utf8').split('\n')[0]!) as { records: string }).records;
    const r1Bytes = readFileSync(path.join(folder, r1));
    // Longer index data in the first file shifts every later line of the next manifest.
    const first = path.join(deals, 'az-beijing-2025.yaml');
    writeFileSync(first, readFileSync(first, 'utf8').replace('aliases: [AZ,', 'aliases: [AZ, Astra Zeneca Holdings Ltd,'));
    load();
    const m2 = readFileSync(manifestPath);
    // Back to the first cache, with the second one ready to be renamed in while it is parsed.
    writeFileSync(manifestPath, m1);
    writeFileSync(path.join(folder, r1), r1Bytes);
    writeFileSync(path.join(folder, 'next.tmp'), m2);
    const realReadSync = fs.readSync;
    let swapped = false;
    const spy = jest.spyOn(fs, 'readSync').mockImplementation(((...args: Parameters<typeof fs.readSync>) => {
      if (!swapped) {
        swapped = true;
        fs.renameSync(path.join(folder, 'next.tmp'), manifestPath);
      }
      return realReadSync(...args);
    }) as typeof fs.readSync);
    let opened: CatalogCache;
    try {
      opened = CatalogCache.open(cacheDir, deals) as CatalogCache;
    } finally {
      spy.mockRestore();
    }
    expect(swapped).toBe(true);
    const name = 'tempus-az-pathos-2025.yaml';
    const st = statSync(path.join(deals, name));
    const hit = opened.lookup(name, { size: st.size, ino: st.ino, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });
    expect((JSON.parse(hit!.indexedJson()) as IndexedDeal)[0]).toBe('tempus-az-pathos-2025');
    expect(hit!.record().toString('utf8')).toBe(readFileSync(path.join(deals, name), 'utf8'));
  });

  it('a disk that fills up costs the cache, not the catalogue, and leaves no files or handles behind', () => {
    const fds = () => readdirSync('/proc/self/fd').length;
    load();
    retitle('az-verge-2023.yaml', 'Z');
    const before = fds();
    const full = jest.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    let r: DealsDirReading;
    try {
      r = load();
    } finally {
      full.mockRestore();
    }
    expect(r.problems).toEqual([]);
    expect(r.catalog.get('az-verge-2023')?.title).toMatch(/^Z/);
    expect(r.cache).toEqual({
      state: 'unusable',
      reason: expect.stringMatching(/writing the catalogue cache in .* failed \(ENOSPC\); writing deal records to the temporary directory failed \(ENOSPC\)/),
    });
    expect(readdirSync(cacheFolder()).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(cacheFolder()).filter((n) => n.startsWith('records-'))).toHaveLength(1);
    expect(fds()).toBe(before);
    // The next load, with space again, refreshes the cache.
    expect(load().cache).toEqual({ state: 'used', reused: SEED_FILES.length - 1, read: 1 });
  });

  it('a hot reload after one edit reads that file only, and says so', () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), error: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    reloadCatalog(deals, logger, undefined, { cacheDir });
    retitle('az-verge-2023.yaml', 'Q');
    const next = reloadCatalog(deals, logger, undefined, { cacheDir });
    expect(next?.get('az-verge-2023')?.title).toMatch(/^Q/);
    expect(lines[1]).toBe(`deals reloaded: ${SEED_FILES.length} deals from ${deals} (1 file read, ${SEED_FILES.length - 1} unchanged from the cache)`);
  });

  it('removes cache folders nobody will use again, and keeps those that may still be in use', () => {
    load();
    const own = path.basename(cacheFolder());
    const header = JSON.parse(readFileSync(path.join(cacheDir, own, 'manifest'), 'utf8').split('\n')[0]!) as Record<string, unknown>;
    const otherDeals = path.join(root, 'other-deals');
    fs.mkdirSync(otherDeals);
    const MIN = 60_000;
    /** A cache folder named `name` whose manifest names `dealsDir`, last used `ageMs` ago. */
    const folder = (name: string, dealsDir: string | undefined, ageMs: number) => {
      const dir = path.join(cacheDir, name);
      fs.mkdirSync(dir, { mode: 0o700 });
      if (dealsDir) writeFileSync(path.join(dir, 'manifest'), `${JSON.stringify({ ...header, dealsDir, fingerprint: 'older-build' })}\nend\t0\n`);
      const at = new Date(Date.now() - ageMs);
      utimesSync(dir, at, at);
    };
    const hash = (n: number) => String(n).repeat(16);
    folder(`${hash(1)}-aaaaaaaa`, path.join(root, 'deleted-deals'), 11 * MIN); // its deals folder is gone
    folder(`${hash(2)}-aaaaaaaa`, path.join(root, 'deleted-deals'), 2 * MIN); // gone too, but may be mid-load
    folder(`${hash(3)}-bbbbbbbb`, realpathSync(deals), 61 * MIN); // an older build of these deals
    folder(`${hash(4)}-bbbbbbbb`, realpathSync(deals), 5 * MIN); // another build, maybe still rolling out
    folder(`${hash(5)}-cccccccc`, realpathSync(otherDeals), 29 * 24 * 60 * MIN); // another deals folder, used last month
    folder(`${hash(6)}-cccccccc`, realpathSync(otherDeals), 31 * 24 * 60 * MIN); // unused for 31 days
    folder(`${hash(7)}`, undefined, 61 * MIN); // an early version's folder with no manifest
    folder('not-a-cache-folder', undefined, 365 * 24 * 60 * MIN); // not ours
    load();
    expect(readdirSync(cacheDir).sort()).toEqual(
      [own, `${hash(2)}-aaaaaaaa`, `${hash(4)}-bbbbbbbb`, `${hash(5)}-cccccccc`, 'not-a-cache-folder'].sort(),
    );
    // The cache in use was not disturbed.
    expect(load().cache).toEqual({ state: 'used', reused: SEED_FILES.length, read: 0 });
  });

  it('is not used when its folder is writable by others, and the load still works', () => {
    load();
    chmodSync(cacheDir, 0o777);
    const r = load();
    expect(r.cache).toEqual({ state: 'unusable', reason: expect.stringContaining('is not a private directory') });
    expect(r.catalog.size).toBe(SEED_FILES.length);
  });
});
