/**
 * Who does what, and whether it is settled: two narrow readings of a text's verbs, so that a
 * sentence cannot hand a cited fact's deed to another party or turn its hedge into a certainty.
 *
 * - `deeds`: the parties a text makes the agent of a verb of a short list (run, discover,
 *   develop, lead, hold, own, conduct, commercialise, …; not the money verbs, which `flows.ts`
 *   reads), in three shapes only: "<party> [and <party>] [plans to / will / itself …] runs",
 *   with the parties at the start of a clause and a denied "<party>, not <party>," read as the
 *   first alone; "… discovered by <party> [and <party>]"; "a <party>-discovered …". A negated
 *   verb ("does not run") and a party that is the verb's object ("CSPC was licensed") give
 *   nothing. "co-discovered" is "discovered" by more than one party.
 * - `hedges` / `settled`: where a text hedges a verb ("may", "might", "could", "can", "is
 *   expected to", "plans to", "aims to", "intends to"; and a verb joined to a hedged one by "and"
 *   / "or", "may be developed … or combined") and where it tells a verb as settled ("will",
 *   "is to", "is developing", "has developed", or a finite form after a name: "CSPC develops").
 *   An infinitive of purpose ("a licence to develop") is neither.
 *
 * Verbs are compared by a rough lemma (`lemma`): "developed", "develops", "developing" and
 * "co-developed" are all "develop".
 */
import { wholeWordsPattern } from '../regexp';

const IRREGULAR: Record<string, string> = {
  ran: 'run', run: 'run', runs: 'run', running: 'run',
  led: 'lead', held: 'hold', built: 'build', found: 'find', took: 'take', taken: 'take',
  made: 'make', sold: 'sell', gave: 'give', given: 'give', got: 'get', paid: 'pay',
  brought: 'bring', spent: 'spend', began: 'begin', begun: 'begin', won: 'win',
};

/** A rough lemma: "developed" → "develop", "co-led" → "lead", "combines" → "combin". */
export function lemma(word: string): string {
  let w = word.toLowerCase().replace(/^co-/, '');
  if (IRREGULAR[w]) return IRREGULAR[w]!;
  if (/ies$/.test(w)) w = `${w.slice(0, -3)}y`;
  else if (/ied$/.test(w)) w = `${w.slice(0, -3)}y`;
  else if (/(?:ss|sh|ch|x)es$/.test(w)) w = w.slice(0, -2);
  else if (/[^s]s$/.test(w)) w = w.slice(0, -1);
  else if (/ed$/.test(w)) w = w.slice(0, -2);
  else if (/ing$/.test(w)) w = w.slice(0, -3);
  if (/(.)\1$/.test(w) && !/(?:ss|ll)$/.test(w)) w = w.slice(0, -1); // "controll" → "control"
  return w.replace(/e$/, '');
}

/** The verbs whose agent is read (lemmas); money verbs are `flows.ts`'s. */
const DEED_LEMMAS = new Set(
  [
    'run', 'discover', 'develop', 'lead', 'hold', 'own', 'conduct', 'operate', 'manage',
    'commercialise', 'commercialize', 'build', 'design', 'invent', 'originate', 'create',
    'manufacture', 'market', 'control', 'retain', 'sponsor',
  ].map(lemma),
);

/** Lemmas no hedge check reads: being, having, money (see `flows.ts` and `figures.ts`). */
const NOT_HEDGED = new Set(
  [
    'be', 'is', 'are', 'was', 'were', 'been', 'have', 'has', 'had', 'do', 'get', 'pay', 'receive',
    'earn', 'invest', 'commit', 'fund', 'spend', 'cost', 'bring', 'make', 'give', 'take', 'total',
    'reach', 'exceed', 'worth', 'rise', 'grow', 'amount', 'also', 'only', 'not', 'in', 'on', 'at',
    'the', 'a', 'an', 'its', 'their', 'with', 'for', 'to', 'by', 'of', 'as', 'alone', 'either',
  ].map(lemma),
);

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

interface Word {
  word: string;
  lower: string;
  start: number;
  end: number;
}

function words(text: string): Word[] {
  return [...text.matchAll(WORD_RE)].map((m) => ({ word: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
}

// ---------------------------------------------------------------------------------------------
// Deeds

export interface Deed {
  lemma: string;
  /** The verb as written ("co-discovered"). */
  verb: string;
  /** Indices into the parties. */
  agents: Set<number>;
  /** "co-…": done with another party. */
  co: boolean;
}

/** Words between a subject and its verb that leave the subject the verb's agent. */
const SUBJECT_GAP =
  "(?:\\s*,\\s*(?:which|who)|\\s+(?:itself|themselves|also|alone|jointly|together|now|still|already|currently|then|will|would|can|could|may|might|shall|should|must|is|are|was|were|has|have|had|been|being|be|to|plans?|planned|aims?|aimed|expects?|expected|intends?|intended|set|due|going|does|do|did|not|never|n't|cannot|can't|won't|doesn't|didn't))*";
const NEGATION_IN_GAP_RE = /\b(?:not|never|cannot)\b|n't\b/i;
const PASSIVE_GAP_RE = /\b(?:is|are|was|were|been|be|being)\s*$/i;
const CLAUSE_START_RE = /(?:^|[,;:(—–]\s*|\b(?:and|but|while|whereas|where|as|because|since|so|though|although|when|that|which|meanwhile)\s+)$/i;

type Parties = readonly { name: string; aliases: readonly string[] }[];

/** A party list's name pattern and the three shapes `deeds` reads, made once per list. */
interface PartyPatterns {
  /** A party's name or alias, not as a possessive. */
  name: RegExp;
  index: (s: string) => number | undefined;
  active: RegExp;
  passive: RegExp;
  hyphen: RegExp;
}
const patternCache = new WeakMap<Parties, PartyPatterns>();

function partyPatterns(parties: Parties): PartyPatterns {
  let pats = patternCache.get(parties);
  if (pats) return pats;
  const names = parties.flatMap((p, i) => [p.name, ...p.aliases].map((n) => ({ n, i })));
  const re = `${wholeWordsPattern(names.map(({ n }) => n))}(?!['’]s\\b)`;
  const group = `${re}(?:\\s*,\\s*${re})*(?:,?\\s+(?:and|&)\\s+${re})?`;
  pats = {
    name: new RegExp(re, 'gu'),
    index: (s) => names.find(({ n }) => n === s)?.i,
    // "<party> [and <party>] [, not <party>,] [gap] <verb>"
    active: new RegExp(`(${group})(\\s*,\\s*(?:not|rather than)\\s+${group}\\s*,)?(${SUBJECT_GAP})\\s+([\\p{L}-]+)`, 'giu'),
    // "… discovered by <party> [and <party>]"
    passive: new RegExp(`([\\p{L}-]+)\\s+by\\s+(${group})`, 'giu'),
    // "a <party>-discovered candidate"
    hyphen: new RegExp(`(${re})-([\\p{L}]+ed|led|held|run|built)\\b`, 'giu'),
  };
  patternCache.set(parties, pats);
  return pats;
}

/** The parties named in a group ("CSPC", "AstraZeneca and CSPC"). */
function groupParties(group: string, pats: PartyPatterns): Set<number> {
  const out = new Set<number>();
  for (const m of group.matchAll(pats.name)) {
    const i = pats.index(m[0]);
    if (i !== undefined) out.add(i);
  }
  return out;
}

/** The deeds a text gives parties (see the module comment). */
export function deeds(text: string, parties: Parties): Deed[] {
  if (parties.length === 0) return [];
  const pats = partyPatterns(parties);
  const out: Deed[] = [];
  const add = (verb: string, agents: Set<number>): void => {
    const l = lemma(verb);
    if (!DEED_LEMMAS.has(l) || agents.size === 0) return;
    out.push({ lemma: l, verb, agents, co: /^co-/i.test(verb) });
  };
  for (const m of text.matchAll(pats.active)) {
    if (!CLAUSE_START_RE.test(text.slice(0, m.index))) continue;
    const gap = m[3] ?? '';
    const verb = m[4]!;
    if (NEGATION_IN_GAP_RE.test(gap)) continue;
    if (PASSIVE_GAP_RE.test(gap) && !/ing$/i.test(verb)) continue;
    add(verb, groupParties(m[1]!, pats));
  }
  for (const m of text.matchAll(pats.passive)) add(m[1]!, groupParties(m[2]!, pats));
  for (const m of text.matchAll(pats.hyphen)) add(m[2]!, groupParties(m[1]!, pats));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hedged and settled verbs

const HEDGE_RE =
  /\b(?:may|might|could|can|(?:is|are|was|were)\s+expected\s+to|expects?\s+to|expected\s+to|plans?\s+to|planned\s+to|aims?\s+to|aimed\s+to|intends?\s+to|intended\s+to)\s+(?:(?:also|only|then|later|still|eventually|potentially|possibly|either|jointly|together)\s+)*(?:be\s+)?(?:(?:also|only|jointly|then)\s+)*([\p{L}-]+)/giu;

/** Where a text hedges a verb: word start → lemma. */
export function hedges(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of text.matchAll(HEDGE_RE)) {
    const verb = m[1]!;
    const at = m.index + m[0].length - verb.length;
    out.set(at, lemma(verb));
    // Verbs joined to it by "and" / "or" in the same clause: "may be developed … or combined".
    const participle = /(?:ed|en)$/i.test(verb) || IRREGULAR[verb.toLowerCase()] !== undefined;
    const rest = text.slice(at + verb.length);
    const clause = rest.slice(0, rest.search(/[;:.](?:\s|$)|,\s+(?:but|while|which|and\s+\p{L}+\s+(?:is|are|was|were|will|has|have))\b|$/u));
    for (const c of clause.matchAll(/\b(?:and|or)\s+([\p{L}-]+)/giu)) {
      const w = c[1]!;
      const l = lemma(w);
      if (NOT_HEDGED.has(l)) continue;
      if (participle ? /(?:ed|en)$/i.test(w) || IRREGULAR[w.toLowerCase()] !== undefined : l === w.toLowerCase().replace(/e$/, '')) {
        out.set(at + verb.length + c.index + c[0].length - w.length, l);
      }
    }
  }
  return out;
}

const SETTLING_AUX = new Set(['will', 'shall', "'ll", 'is', 'are', 'was', 'were', 'been', 'being', 'has', 'have', 'had']);
const ADVERBS = new Set(['also', 'jointly', 'now', 'currently', 'already', 'itself', 'themselves', 'then', 'still', 'only', 'together', 'further', 'actively']);
const BARE_SUBJECTS = new Set(['they', 'partners', 'companies', 'both', 'collaborators']);
const NOT_AFTER = new Set(['the', 'a', 'an', 'its', 'their', 'his', 'her', 'this', 'that', 'these', 'those', 'of', 'by', 'for', 'to', 'in', 'on', 'with', 'from', 'and', 'or', 'any', 'some', 'each', 'newly', 'jointly']);

/** Whether the word at `i` is told as settled: "will develop", "is to be developed", "is developing", "CSPC develops". */
function isSettled(text: string, ws: readonly Word[], i: number): boolean {
  const w = ws[i]!;
  let j = i - 1;
  while (j >= 0 && ADVERBS.has(ws[j]!.lower)) j--;
  const p1 = ws[j]?.lower;
  const p2 = ws[j - 1]?.lower;
  const p3 = ws[j - 2]?.lower;
  const be = (x: string | undefined): boolean => x === 'is' || x === 'are' || x === 'was' || x === 'were';
  if (p1 === 'be') return p2 === 'will' || p2 === 'shall' || (p2 === 'to' && be(p3));
  if (p1 === 'to') return be(p2);
  if (p1 !== undefined && SETTLING_AUX.has(p1)) return p1 === 'will' || p1 === 'shall' || /(?:ed|en|ing)$/.test(w.lower) || IRREGULAR[w.lower] !== undefined;
  if (p1 === undefined || NOT_AFTER.has(p1)) return false;
  // Otherwise only right after a subject: a name opening a clause ("CSPC develops", not "a deal
  // with Immunai applies") or a plural ("the partners develop").
  const subject = BARE_SUBJECTS.has(p1) || (/^\p{Lu}/u.test(ws[j]!.word) && CLAUSE_START_RE.test(text.slice(0, ws[j]!.start)));
  if (!subject) return false;
  const finite = /[^s]s$|ed$/.test(w.lower) || (IRREGULAR[w.lower] !== undefined && !/ing$/.test(w.lower));
  // A bare present after a plural subject: "AstraZeneca and CSPC develop", "the partners develop".
  return finite || lemma(w.lower) === w.lower.replace(/e$/, '');
}

/** The lemmas a text tells as settled, with the words that do: lemma → "will be developed". */
export function settled(text: string): Map<string, string> {
  const hedged = hedges(text);
  const ws = words(text);
  const out = new Map<string, string>();
  ws.forEach((w, i) => {
    if (hedged.has(w.start)) return;
    const l = lemma(w.lower);
    if (NOT_HEDGED.has(l) || out.has(l) || !isSettled(text, ws, i)) return;
    const from = ws[Math.max(0, i - 2)]!.start;
    out.set(l, text.slice(from, w.end));
  });
  return out;
}
