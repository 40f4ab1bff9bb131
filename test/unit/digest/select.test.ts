import { matchesFilters, selectNewDeals, announcedWithin } from '../../../src/services/digest';
import type { DigestFilters, Subscription } from '../../../src/services/subscriptions';
import { makeDeal } from '../../helpers/deal-factory';
import { Catalog } from '../../../src/deals/catalog';
import { LONDON_MONDAY_9 } from './support';

const none: DigestFilters = { parties: [], areas: [], types: [] };
const at = (s: string) => Date.parse(s);

const pfizerOnc = makeDeal({ id: 'pfizer-onc', parties: ['Pfizer Inc.', { name: 'Tiny Bio', aliases: ['TB'] }], areas: ['Oncology'], types: ['licence'], value: { total: { amount: '$2 billion', qualifier: 'up_to' } } });
const azCardio = makeDeal({ id: 'az-cardio', parties: ['AstraZeneca', 'Heart Co'], areas: ['cardiovascular'], types: ['acquisition'], value: { upfront: { amount: '$50 million' } } });
const undisclosed = makeDeal({ id: 'quiet', parties: ['Quiet Ltd', 'Other Pharma'], types: ['research_collaboration'], value: { total: 'undisclosed' } });

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
});

describe('what is new', () => {
  const created = at('2026-11-10T12:00:00Z');
  const sub: Subscription = {
    channel: 'C1',
    schedule: LONDON_MONDAY_9,
    filters: none,
    ifEmpty: 'skip',
    createdBy: 'U1',
    createdAt: created,
    updatedBy: 'U1',
    updatedAt: created,
    scheduleSince: created,
  };
  const period = { start: at('2026-11-09T09:00:00Z'), end: at('2026-11-16T09:00:00Z') };

  it('is a deal first seen after the subscription, or announced within the period, never one already posted', () => {
    const old = makeDeal({ id: 'old', parties: ['A', 'B'], announced: '2025-01-01' });
    const announcedInPeriod = makeDeal({ id: 'in-period', parties: ['C', 'D'], announced: '2026-11-12' });
    const addedLater = makeDeal({ id: 'added', parties: ['E', 'F'], announced: '2024-05' });
    const alreadyPosted = makeDeal({ id: 'posted', parties: ['G', 'H'], announced: '2026-11-13' });
    const before = created - 1000;
    const firstSeen = new Map([
      ['old', before],
      ['in-period', before],
      ['added', created + 1000],
      ['posted', created + 1000],
    ]);
    const deals = selectNewDeals({
      catalog: new Catalog([old, announcedInPeriod, addedLater, alreadyPosted]),
      subscription: sub,
      period,
      posted: new Set(['posted']),
      firstSeen,
    });
    expect(deals.map((d) => d.id)).toEqual(['in-period', 'added']);
  });

  it('reads "announced within the period" by day in the subscription’s zone, inclusive', () => {
    const onStartDay = makeDeal({ id: 'a', parties: ['A', 'B'], announced: '2026-11-09' });
    const onEndDay = makeDeal({ id: 'b', parties: ['A', 'B'], announced: '2026-11-16' });
    const dayAfter = makeDeal({ id: 'c', parties: ['A', 'B'], announced: '2026-11-17' });
    const monthOnly = makeDeal({ id: 'd', parties: ['A', 'B'], announced: '2026-11' });
    expect(announcedWithin(onStartDay, period, 'Europe/London')).toBe(true);
    expect(announcedWithin(onEndDay, period, 'Europe/London')).toBe(true);
    expect(announcedWithin(dayAfter, period, 'Europe/London')).toBe(false);
    expect(announcedWithin(monthOnly, period, 'Europe/London')).toBe(false);
    // 16 Nov 12:00Z is already 17 Nov in Auckland (UTC+13).
    const noonUtc = { ...period, end: at('2026-11-16T12:00:00Z') };
    expect(announcedWithin(dayAfter, noonUtc, 'Europe/London')).toBe(false);
    expect(announcedWithin(dayAfter, noonUtc, 'Pacific/Auckland')).toBe(true);
  });
});
