/**
 * Whether a deal's facts back its value split and its stage: the card shows the structured
 * amounts, and each must be stated by a fact on its topic — the same amount in the same
 * currency, and not more certain than the fact ("$110 million" on the card needs a fact saying
 * $110 million, not "up to $110 million"); the card's "Stage at signing" must be named by a
 * fact. Used by the schema (which reports) and the fast check (which leaves a deal that fails
 * to the schema), so both apply the same rules.
 */
import { formatMoney, moneyMentions, type MoneyMention } from './money';
import { QUALIFIER_WORDS, VALUE_COMPONENTS, type Royalties, type Stage, type ValueComponent, type ValueComponentKey } from './vocabulary';

interface TopicFact {
  topic: string;
  text: string;
}

const TOPIC_OF = Object.fromEntries(VALUE_COMPONENTS.map((k) => [k, `value.${k}`])) as Record<ValueComponentKey, string>;

/** What is wrong with how the facts back value component `key`, or undefined when nothing is. */
export function componentBackingProblem(key: ValueComponentKey, component: ValueComponent | undefined, facts: readonly TopicFact[]): string | undefined {
  if (!component) return undefined;
  const topic = TOPIC_OF[key];
  let onTopic = false;
  let qualified: MoneyMention['qualifier'] | undefined;
  for (const f of facts) {
    if (f.topic !== topic) continue;
    onTopic = true;
    if (component.status !== 'disclosed') return undefined;
    const { amount, currency } = component.amount;
    for (const m of moneyMentions(f.text)) {
      if (m.money.amount !== amount || m.money.currency !== currency) continue;
      // A fact's unqualified amount backs any qualifier; a qualified one only the same one.
      if (m.qualifier === 'exact' || m.qualifier === component.qualifier) return undefined;
      qualified = m.qualifier;
    }
  }
  if (!onTopic) {
    return component.status === 'disclosed'
      ? `no fact with topic '${topic}' supports this figure; add one with its sources`
      : `no fact with topic '${topic}' says it was not disclosed; add one with its sources`;
  }
  if (component.status !== 'disclosed') return undefined;
  const shown = formatMoney(component.amount);
  if (qualified === 'other') return `the facts on '${topic}' give ${shown} only as one end of a range or in a comparison ("less than", "between"), which backs no single figure; record what they state`;
  if (qualified) return `recorded as ${QUALIFIER_WORDS[component.qualifier]}${shown} (qualifier: ${component.qualifier}), but the fact says ${QUALIFIER_WORDS[qualified]}${shown}: set qualifier: ${qualified}`;
  return `no fact with topic '${topic}' states ${shown} (written with its currency, e.g. '${shown}'); correct the amount or the fact`;
}

/** The numbers in a royalty description ("15%", "8–12%"), each of which a fact must state. */
const NUMBER_RE = /\d+(?:\.\d+)?/g;

/** What is wrong with how the facts back the royalties, or undefined when nothing is. */
export function royaltiesBackingProblem(royalties: Royalties | undefined, facts: readonly TopicFact[]): string | undefined {
  if (!royalties) return undefined;
  const texts: string[] = [];
  for (const f of facts) if (f.topic === 'value.royalties') texts.push(f.text);
  if (texts.length === 0) {
    return royalties.status === 'disclosed'
      ? "no fact with topic 'value.royalties' supports this; add one with its sources"
      : "no fact with topic 'value.royalties' says they were not disclosed; add one with its sources";
  }
  if (royalties.status !== 'disclosed') return undefined;
  for (const n of royalties.text.match(NUMBER_RE) ?? []) {
    if (!texts.some((t) => statesNumber(t, n))) return `no fact with topic 'value.royalties' states ${n}; correct the royalties or the fact`;
  }
  return undefined;
}

/** Whether `text` has the number `n` as a whole number (not "150" or "1.5" for "15"). */
function statesNumber(text: string, n: string): boolean {
  return new RegExp(String.raw`(?<![\d.])${n.replace('.', '\\.')}(?!\.?\d)`).test(text);
}

/**
 * The words by which a fact names each stage ("preclinical", "Phase II", "drug discovery").
 * `not_applicable` (an investment in a site, say) claims no stage, and needs no fact.
 */
const STAGE_WORDS: Record<Stage, RegExp | undefined> = {
  discovery: /\bdiscovery\b/i,
  preclinical: /\bpre-?clinical\b/i,
  phase_1: /\bphase\s*(?:1|I)(?![\dI])/i,
  phase_2: /\bphase\s*(?:2|II)(?![\dI])/i,
  phase_3: /\bphase\s*(?:3|III)(?![\dI])/i,
  filed: /\b(?:filed|filing|submitted|submission)\b/i,
  approved: /\bapprov(?:ed|al)\b/i,
  marketed: /\b(?:marketed|on the market|launched)\b/i,
  platform: /\bplatform\b/i,
  not_applicable: undefined,
};

/** How a fact names `stage`, or undefined for a stage that claims nothing. */
export function stageWords(stage: Stage): RegExp | undefined {
  return STAGE_WORDS[stage];
}

/** What is wrong with how the facts back the stage, or undefined when nothing is. */
export function stageBackingProblem(stage: Stage | undefined, facts: readonly TopicFact[]): string | undefined {
  const words = stage && STAGE_WORDS[stage];
  if (!words || facts.some((f) => words.test(f.text))) return undefined;
  return `no fact names the stage '${stage}' (in words such as ${JSON.stringify(stageExample(stage!))}); add one with its sources, or remove the stage`;
}

function stageExample(stage: Stage): string {
  return stage.startsWith('phase_') ? `Phase ${stage.slice(6)}` : stage;
}

/**
 * The card's descriptive labels — modalities, therapeutic areas, indications, territory, location
 * of work, rights — are shown beside sourced figures and read as sourced, so they must be in the
 * facts' own words: each word of a label, but for a few joining words, is in some fact of the
 * deal. A word of five letters or more may end differently there ("immunology" in
 * "immunological", "licence" in "licensing"); a shorter one must be the word itself or its plural
 * ("AI" is not in "aims"). Four seeds showed "Modality: AI platform" over facts that say only that
 * the company uses AI.
 */
export interface LabelFields {
  modalities: readonly string[];
  areas: readonly string[];
  indications: readonly string[];
  territory?: string | undefined;
  location?: string | undefined;
  rights: readonly string[];
}

export interface LabelProblem {
  /** Where the label is: `['modalities', 0]`, `['territory']`. */
  path: (string | number)[];
  message: string;
}

/** The labels no fact backs, each with what to do; empty when every label is in the facts' words. */
export function labelBackingProblems(deal: LabelFields, facts: readonly TopicFact[]): LabelProblem[] {
  const problems: LabelProblem[] = [];
  const text = new FactsText(facts);
  const check = (label: string, path: (string | number)[]) => {
    const missing = wordNotInFacts(label, text);
    if (missing !== undefined) {
      problems.push({ path, message: `no fact says "${clip(missing, 40)}" (of '${clip(label, 60)}'); add a fact that says it, with its sources, or use the facts' own words` });
    }
  };
  const lists = ['modalities', 'areas', 'indications', 'rights'] as const;
  for (const field of lists) deal[field].forEach((label, i) => check(label, [field, i]));
  if (deal.territory !== undefined) check(deal.territory, ['territory']);
  if (deal.location !== undefined) check(deal.location, ['location']);
  return problems;
}

/** Whether any label of the deal is unbacked: the fast check's question (it leaves the wording to the schema). */
export function hasUnbackedLabel(deal: LabelFields, facts: readonly TopicFact[]): boolean {
  return labelBackingProblems(deal, facts).length > 0;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A deal's fact texts, searched as written first and lowercased only when that fails: most
 * label words are in the facts in the label's own case, and lowercasing every fact of every deal
 * was a third of this check's time in a load (~0.9 of ~2.3 µs a deal). Each fact is searched on
 * its own, those on the labels' topics first, where a label's words are found soonest; joined
 * into one string, a single accented name made the whole text two-byte and slower to search.
 * Any fact may still back a label. (~2.3 → ~0.6 µs a deal over generated deals, in a tight loop.)
 */
class FactsText {
  private ordered: string[] | undefined;
  private lowered: string[] | undefined;
  constructor(private readonly facts: readonly TopicFact[]) {}
  get asWritten(): string[] {
    if (this.ordered === undefined) {
      const first: string[] = [];
      const rest: string[] = [];
      for (const f of this.facts) (LABEL_TOPICS.has(f.topic) ? first : rest).push(f.text);
      for (const t of rest) first.push(t);
      this.ordered = first;
    }
    return this.ordered;
  }
  get lower(): string[] {
    return (this.lowered ??= this.asWritten.map((t) => t.toLowerCase()));
  }
}

const LABEL_TOPICS = new Set(['modality', 'areas', 'territory', 'location', 'rights', 'scope']);

/** Words a label may use without a fact saying them: they name nothing. */
const JOINING_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with']);

/** The first word of `label` (as written) that no fact has, or undefined. */
function wordNotInFacts(label: string, text: FactsText): string | undefined {
  // Most labels are in a fact as written ("rare diseases"): one search instead of one a word.
  if (text.asWritten.some((t) => hasPhrase(t, label))) return undefined;
  let start = -1;
  let ascii = true;
  for (let k = 0; k <= label.length; k++) {
    if (k < label.length && isWordChar(label, k)) {
      if (start < 0) {
        start = k;
        ascii = true;
      }
      if (label.charCodeAt(k) >= 0x80) ascii = false;
      continue;
    }
    if (start < 0) continue;
    const word = label.slice(start, k);
    start = -1;
    if (word.length < 2) continue;
    const lower = word.toLowerCase();
    if (JOINING_WORDS.has(lower)) continue;
    // A script written without spaces (Chinese, Japanese) has no word boundaries to look for.
    const bounded = ascii || SPACED_SCRIPT.test(word);
    const found = (texts: string[], w: string) => texts.some((t) => hasWord(t, w, bounded));
    if (!found(text.asWritten, word) && (lower === word || !found(text.asWritten, lower)) && !found(text.lower, lower)) return word;
  }
  return undefined;
}
const SPACED_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;

/** Whether `text` has `phrase` as written, not inside a longer word. */
function hasPhrase(text: string, phrase: string): boolean {
  if (phrase.length === 0 || !isWordChar(phrase, 0) || !isWordChar(phrase, phrase.length - 1)) return false;
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    const end = at + phrase.length;
    if ((at === 0 || !isWordChar(text, at - 1)) && (end === text.length || !isWordChar(text, end))) return true;
  }
  return false;
}

/** Whether `text` has `word` as a word, with another ending allowed from five letters on. */
function hasWord(text: string, word: string, bounded: boolean): boolean {
  const long = word.length >= 5;
  const stem = long ? word.slice(0, Math.max(5, word.length - 3)) : word;
  for (let at = text.indexOf(stem); at >= 0; at = text.indexOf(stem, at + 1)) {
    if (!bounded) return true;
    if (at > 0 && isWordChar(text, at - 1)) continue;
    if (long) return true;
    let end = at + stem.length;
    if (end < text.length && isWordChar(text, end)) {
      // A plural ("AIs") is the word too; a longer word ("aims") is not.
      if (text.charCodeAt(end) !== 0x73 /* s */) continue;
      end++;
      if (end < text.length && isWordChar(text, end)) continue;
    }
    return true;
  }
  return false;
}

/** Whether text[k] is a letter or a digit (any script). */
function isWordChar(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return WORD_CHAR.test(text[k]!);
}
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
