import { z } from 'zod';
import { Catalog } from '../../../src/deals/catalog';
import type { Deal } from '../../../src/deals/schema';
import { compareDealsByDate, headlineUsd } from '../../../src/deals/search';
import { nameKeys, normalize } from '../../../src/deals/text';
import { matchesFilters, partyKey, selectNewDeals, type DigestPeriod, type FirstSeenTimes } from '../../../src/services/digest';
import { createFirstSeen, type FirstSeen } from '../../../src/services/digest-first-seen';
import type { DigestFilters, Subscription } from '../../../src/services/subscriptions';
import { mulberry32 } from '../../../bench/rng';
import { makeDeal } from '../../helpers/deal-factory';
import { LONDON_MONDAY_9, fakeClock, memoryStore } from './support';

const none: DigestFilters = { parties: [], areas: [], types: [], stages: [] };
/** A deal that only its id and date tell apart. */
const dated = (id: string, announced?: string) => makeDeal({ id, parties: ['A', 'B'], ...(announced ? { announced } : {}) });
const at = (s: string) => Date.parse(s);
const DAY = 86_400_000;

const pfizerOnc = makeDeal({ id: 'pfizer-onc', parties: ['Pfizer Inc.', { name: 'Tiny Bio', aliases: ['TB'] }], areas: ['Oncology'], types: ['licence'], value: { total: { amount: '$2 billion', qualifier: 'up_to' } } });
const azCardio = makeDeal({ id: 'az-cardio', parties: ['AstraZeneca', 'Heart Co'], areas: ['cardiovascular'], types: ['acquisition'], value: { upfront: { amount: '$50 million' } } });
const undisclosed = makeDeal({ id: 'quiet', parties: ['Quiet Ltd', 'Other Pharma'], types: ['research_collaboration'], value: { total: 'undisclosed' } });

/** First-seen times from a plain map, as the service gets them from a fully recorded store. */
function timesOf(firstSeen: ReadonlyMap<string, number>, catalog: Catalog): FirstSeenTimes {
  return {
    seenAfter: (t) => [...firstSeen].filter(([, seen]) => seen > t).map(([id]) => id),
    unrecorded: catalog.ids.filter((id) => !firstSeen.has(id)),
  };
}

function subscription(createdAt: number, o: Partial<Subscription> = {}): Subscription {
  return {
    channel: 'C1',
    schedule: LONDON_MONDAY_9,
    filters: none,
    ifEmpty: 'skip',
    createdBy: 'U1',
    createdAt,
    updatedBy: 'U1',
    updatedAt: createdAt,
    scheduleSince: createdAt,
    ...o,
  };
}

describe('filters', () => {
  it('passes everything when there are none', () => {
    expect([pfizerOnc, azCardio, undisclosed].every((d) => matchesFilters(d, none))).toBe(true);
  });

  it('watchlist: any of the watched companies, by name without corporate words or by alias', () => {
    const f = { ...none, parties: [{ name: 'pfizer', key: 'pfizer', known: false }] };
    expect(matchesFilters(pfizerOnc, f)).toBe(true);
    expect(matchesFilters(azCardio, f)).toBe(false);
    const alias = { ...none, parties: [{ name: 'TB', key: 'tb', known: true }, { name: 'AstraZeneca', key: 'astrazeneca', known: true }] };
    expect(matchesFilters(pfizerOnc, alias)).toBe(true);
    expect(matchesFilters(azCardio, alias)).toBe(true);
    expect(matchesFilters(undisclosed, alias)).toBe(false);
  });

  it('areas match modalities too, singular or plural on either side', () => {
    const antibody = makeDeal({ id: 'mab', parties: ['A', 'B'], areas: ['Rare Diseases'], modalities: ['Antibody', 'Vaccine'] });
    expect(matchesFilters(antibody, { ...none, areas: ['antibody'] })).toBe(true);
    expect(matchesFilters(antibody, { ...none, areas: ['vaccines'] })).toBe(true);
    expect(matchesFilters(antibody, { ...none, areas: ['rare disease'] })).toBe(true);
    expect(matchesFilters(antibody, { ...none, areas: ['rare diseases'] })).toBe(true);
    expect(matchesFilters(antibody, { ...none, areas: ['rare'] })).toBe(false);
  });

  it('areas, types and a minimum headline value; every kind must match', () => {
    expect(matchesFilters(pfizerOnc, { ...none, areas: ['oncology'] })).toBe(true);
    expect(matchesFilters(azCardio, { ...none, areas: ['oncology'] })).toBe(false);
    expect(matchesFilters(azCardio, { ...none, types: ['licence', 'acquisition'] })).toBe(true);
    expect(matchesFilters(pfizerOnc, { ...none, minValueUsd: 1e9 })).toBe(true);
    // Only a $50 million upfront: below the bar. Undisclosed: no figure to compare, so out.
    expect(matchesFilters(azCardio, { ...none, minValueUsd: 1e9 })).toBe(false);
    expect(matchesFilters(undisclosed, { ...none, minValueUsd: 1 })).toBe(false);
    expect(matchesFilters(pfizerOnc, { ...none, areas: ['oncology'], types: ['acquisition'] })).toBe(false);
  });

  it('stages: any of those given; a deal with no stage recorded matches none', () => {
    const preclinical = { ...pfizerOnc, stage: 'preclinical' as const };
    expect(matchesFilters(preclinical, { ...none, stages: ['preclinical', 'phase_1'] })).toBe(true);
    expect(matchesFilters(preclinical, { ...none, stages: ['phase_2'] })).toBe(false);
    expect(matchesFilters(pfizerOnc, { ...none, stages: ['preclinical'] })).toBe(false);
    expect(matchesFilters(preclinical, { ...none, stages: ['preclinical'], areas: ['cardiovascular'] })).toBe(false);
  });
});

describe('what is new', () => {
  const created = at('2026-11-10T12:00:00Z');
  const sub = subscription(created);
  const period = { start: at('2026-11-09T09:00:00Z'), end: at('2026-11-16T09:00:00Z') };
  const before = created - 1000;
  const after = created + 1000;
  const select = (catalog: Catalog, firstSeen: Map<string, number>, o: { sub?: Subscription; period?: DigestPeriod; posted?: string[] } = {}) =>
    selectNewDeals({
      catalog,
      subscription: o.sub ?? sub,
      period: o.period ?? period,
      posted: new Set(o.posted ?? []),
      carried: [],
      firstSeen: timesOf(firstSeen, catalog),
    }).map((d) => d.id);

  it('is a deal first seen after the subscription, or announced within the period, never one already posted', () => {
    const old = dated('old', '2025-01-01');
    const announcedInPeriod = makeDeal({ id: 'in-period', parties: ['C', 'D'], announced: '2026-11-12' });
    const addedLater = makeDeal({ id: 'added', parties: ['E', 'F'], announced: '2024-05' });
    const alreadyPosted = makeDeal({ id: 'posted', parties: ['G', 'H'], announced: '2026-11-13' });
    const firstSeen = new Map([
      ['old', before],
      ['in-period', before],
      ['added', after],
      ['posted', after],
    ]);
    const catalog = new Catalog([old, announcedInPeriod, addedLater, alreadyPosted]);
    expect(select(catalog, firstSeen, { posted: ['posted'] })).toEqual(['in-period', 'added']);
  });

  it('is first seen strictly after the subscription was created', () => {
    const deal = dated('same-ms', '2020-01-01');
    expect(select(new Catalog([deal]), new Map([['same-ms', created]]))).toEqual([]);
    expect(select(new Catalog([deal]), new Map([['same-ms', created + 1]]))).toEqual(['same-ms']);
  });

  it('never counts a deal dated to the month or year as announced within the period', () => {
    const month = dated('month', '2026-11');
    const year = dated('year', '2026');
    const unknown = dated('unknown');
    const catalog = new Catalog([month, year, unknown]);
    expect(select(catalog, new Map([['month', before], ['year', before], ['unknown', before]]))).toEqual([]);
    // First seen after the subscription, they are new all the same.
    expect(select(catalog, new Map([['month', after], ['year', after], ['unknown', after]]))).toEqual(['month', 'year', 'unknown']);
  });

  it('skips deals that were recorded but are no longer in the catalogue', () => {
    const kept = dated('kept', '2026-11-12');
    const firstSeen = new Map([['kept', after], ['removed', after], ['removed-too', before]]);
    expect(select(new Catalog([kept]), firstSeen)).toEqual(['kept']);
  });

  it('counts a deal never recorded as first seen at the end of the period', () => {
    const unrecorded = dated('unrecorded', '2020-01-01');
    const catalog = new Catalog([unrecorded]);
    expect(select(catalog, new Map())).toEqual(['unrecorded']);
    expect(select(catalog, new Map(), { posted: ['unrecorded'] })).toEqual([]);
    // A period that ended before the subscription was created: not after it, so not new.
    const earlier = { start: created - 7 * DAY, end: created };
    expect(select(catalog, new Map(), { period: earlier })).toEqual([]);
  });

  it('applies the filters to both kinds of new deal', () => {
    const onc = makeDeal({ id: 'onc', parties: ['A', 'B'], areas: ['oncology'], announced: '2026-11-12' });
    const cardio = makeDeal({ id: 'cardio', parties: ['A', 'B'], areas: ['cardiology'], announced: '2026-11-12' });
    const oncLater = makeDeal({ id: 'onc-later', parties: ['A', 'B'], areas: ['oncology'], announced: '2020-01' });
    const cardioLater = makeDeal({ id: 'cardio-later', parties: ['A', 'B'], areas: ['cardiology'], announced: '2020-01' });
    const catalog = new Catalog([onc, cardio, oncLater, cardioLater]);
    const firstSeen = new Map([['onc', before], ['cardio', before], ['onc-later', after], ['cardio-later', after]]);
    expect(select(catalog, firstSeen, { sub: subscription(created, { filters: { ...none, areas: ['oncology'] } }) })).toEqual(['onc', 'onc-later']);
  });

  it('lists the new deals most recent first, the more precise date first on a tie, then by id', () => {
    const deals = [
      dated('b-day', '2026-11-01'),
      dated('a-day', '2026-11-01'),
      dated('month', '2026-11'),
      dated('in-period', '2026-11-12'),
      dated('year', '2026'),
      dated('unknown'),
      dated('older', '2025-12-31'),
    ];
    const firstSeen = new Map(deals.map((d) => [d.id, d.id === 'in-period' ? before : after]));
    expect(select(new Catalog(deals), firstSeen)).toEqual(['in-period', 'a-day', 'b-day', 'month', 'year', 'older', 'unknown']);
  });

  it('reads "announced within the period" by day in the subscription’s zone, inclusive', () => {
    const deals = [
      dated('day-before', '2026-11-08'),
      dated('on-start-day', '2026-11-09'),
      dated('on-end-day', '2026-11-16'),
      dated('day-after', '2026-11-17'),
      dated('month-only', '2026-11'),
    ];
    const catalog = new Catalog(deals);
    const firstSeen = new Map(deals.map((d) => [d.id, before]));
    const inZone = (timeZone: string) => subscription(created, { schedule: { ...LONDON_MONDAY_9, timeZone } });
    expect(select(catalog, firstSeen)).toEqual(['on-end-day', 'on-start-day']);
    // 16 Nov 12:00Z is already 17 Nov in Auckland (UTC+13); 9 Nov 09:00Z is still 8 Nov in Honolulu.
    const noonUtc = { ...period, end: at('2026-11-16T12:00:00Z') };
    expect(select(catalog, firstSeen, { period: noonUtc })).toEqual(['on-end-day', 'on-start-day']);
    expect(select(catalog, firstSeen, { period: noonUtc, sub: inZone('Pacific/Auckland') })).toEqual(['day-after', 'on-end-day', 'on-start-day']);
    // … and 16 Nov 09:00Z is 15 Nov there, so the end day moves too.
    expect(select(catalog, firstSeen, { sub: inZone('Pacific/Honolulu') })).toEqual(['on-start-day', 'day-before']);
  });
});

describe('first-seen times in memory', () => {
  const ns = (store: Awaited<ReturnType<typeof memoryStore>>) => store.namespace('deal-first-seen', z.object({ at: z.number() }));
  const catalogOfIds = (...ids: string[]) => new Catalog(ids.map((id) => dated(id)));

  it('lists ids first seen strictly after a time, whatever order the times arrived in', async () => {
    const clock = fakeClock('2026-11-01T00:00:00Z');
    const store = await memoryStore(clock);
    const firstSeen = createFirstSeen(store);
    // Another replica recorded these earlier: their times are in neither id nor catalogue order.
    await ns(store).set('a', { at: 300 });
    await ns(store).set('c', { at: 100 });
    await ns(store).set('b', { at: 200 });
    await firstSeen.record(catalogOfIds('a', 'b', 'c', 'd'), 400);
    expect(firstSeen.seenAfter(0)).toEqual(['c', 'b', 'a', 'd']);
    expect(firstSeen.seenAfter(200)).toEqual(['a', 'd']);
    expect(firstSeen.seenAfter(400)).toEqual([]);

    // A reload after a query: new ids, one with an older time than some already listed.
    await ns(store).set('e', { at: 150 });
    await firstSeen.record(catalogOfIds('a', 'e', 'f'), 500);
    expect(firstSeen.seenAfter(120)).toEqual(['e', 'b', 'a', 'd', 'f']);
    expect(firstSeen.seenAfter(450)).toEqual(['f']);
  });

  it('keeps the first time recorded when two catalogues with the same new deal are recorded at once', async () => {
    const clock = fakeClock('2026-11-01T00:00:00Z');
    const store = await memoryStore(clock);
    const firstSeen = createFirstSeen(store);
    await Promise.all([firstSeen.record(catalogOfIds('x', 'y'), 100), firstSeen.record(catalogOfIds('y', 'z'), 200)]);
    expect(await ns(store).get('y')).toEqual({ at: 100 });
    expect(firstSeen.seenAfter(0).sort()).toEqual(['x', 'y', 'z']);
  });

  it('finds what a catalogue not yet recorded lacks, reading the store for ids it has not seen', async () => {
    const clock = fakeClock('2026-11-01T00:00:00Z');
    const store = await memoryStore(clock);
    const firstSeen = createFirstSeen(store);
    await firstSeen.record(catalogOfIds('a'), 100);
    // Recorded by another replica only.
    await ns(store).set('b', { at: 200 });
    const reloaded = catalogOfIds('a', 'b', 'c');
    expect(firstSeen.recorded(reloaded)).toBe(false);
    expect(await firstSeen.unrecorded(reloaded)).toEqual(['c']);
    expect(firstSeen.seenAfter(150)).toEqual(['b']);
    await firstSeen.record(reloaded, 300);
    expect(await firstSeen.unrecorded(reloaded)).toEqual([]);
    expect(firstSeen.seenAfter(150)).toEqual(['b', 'c']);
  });

  it('keeps the event loop serving while it records or checks a large catalogue', async () => {
    // A store that answers at once (memory, SQLite) must not turn recording 100k deals into one
    // long block during which no /deal can be acknowledged.
    const store = await memoryStore(fakeClock('2026-11-01T00:00:00Z'));
    const firstSeen = createFirstSeen(store);
    const catalog = catalogOfIds(...Array.from({ length: 10_000 }, (_, i) => `d${i}`));
    let turns = 0;
    let busy = true;
    const spin = () => {
      if (!busy) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    expect(await firstSeen.unrecorded(catalog)).toHaveLength(10_000);
    const whileChecking = turns;
    await firstSeen.record(catalog, 100);
    busy = false;
    // Between batches of 500, other callbacks (a request being acknowledged) get their turn.
    expect(whileChecking).toBeGreaterThanOrEqual(10);
    expect(turns - whileChecking).toBeGreaterThanOrEqual(10);
    expect(firstSeen.seenAfter(0)).toHaveLength(10_000);
  });
});

// ----------------------------------------------------------------- against a brute-force reference

const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Pacific/Auckland', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'America/St_Johns'];
const AREAS = ['oncology', 'Cardiology', 'Rare Diseases', 'vaccine'];
const MODALITIES = ['Antibody', 'antibodies', 'Cell therapy', 'small molecule'];
/** Filter phrases as subscriptions store them: normalised, singular or plural. */
const FILTER_AREAS = ['oncology', 'cardiology', 'rare disease', 'rare diseases', 'vaccines', 'antibody', 'antibodies', 'cell therapies', 'gene therapy'];
const TYPES = ['licence', 'acquisition', 'option'] as const;
/** Stages the random deals and filters share, so that filters often match and often do not. */
const FEW_STAGES = ['preclinical', 'phase_1', 'phase_2'] as const;
const COMPANIES = ['Alpha Bio', 'Beta Pharma Inc.', 'Gamma Therapeutics', 'Delta', 'Epsilon Labs', 'Zeta Inc'];

/** The filters as first written, a deal at a time: what the compiled filters must agree with. */
function referenceFilter(deal: Deal, filters: DigestFilters): boolean {
  const watched = new Set(filters.parties.map((p) => p.key));
  if (watched.size > 0 && !deal.parties.some((p) => [p.name, ...p.aliases].some((n) => nameKeys(n).some((k) => watched.has(k))))) return false;
  if (filters.areas.length > 0) {
    const own = [...deal.areas, ...deal.modalities, ...deal.indications].map(normalize);
    const forms = new Set([...own, ...own.map((t) => t.replace(/s$/, ''))]);
    if (!filters.areas.some((a) => forms.has(a) || forms.has(a.replace(/s$/, '')))) return false;
  }
  if (filters.types.length > 0 && !filters.types.some((t) => deal.types.includes(t))) return false;
  if (filters.stages.length > 0 && !filters.stages.some((s) => deal.stage === s)) return false;
  if (filters.minValueUsd !== undefined) {
    const value = headlineUsd(deal);
    if (value === undefined || value < filters.minValueUsd) return false;
  }
  return true;
}

/** The rule as stated, over every deal of the catalogue: what the fast selection must equal. */
function referenceSelection(catalog: Catalog, sub: Subscription, period: DigestPeriod, posted: ReadonlySet<string>, truth: ReadonlyMap<string, number>): string[] {
  const localDay = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: sub.schedule.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  const from = localDay(period.start);
  const to = localDay(period.end);
  const pad = (n: number | undefined) => String(n).padStart(2, '0');
  return catalog.ids
    .map((id) => catalog.get(id)!)
    .filter((deal) => {
      if (posted.has(deal.id)) return false;
      const seen = truth.get(deal.id) ?? period.end;
      const a = deal.announced;
      const day = a.precision === 'day' ? `${a.year}-${pad(a.month)}-${pad(a.day)}` : undefined;
      const within = day !== undefined && day >= from && day <= to;
      return (seen > sub.createdAt || within) && referenceFilter(deal, sub.filters);
    })
    .sort(compareDealsByDate)
    .map((d) => d.id);
}

describe('selection against a brute-force reference', () => {
  const T0 = at('2026-10-15T00:00:00Z');
  const SPAN = 60 * DAY;

  function randomDeal(id: string, r: () => number): Deal {
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const day = new Date(at('2026-10-01T00:00:00Z') + Math.floor(r() * 92) * DAY).toISOString().slice(0, 10);
    const p = r();
    const announced = p < 0.6 ? day : p < 0.75 ? day.slice(0, 7) : p < 0.85 ? day.slice(0, 4) : undefined;
    const v = r();
    const stage = r() < 0.7 ? { stage: pick(FEW_STAGES) } : {};
    return {
      ...makeDeal({
        id,
        parties: [r() < 0.2 ? { name: pick(COMPANIES), aliases: [`${id.toUpperCase()}X`] } : pick(COMPANIES), `${id} Bio`],
        ...(announced ? { announced } : {}),
        areas: r() < 0.8 ? [pick(AREAS)] : [],
        modalities: r() < 0.5 ? [pick(MODALITIES)] : [],
        types: [pick(TYPES)],
        value: v < 0.3 ? { total: { amount: '$2 billion', qualifier: 'up_to' } } : v < 0.6 ? { upfront: { amount: '$50 million' } } : v < 0.8 ? { total: 'undisclosed' } : {},
      }),
      ...stage,
    };
  }

  function randomFilters(r: () => number): DigestFilters {
    const f: DigestFilters = { parties: [], areas: [], types: [], stages: [] };
    if (r() < 0.4) return f;
    if (r() < 0.5) f.areas = FILTER_AREAS.filter(() => r() < 0.25);
    if (r() < 0.3) f.types = [TYPES[Math.floor(r() * TYPES.length)]!];
    if (r() < 0.3) {
      const name = COMPANIES[Math.floor(r() * COMPANIES.length)]!;
      f.parties = [{ name, key: partyKey(name), known: true }];
    }
    if (r() < 0.2) f.minValueUsd = 100_000_000;
    if (r() < 0.3) f.stages = FEW_STAGES.filter(() => r() < 0.3);
    return f;
  }

  it('selects exactly what the rule says, over random catalogues, reloads, subscriptions, periods and zones', async () => {
    const seen = { byFirstSeen: 0, byAnnouncement: 0, unrecorded: 0, removedButRecordedAfter: 0, posted: 0, filteredOut: 0, compared: 0, nonEmpty: 0 };
    for (let trial = 0; trial < 16; trial++) {
      const r = mulberry32(1000 + trial);
      const time = () => T0 + Math.floor(r() * SPAN);
      const pool = Array.from({ length: 90 }, (_, i) => randomDeal(`d${trial}-${i}`, r));
      const store = await memoryStore(fakeClock(T0));
      const firstSeen: FirstSeen = createFirstSeen(store);
      const truth = new Map<string, number>();

      // Some deals were recorded by another replica (or a previous run), at times in any order.
      const ns = store.namespace('deal-first-seen', z.object({ at: z.number() }));
      for (const d of pool) {
        if (r() < 0.3) {
          const t = time();
          await ns.set(d.id, { at: t });
          truth.set(d.id, t);
        }
      }
      const recordAt = async (catalog: Catalog, t: number) => {
        for (const id of catalog.ids) if (!truth.has(id)) truth.set(id, t);
        await firstSeen.record(catalog, t);
      };
      const some = (p: number) => pool.filter(() => r() < p);

      // Start-up, a query, then a reload recorded at an earlier time than some of what is known.
      const first = new Catalog(some(0.6));
      await recordAt(first, time());
      firstSeen.seenAfter(T0);
      const second = new Catalog(some(0.7));
      await recordAt(second, time());
      // In service: some deals removed, some added by a reload not recorded yet (or recorded).
      const inService = new Catalog(pool.filter((d) => (second.get(d.id) ? r() < 0.85 : r() < 0.3)));
      const recordedNow = r() < 0.3;
      if (recordedNow) await recordAt(inService, time());
      const unrecorded = await firstSeen.unrecorded(inService);
      expect(unrecorded.sort()).toEqual(inService.ids.filter((id) => !truth.has(id)).sort());

      for (let s = 0; s < 60; s++) {
        const createdAt = time();
        const start = time();
        const period = { start, end: start + Math.floor(r() * 10 * DAY) };
        const sub = subscription(createdAt, {
          schedule: { ...LONDON_MONDAY_9, timeZone: ZONES[Math.floor(r() * ZONES.length)]! },
          filters: randomFilters(r),
        });
        const posted = new Set(inService.ids.filter(() => r() < 0.15));
        const fast = selectNewDeals({
          catalog: inService,
          subscription: sub,
          period,
          posted,
          carried: [],
          firstSeen: { seenAfter: (t) => firstSeen.seenAfter(t), unrecorded },
        }).map((d) => d.id);
        const expected = referenceSelection(inService, sub, period, posted, truth);
        expect({ trial, s, ids: fast }).toEqual({ trial, s, ids: expected });

        // What the comparison covered, so the generator cannot quietly stop testing a case.
        seen.compared++;
        if (expected.length > 0) seen.nonEmpty++;
        for (const id of expected) {
          const t = truth.get(id);
          if (t === undefined) seen.unrecorded++;
          else if (t > createdAt) seen.byFirstSeen++;
          else seen.byAnnouncement++;
        }
        for (const id of posted) if ((truth.get(id) ?? period.end) > createdAt) seen.posted++;
        for (const [id, t] of truth) if (t > createdAt && !inService.get(id)) seen.removedButRecordedAfter++;
        const unfiltered = referenceSelection(inService, { ...sub, filters: none }, period, posted, truth);
        seen.filteredOut += unfiltered.length - expected.length;
      }
    }
    for (const [what, count] of Object.entries(seen)) expect({ what, covered: count > 20 }).toEqual({ what, covered: true });
  });
});
