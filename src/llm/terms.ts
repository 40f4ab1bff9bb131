/**
 * A deal's named things: the words that tell one deal's details from another's, where ordinary
 * words cannot (a paraphrase uses them freely). An asset code (AZD0780, PCSK9), a short name with
 * a bracketed letter (Lp(a)), a quoted or hyphenated term ("dual-engine", AI-led), a capitalised
 * name inside a sentence (Shijiazhuang). The verifier reads a sentence's borrowed details with
 * them, and the fact-only answers a question about another deal between the same parties.
 */
import type { Deal } from '../deals/schema';
import { cleanText } from './figures';

export interface DealTerms {
  /** Every text of the deal (facts, conflicts, names, title, location, territory, rights), in termForm. */
  text: string;
  /** Its named things, in termForm. */
  terms: string[];
}

const dealTermsCache = new WeakMap<Deal, DealTerms>();

/** Lower case, with every run of other characters one space, and a space at each end. */
export const termForm = (text: string): string => ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;

const NAMED_THING_RES = [
  /\b\p{L}+\d[\p{L}\d]*\b/gu,
  /\b\p{L}+\(\p{L}\)/gu,
  /"([^"]{3,40})"/g,
  /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu,
  /(?<=[\p{Ll}\p{N},;:] )\p{Lu}\p{L}{2,}/gu,
];

export function dealTerms(deal: Deal): DealTerms {
  const cached = dealTermsCache.get(deal);
  if (cached) return cached;
  const texts = [
    ...deal.facts.map((f) => f.text),
    ...deal.conflicts.flatMap((c) => [c.about, ...c.readings.map((r) => r.text)]),
    ...deal.parties.flatMap((p) => [p.name, ...p.aliases]),
    deal.title,
    deal.location ?? '',
    deal.territory ?? '',
    ...deal.rights,
  ].map(cleanText);
  const terms = new Set<string>();
  for (const t of texts) {
    for (const re of NAMED_THING_RES) for (const m of t.matchAll(re)) terms.add(termForm(m[1] ?? m[0]));
  }
  const out = { text: termForm(texts.join(' . ')), terms: [...terms].filter((t) => t.trim().length >= 3) };
  dealTermsCache.set(deal, out);
  return out;
}

/** The named things of `other` that `text` names and no text of `own` does. */
export function borrowedTerms(text: string, other: Deal, own: readonly Deal[]): string[] {
  const said = termForm(cleanText(text));
  const ownText = own.map((d) => dealTerms(d).text);
  return dealTerms(other).terms.filter((term) => said.includes(term) && !ownText.some((t) => t.includes(term)));
}
