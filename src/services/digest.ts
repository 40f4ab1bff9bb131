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
import { compareDates, localTime, type CivilDate } from './digest-schedule';
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

/** True when the deal's announcement day falls in the period, read in `timeZone`. */
export function announcedWithin(deal: Deal, period: DigestPeriod, timeZone: string): boolean {
  return announcedBetween(deal, localTime(period.start, timeZone), localTime(period.end, timeZone));
}

function announcedBetween(deal: Deal, from: CivilDate, to: CivilDate): boolean {
  const a = deal.announced;
  if (a.precision !== 'day') return false;
  const day: CivilDate = { year: a.year, month: a.month!, day: a.day! };
  return compareDates(day, from) >= 0 && compareDates(day, to) <= 0;
}

export interface SelectionInput {
  catalog: Catalog;
  subscription: Subscription;
  period: DigestPeriod;
  /** Deals already in a digest of this channel. */
  posted: ReadonlySet<string>;
  /** When the bot first saw each deal (ms); a deal missing here counts as seen at `period.end`. */
  firstSeen: ReadonlyMap<string, number>;
}

/** The new deals for one digest, most recent first. */
export function selectNewDeals({ catalog, subscription, period, posted, firstSeen }: SelectionInput): Deal[] {
  const tz = subscription.schedule.timeZone;
  // The period's local days once per digest, not once per deal.
  const from = localTime(period.start, tz);
  const to = localTime(period.end, tz);
  return catalog.deals
    .filter((deal) => {
      if (posted.has(deal.id)) return false;
      // "Is it new?" is cheap and rules out almost every deal; the filters come after.
      const seen = firstSeen.get(deal.id) ?? period.end;
      if (!(seen > subscription.createdAt || announcedBetween(deal, from, to))) return false;
      return matchesFilters(deal, subscription.filters);
    })
    .sort(compareDealsByDate);
}
