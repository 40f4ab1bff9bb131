/**
 * What goes into a channel's digest: pure rules, no Slack and no storage.
 *
 * A deal is new for a channel when it has never been in a digest of that channel, it passes
 * the channel's filters, and either
 * - the bot first saw it (first-seen time in the store) after the subscription was created, or
 * - it was announced (to the day) within the digest period, in the subscription's time zone.
 *
 * Filters: a deal must match every kind of filter given (watchlist, areas, types, minimum
 * value) and any one value within a kind — a watchlist of three companies means "deals of any
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

function involvesWatchedParty(deal: Deal, watched: ReadonlySet<string>): boolean {
  return deal.parties.some((p) => [p.name, ...p.aliases].some((n) => nameKeys(n).some((k) => watched.has(k))));
}

function hasArea(deal: Deal, areas: readonly string[]): boolean {
  const own = [...deal.areas, ...deal.modalities, ...deal.indications].map(normalize);
  const forms = new Set([...own, ...own.map((t) => t.replace(/s$/, ''))]);
  return areas.some((a) => forms.has(a) || forms.has(a.replace(/s$/, '')));
}

/** True when `deal` passes every kind of filter in `filters`. No filters: every deal passes. */
export function matchesFilters(deal: Deal, filters: DigestFilters): boolean {
  if (filters.parties.length > 0 && !involvesWatchedParty(deal, new Set(filters.parties.map((p) => p.key)))) return false;
  if (filters.areas.length > 0 && !hasArea(deal, filters.areas)) return false;
  if (filters.types.length > 0 && !filters.types.some((t) => deal.types.includes(t))) return false;
  if (filters.minValueUsd !== undefined) {
    const value = headlineUsd(deal);
    if (value === undefined || value < filters.minValueUsd) return false;
  }
  return true;
}

export function hasFilters(filters: DigestFilters): boolean {
  return filters.parties.length + filters.areas.length + filters.types.length > 0 || filters.minValueUsd !== undefined;
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
  firstSeen: FirstSeenTimes;
}

/**
 * The new deals for one digest, most recent first.
 *
 * Only two small sets can hold a new deal: those first seen after the subscription was created,
 * and those announced on a day of the period. Both are read from sorted lists (first-seen times,
 * the index's ranking order), so a digest costs in proportion to them, not to the catalogue.
 */
export function selectNewDeals({ catalog, subscription, period, posted, firstSeen }: SelectionInput): Deal[] {
  const candidates = new Set<string>(firstSeen.seenAfter(subscription.createdAt));
  // A deal never recorded counts as first seen at the end of the period.
  if (period.end > subscription.createdAt) for (const id of firstSeen.unrecorded) candidates.add(id);
  const [from, to] = periodDays(period, subscription.schedule.timeZone);
  for (const id of catalog.index.announcedBetween(from, to)) candidates.add(id);

  const deals: Deal[] = [];
  for (const id of candidates) {
    if (posted.has(id)) continue;
    const deal = catalog.get(id);
    // Recorded once, since removed from the catalogue.
    if (!deal) continue;
    if (matchesFilters(deal, subscription.filters)) deals.push(deal);
  }
  return deals.sort(compareDealsByDate);
}
