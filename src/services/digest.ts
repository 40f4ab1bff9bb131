/**
 * What goes into a channel's digest: pure rules, no Slack and no storage.
 *
 * A deal is new for a channel when it has never been in a digest of that channel, it passes
 * the channel's filters, and either
 * - the bot first saw it (first-seen time in the store) after the subscription was created (or,
 *   for a channel subscribed again, after its last digest), or
 * - it was announced (to the day) within the digest period, in the subscription's time zone, or
 * - it was chosen for an earlier digest of the channel that failed to post it (carried over).
 *
 * Filters: a deal must match every kind of filter given (watchlist, areas, types, stages,
 * minimum value) and any one value within a kind — a watchlist of three companies means "deals of any
 * of them".
 */
import type { Catalog } from '../deals/catalog';
import type { Deal } from '../deals/schema';
import { compareDealsByDate, headlineUsd } from '../deals/search';
import { nameKeys, normalize } from '../deals/text';
import { localTime, type CivilDate } from './digest-schedule';
import type { DigestFilters, Subscription } from './subscriptions';

/** The key a watched name is stored under: its core words, run together. */
export function partyKey(name: string): string {
  const keys = nameKeys(name);
  return keys[keys.length - 1] ?? normalize(name).replace(/ /g, '');
}

/**
 * Remembers what `fn` returns for each text, up to `limit` texts (then starts over). Area and
 * company names repeat across thousands of deals and every channel checks the same few new
 * ones, so each distinct text is normalised once rather than per deal, per channel.
 */
function memo<T>(fn: (text: string) => T, limit = 20_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let out = cache.get(text);
    if (out === undefined) {
      if (cache.size >= limit) cache.clear();
      out = fn(text);
      cache.set(text, out);
    }
    return out;
  };
}

const keysOfName = memo(nameKeys);
/** A phrase as an area filter compares it: normalised, and without one trailing "s". */
const areaForms = memo((text: string) => {
  const n = normalize(text);
  const singular = n.replace(/s$/, '');
  return singular === n ? [n] : [n, singular];
});

/**
 * `filters` as one test per deal, with the filters' own sets built once (a digest checks every
 * candidate deal against the same filters). `matchesFilters(deal, filters)` is this, applied.
 */
function dealFilter(filters: DigestFilters): (deal: Deal) => boolean {
  const watched = new Set(filters.parties.map((p) => p.key));
  // A phrase and a deal's term match when equal, once either or both lose one trailing "s".
  const areas = new Set(filters.areas.flatMap((a) => [a, a.replace(/s$/, '')]));
  const { types, stages, minValueUsd } = filters;
  const isWatched = (name: string) => keysOfName(name).some((k) => watched.has(k));
  const involvesWatched = (deal: Deal) => deal.parties.some((p) => isWatched(p.name) || p.aliases.some(isWatched));
  const hasTerm = (terms: readonly string[]) => terms.some((t) => areaForms(t).some((f) => areas.has(f)));
  return (deal) => {
    if (watched.size > 0 && !involvesWatched(deal)) return false;
    if (areas.size > 0 && !(hasTerm(deal.areas) || hasTerm(deal.modalities) || hasTerm(deal.indications))) return false;
    if (types.length > 0 && !types.some((t) => deal.types.includes(t))) return false;
    if (stages.length > 0 && !(deal.stage && stages.includes(deal.stage))) return false;
    if (minValueUsd !== undefined) {
      const value = headlineUsd(deal);
      if (value === undefined || value < minValueUsd) return false;
    }
    return true;
  };
}

/** True when `deal` passes every kind of filter in `filters`. No filters: every deal passes. */
export function matchesFilters(deal: Deal, filters: DigestFilters): boolean {
  return dealFilter(filters)(deal);
}

export function hasFilters(filters: DigestFilters): boolean {
  return filters.parties.length + filters.areas.length + filters.types.length + filters.stages.length > 0 || filters.minValueUsd !== undefined;
}

/** A digest period: from the previous digest (exclusive) to its own slot or the moment of posting. */
export interface DigestPeriod {
  start: number;
  end: number;
}

/** yyyymmdd, the form `DealIndex.announcedBetween` takes. */
function dayKey(date: CivilDate): number {
  return date.year * 10000 + date.month * 100 + date.day;
}

/** The period's first and last local days in `timeZone`, as yyyymmdd. */
function periodDays(period: DigestPeriod, timeZone: string): [number, number] {
  return [dayKey(localTime(period.start, timeZone)), dayKey(localTime(period.end, timeZone))];
}

/** What selection needs to know about when the bot first saw each deal (see digest-first-seen). */
export interface FirstSeenTimes {
  /** Ids first seen strictly after `t` (ms), in any order; ids no longer in the catalogue are ignored. */
  seenAfter(t: number): Iterable<string>;
  /** Ids of the catalogue never recorded: they count as first seen at the end of the period. */
  unrecorded: Iterable<string>;
}

export interface SelectionInput {
  catalog: Catalog;
  subscription: Subscription;
  period: DigestPeriod;
  /** Deals already in a digest of this channel. */
  posted: ReadonlySet<string>;
  /**
   * Deals chosen for an earlier digest that did not go out (a thread reply failed): candidates
   * whatever their dates, so they are shown late rather than never.
   */
  carried: Iterable<string>;
  firstSeen: FirstSeenTimes;
  /**
   * Deals first seen after this (ms) are new. Defaults to when the subscription was created; a
   * channel subscribed again passes its last digest, so what arrived in between is not lost.
   */
  seenSince?: number;
}

/**
 * The new deals for one digest, most recent first.
 *
 * Only three small sets can hold a new deal: those first seen since `since` (see `seenSince`),
 * those announced on a day of the period, and those carried over from a digest that did not
 * post them all. Both are read from sorted lists (first-seen times,
 * the index's ranking order), so a digest costs in proportion to them, not to the catalogue.
 */
export function selectNewDeals({ catalog, subscription, period, posted, carried, firstSeen, seenSince }: SelectionInput): Deal[] {
  const since = seenSince ?? subscription.createdAt;
  const candidates = new Set<string>(firstSeen.seenAfter(since));
  for (const id of carried) candidates.add(id);
  // A deal never recorded counts as first seen at the end of the period.
  if (period.end > since) for (const id of firstSeen.unrecorded) candidates.add(id);
  const [from, to] = periodDays(period, subscription.schedule.timeZone);
  for (const id of catalog.index.announcedBetween(from, to)) candidates.add(id);

  const passes = dealFilter(subscription.filters);
  const deals: Deal[] = [];
  for (const id of candidates) {
    if (posted.has(id)) continue;
    const deal = catalog.get(id);
    // Recorded once, since removed from the catalogue.
    if (!deal) continue;
    if (passes(deal)) deals.push(deal);
  }
  return deals.sort(compareDealsByDate);
}
