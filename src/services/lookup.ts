/**
 * `/deal <query>` as a service: plain text in, a decision about what to show out. No Slack here.
 */
import type { Catalog } from '../deals/catalog';
import type { Deal } from '../deals/schema';
import { compareDealsByDate, type SearchResult } from '../deals/search';
import { normalize } from '../deals/text';

export type LookupOutcome =
  | { kind: 'help' }
  | {
      kind: 'found';
      /** The best match, shown as a full card. */
      deal: Deal;
      /** Other matches, shown as a compact list under `othersLabel`. */
      others: Deal[];
      othersLabel: string;
      /** Words that matched no party or filter, so the user knows they were not used. */
      ignored: string[];
    }
  | {
      /** Several parties were named and no deal has them all. */
      kind: 'partial';
      partyNames: string[];
      deals: Deal[];
    }
  | { kind: 'none'; query: string; suggestions: string[]; unknown: string[] };

const HELP_WORDS = new Set(['', 'help', '?', 'usage']);

/** Resolves a query to what the user should see. */
export function lookupDeals(catalog: Catalog, query: string): LookupOutcome {
  const trimmed = query.trim();
  if (HELP_WORDS.has(trimmed.toLowerCase())) return { kind: 'help' };
  const result = catalog.index.search(trimmed);
  const partyNames = resolvedPartyNames(catalog, result);
  const [best, ...others] = result.deals;
  if (best) {
    return { kind: 'found', deal: best, others, othersLabel: othersLabel(partyNames), ignored: result.unknown };
  }
  if (result.partial.length > 0) return { kind: 'partial', partyNames, deals: result.partial };
  return { kind: 'none', query: trimmed, suggestions: result.suggestions, unknown: result.unknown };
}

function resolvedPartyNames(catalog: Catalog, result: SearchResult): string[] {
  return result.terms.map((t) =>
    t.parties.map((k) => catalog.index.party(k)?.name ?? k).join(' / '),
  );
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
  const own = new Set(deal.parties.map((p) => normalize(p.name)));
  if (own.size < 2) return [];
  const candidates = new Set<Deal>();
  for (const key of own) {
    for (const i of catalog.index.party(key)?.deals ?? []) candidates.add(catalog.index.deals[i]!);
  }
  return [...candidates]
    .filter((d) => d.id !== deal.id && d.parties.filter((p) => own.has(normalize(p.name))).length >= 2)
    .sort(compareDealsByDate);
}
