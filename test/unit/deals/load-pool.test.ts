/**
 * Reading files on worker threads must not change what a load finds: the same deals in the
 * same order, the same problems (file, field, message) in file order, the same duplicate-id
 * verdicts, whether the workers answer, or are given up on and the files are read here.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCatalogue } from '../../../bench/generate';
import { CatalogCache } from '../../../src/deals/cache';
import { readDealsDir, type DealsDirReading } from '../../../src/deals/catalog';
import { MIN_FILES_FOR_WORKERS, readFiles, startEarly, startStamping, type PoolOptions } from '../../../src/deals/load-pool';
import { typoWordLists } from '../../../src/deals/search';
import { runToEnd } from '../../../src/deals/slices';
import { buildDeletionIndex } from '../../../src/deals/text';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'schema');

let root: string;
let dir: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'load-pool-'));
  dir = path.join(root, 'deals');
  // ~600 files: several batches per worker, so batches from both workers interleave.
  generateCatalogue(dir, 600, 5);
  // Problems spread through the file order: broken files, a YAML error, a duplicate id.
  copyFileSync(path.join(FIXTURES, 'broken-amount.yaml'), path.join(dir, 'd000150-broken.yaml'));
  copyFileSync(path.join(FIXTURES, 'broken-source.yaml'), path.join(dir, 'd000420-broken.yaml'));
  writeFileSync(path.join(dir, 'd000300-bad.yaml'), 'id: x\nid: y\n');
  copyFileSync(path.join(dir, 'd000010.yaml'), path.join(dir, 'd000500-copy.yaml'));
  // Over a megabyte (a long comment): left to the loading thread, still loaded.
  const big = readFileSync(path.join(dir, 'd000200.yaml'), 'utf8').replace(/^id: d000200$/m, 'id: d000200-big');
  writeFileSync(path.join(dir, 'd000200-big.yaml'), `${'# a long note\n'.repeat(90_000)}${big}`);
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

function load(pool: PoolOptions): DealsDirReading {
  return readDealsDir(dir, { pool });
}

function summary(reading: DealsDirReading) {
  return {
    ids: reading.catalog.ids,
    problems: reading.problems.map((p) => `${path.basename(p.file)}: ${p.field}: ${p.message}`),
    sample: reading.catalog.getAll(reading.catalog.ids.filter((_, k) => k % 50 === 0)),
    search: reading.catalog.index.search('d000010').ids,
    // Typo matches come from the typo indexes a worker builds (or this thread, without one).
    typos: TYPOS.map((q) => reading.catalog.index.search(q)),
  };
}

/** Misspelt party names of the generated catalogue, near misses with suggestions, and nonsense. */
const TYPOS = ['hoffman reinhart', 'bayer kestrl', 'bristow-myers qwell', 'astrazenca', 'novartsi', 'zyzzogen'];

describe('reading deal files on worker threads', () => {
  let inline: ReturnType<typeof summary>;
  beforeAll(() => {
    inline = summary(load({ workers: 0 }));
  });

  it('finds what the loading thread alone finds', () => {
    expect(inline.ids).toHaveLength(601);
    expect(inline.ids).toContain('d000200-big');
    expect(inline.problems).toEqual([
      expect.stringMatching(/^d000150-broken\.yaml: value\.upfront\.amount: expected an amount/),
      expect.stringMatching(/^d000300-bad\.yaml: : not valid YAML \(line 2\): duplicated mapping key/),
      expect.stringMatching(/^d000420-broken\.yaml: facts\.0\.sources\.1: unknown source id/),
      expect.stringMatching(/^d000500-copy\.yaml: id: 'd000010' is already used by .*d000010\.yaml$/),
    ]);
    expect(inline.typos.filter((r) => r.terms.some((t) => t.how === 'typo'))).toHaveLength(2);
    // Workers alone (the loading thread waits for their batches), and one worker with the
    // loading thread reading whatever batch is next when it would wait.
    expect(summary(load({ workers: 2, minFiles: 0, steal: false }))).toEqual(inline);
    expect(summary(load({ workers: 1, minFiles: 0 }))).toEqual(inline);
  }, 60_000);

  it('stamps the files it reads, so the next load reuses the unchanged ones', () => {
    const cacheDir = path.join(root, 'cache');
    const first = readDealsDir(dir, { cacheDir, pool: { workers: 2, minFiles: 0, steal: false } });
    expect(first.cache).toEqual({ state: 'used', reused: 0, read: 605 });
    expect(summary(first)).toEqual(inline);
    // Problems are never cached: the four broken files are read every time.
    expect(readDealsDir(dir, { cacheDir, pool: { workers: 0 } }).cache).toEqual({ state: 'used', reused: 601, read: 4 });
    const changed = path.join(dir, 'd000321.yaml');
    const original = readFileSync(changed, 'utf8');
    writeFileSync(changed, original.replace(/^title: .*$/m, 'title: Retitled'));
    try {
      const third = readDealsDir(dir, { cacheDir, pool: { workers: 0 } });
      expect(third.cache).toEqual({ state: 'used', reused: 600, read: 5 });
      expect(third.catalog.get('d000321')?.title).toBe('Retitled');
    } finally {
      writeFileSync(changed, original);
    }
  }, 60_000);

  it('has a worker build the typo indexes once the files are read', () => {
    const files = ['d000001.yaml', 'd000002.yaml', 'd000003.yaml'];
    const readings = readFiles(dir, files, { workers: 1, minFiles: 0, steal: false });
    try {
      for (const _ of files) expect(readings.next().problems).toBeUndefined();
      const names = ['astrazeneca', 'cspcpharmaceuticalgroup', 'cspc', 'az', 'cspc', 'kestrel'];
      const words = ['astrazeneca', 'cspc', 'kestrel', 'bay', 'therapeutics', 'cspc'];
      readings.typoHelper!.start(names, words);
      const expected = typoWordLists(names, words).map((list) => ({ words: list, index: buildDeletionIndex(list) }));
      expect(readings.typoHelper!.finish()).toEqual(expected);
      expect(expected[1]!.words).toEqual(['astrazeneca', 'bay', 'cspc', 'kestrel', 'therapeutics']);
    } finally {
      readings.close();
    }
  }, 60_000);

  // Linux's default `relatime` writes a file's access time back the first time it is read
  // after a change; the loader asks not to (O_NOATIME), on the workers and on this thread.
  (process.platform === 'linux' ? it : it.skip)('leaves the access times of the files it reads as they were', () => {
    const old = new Date('2020-01-02T03:04:05Z');
    const names = readdirSync(dir).filter((n) => n.endsWith('.yaml'));
    // An access time before the modification time: what relatime updates on the next read.
    for (const n of names) utimesSync(path.join(dir, n), old, statSync(path.join(dir, n)).mtime);
    expect(load({ workers: 1, minFiles: 0 }).catalog.size).toBe(601);
    expect(load({ workers: 0 }).catalog.size).toBe(601);
    const touched = names.filter((n) => statSync(path.join(dir, n)).atimeMs !== old.getTime());
    expect(touched).toEqual([]);
  }, 60_000);

  it('finds the same when the workers are given up on and the files are read here', () => {
    // Workers that must answer within 0 ms miss their batches: every file is then read here.
    expect(summary(load({ workers: 2, minFiles: 0, stallMs: 0, steal: false }))).toEqual(inline);
  }, 60_000);
});

describe('workers started while a big directory is listed', () => {
  let big: string;
  beforeAll(() => {
    big = path.join(root, 'big');
    generateCatalogue(big, MIN_FILES_FOR_WORKERS + 100, 9);
  }, 60_000);

  it('start only for a directory that looks big enough to want them', () => {
    // How many files a directory lists is guessed from its size: any directory has room for 0.
    const early = startEarly(dir, { minFiles: 0 });
    expect(early).toBeDefined();
    early!.close();
    expect(startEarly(dir, { minFiles: 1_000_000 })).toBeUndefined();
    expect(startEarly(dir, { minFiles: 0, workers: 0 })).toBeUndefined();
    expect(startEarly(path.join(root, 'missing'), { minFiles: 0 })).toBeUndefined();
  });

  it('read the files once they are given them', () => {
    const names = readdirSync(big).sort();
    // The workers alone read (steal: false): the loading thread waits for their batches, and a
    // worker that has posted one is asked to build the typo indexes.
    const readings = readFiles(big, names, { workers: 1, minFiles: 0, steal: false, stallMs: 10_000 }, false, startEarly(big, { workers: 1, minFiles: 0 }));
    try {
      for (const _ of names) expect(readings.next().problems).toBeUndefined();
      readings.typoHelper!.start(['astrazeneca'], ['astrazeneca']);
      expect(readings.typoHelper!.finish()).toEqual(typoWordLists(['astrazeneca'], ['astrazeneca']).map((words) => ({ words, index: buildDeletionIndex(words) })));
    } finally {
      readings.close();
    }
  }, 60_000);

  it('are stopped when too few files are left to read, which are read here', () => {
    const names = readdirSync(big).sort().slice(0, 10);
    const readings = readFiles(big, names, {}, false, startEarly(big, { minFiles: 0 }));
    expect(names.map(() => readings.next().problems)).toEqual(names.map(() => undefined));
    expect(readings.typoHelper).toBeUndefined();
  });

  it('give a load the same catalogue as the loading thread alone, and are not started when a cache will be reused', () => {
    const alone = readDealsDir(big, { pool: { workers: 0 } });
    const cacheDir = path.join(root, 'big-cache');
    expect(CatalogCache.hasManifest(cacheDir, big)).toBe(false);
    // The default pool: workers start before the listing and get their files once it is done.
    const pooled = readDealsDir(big, { cacheDir });
    expect(pooled.catalog.size).toBe(MIN_FILES_FOR_WORKERS + 100);
    expect(pooled.catalog.ids).toEqual(alone.catalog.ids);
    const sample = (r: DealsDirReading) => r.catalog.getAll(r.catalog.ids.filter((_, k) => k % 97 === 0));
    expect(sample(pooled)).toEqual(sample(alone));
    // The next load reuses every file: it has a manifest to find, so it starts no reading
    // workers (a stamp worker stats the files, see below).
    expect(CatalogCache.hasManifest(cacheDir, big)).toBe(true);
    expect(readDealsDir(big, { cacheDir }).cache).toEqual({ state: 'used', reused: MIN_FILES_FOR_WORKERS + 100, read: 0 });
  }, 60_000);
});

describe('stamping the files of a folder with a cache, on a worker', () => {
  let big: string;
  let names: string[];
  beforeAll(() => {
    big = path.join(root, 'stamped');
    generateCatalogue(big, 3 * 1024 + 10, 11);
    // A name listed but gone by the time it is stat'ed.
    names = [...readdirSync(big).sort(), 'zz-gone.yaml'];
  }, 60_000);

  const statOf = (name: string) => {
    try {
      const st = statSync(path.join(big, name));
      return { size: st.size, ino: st.ino, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
    } catch {
      return undefined;
    }
  };

  it('gives each file what stat gives, in order, whichever thread stats it', () => {
    const expected = names.map(statOf);
    expect(expected.at(-1)).toBeUndefined();
    // The worker alone (this thread waits), both threads, and this thread alone after the
    // worker is given up on (no chunk is done within 0 ms of asking).
    for (const pool of [{ steal: false }, {}, { steal: false, stallMs: 0 }]) {
      const stamping = startStamping(big, names, { workers: 1, minFiles: 0, ...pool });
      expect(stamping).toBeDefined();
      expect(runToEnd(stamping!.collect())).toEqual(expected);
    }
  }, 60_000);

  it('then has the worker build the typo indexes, unless it was given up on', () => {
    const partyNames = ['astrazeneca', 'cspcpharmaceuticalgroup', 'cspc', 'az', 'cspc'];
    const words = ['astrazeneca', 'cspc', 'kestrel', 'cspc'];
    const expected = typoWordLists(partyNames, words).map((list) => ({ words: list, index: buildDeletionIndex(list) }));
    const helped = startStamping(big, names, { workers: 1, minFiles: 0, steal: false })!;
    runToEnd(helped.collect());
    helped.typoHelper.start(partyNames, words);
    expect(helped.typoHelper.finish()).toEqual(expected);
    // A worker that missed a chunk (none is done within 0 ms of asking, while the worker is
    // still starting) is not asked: the index builds its typo indexes itself.
    const stalled = startStamping(big, names, { workers: 1, minFiles: 0, steal: false, stallMs: 0 })!;
    runToEnd(stalled.collect());
    stalled.typoHelper.start(partyNames, words);
    expect(stalled.typoHelper.finish()).toBeUndefined();
  }, 60_000);

  it('starts no worker for a small folder, or when there are none to use', () => {
    expect(startStamping(big, names.slice(0, 100))).toBeUndefined();
    expect(startStamping(big, names, { workers: 0 })).toBeUndefined();
  });

  it('lets a restart see a changed file among thousands, and reuse the rest', () => {
    const cacheDir = path.join(root, 'stamped-cache');
    const first = readDealsDir(big, { cacheDir });
    expect(first.cache).toEqual({ state: 'used', reused: 0, read: 3 * 1024 + 10 });
    // Unchanged: every deal reused, and the same typo matches. The worker stats every file
    // (steal: false; a few thousand files are otherwise stat'ed here before it has started),
    // so it is asked to build the typo indexes.
    const unchanged = readDealsDir(big, { cacheDir, pool: { steal: false } });
    expect(unchanged.cache).toEqual({ state: 'used', reused: 3 * 1024 + 10, read: 0 });
    const typos = (r: DealsDirReading) => TYPOS.map((q) => r.catalog.index.search(q));
    expect(typos(unchanged)).toEqual(typos(first));
    expect(typos(first).filter((r) => r.terms.some((t) => t.how === 'typo')).length).toBeGreaterThan(0);
    const changed = path.join(big, names[2 * 1024 + 5]!);
    const original = readFileSync(changed, 'utf8');
    // The same size and modification time: only the ctime says it changed.
    const { mtime } = statSync(changed);
    writeFileSync(changed, original.replace(/^title: (.)/m, (_, c: string) => `title: ${c === 'X' ? 'Y' : 'X'}`));
    utimesSync(changed, mtime, mtime);
    // The worker stats every file again, and builds the typo indexes for this load too.
    const restart = readDealsDir(big, { cacheDir, pool: { steal: false } });
    expect(restart.cache).toEqual({ state: 'used', reused: 3 * 1024 + 9, read: 1 });
    expect(typos(restart)).toEqual(typos(first));
    const id = /^id: (.+)$/m.exec(original)![1]!;
    expect(restart.catalog.get(id)?.title).not.toBe(/^title: (.+)$/m.exec(original)![1]);
  }, 60_000);
});
