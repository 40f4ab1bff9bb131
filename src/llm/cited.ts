/**
 * What the grounding verifier (`verify.ts`) and its word-family claim checks (`claims.ts`) share:
 * a cited fact as the verifier prepares it, a clause about what the sources do not say, and the
 * money words.
 */
import type { Deal, Fact } from '../deals/schema';
import type { Figure, Quantity } from './figures';

export interface CitedFact {
  ref: string;
  deal: Deal;
  fact: Fact;
  /** The fact's text, cleaned as a sentence is (`cleanText`): every check reads this, not `fact.text`. */
  text: string;
  figures: Figure[];
  /** The quantity the fact's topic names, e.g. value.upfront → upfront. */
  topicQuantity?: Quantity;
  moneyCount: number;
  /** Normalised word tokens of the fact text. */
  words: Set<string>;
  /** The cleaned fact text, lower case, with its figures blanked (see `checkUnreadable`). */
  leftover: string;
  /** Normalised word tokens of the publishers of the fact's sources. */
  publisherWords: Set<string>;
  mentionsRoyalties: boolean;
}

export interface Silence {
  /** From the subject to the end of the verb, where its negation is. */
  from: number;
  verbEnd: number;
  /** The end of its clause. */
  to: number;
  /** "the royalty rate is not specified in the sources": what is missing comes before the verb, from `verbEnd`. */
  passive?: boolean;
  /** Scope words it says are missing ("exclusivity", "worldwide") that the deal's facts give: a false silence. */
  falseScope?: string[];
  /** What it says is missing that the deal has. */
  missing: string[];
  /**
   * Where the parts of a breakdown begin ("… how the $200 million divides | between data
   * licensing and model development"): words from here to `to` name parts, not quantities.
   */
  partsFrom?: number;
  /** A question echoed before it ("What's the upfront? The sources do not say."), which it answers. */
  asked?: boolean;
}

/** Whether offset `at` lies where a sentence says the sources lack something ("do not say whether …"). */
export function saidMissing(silent: readonly Silence[], at: number): boolean {
  return silent.some((x) => at >= x.verbEnd && at < x.to);
}

/** Money words (and "date"), each read as a key: "paid", "payable" and "payments" are all "pay". */
export const CLAIM_WORDS: { key: string; re: RegExp }[] = [
  ['royalty', 'royalt(?:y|ies)'],
  ['milestone', 'milestones?'],
  ['upfront', 'up[- ]?front'],
  ['pay', 'pay(?:s|ing|able|ments?)?|paid'],
  ['fee', 'fees?'],
  ['equity', 'equity'],
  ['stake', 'stakes?'],
  ['invest', 'invest(?:s|ed|ing|ments?|ors?)?'],
  ['commit', 'commit(?:s|ted|ting|ments?)?'],
  ['receive', 'receiv(?:e|es|ed|ing)'],
  ['earn', 'earn(?:s|ed|ing|ings)?'],
  ['eligible', 'eligib(?:le|ility)'],
  ['entitled', 'entitled'],
  ['worth', 'worth'],
  ['value', 'valu(?:e|es|ed)'],
  ['amount', 'amounts?'],
  ['sum', 'sums?'],
  ['cash', 'cash'],
  ['money', 'money'],
  ['fund', 'funds?|funded|funding'],
  ['terms', 'terms'],
  ['price', 'prices?'],
  ['cost', 'costs?'],
  ['consideration', 'consideration'],
  ['compensation', 'compensation'],
  ['date', 'dates?|dated'],
].map(([key, body]) => ({ key: key!, re: new RegExp(`\\b(?:${body})\\b`, 'i') }));
