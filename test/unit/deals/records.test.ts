/**
 * A catalogue keeps its deals as records (a temporary file, or bytes in memory when no file can
 * be made): the deal files' texts as the loader validated them, or JSON for catalogues built
 * from deal objects. It reads them back on demand: what comes back must be the validated deal.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalog, parseDealFile } from '../../../src/deals/catalog';
import { DealRecords } from '../../../src/deals/records';
import { compareDealsByDate, headlineUsd } from '../../../src/deals/search';
import { lookupDeals, LIST_SHOWN, relatedDeals } from '../../../src/services/lookup';
import { buildLookupReply } from '../../../src/blocks/lookup-reply';
import { makeDeal } from '../../helpers/deal-factory';
import { allText } from '../../helpers/messages';
import { SEEDS_DIR } from '../../helpers/seeds';

const deals = Array.from({ length: 1500 }, (_, i) =>
  makeDeal({
    id: `deal-${i}`,
    parties: ['Société Générale Bio', { name: `Partner ${i} Ltd`, aliases: [`P${i}`] }],
    announced: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`,
    title: `Deal ${i} — “quoted” × ${'é'.repeat(i % 7)}`,
    value: { upfront: { amount: `$${i + 1} million`, qualifier: 'exact' } },
  }),
);

describe.each([
  ['a temporary file', os.tmpdir()],
  ['memory, when no temporary file can be made', path.join(os.tmpdir(), 'no-such-dir', 'nested')],
])('records in %s', (_label, dir) => {
  const records = new DealRecords({ dir });
  const numbers = deals.map((d) => records.append(d));
  records.seal();

  it('reads back every deal exactly as appended, in any order', () => {
    for (const n of [...numbers].reverse()) expect(records.read(n)).toEqual(deals[n]);
    expect(records.size).toBe(deals.length);
  });

  it('refuses appends after sealing and unknown record numbers', () => {
    expect(() => records.append(deals[0]!)).toThrow(/after seal/);
    expect(() => records.read(deals.length)).toThrow(RangeError);
  });
});

describe('records of validated deal files', () => {
  const texts = readdirSync(SEEDS_DIR)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => readFileSync(path.join(SEEDS_DIR, n)));
  const records = new DealRecords({ format: 'source' });
  const numbers = texts.map((t) => records.appendRecord(t));
  records.seal();

  it('read back as the deal the file validates to', () => {
    for (const n of numbers) expect(records.read(n)).toEqual(parseDealFile('x.yaml', texts[n]!.toString('utf8')).deal);
    expect(records.bytes(0).equals(texts[0]!)).toBe(true);
  });

  it('take no deal objects, and a record that no longer validates is an error, not a deal', () => {
    expect(() => records.append(deals[0]!)).toThrow(/JSON records/);
    const broken = new DealRecords({ format: 'source' });
    broken.appendRecord('id: x\n');
    broken.seal();
    expect(() => broken.read(0)).toThrow(/no longer validates: title/);
  });
});

describe('a catalogue with deals stored as records', () => {
  const catalog = new Catalog(deals);

  it('gets any deal by id and nothing for an unknown id', () => {
    expect(catalog.size).toBe(1500);
    expect(catalog.get('deal-777')).toEqual(deals[777]);
    expect(catalog.get('deal-1500')).toBeUndefined();
    expect(catalog.all()).toHaveLength(1500);
    expect(new Set(catalog.ids)).toEqual(new Set(deals.map((d) => d.id)));
  });

  it('leaves no file behind in the temporary directory', () => {
    expect(readdirSync(os.tmpdir()).filter((n) => n.startsWith('deal-records-'))).toEqual([]);
  });

  it('refuses two deals with one id', () => {
    expect(() => new Catalog([deals[0]!, deals[0]!])).toThrow(/duplicate deal id deal-0/);
  });

  it('a company with 1,500 deals: the newest as a card, the next ten listed, the rest counted', () => {
    const outcome = lookupDeals(catalog, 'societe generale');
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    const newestFirst = [...deals].sort(compareDealsByDate).map((d) => d.id);
    expect(outcome.deal.id).toBe(newestFirst[0]);
    expect(outcome.others.map((d) => d.id)).toEqual(newestFirst.slice(1, 1 + LIST_SHOWN));
    expect(outcome.othersTotal).toBe(1499);
    const text = allText(buildLookupReply(outcome));
    expect(text).toMatch(/and 1,489 more — narrow the query/);
  });

  it('filters alone over 1,500 deals: the newest match as a card, the next ten listed, the rest counted', () => {
    const outcome = lookupDeals(catalog, '>500m since:2016-03');
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    const matches = deals
      .filter((d) => (headlineUsd(d) ?? 0) >= 500e6 && d.announced.precision === 'day' && d.announced.year * 100 + d.announced.month! >= 201603)
      .sort(compareDealsByDate)
      .map((d) => d.id);
    expect(matches.length).toBeGreaterThan(500);
    expect(outcome.deal.id).toBe(matches[0]);
    expect(outcome.others.map((d) => d.id)).toEqual(matches.slice(1, 1 + LIST_SHOWN));
    expect(outcome.othersTotal).toBe(matches.length - 1);
    expect(allText(buildLookupReply(outcome))).toContain(`and ${(matches.length - 1 - LIST_SHOWN).toLocaleString('en-US')} more — narrow the query`);
  });

  it('earlier deals between the same parties come from the index, newest first', () => {
    const shared = new Catalog([
      makeDeal({ id: 'ab-2020', parties: ['Alpha Bio', 'Beta Pharma'], announced: '2020-01-01' }),
      makeDeal({ id: 'ab-2024', parties: ['Alpha Bio', 'Beta Pharma'], announced: '2024-05-01' }),
      makeDeal({ id: 'ab-2022', parties: ['Beta Pharma', 'Alpha Bio', 'Gamma'], announced: '2022' }),
      makeDeal({ id: 'a-only', parties: ['Alpha Bio', 'Delta'], announced: '2025-01-01' }),
    ]);
    expect(relatedDeals(shared, shared.get('ab-2020')!).map((d) => d.id)).toEqual(['ab-2024', 'ab-2022']);
    expect(relatedDeals(shared, shared.get('a-only')!)).toEqual([]);
  });
});
