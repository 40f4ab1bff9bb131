import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalog, loadCatalog } from '../../../src/deals/catalog';
import { parseDealFile, titleFromRecord } from '../../../src/deals/parse';
import { TitleWords } from '../../../src/deals/title-words';
import { makeDeal } from '../../helpers/deal-factory';

/** Deals with these titles, the first the most recent (so at search position 0). */
function catalogOf(titles: string[]): Catalog {
  return new Catalog(titles.map((title, n) => makeDeal({ id: `d-${n}`, parties: ['Orion Bio'], announced: new Date(Date.UTC(2025, 11, 31) - n * 86_400_000).toISOString().slice(0, 10), title })));
}

describe('title words', () => {
  it('lists the deals whose titles have every word, best first, with words normalised as search reads them', async () => {
    const catalog = catalogOf(['Orion — licence to ORX-7 in Lp(a)', 'Orion — Centré de recherche', 'Orion — option on orx-7, ORX-7 again', 'Orion — platform']);
    const titles = await catalog.buildTitleWords();
    expect(titles.dealsWithAll(['orx', '7'])).toEqual([0, 2]);
    expect(titles.dealsWithAll(['orx', 'lp'])).toEqual([0]);
    expect(titles.dealsWithAll(['centre'])).toEqual([1]);
    expect(titles.dealsWithAll(['orx', 'centre'])).toEqual([]);
    expect(titles.dealsWithAll(['nothing'])).toEqual([]);
    // Positions are the search index's: the ids there are the deals found.
    expect(titles.dealsWithAll(['option']).map((i) => catalog.index.ids[i])).toEqual(['d-2']);
  });

  it('is built once, whoever asks, and is there for lookups once built', async () => {
    const catalog = catalogOf(['Orion — licence to ORX-7']);
    expect(catalog.titleWords).toBeUndefined();
    const first = catalog.buildTitleWords();
    expect(catalog.buildTitleWords()).toBe(first);
    expect(catalog.titleWords).toBeUndefined();
    await first;
    expect(catalog.titleWords).toBe(await first);
  });

  it('stops building when its signal is aborted, without calling it failed, and builds again when asked', async () => {
    const catalog = catalogOf(['Orion — licence to ORX-7']);
    const stop = new AbortController();
    stop.abort();
    await expect(catalog.buildTitleWords(stop.signal)).rejects.toThrow(/abort/i);
    expect(catalog.titleWords).toBeUndefined();
    expect(catalog.titleWordsFailed).toBe(false);
    const titles = await catalog.buildTitleWords();
    expect(titles.dealsWithAll(['orx'])).toEqual([0]);
    expect(catalog.titleWords).toBe(titles);
  });

  it('yields between every 256 deals, so a large catalogue is indexed in slices of the event loop', () => {
    // 1,500 titles of four words: more (word, deal) pairs than the build first makes room for.
    const catalog = catalogOf(Array.from({ length: 1500 }, (_, n) => `Orion deal ${n} alpha`));
    const steps = TitleWords.building(catalog);
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields++;
    expect(yields).toBe(5);
    const titles = next.value;
    expect(titles.dealsWithAll(['1499']).map((i) => catalog.index.ids[i])).toEqual(['d-1499']);
    expect(titles.dealsWithAll(['0']).map((i) => catalog.index.ids[i])).toEqual(['d-0']);
    expect(titles.dealsWithAll(['alpha', 'deal'])).toEqual(Array.from({ length: 1500 }, (_, i) => i));
  });

  it('reads titles back from the stored files however their YAML writes them (quoted, folded)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'title-words-'));
    try {
      const seed = readFileSync(path.join(__dirname, '../../../seeds/deals/az-cspc-2024.yaml'), 'utf8');
      const folded = seed.replace(/^title: .*$/m, 'title: >-\n  AstraZeneca × CSPC — licence\n  to the Lp(a) candidate YS2302018');
      const quoted = seed.replace(/^id: .*$/m, 'id: az-cspc-2024-quoted').replace(/^title: .*$/m, 'title: "AstraZeneca \\u00d7 CSPC \\u2014 \\"ORX-7\\" licence"');
      writeFileSync(path.join(dir, 'folded.yaml'), folded);
      writeFileSync(path.join(dir, 'quoted.yaml'), quoted);
      const catalog = loadCatalog(dir, { cacheDir: path.join(dir, 'cache') });
      expect(catalog.get('az-cspc-2024-quoted')?.title).toBe('AstraZeneca × CSPC — "ORX-7" licence');
      const titles = await catalog.buildTitleWords();
      expect(titles.dealsWithAll(['candidate', 'ys2302018']).map((i) => catalog.index.ids[i])).toEqual(['az-cspc-2024']);
      expect(titles.dealsWithAll(['orx', '7']).map((i) => catalog.index.ids[i])).toEqual(['az-cspc-2024-quoted']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a stored deal\'s title from its title line as the whole file reads it', () => {
    const seedsDir = path.join(__dirname, '../../../seeds/deals');
    const seed = readFileSync(path.join(seedsDir, 'az-cspc-2024.yaml'), 'utf8');
    const variants = [
      ...readdirSync(seedsDir).map((name) => readFileSync(path.join(seedsDir, name), 'utf8')),
      seed.replace(/^title: .*$/m, 'title: >-\n  AstraZeneca × CSPC — licence\n\n  to YS2302018 # not a comment in a folded title'),
      seed.replace(/^title: .*$/m, "title: 'AstraZeneca × CSPC: it''s a licence'"),
      seed.replace(/^title: .*$/m, 'title: AstraZeneca × CSPC — licence # a comment'),
      // The title first in the file, with no line before it.
      `${seed.match(/^title: .*$/m)![0]}\n${seed.replace(/^title: .*\n/m, '')}`,
      // Quoted titles going on at the start of the next line; blank lines of CR or a tab.
      seed.replace(/^title: .*$/m, 'title: "AstraZeneca × CSPC\nlicence to YS2302018"'),
      seed.replace(/^title: .*$/m, "title: 'AstraZeneca × CSPC\nlicence to YS2302018'"),
      seed.replace(/^title: .*$/m, 'title: AstraZeneca × CSPC\n  licence\n\n  to YS2302018').replace(/\n/g, '\r\n'),
      seed.replace(/^title: .*$/m, 'title: AstraZeneca × CSPC\n\t\n  licence to YS2302018'),
      seed.replace(/^title: .*$/m, 'title: |\n  AstraZeneca\n\n  YS2302018').replace(/\n/g, '\r\n'),
      // The title an alias of another value.
      seed.replace(/^title: .*\n/m, '').replace(/^id: (.*)$/m, 'id: &t $1\ntitle: *t'),
      // A line starting `title:` inside a quoted value, before the real title.
      `${seed.replace(/^title: .*\n/m, '').replace(/^notes:\n  - .*$/m, 'notes:\n  - "The licence\ntitle: YS999 Pfizer deal"')}${seed.match(/^title: .*$/m)![0]}\n`,
    ];
    for (const text of variants) {
      const whole = parseDealFile('t.yaml', text);
      expect(whole.problems).toEqual([]);
      expect(titleFromRecord(Buffer.from(text))).toBe(whole.deal!.title);
    }
  });

  it('leaves out a deal whose record cannot be read back, and says how many, rather than fail', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'title-words-'));
    try {
      const seedsDir = path.join(__dirname, '../../../seeds/deals');
      for (const name of readdirSync(seedsDir)) writeFileSync(path.join(dir, name), readFileSync(path.join(seedsDir, name)));
      const cacheDir = path.join(dir, 'cache');
      const catalog = loadCatalog(dir, { cacheDir });
      // The records file damaged under the running bot: every record after the first bytes gone.
      const records = readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).filter((f) => /records/.test(f));
      expect(records.length).toBeGreaterThan(0);
      for (const f of records) writeFileSync(path.join(cacheDir, f), 'x');
      const titles = await catalog.buildTitleWords();
      expect(titles.unread).toBe(7);
      expect(catalog.titleWordsFailed).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
