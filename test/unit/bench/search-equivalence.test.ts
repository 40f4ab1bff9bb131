/**
 * The index's fast paths (typed arrays and bitmaps for filters, date-ordered early exits,
 * binary-search intersections, generic name words) against a brute-force reading of the
 * documented rules, on a synthetic catalogue from the benchmark generator: same deals, same
 * order, for a few hundred seeded queries; and with a limit, the first of those deals and how many
 * there are.
 */
import { Catalog } from '../../../src/deals/catalog';
import { dealSchema, type Deal } from '../../../src/deals/schema';
import { compareDealsByDate, headlineUsd } from '../../../src/deals/search';
import { normalize } from '../../../src/deals/text';
import { forEachDeal } from '../../../bench/generate';
import { mulberry32, pick } from '../../../bench/rng';

const deals: Deal[] = [];
forEachDeal(2000, 7, (doc) => deals.push(dealSchema.parse(doc)));
const catalog = new Catalog(deals);

interface Filters {
  year?: number;
  since?: { year: number; month?: number };
  minValue?: number;
  type?: string;
  topics?: string[];
  /** Any of these stages at signing. */
  stages?: string[];
}

/** How a query names each stage. */
const STAGE_TEXT: Record<string, string> = {
  discovery: 'discovery',
  preclinical: 'preclinical',
  phase_1: 'phase 1',
  phase_2: 'phase 2',
  phase_3: 'phase 3',
  filed: 'filed',
  approved: 'approved',
};

/** The filter rules as src/deals/search.ts documents them, one deal object at a time. */
function passes(d: Deal, f: Filters): boolean {
  if (f.type && !d.types.includes(f.type as Deal['types'][number])) return false;
  const own = [...d.areas, ...d.modalities, ...d.indications].map(normalize);
  if (f.topics && !f.topics.every((topic) => own.some((t) => t === topic || t.replace(/s$/, '') === topic))) return false;
  if (f.stages && !f.stages.includes(d.stage ?? '')) return false;
  const a = d.announced;
  if (f.year !== undefined && (a.precision === 'unknown' || a.year !== f.year)) return false;
  if (f.since) {
    if (a.precision === 'unknown') return false;
    if (a.year * 100 + (a.month ?? 1) < f.since.year * 100 + (f.since.month ?? 1)) return false;
    if (a.precision === 'year' && f.since.month !== undefined && f.since.month > 1 && a.year === f.since.year) return false;
  }
  if (f.minValue !== undefined) {
    const v = headlineUsd(d);
    if (v === undefined || v < f.minValue) return false;
  }
  return true;
}

function filterText(f: Filters): string {
  return [
    f.year !== undefined ? String(f.year) : '',
    f.since ? `since:${f.since.year}${f.since.month ? `-${String(f.since.month).padStart(2, '0')}` : ''}` : '',
    f.minValue !== undefined ? `>${f.minValue / 1e6}m` : '',
    f.type ?? '',
    ...(f.topics ?? []),
    f.stages ? f.stages.map((s) => STAGE_TEXT[s]).join(' ') : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function randomFilters(rng: () => number): Filters {
  const f: Filters = {};
  if (rng() < 0.3) f.year = 2015 + Math.floor(rng() * 11);
  // Now and then both: a year and a since: inside or after it.
  if (f.year === undefined ? rng() < 0.4 : rng() < 0.3) f.since = { year: 2018 + Math.floor(rng() * 8), month: rng() < 0.5 ? 1 + Math.floor(rng() * 12) : undefined };
  if (rng() < 0.3) f.minValue = pick(rng, [50e6, 200e6, 1e9]);
  if (rng() < 0.25) f.type = pick(rng, ['licence', 'acquisition', 'option', 'merger']);
  const topics = ['oncology', 'immunology', 'antibody', 'cell therapy', 'rare diseases', 'obesity'];
  if (rng() < 0.3) f.topics = rng() < 0.3 ? [pick(rng, topics), pick(rng, topics)] : [pick(rng, topics)];
  if (rng() < 0.3) f.stages = rng() < 0.3 ? [pick(rng, Object.keys(STAGE_TEXT)), pick(rng, Object.keys(STAGE_TEXT))] : [pick(rng, Object.keys(STAGE_TEXT))];
  return f;
}

const ids = (list: readonly Deal[]) => list.map((d) => d.id);

describe('DealIndex filters against a brute-force reading of the rules', () => {
  const rng = mulberry32(99);

  it('a company name plus filters: the deals naming that company that pass, newest first', () => {
    for (let n = 0; n < 250; n++) {
      const deal = pick(rng, deals);
      const party = pick(rng, deal.parties).name;
      const f = randomFilters(rng);
      const expected = deals.filter((d) => d.parties.some((p) => normalize(p.name) === normalize(party)) && passes(d, f)).sort(compareDealsByDate);
      const result = catalog.index.search(`${party} ${filterText(f)}`);
      expect({ q: `${party} ${filterText(f)}`, ids: result.ids }).toEqual({ q: `${party} ${filterText(f)}`, ids: ids(expected) });
    }
  });

  it('filters alone: every deal that passes, newest first', () => {
    for (let n = 0; n < 120; n++) {
      const f = randomFilters(rng);
      if (!f.type && !f.topics && !f.stages && !f.year && !f.since && f.minValue === undefined) continue;
      const expected = deals.filter((d) => passes(d, f)).sort(compareDealsByDate);
      expect({ q: filterText(f), ids: catalog.index.search(filterText(f)).ids }).toEqual({ q: filterText(f), ids: ids(expected) });
    }
  });

  it('with a limit: the first of those deals, and how many there are in all', () => {
    let filtersAlone = 0;
    for (let n = 0; n < 300; n++) {
      const f = randomFilters(rng);
      const deal = pick(rng, deals);
      // Half the queries name a company, half are filters alone.
      const party = n % 2 === 0 ? pick(rng, deal.parties).name : undefined;
      if (!party && !f.type && !f.topics && !f.stages && !f.year && !f.since && f.minValue === undefined) continue;
      if (!party) filtersAlone++;
      const q = `${party ?? ''} ${filterText(f)}`.trim();
      const expected = deals.filter((d) => (!party || d.parties.some((p) => normalize(p.name) === normalize(party))) && passes(d, f)).sort(compareDealsByDate);
      const limit = pick(rng, [0, 1, 11, 40]);
      const result = catalog.index.search(q, { limit });
      expect({ q, limit, ids: result.ids, total: result.total }).toEqual({ q, limit, ids: ids(expected.slice(0, limit)), total: expected.length });
    }
    expect(filtersAlone).toBeGreaterThan(100);
  });

  it('many minimums and stage sets in turn, each asked twice: the same deals each time', () => {
    // More than the index keeps built at once (RECENT_BITSETS), so some are built again.
    const big = [...new Set(deals.flatMap((d) => d.parties.map((p) => p.name)))]
      .map((name) => ({ name, n: deals.filter((d) => d.parties.some((p) => p.name === name)).length }))
      .sort((a, b) => b.n - a.n)[0]!.name;
    const asks: Filters[] = [];
    for (let k = 1; k <= 24; k++) asks.push({ minValue: k * 25e6 });
    const stages = Object.keys(STAGE_TEXT);
    for (let a = 0; a < stages.length; a++) for (let b = a + 1; b < stages.length; b += 2) asks.push({ stages: [stages[a]!, stages[b]!] });
    for (const round of [1, 2]) {
      for (const f of asks) {
        for (const party of [undefined, big]) {
          const q = `${party ?? ''} ${filterText(f)}`.trim();
          const expected = deals.filter((d) => (!party || d.parties.some((p) => p.name === party)) && passes(d, f)).sort(compareDealsByDate);
          const result = catalog.index.search(q, { limit: 11 });
          expect({ q, round, ids: result.ids, total: result.total }).toEqual({ q, round, ids: ids(expected.slice(0, 11)), total: expected.length });
        }
      }
    }
  });

  it('a word shared by many companies names none on its own, and narrows a named one', () => {
    expect(catalog.index.search('Zyzzogen Therapeutics').ids).toEqual([]);
    expect(catalog.index.search('Therapeutics').ids).toEqual([]);
    const novaxis = catalog.getAll(catalog.index.search('Novaxis').ids);
    const withTherapeutics = catalog.getAll(catalog.index.search('Novaxis Therapeutics').ids);
    expect(withTherapeutics.length).toBeGreaterThan(0);
    expect(withTherapeutics.length).toBeLessThan(novaxis.length);
    expect(ids(withTherapeutics)).toEqual(
      ids(novaxis.filter((d) => d.parties.some((p) => normalize(p.name).split(' ').includes('therapeutics')))),
    );
  });
});
