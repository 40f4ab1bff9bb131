/**
 * What a claim is about, read from the words after it (see `verify.ts`, rule 2). A sentence may
 * keep a fact's claim word and change its object: "the $2.5 billion will be spent on the AI
 * lab" where the money funds the centre, "fees for licensing data, developing the model and
 * running trials", "based at the Beijing centre" for a joint venture the facts place nowhere,
 * "80% of CSPC's revenue comes from its innovative-drug business" for its finished-drug one,
 * "second-largest market by revenue growth", "options … in immunology only", "a collaboration
 * between AstraZeneca and Pathos AI" for one between AstraZeneca and Tempus, "identifiable
 * patient data" for de-identified. Each shape names its object; every content word of the
 * object must be in a cited fact making the same kind of claim (for a place, any cited fact).
 *
 * Words are compared loosely (a shared start: "lab" and "laboratory", "licensing" and
 * "licence", "drugs" and "drug"), which errs towards letting a paraphrase through; the shapes
 * are few, which errs the same way. Party names are left to the direction and deed checks.
 */
import type { Deal } from '../deals/schema';
import { wholeWordsPattern } from '../regexp';
import type { Figure } from './figures';
import { lemma } from './agents';
import { saidMissing, type CitedFact, type Silence } from './cited';
import { isScienceWord } from './claims';
import { wordTable } from '../word-table';

/** Words that say which thing, not what it is: left out of an object. */
const NOT_CONTENT = new Set(
  (
    'the a an its their his her our this that these those of and or to in on for with by at from as into be is are was were will ' +
    'would also both each all any some more other such own which who it they them one new deal deals collaboration agreement ' +
    'agreements licence license partnership transaction pact alliance'
  ).split(' '),
);
const SPELLING = wordTable<string>({ center: 'centre', centers: 'centres', program: 'programme', programs: 'programmes' });

/** The content words of a phrase, lower case, spelled the British way, without a plural "s". */
function contentWords(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .map((w) => SPELLING[w] ?? w)
    .filter((w) => w.length >= 2 && /\p{L}/u.test(w) && !NOT_CONTENT.has(w))
    .map((w) => (w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w));
}

/** Loosely the same spelling: one the start of the other (three letters at least), or the same first five letters. */
function sameStart(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a))) return true;
  return a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5);
}

/** A fact's or a name's content words, read once per text. */
const wordCache = new Map<string, string[]>();
function cachedWords(text: string): string[] {
  let words = wordCache.get(text);
  if (!words) {
    if (wordCache.size > 5000) wordCache.clear();
    wordCache.set(text, (words = contentWords(text)));
  }
  return words;
}

/**
 * The words of `object` that none of `texts` has, loosely: the same word, of one lemma ("built",
 * "build"), or of the same start (`sameStart`).
 */
function unsupportedWords(object: string, texts: readonly string[], parties: readonly string[]): string[] {
  const known = new Set(texts.flatMap(cachedWords));
  const lemmas = new Set([...known].map(lemma));
  const partyWords = new Set(parties.flatMap(cachedWords));
  const missing = new Set<string>();
  for (const w of contentWords(object)) {
    if (missing.has(w) || partyWords.has(w) || known.has(w) || lemmas.has(lemma(w))) continue;
    if (![...known].some((k) => sameStart(w, k))) missing.add(w);
  }
  return [...missing];
}

/** The hyphenated words of a phrase ("dual-engine", "single-cell"): the coined terms that name one thing. */
function compounds(phrase: string): string {
  return (phrase.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu) ?? []).join(' ');
}

/**
 * Where a clause ends: a break, or a comma, unless an activity follows it ("licensing data,
 * developing the model and …"); a list of nouns is read up to its first comma.
 */
const CLAUSE_END = '[;:.()—–?!]|,(?!\\s*\\p{Ll}+ing\\b)';
const CLAUSE_END_RE = new RegExp(CLAUSE_END, 'u');
/** Where an object ends: its clause's end, a word opening another part or a verb, or a figure. */
const OBJECT_END_RE = new RegExp(
  `${CLAUSE_END}|\\s(?:which|that|while|but|whereas|over|within|during|until|starting|from|is|are|was|were|will|would|can|could|may|might|has|have|had)\\s|[$€£¥]|\\d`,
  'u',
);

/** An object's words, to its end or 120 characters at most: an object is a phrase, and the cap bounds the work on runaway text. */
function upTo(text: string, from: number, end: RegExp): string {
  const rest = text.slice(from, from + 120);
  const at = rest.search(end);
  return at < 0 ? rest : rest.slice(0, at);
}

const objectAt = (text: string, from: number): string => upTo(text, from, OBJECT_END_RE);

function partyNames(parties: Deal['parties']): string[] {
  return parties.flatMap((p) => [p.name, ...p.aliases]);
}

// ---------------------------------------------------------------------------------------------
// What money is for

/** A money subject before "funds" / "covers" ("the money funds", "$2.5 billion will fund"). */
const MONEY_SUBJECT = '(?:to|will|would|also|can|could|may|might|which|that|money|sum|amount|cash|investment|commitment|payments?|fees?|upfront|million|billion|bn)';
/**
 * Shapes that say what money is for, each ending where its object begins: "spent (over five
 * years) on", "used for", "earmarked / allocated for / to", "goes towards", "to fund", "the money
 * funds", "pays for", "fees for", "an upfront for".
 */
const PURPOSE_RES: RegExp[] = [
  /\b(?:spent|spend|spends|spending|used|earmarked|allocated|set\s+aside|directed|channel+ed)\b(?:\s+(?:[^\s;:,]|,(?=\d))+){0,6}?\s+(?:on|for|towards?|into)\s+/giu,
  /\b(?:earmarked|allocated|directed|channel+ed)\s+(?:to|towards?)\s+/giu,
  new RegExp(`(?<=\\b${MONEY_SUBJECT}\\s+(?:(?:will|would|is\\s+to|are\\s+to|also)\\s+)?)(?:go(?:es)?|went)\\s+(?:to|towards?)\\s+`, 'giu'),
  new RegExp(`(?<=\\b${MONEY_SUBJECT}\\s+)(?:help\\s+(?:to\\s+)?)?(?:fund|funds|finance|finances|bankroll|bankrolls|cover|covers)\\s+(?!(?:the\\s+)?(?:cost|costs|bill)\\s+of\\b)`, 'giu'),
  /\b(?:pays?|paying|paid)\s+for\s+/giu,
  // Payments "for" an activity or a right, not for a kind ("payments for development" milestones).
  /\b(?:fees?|payments?|funding|money|up[- ]?front(?:\s+(?:payment|fee|sum))?)\s+for\s+(?=\p{L}+ing\b|(?:the\s+)?(?:access|use|rights?|data|services?|work|research)\b)/giu,
];

/** The objects of the purpose shapes in `text`, each with where it starts. */
function purposes(text: string): { object: string; at: number }[] {
  const out: { object: string; at: number }[] = [];
  for (const re of PURPOSE_RES) {
    for (const m of text.matchAll(re)) out.push({ object: objectAt(text, m.index + m[0].length), at: m.index });
  }
  return out.filter((p) => p.object.trim() !== '');
}

const factPurposeCache = new WeakMap<object, boolean>();

/**
 * What the money is for, when the sentence says it: each content word of the object must be in
 * a cited fact saying what money is for ("The money funds a new global strategic R&D centre",
 * "fees for licensing data and developing the model"). An object that is a party ("$110
 * million for CSPC") says who gets it, which the direction check reads.
 */
export function checkPurposes(text: string, figures: readonly Figure[], aboutMoney: boolean, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const deal = cited[0]?.deal;
  if (!deal || !(aboutMoney || figures.some((f) => f.kind === 'money'))) return [];
  const told = purposes(text).filter((p) => !saidMissing(silent, p.at));
  if (told.length === 0) return [];
  const facts = cited.filter((f) => {
    let has = factPurposeCache.get(f.fact);
    if (has === undefined) factPurposeCache.set(f.fact, (has = purposes(f.text).length > 0));
    return has;
  });
  const names = partyNames(deal.parties);
  const out: string[] = [];
  for (const { object } of told) {
    // Each thing it is for ("licensing its de-identified patient data and developing the model")
    // must share a word with a fact saying what money is for; its other words may come from
    // any cited fact ("de-identified patient data" from the fact about the data).
    const missing = object.split(/,|\b(?:and|or|as well as|plus)\b/).flatMap((part) => {
      const words = contentWords(part).filter((w) => !names.some((n) => contentWords(n).includes(w)));
      if (words.length === 0) return [];
      const own = unsupportedWords(part, facts.map((f) => f.text), names);
      if (own.length === words.length) return own;
      return unsupportedWords(part, cited.map((f) => f.text), names);
    });
    if (missing.length === 0) continue;
    const reason = `says the money is for "${object.trim()}", but no cited fact says it is for ${missing.map((w) => `"${w}"`).join(', ')}`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Where something is, what a share comes from, what a ranking is by, what a right is limited to

/** "based / located / housed … at / in <place>". */
const PLACED_RE = /\b(?:based|located|housed|headquartered|sited|situated|hosted)\s+(?:at|in|within|inside)\s+/giu;
/** A ranking and what it is measured by: "second-largest market by revenue", "top … in terms of sales". */
const RANK_BY_RE =
  /\b(?:largest|biggest|highest|lowest|smallest|greatest|fastest|strongest|leading|top|most\s+[\p{L}-]+|[\p{L}-]+-(?:largest|biggest|highest|smallest|lowest))\b(?:\s+[\p{L}-]+){0,3}?\s+(?:by|in\s+terms\s+of|measured\s+by)\s+/giu;
/** A restriction: "only in / for / to …", "… in immunology only", "limited / restricted / confined to …". */
const LIMITED_RES: { re: RegExp; object: (m: RegExpExecArray, text: string) => string }[] = [
  { re: /(?<!\bnot\s)\b(?:only|solely|exclusively|just)\s+(?:in|for|to|within|on)\s+/giu, object: (m, text) => objectAt(text, m.index + m[0].length) },
  { re: /\b(?:in|for|to|within)\s+((?:[\p{L}-]+\s+){0,2}?[\p{L}-]+)\s+only\b/giu, object: (m) => m[1]! },
  { re: /\b(?:limited|restricted|confined)\s+to\s+/giu, object: (m, text) => objectAt(text, m.index + m[0].length) },
];
const LIMITED_FACT_RE = /\b(?:only|solely|exclusively|alone|limited|restricted|confined)\b/i;
const RANK_FACT_RE = /\b(?:largest|biggest|highest|lowest|smallest|greatest|fastest|strongest|leading|top|most|[\p{L}-]+-(?:largest|biggest|highest|smallest|lowest)|first|second|third|fourth|fifth|sixth)\b/iu;

/** Where a shape's object must be found: in any cited fact, or in one that makes the same kind of claim. */
function checkObjects(
  text: string,
  cited: readonly CitedFact[],
  silent: readonly Silence[],
  found: { object: string; at: number }[],
  factHas: ((text: string) => boolean) | undefined,
  what: string,
): string[] {
  const deal = cited[0]?.deal;
  if (!deal) return [];
  const facts = cited.filter((f) => !factHas || factHas(f.text)).map((f) => f.text);
  const names = partyNames(deal.parties);
  const out: string[] = [];
  for (const { object, at } of found) {
    if (saidMissing(silent, at)) continue;
    const missing = unsupportedWords(object, facts, names);
    if (missing.length === 0) continue;
    const reason = `says ${what} "${object.trim()}", but no cited fact says so of ${missing.map((w) => `"${w}"`).join(', ')}`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

export function checkPlaces(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const found = [...text.matchAll(PLACED_RE)].map((m) => ({ object: objectAt(text, m.index + m[0].length), at: m.index }));
  return checkObjects(text, cited, silent, found, undefined, 'it is based at');
}

export function checkRankMeasures(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const found = [...text.matchAll(RANK_BY_RE)].map((m) => ({ object: objectAt(text, m.index + m[0].length), at: m.index }));
  return checkObjects(text, cited, silent, found, (t) => RANK_FACT_RE.test(t), 'the ranking is by');
}

/**
 * A restriction needs a cited fact saying one, with its object's words; or, for a figure, the
 * words of what a fact stating it gives it for ("the up to $1.62 billion relates to
 * development milestones only": the amount is the development milestones', no more).
 */
export function checkLimits(text: string, figures: readonly Figure[], stating: (f: Figure) => CitedFact[], cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const found = LIMITED_RES.flatMap(({ re, object }) => [...text.matchAll(re)].map((m) => ({ object: object(m, text), at: m.index })));
  if (found.length === 0) return [];
  const ofFigures = new Set(figures.filter((f) => f.kind === 'money' || f.kind === 'percent' || f.kind === 'number').flatMap(stating).map((f) => f.text));
  return checkObjects(text, cited, silent, found, (t) => LIMITED_FACT_RE.test(t) || ofFigures.has(t), 'it is limited to');
}

/**
 * Where an amount or a share comes from: "80% of CSPC's revenue comes from its finished-drug
 * business", "$1.62 billion from development milestones". The words after "from" in the
 * figure's clause must be in a cited fact stating the same figure (`stating`).
 */
const FROM_RE = /\bfrom\s+/giu;

export function checkSources(text: string, figures: readonly Figure[], stating: (f: Figure) => CitedFact[], cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const deal = cited[0]?.deal;
  if (!deal) return [];
  const names = partyNames(deal.parties);
  const out: string[] = [];
  for (const f of figures) {
    if (f.kind !== 'money' && f.kind !== 'percent') continue;
    const facts = stating(f);
    if (facts.length === 0) continue;
    const tail = upTo(text, f.end, new RegExp(`${CLAUSE_END}|[$€£¥]|\\d`, 'u'));
    for (const m of tail.matchAll(FROM_RE)) {
      const at = f.end + m.index;
      if (saidMissing(silent, at)) continue;
      const object = objectAt(text, at + m[0].length);
      const missing = unsupportedWords(object, facts.map((c) => c.text), names);
      if (missing.length === 0) continue;
      const reason = `says the figure comes from "${object.trim()}", but no cited fact stating it says so of ${missing.map((w) => `"${w}"`).join(', ')}`;
      if (!out.includes(reason)) out.push(reason);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Between whom

const betweenCache = new WeakMap<readonly object[], RegExp>();

/** "between <party>[, <party>] and <party>": the parties, as indices. */
function betweens(text: string, parties: Deal['parties']): { parties: Set<number>; at: number; clause: string }[] {
  let re = betweenCache.get(parties);
  if (!re) {
    const name = wholeWordsPattern(partyNames(parties));
    re = new RegExp(`\\bbetween\\s+(${name}(?:\\s*,\\s*${name})*,?\\s+(?:and|&)\\s+${name})`, 'giu');
    betweenCache.set(parties, re);
  }
  const out: { parties: Set<number>; at: number; clause: string }[] = [];
  for (const m of text.matchAll(re)) {
    const set = new Set<number>();
    for (const [i, p] of parties.entries()) {
      if ([p.name, ...p.aliases].some((n) => new RegExp(wholeWordsPattern([n]), 'u').test(m[1]!))) set.add(i);
    }
    out.push({ parties: set, at: m.index, clause: upTo(text, m.index, CLAUSE_END_RE) });
  }
  return out;
}

/**
 * Who a tie is between: "a collaboration between AstraZeneca and Pathos AI that began in 2021"
 * where the fact has it between AstraZeneca and Tempus. The parties must be those of a cited
 * fact's own "between", with the years said with it; where no cited fact says "between", a
 * cited fact naming them all.
 */
export function checkBetween(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const deal = cited[0]?.deal;
  if (!deal || !/\bbetween\b/i.test(text)) return [];
  const years = (t: string): string[] => t.match(/\b(?:19|20)\d{2}\b/g) ?? [];
  const given = cited.flatMap((f) => betweens(f.text, deal.parties).map((b) => ({ ...b, fact: f.text })));
  const out: string[] = [];
  for (const b of betweens(text, deal.parties)) {
    if (saidMissing(silent, b.at)) continue;
    const same = (s: Set<number>): boolean => s.size === b.parties.size && [...s].every((i) => b.parties.has(i));
    const ok =
      given.length > 0
        ? given.some((g) => same(g.parties) && years(b.clause).every((y) => g.fact.includes(y)))
        : cited.some((f) => [...b.parties].every((i) => [deal.parties[i]!.name, ...deal.parties[i]!.aliases].some((n) => new RegExp(wholeWordsPattern([n]), 'u').test(f.text))));
    if (ok) continue;
    const who = [...b.parties].map((i) => deal.parties[i]!.name).join(' and ');
    out.push(`says something is between ${who}, which no cited fact says`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A word without the fact's negating prefix

/** A fact word with a negating prefix: "de-identified", "non-binding", "un-partnered". */
const PREFIXED_RE = /\b(de|non|un|dis|anti)-(\p{L}{4,})/giu;

/**
 * "identifiable patient data" where the fact says de-identified: the fact's word without its
 * negating prefix says the opposite. A sentence word sharing the start of the prefixed word's
 * stem, with no such prefix before it, fails.
 */
export function checkDroppedPrefixes(text: string, cited: readonly CitedFact[]): string[] {
  const out: string[] = [];
  for (const f of cited) {
    for (const m of f.text.matchAll(PREFIXED_RE)) {
      const bareRe = new RegExp(`(?<![\\p{L}-])${m[2]!.slice(0, 6).toLowerCase()}\\p{L}*`, 'iu');
      // "compare responders with non-responders": the fact says both.
      if (bareRe.test(f.text)) continue;
      const bare = bareRe.exec(text);
      if (!bare) continue;
      const reason = `says "${bare[0]}" where the cited fact says "${m[0]}"`;
      if (!out.includes(reason)) out.push(reason);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What a thing is done with, or made for

/** A tool or source and what follows it: "using its dual-engine AI platform", "uses AI and single-cell sequencing to …". */
const TOOL_RE = /\b(?:using|uses|use|used|via|leverag(?:es|ed|ing)|harness(?:es|ed|ing)|employ(?:s|ed|ing)|powered\s+by|rel(?:ies|ied|ying)\s+on|draw(?:s|ing)?\s+on|drew\s+on|built\s+(?:on|with|from))\s+/giu;
/** A facility or tool and what it is for: "a laboratory for AI and quantum computing", "a model for oncology". */
const MADE_FOR_RE = /\b(?:labs?|laborator(?:y|ies)|centres?|centers?|hubs?|facilit(?:y|ies)|platforms?|models?|maps?)\s+for\s+/giu;
/** Where a tool's object ends: its clause, or a word starting what the tool does, where or for whom. */
const TOOL_END_RE = new RegExp(`${CLAUSE_END}|\\s(?:to|in|for|on|at|which|that|while|but|whereas|from|over|within|under|across)\\s|[$€£¥]|\\d`, 'u');

/**
 * What a thing is done with or made for must be in the cited facts: "discovered by CSPC using
 * its dual-engine AI platform" (a platform of the later deal, not of this fact), "uses AI and
 * single-cell sequencing", "a laboratory for AI and quantum computing". Any cited fact may give
 * the words: these shapes say what, not who or how much. A tool is read by its coined,
 * hyphenated terms only ("Verge Genomics' technology" for its AI is a paraphrase); what a place
 * or tool is for by all its words but the science vocabulary's, which have their own check.
 */
export function checkToolsAndUses(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const found = [
    ...[...text.matchAll(TOOL_RE)].map((m) => ({ object: compounds(upTo(text, m.index + m[0].length, TOOL_END_RE)), at: m.index })),
    ...[...text.matchAll(MADE_FOR_RE)].map((m) => ({
      object: objectAt(text, m.index + m[0].length).split(/\s+/).filter((w) => !isScienceWord(w.replace(/[^\p{L}-]/gu, ''))).join(' '),
      at: m.index,
    })),
  ];
  return checkObjects(text, cited, silent, found, undefined, 'it is done with or made for');
}

// ---------------------------------------------------------------------------------------------
// Which asset is licensed

/**
 * An asset told as licensed ("licensed AZD0780", "AZD0780, which AstraZeneca licensed from
 * CSPC", "a licence to AZD0780") must be the deal's own (its title names it) or be named by a
 * cited fact about a licence: AZD0780 is AstraZeneca's own inhibitor, YS2302018 the licensed one.
 */
const LICENSED_CODE_RES: RegExp[] = [
  /\b(?:in-|out-)?licen[cs](?:ed|es|ing|e)\s+(?:the\s+)?(?:(?:exclusive|global|worldwide|full)\s+)*(?:rights\s+to\s+)?(\p{Lu}{1,5}\d{3,})\b/gu,
  /\b(\p{Lu}{1,5}\d{3,})\s*,?\s+(?:which|that)\s+(?:[\p{L}-]+\s+){0,3}?(?:in-)?licen[cs]ed\b/gu,
  /\blicen[cs]es?\s+(?:to|for|on)\s+(?:[\p{L}'’-]+\s+){0,3}?(\p{Lu}{1,5}\d{3,})\b/gu,
];

export function checkLicensedAssets(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const deal = cited[0]?.deal;
  if (!deal || !/licen[cs]/i.test(text)) return [];
  const out: string[] = [];
  for (const re of LICENSED_CODE_RES) {
    for (const m of text.matchAll(re)) {
      const code = m[1]!;
      if (saidMissing(silent, m.index) || deal.title.includes(code)) continue;
      if (cited.some((f) => f.text.includes(code) && /licen[cs]/i.test(f.text))) continue;
      const reason = `says ${code} is licensed, which no cited fact about a licence says`;
      if (!out.includes(reason)) out.push(reason);
    }
  }
  return out;
}
