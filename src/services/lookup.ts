/**
 * `/deal <query>` as a service: plain text in, a decision about what to show out. No Slack here.
 */
import type { Catalog } from '../deals/catalog';
import type { Deal } from '../deals/schema';
import type { SearchResult } from '../deals/search';
import { normalize, tokens } from '../deals/text';

/** What a reply says about the query itself: words read otherwise, or not used. */
export interface QueryNotes {
  /** Words that matched no party or filter, so the user knows they were not used. */
  ignored: string[];
  /** Words read as the party names they are nearest to ("verve" as Verge Genomics). */
  corrected: Correction[];
  /** A minimum in another currency, not used (values are not converted). */
  notCompared?: string;
  /** Date filters that could not be read, not used. */
  unreadDates?: string[];
  /** Words that named no party or filter and were found in the titles of the deals shown (see byTitle). */
  inTitles?: string[];
  /** The catalogue's title words were still being indexed, so `ignored` was not looked for in titles. */
  titlesPending?: true;
}

export type LookupOutcome =
  | { kind: 'help' }
  | ({
      kind: 'found';
      /** The best match, shown as a full card. */
      deal: Deal;
      /** The first other matches (up to LIST_SHOWN), shown as a compact list under `othersLabel`. */
      others: Deal[];
      /** How many other deals match, listed or not ("and N more" counts the rest). */
      othersTotal: number;
      othersLabel: string;
    } & QueryNotes)
  | ({
      /** Several parties were named and no deal has them all. */
      kind: 'partial';
      partyNames: string[];
      /** The first deals with some of the parties (up to LIST_SHOWN). */
      deals: Deal[];
      /** How many deals have some of the parties. */
      total: number;
    } & QueryNotes)
  | ({
      kind: 'none';
      query: string;
      suggestions: string[];
      /**
       * Deals the reply lists all the same, labelled: the companies' deals without the filters
       * when the filters left none, or the deals the filters match when a word beside them
       * matched nothing ("pfizer >1b": none of them is Pfizer's).
       */
      list?: { label: string; deals: Deal[]; total: number };
    } & QueryNotes);

/**
 * A word no party is called, read as the nearest name: the reply says so, or "verve" would get
 * Verge Genomics' card as if it were Verve's.
 */
export interface Correction {
  typed: string;
  names: string[];
}

const HELP_WORDS = new Set(['', 'help', '?', 'usage']);

/**
 * Deals fetched in full for a list: a message shows at most 10 (see buildDealList), and a
 * big pharma can match thousands, which are counted, not fetched.
 */
export const LIST_SHOWN = 10;

/** Resolves a query to what the user should see. */
export function lookupDeals(catalog: Catalog, query: string): LookupOutcome {
  const trimmed = query.trim();
  if (HELP_WORDS.has(trimmed.toLowerCase())) return { kind: 'help' };
  // The best match and the list under it: the rest are counted, never fetched.
  const result = catalog.index.search(trimmed, { limit: 1 + LIST_SHOWN });
  const partyNames = resolvedPartyNames(catalog, result);
  const notes: QueryNotes = {
    ignored: result.unknown,
    corrected: result.terms.flatMap((t) => (t.how === 'typo' ? [{ typed: t.text, names: namesOf(catalog, t.parties) }] : [])),
    ...unusedFilters(result),
  };
  // A word that is no company and no filter, beside filters alone: the deals the filters match
  // are not what was asked for ("pfizer >1b"), so they are listed as such, not as a match.
  const filtersAlone = result.terms.length === 0 && result.unknown.length > 0;
  const titled = result.unknown.length > 0 ? byTitle(catalog, trimmed, result) : undefined;
  if (titled === 'pending') notes.titlesPending = true;
  else if (titled) {
    const words = quotedWords(titled.typed);
    const titleNotes = { ...notes, ignored: [], inTitles: titled.typed };
    if (titled.matching) {
      const [deal, ...rest] = titled.deals;
      return { kind: 'found', deal: deal!, others: rest, othersTotal: titled.total - 1, othersLabel: `${othersLabel(partyNames)} with ${words} in the title`, ...titleNotes };
    }
    // Titles have the words, but none of those deals is the rest of the query ("astrazeneca
    // YS2302018 2025"): said, and listed as such, rather than another deal shown as the match.
    return { kind: 'none', query: trimmed, suggestions: [], ...titleNotes, list: { label: `Deals with ${words} in the title, without the rest of the query`, deals: titled.deals, total: titled.total } };
  }
  const bestId = result.ids[0];
  const best = bestId === undefined || filtersAlone ? undefined : catalog.get(bestId);
  if (best) {
    const others = catalog.getAll(result.ids.slice(1, 1 + LIST_SHOWN));
    return { kind: 'found', deal: best, others, othersTotal: result.total - 1, othersLabel: othersLabel(partyNames), ...notes };
  }
  if (result.partialTotal > 0) {
    return { kind: 'partial', partyNames, deals: catalog.getAll(result.partialIds.slice(0, LIST_SHOWN)), total: result.partialTotal, ...notes };
  }
  const none = { kind: 'none' as const, query: trimmed, suggestions: result.suggestions, ...notes };
  if (filtersAlone && result.total > 0) {
    return { ...none, list: { label: 'Deals matching the rest of the query', deals: catalog.getAll(result.ids.slice(0, LIST_SHOWN)), total: result.total } };
  }
  const { ids, total, some } = result.unfiltered;
  if (ids.length > 0) {
    const label =
      partyNames.length === 1
        ? `${partyNames[0]} deals without the filters`
        : some
          ? `No deal between ${joinNames(partyNames)} in our catalogue. Deals with some of them, without the filters`
          : `Deals between ${joinNames(partyNames)} without the filters`;
    return { ...none, list: { label, deals: catalog.getAll(ids), total } };
  }
  return none;
}

/**
 * When a query has words that are no company or filter ("astrazeneca YS2302018", "az centre",
 * "YS2302018"), the deals whose titles have every such word and that match the rest of the query
 * (the companies, the filters), the first LIST_SHOWN + 1 and how many, with those words as typed;
 * when titles have them but none of those deals matches the rest, the first LIST_SHOWN of them
 * and how many (`matching` false). Undefined when no title has them, and the words are left out
 * as before; 'pending' while the catalogue's title words are still being indexed (title-words.ts).
 * Words are matched whole, as search normalises them ("NX-101" is "nx" then "101"), never by a
 * near spelling.
 */
function byTitle(
  catalog: Catalog,
  query: string,
  result: SearchResult,
): { matching: boolean; deals: Deal[]; total: number; typed: string[] } | 'pending' | undefined {
  const wanted = new Set(result.unknown.flatMap((w) => tokens(w)));
  if (wanted.size === 0) return undefined;
  const titles = catalog.titleWords;
  if (!titles) return catalog.titleWordsFailed ? undefined : 'pending';
  const within = titles.dealsWithAll(wanted);
  if (within.length === 0) return undefined;
  // The words the user typed that hold them ("NX-101", not "nx" and "101"), each once, as first typed.
  const typed: string[] = [];
  const seen = new Set<string>();
  for (const w of query.split(/\s+/)) {
    if (seen.has(w.toLowerCase()) || !tokens(w).some((t) => wanted.has(t))) continue;
    seen.add(w.toLowerCase());
    typed.push(w);
  }
  const found = catalog.index.search(query, { limit: 1 + LIST_SHOWN, within });
  if (found.total > 0) return { matching: true, deals: catalog.getAll(found.ids), total: found.total, typed };
  const ids = within.slice(0, LIST_SHOWN).map((i) => catalog.index.ids[i]!);
  return { matching: false, deals: catalog.getAll(ids), total: within.length, typed };
}

/** Words as typed for a label: the first three, each cut short (a pasted line can be one long "word"). */
function quotedWords(typed: readonly string[]): string {
  const quoted = typed.slice(0, 3).map((w) => {
    const chars = Array.from(w);
    return `“${chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : w}”`;
  });
  return `${quoted.join(' and ')}${typed.length > 3 ? ' and more' : ''}`;
}

/** Filters typed but not used, which the reply names. */
function unusedFilters(result: SearchResult): { notCompared?: string; unreadDates?: string[] } {
  const { notCompared, unreadDates } = result.filters;
  return { ...(notCompared ? { notCompared } : {}), ...(unreadDates ? { unreadDates } : {}) };
}

function resolvedPartyNames(catalog: Catalog, result: SearchResult): string[] {
  return result.terms.map((t) => namesOf(catalog, t.parties).join(' / '));
}

function namesOf(catalog: Catalog, parties: readonly string[]): string[] {
  return parties.map((k) => catalog.index.party(k)?.name ?? k);
}

function othersLabel(partyNames: string[]): string {
  if (partyNames.length >= 2) return `Also between ${joinNames(partyNames)}`;
  if (partyNames.length === 1) return `More ${partyNames[0]} deals`;
  return 'Other matches';
}

export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Other deals in the catalogue between at least two of this deal's parties, most recent first. */
export function relatedDeals(catalog: Catalog, deal: Deal): Deal[] {
  const own = [...new Set(deal.parties.map((p) => normalize(p.name)))];
  if (own.length < 2) return [];
  return catalog.getAll(catalog.index.sharedDeals(own).filter((id) => id !== deal.id));
}
