/**
 * Who does what, who says what, and whether it is settled: narrow readings of a text's verbs, so
 * that a sentence cannot hand a cited fact's deed or words to another party, invent a
 * confirmation or a view, or turn a hedge into a certainty.
 *
 * - `deeds`: the parties a text makes the agent of a verb of a short list (run, discover,
 *   develop, lead, hold, own, conduct, commercialise, …; not the money verbs, which `flows.ts`
 *   reads), in four shapes only: "<party> [and <party>] [plans to / will / itself …] runs",
 *   with the parties at the start of a clause and a denied "<party>, not <party>," read as the
 *   first alone; "… discovered by <party> [and <party>]"; "a <party>-discovered …"; "<party>
 *   uses AI to build …" (the tool's user builds). A negated
 *   verb ("does not run") and a party that is the verb's object ("CSPC was licensed") give
 *   nothing. "co-discovered" is "discovered" by more than one party.
 * - `hedges` / `settled`: where a text hedges a verb ("may", "might", "could", "can", "is
 *   expected to", "plans to", "aims to", "intends to"; and a verb joined to a hedged one by "and"
 *   / "or", "may be developed … or combined") and where it tells a verb as settled ("will",
 *   "is to", "is developing", "has developed", or a finite form after a name: "CSPC develops").
 *   An infinitive of purpose ("a licence to develop") is neither. A verb after one of beginning
 *   ("has begun developing", "started to develop") is as settled as the "begin".
 * - `jointClaims` / `pluralDeeds`: where a text tells a verb as done jointly ("jointly building", "both companies build",
 *   "co-develops", "pooled"; in a fact also "joint venture" and "the three companies will
 *   build", not "each of the three partners"); `exclusives`: "only <party>", "<party> alone";
 *   `possessions`: "<party>'s <thing>", leaving ties each party may call its own ("deal").
 *
 * - `voices`: who a text says said, confirmed, denied, expects or sees something ("AstraZeneca
 *   confirmed", "Beijing officials said", "analysts saw … as", "according to Morningstar"), as
 *   parties, other names and role nouns; a passive with no one ("was confirmed", "is seen as").
 *   "valued / priced / pegged … at $X" is a statement, as "put … at $X" is.
 *
 * Verbs are compared by a rough lemma (`lemma`): "developed", "develops", "developing" and
 * "co-developed" are all "develop".
 */
import { wholeWordsPattern } from '../regexp';
import { wordTable } from '../word-table';

const IRREGULAR = wordTable<string>({
  ran: 'run', run: 'run', runs: 'run', running: 'run',
  led: 'lead', held: 'hold', built: 'build', found: 'find', took: 'take', taken: 'take',
  made: 'make', sold: 'sell', gave: 'give', given: 'give', got: 'get', paid: 'pay',
  brought: 'bring', spent: 'spend', began: 'begin', begun: 'begin', won: 'win',
});

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
  /** Where the verb ends in the text. */
  end: number;
}

/** Words between a subject and its verb that leave the subject the verb's agent. */
const SUBJECT_GAP =
  "(?:\\s*,\\s*(?:which|who)|\\s+(?:itself|themselves|also|alone|jointly|together|now|still|already|currently|then|will|would|can|could|may|might|shall|should|must|is|are|was|were|has|have|had|been|being|be|to|plans?|planned|aims?|aimed|expects?|expected|intends?|intended|set|due|going|does|do|did|not|never|n't|cannot|can't|won't|doesn't|didn't))*";
const NEGATION_IN_GAP_RE = /\b(?:not|never|cannot)\b|n't\b/i;
const PASSIVE_GAP_RE = /\b(?:is|are|was|were|been|be|being)\s*$/i;
const CLAUSE_START_RE = /(?:^|[,;:(—–]\s*|\b(?:and|but|while|whereas|where|as|because|since|so|though|although|when|that|which|meanwhile)\s+)$/i;

type Parties = readonly { name: string; aliases: readonly string[] }[];

/**
 * Words that bring in a party taking part: "with", "alongside", "helped by", "with the support
 * of"; not "with" after a tie ("its deal with CSPC", "in collaboration with" names the deal).
 */
const TIES = 'deal|deals|collaboration|collaborations|agreement|agreements|partnership|partnerships|pact|alliance|contract|arrangement|tie-up|licen[cs]e|relationship|talks|ties|venture';
const HELPED_BY =
  `(?<!\\b(?:${TIES})\\s)\\b(?:(?:together|jointly|working)\\s+)?(?:with|alongside)|\\b(?:helped|supported|assisted|aided|backed)\\s+by|` +
  '\\bwith\\s+(?:the\\s+)?(?:help|support|input|involvement|participation|assistance)\\s+(?:of|from)';

/** A party list's name pattern and the three shapes `deeds` reads, made once per list. */
interface PartyPatterns {
  /** A party's name or alias, not as a possessive. */
  name: RegExp;
  index: (s: string) => number | undefined;
  active: RegExp;
  passive: RegExp;
  hyphen: RegExp;
  instrument: RegExp;
  /** "with / alongside / helped by <party>", "<party> scientists" (`helpers`). */
  helper: RegExp;
  helperStaff: RegExp;
  /** "only / solely / exclusive to <party>" and "<party> alone" (`exclusives`). */
  onlyBefore: RegExp;
  alone: RegExp;
  /** "<party>'s <up to four words>" (`possessions`). */
  possessive: RegExp;
  /** A party's name or alias as a whole word, possessive or not (`namesParty`). */
  anyName: RegExp;
  /** "<party> took … licence … from <party>", "<party> granted … to <party>", "<party> granted <party> a licence", "<party>, the licensee" (`licences`). */
  licenceFrom: RegExp;
  licenceTo: RegExp;
  licenceGranted: RegExp;
  licenceRole: RegExp;
}
const patternCache = new WeakMap<Parties, PartyPatterns>();

function partyPatterns(parties: Parties): PartyPatterns {
  let pats = patternCache.get(parties);
  if (pats) return pats;
  const names = parties.flatMap((p, i) => [p.name, ...p.aliases].map((n) => ({ n, i })));
  const bare = wholeWordsPattern(names.map(({ n }) => n));
  const re = `${bare}(?!['’]s\\b)`;
  const group = `${re}(?:\\s*,\\s*${re})*(?:,?\\s+(?:and|&)\\s+${re})?`;
  // After "by", ", and" joins a party to the list only after another comma ("by A, B, and C"):
  // in "built by Immunai, and AstraZeneca plans …" the second party starts a clause.
  const listed = `${re}(?:(?:\\s*,\\s*${re})+,?)?(?:\\s+(?:and|&)\\s+${re})?`;
  pats = {
    name: new RegExp(re, 'gu'),
    index: (s) => names.find(({ n }) => n === s)?.i,
    // "<party> [and <party>] [, not <party>,] [gap] <verb>"
    active: new RegExp(`(${group})(\\s*,\\s*(?:not|rather than)\\s+${group}\\s*,)?(${SUBJECT_GAP})\\s+([\\p{L}-]+)`, 'giu'),
    // "… discovered by <party> [and <party>]"
    passive: new RegExp(`([\\p{L}-]+)\\s+by\\s+(${listed})`, 'giu'),
    // "a <party>-discovered candidate"
    hyphen: new RegExp(`(${re})-([\\p{L}]+ed|led|held|run|built)\\b`, 'giu'),
    // "<party> uses AI to build …": the party is the agent of what the tool is used to do.
    instrument: new RegExp(
      `(${group})(${SUBJECT_GAP})\\s+(?:uses?|used|using|employs?|employed|applies|applied|harness(?:es|ed)?|taps|tapped)\\s+(?:[\\p{L}\\p{N}'’"-]+\\s+){1,5}?to\\s+([\\p{L}-]+)`,
      'giu',
    ),
    helper: new RegExp(`(?:${HELPED_BY})\\s+(?:the\\s+)?(${re})`, 'giu'),
    helperStaff: new RegExp(`(${bare})(?:['’]s)?\\s+(?:own\\s+)?(?:scientists|researchers|staff|teams?|employees|experts|personnel|chemists|engineers|input|help|support|involvement|participation|oversight)\\b`, 'giu'),
    onlyBefore: new RegExp(`(?<!\\bnot\\s)\\b(?:only|solely|exclusively|exclusive\\s+to)\\s+(?:(?:by|to|for|with)\\s+)?(${re})`, 'giu'),
    alone: new RegExp(`(${re})\\s+alone\\b`, 'giu'),
    possessive: new RegExp(`(${bare})['’]s?\\s+("?[\\p{L}\\p{N}-]+"?(?:\\s+"?[\\p{L}\\p{N}-]+"?){0,5})`, 'gu'),
    anyName: new RegExp(bare, 'gu'),
    licenceFrom: new RegExp(`(${re})(${LICENCE_GAP})\\s+(${TAKE_VERBS})\\b([^.;:?!]{0,80}?)\\bfrom\\s+(${re})`, 'giu'),
    licenceTo: new RegExp(`(${re})(${LICENCE_GAP})\\s+(${GIVE_VERBS})\\b([^.;:?!]{0,80}?)\\bto\\s+(${re})`, 'giu'),
    licenceGranted: new RegExp(`(${re})(${LICENCE_GAP})\\s+(?:granted|grants|granting|gave|gives|giving)\\s+(${re})\\s+((?:an?|the|its|exclusive|non-exclusive|global|worldwide|\\s)*${LICENCE_NOUN})`, 'giu'),
    licenceRole: new RegExp(`(${re})\\s*,?\\s+(?:is\\s+|was\\s+|as\\s+|being\\s+)?the\\s+(licen[sc](?:ee|or))\\b`, 'giu'),
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
  const add = (verb: string, agents: Set<number>, end: number): void => {
    const l = lemma(verb);
    if (!DEED_LEMMAS.has(l) || agents.size === 0) return;
    out.push({ lemma: l, verb, agents, co: /^co-/i.test(verb), end });
  };
  const matchEnd = (m: RegExpMatchArray): number => m.index! + m[0].length;
  for (const m of text.matchAll(pats.active)) {
    if (!CLAUSE_START_RE.test(text.slice(0, m.index))) continue;
    const gap = m[3] ?? '';
    const verb = m[4]!;
    if (NEGATION_IN_GAP_RE.test(gap)) continue;
    if (PASSIVE_GAP_RE.test(gap) && !/ing$/i.test(verb)) continue;
    add(verb, groupParties(m[1]!, pats), matchEnd(m));
  }
  for (const m of text.matchAll(pats.passive)) add(m[1]!, groupParties(m[2]!, pats), m.index + m[1]!.length);
  for (const m of text.matchAll(pats.hyphen)) add(m[2]!, groupParties(m[1]!, pats), matchEnd(m));
  for (const m of text.matchAll(pats.instrument)) {
    if (CLAUSE_START_RE.test(text.slice(0, m.index)) && !NEGATION_IN_GAP_RE.test(m[2] ?? '')) add(m[3]!, groupParties(m[1]!, pats), matchEnd(m));
  }
  return out;
}

/**
 * The parties a text brings in after `from` as taking part in what came before: "CSPC runs the
 * research, with AstraZeneca scientists embedded", "… alongside AstraZeneca", "helped by
 * CSPC". Read to the end of the sentence part (a semicolon or full stop).
 */
export function helpers(text: string, parties: Parties, from: number): Set<number> {
  const out = new Set<number>();
  if (parties.length === 0) return out;
  const pats = partyPatterns(parties);
  const rest = text.slice(from, from + Math.max(0, text.slice(from).search(/[;:]|\.(?:\s|$)|$/)));
  for (const re of [pats.helper, pats.helperStaff]) {
    for (const m of rest.matchAll(re)) {
      const i = pats.index(m[1]!);
      if (i !== undefined) out.add(i);
    }
  }
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

/** Verbs of beginning that pass their settledness to the verb after them ("has begun developing"). */
const BEGIN_WORDS = new Set(['begun', 'began', 'begins', 'started', 'starts', 'commenced', 'commences']);

/** Nouns whose "is to …" is an aim, not a settled plan: "the aim is to find". */
const AIM_NOUNS = new Set(['aim', 'aims', 'goal', 'goals', 'plan', 'plans', 'purpose', 'intention', 'objective', 'objectives', 'idea', 'hope', 'ambition', 'target']);

/** Whether the word at `i` is told as settled: "will develop", "is to be developed", "is developing", "CSPC develops". */
function isSettled(text: string, ws: readonly Word[], i: number): boolean {
  const w = ws[i]!;
  let j = i - 1;
  while (j >= 0 && ADVERBS.has(ws[j]!.lower)) j--;
  const p1 = ws[j]?.lower;
  const p2 = ws[j - 1]?.lower;
  const p3 = ws[j - 2]?.lower;
  const be = (x: string | undefined): boolean => x === 'is' || x === 'are' || x === 'was' || x === 'were';
  // "has begun developing", "started to develop": the verb is as settled as its "begin".
  if (p1 !== undefined && BEGIN_WORDS.has(p1)) return isSettled(text, ws, j);
  if (p1 === 'to' && p2 !== undefined && BEGIN_WORDS.has(p2)) return isSettled(text, ws, j - 1);
  if (p1 === 'be') return p2 === 'will' || p2 === 'shall' || (p2 === 'to' && be(p3));
  // "The aim is to find …" states an aim, as "aim to find" does.
  if (p1 === 'to') return be(p2) && !AIM_NOUNS.has(p3 ?? '');
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

// ---------------------------------------------------------------------------------------------
// Done or to come

/**
 * Lemmas the completion check leaves to others: being and having, money (flows.ts, figures.ts),
 * and what sources and parties say (`voices`): "the source has given no terms".
 */
const NOT_COMPLETED = new Set(
  [
    'be', 'is', 'are', 'was', 'were', 'been', 'have', 'has', 'had', 'do', 'get', 'pay', 'receive', 'earn', 'total', 'amount',
    'cost', 'worth', 'give', 'say', 'state', 'report', 'announce', 'describe', 'name', 'mention', 'note', 'list', 'cite',
    'disclose', 'reveal', 'publish', 'record', 'confirm',
  ].map(lemma),
);
/** Verbs of intending or hoping: telling them as going on tells nothing as done. */
const INTENT_LEMMAS = new Set(['plan', 'aim', 'intend', 'expect', 'hope', 'mean', 'seek', 'want', 'propose', 'target'].map(lemma));
/** Words before a verb that make it to come, not done: "will build", "to build", "may build". */
const NOT_DONE_BEFORE = new Set(['will', 'shall', "'ll", 'would', 'could', 'may', 'might', 'can', 'should', 'must', 'to', 'be', 'not', 'never', 'yet']);
const PERFECT_AUX = new Set(['has', 'have', 'had', "'s", "'ve"]);

/** Words ending like a participle that are not one. */
const NOT_PARTICIPLES = new Set(['been', 'then', 'when', 'even', 'often', 'open', 'seven', 'ten', 'eleven', 'between', 'screen', 'green', 'children', 'men', 'women', 'token', 'citizen', 'sudden', 'need', 'seed', 'speed', 'feed', 'breed', 'bred', 'red', 'bed', 'hundred', 'indeed']);

/** A past tense or participle: "built", "developed", "taken". */
function isPastForm(w: string): boolean {
  if (NOT_PARTICIPLES.has(w)) return false;
  return /(?:ed|en)$/.test(w) || (IRREGULAR[w] !== undefined && !/(?:ing|s)$/.test(w) && IRREGULAR[w] !== w);
}

/** A claim that something is done: "have built", "has reached", "has been completed", "already runs". */
export interface Completion {
  lemma: string;
  /** As written: "have built", "already runs". */
  words: string;
  at: number;
}

/**
 * What a text tells as already done: a perfect ("has built", "have been developed", "has now
 * reached") or "already" before a verb ("already runs"). A plain past ("AstraZeneca announced")
 * is left alone: a sentence retelling a fact uses it as the fact does.
 */
export function completions(text: string): Completion[] {
  const ws = words(text);
  const out: Completion[] = [];
  ws.forEach((w, i) => {
    let j = i - 1;
    while (j >= 0 && (ADVERBS.has(ws[j]!.lower) || ws[j]!.lower === 'been')) j--;
    const before = ws[j]?.lower;
    const perfect = before !== undefined && PERFECT_AUX.has(before) && isPastForm(w.lower);
    const already = i > 0 && ws[i - 1]!.lower === 'already' && /^\p{L}/u.test(w.word) && !NOT_AFTER.has(w.lower) && !SETTLING_AUX.has(w.lower);
    if (!perfect && !already) return;
    const l = lemma(w.lower);
    if (NOT_COMPLETED.has(l)) return;
    const from = perfect ? ws[j]!.start : ws[i - 1]!.start;
    out.push({ lemma: l, words: text.slice(from, w.end), at: from });
  });
  return out;
}

/**
 * The lemmas a text (a fact) tells as done or going on, and those it tells only as to come or
 * hedged: "AstraZeneca committed $2.5 billion" (done), "CSPC runs the research" (going on),
 * "the companies will build a model", "expects headcount to reach 1,700" (to come).
 */
export function doneAndToCome(text: string): { done: Set<string>; toCome: Set<string> } {
  const hedged = hedges(text);
  const ws = words(text);
  const done = new Set<string>();
  const toCome = new Set<string>();
  ws.forEach((w, i) => {
    const l = lemma(w.lower);
    if (/^\p{Lu}/u.test(w.word) || NOT_COMPLETED.has(l)) return;
    if (hedged.has(w.start)) {
      toCome.add(l);
      return;
    }
    let j = i - 1;
    while (j >= 0 && ADVERBS.has(ws[j]!.lower)) j--;
    const p1 = ws[j]?.lower;
    if (p1 !== undefined && NOT_DONE_BEFORE.has(p1)) {
      if (p1 !== 'not' && p1 !== 'never' && p1 !== 'yet') toCome.add(l);
      return;
    }
    // Verb shapes only (a past form, "is building", "CSPC runs"), and no verb of intending: "AstraZeneca plans to apply" does nothing yet.
    const finite = /[^s]s$/.test(w.lower) && isSettled(text, ws, i);
    if (INTENT_LEMMAS.has(l)) return;
    if (isPastForm(w.lower) || (/ing$/.test(w.lower) && (p1 === 'is' || p1 === 'are')) || finite) done.add(l);
  });
  for (const l of done) toCome.delete(l);
  return { done, toCome };
}

// ---------------------------------------------------------------------------------------------
// Voices: who says, confirms, denies, expects or sees what

/**
 * What kind of act a verb of saying or thinking is: a statement ("said", "announced",
 * "confirmed", "according to"), a view ("expects", "believes", "sees … as"), or a denial.
 */
export type VoiceKind = 'statement' | 'view' | 'denial';

export interface Holder {
  /** The deal's parties named (indices), with "AstraZeneca's" read as AstraZeneca. */
  parties: Set<number>;
  /** Other capitalised names, lower case ("morningstar", "beijing"). */
  names: Set<string>;
  /** Role nouns, singular ("analyst", "official", "report", "company"). */
  roles: Set<string>;
  /** "it", "they": someone named before. */
  pronoun: boolean;
}

export interface Voice {
  /** The verb as written ("confirmed", "according to"). */
  verb: string;
  kind: VoiceKind;
  /** The verb's family: "announce" for "announced" and "unveiled". */
  family: string;
  /** Who, where the text names someone; none for "was announced", "is seen as". */
  holder?: Holder;
  /** "did not disclose", "has not confirmed". */
  negated: boolean;
  /** Where the verb starts. */
  at: number;
}

/** Verb families: the base forms of each, its kind. "see", "view" and "regard" need an "as". */
const VOICE_VERBS: [VoiceKind, string, string[]][] = [
  ['statement', 'say', ['say']],
  ['statement', 'state', ['state', 'assert', 'declare']],
  ['statement', 'tell', ['tell']],
  ['statement', 'announce', ['announce', 'unveil']],
  ['statement', 'disclose', ['disclose', 'reveal']],
  ['statement', 'confirm', ['confirm']],
  ['statement', 'acknowledge', ['acknowledge', 'admit', 'concede']],
  ['statement', 'report', ['report']],
  ['statement', 'note', ['note', 'observe', 'comment', 'remark']],
  ['statement', 'explain', ['explain', 'stress', 'emphasise', 'emphasize', 'insist', 'claim', 'warn', 'argue']],
  ['statement', 'describe', ['describe', 'characterise', 'characterize']],
  ['statement', 'suggest', ['suggest', 'indicate', 'write']],
  ['statement', 'estimate', ['estimate', 'reckon', 'calculate']],
  ['statement', 'put', ['put', 'value', 'price', 'peg']],
  ['view', 'expect', ['expect', 'anticipate', 'foresee', 'predict', 'forecast']],
  ['view', 'believe', ['believe', 'think', 'feel', 'hope', 'fear', 'suspect']],
  ['view', 'regard', ['see', 'view', 'regard', 'consider', 'deem', 'hail', 'tout', 'bill', 'call']],
  ['view', 'react', ['welcome', 'praise', 'cheer', 'applaud', 'criticise', 'criticize', 'question', 'doubt']],
  ['denial', 'deny', ['deny', 'dispute', 'reject', 'refute', 'rebut']],
];

const IRREGULAR_FORMS = wordTable<string[]>({
  say: ['said'], tell: ['told'], see: ['saw', 'seen'], think: ['thought'], write: ['wrote', 'written'],
  foresee: ['foresaw', 'foreseen'], feel: ['felt'], put: [], admit: ['admitted', 'admitting'],
  forecast: [], bill: ['billed', 'billing'], call: ['called', 'calling'], peg: ['pegged', 'pegging', 'pegs'],
});

/** Regular forms of a base verb: "deny" → deny, denies, denied, denying. */
function verbForms(base: string): string[] {
  const forms = [base, ...(IRREGULAR_FORMS[base] ?? [])];
  if (/[^aeiou]y$/.test(base)) forms.push(`${base.slice(0, -1)}ies`, `${base.slice(0, -1)}ied`, `${base}ing`);
  else if (/e$/.test(base)) forms.push(`${base}s`, `${base}d`, `${base.slice(0, -1)}ing`);
  else if (/(?:s|sh|ch|x)$/.test(base)) forms.push(`${base}es`, `${base}ed`, `${base}ing`);
  else forms.push(`${base}s`, IRREGULAR_FORMS[base] ? base : `${base}ed`, `${base}ing`);
  return forms;
}

const VOICE_FORMS = new Map<string, { kind: VoiceKind; family: string; base: string }>();
for (const [kind, family, bases] of VOICE_VERBS) {
  for (const base of bases) for (const f of verbForms(base)) if (!VOICE_FORMS.has(f)) VOICE_FORMS.set(f, { kind, family, base });
}
/** Verbs whose view is read only with an "as" (or "to be") after them: "sees China as …". */
const NEEDS_AS = new Set(['see', 'view', 'regard', 'hail', 'tout', 'bill']);

/** Role nouns (plural → singular), and the roles that stand for the deal's own parties. */
const ROLE_NOUNS = wordTable<string>({
  ...Object.fromEntries(
    [
      'analyst', 'official', 'executive', 'investor', 'observer', 'expert', 'commentator', 'spokesperson',
      'spokesman', 'spokeswoman', 'regulator', 'critic', 'insider', 'shareholder', 'broker', 'banker',
      'researcher', 'scientist', 'leader', 'company', 'firm', 'partner', 'party', 'side', 'group',
      'report', 'outlet', 'newspaper', 'journalist', 'statement', 'ceo', 'chief', 'board', 'authority',
      'government', 'management', 'press', 'media', 'people', 'person', 'watcher', 'source', 'fact',
      'record', 'filing', 'chairman', 'chairwoman', 'chair', 'president', 'founder', 'director', 'head',
      'officer', 'boss', 'cfo', 'representative', 'manager', 'employee', 'staff', 'team',
    ].flatMap((r) => {
      const plural = /y$/.test(r) ? `${r.slice(0, -1)}ies` : /(?:s|sh|ch|x)$/.test(r) ? `${r}es` : `${r}s`;
      return [[r, r], [plural, r]];
    }),
  ),
  companies: 'company',
});
/** Roles that speak for a party of the deal ("the company said", "the partners announced"). */
export const PARTY_ROLES = new Set([
  'company', 'firm', 'partner', 'party', 'side', 'group', 'executive', 'spokesperson', 'spokesman', 'spokeswoman', 'ceo',
  'chief', 'board', 'management', 'statement', 'leader', 'chairman', 'chairwoman', 'chair', 'president', 'founder',
  'director', 'head', 'officer', 'boss', 'cfo', 'representative', 'manager', 'employee', 'staff', 'team',
]);
/** Roles that are the reports a fact comes from ("reports put …", "according to media reports"). */
export const REPORT_ROLES = new Set(['report', 'outlet', 'newspaper', 'journalist', 'press', 'media']);
/** Holders that are the bot's own sources: "the sources we hold do not say" is read elsewhere. */
const OWN_SOURCES = new Set(['source', 'fact', 'record', 'filing', 'we', 'i', 'us']);
const DETERMINERS = new Set(['the', 'its', 'their', 'both', 'some', 'many', 'several', 'all', 'other', 'most', 'a', 'an', 'one', 'two', 'three', 'few', 'certain', 'his', 'her']);
const PRONOUNS = new Set(['it', 'they', 'he', 'she']);
const NOT_NAMES = new Set([
  'the', 'a', 'an', 'on', 'in', 'at', 'for', 'with', 'alongside', 'according', 'also', 'this', 'that', 'these',
  'those', 'while', 'and', 'but', 'after', 'before', 'as', 'by', 'under', 'meanwhile', 'separately', 'earlier',
  'later', 'today', 'however', 'still', 'then', 'so', 'when', 'what', 'which', 'who', 'where', 'if', 'since',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'there', 'here', 'both', 'each', 'every', 'no', 'not',
]);
/** Words between a holder and its verb. */
const VOICE_GAP = new Set([
  'also', 'has', 'have', 'had', 'did', 'does', 'do', 'not', 'never', 'publicly', 'previously', 'officially',
  'itself', 'themselves', 'jointly', 'already', 'later', 'then', 'earlier', 'separately', 'further',
  'still', 'widely', 'generally', 'broadly', 'largely', 'will', 'would', 'could', 'may', 'might', 'can',
  'should', 'is', 'are', 'was', 'were', 'been', 'be', 'being', 'reportedly', 'now', 'once', 'first',
  'initially', 'subsequently', 'since', 'yet', 'openly', 'privately', 'formally', 'both', 'all',
  "didn't", "doesn't", "don't", "hasn't", "haven't", "hadn't", "won't", "wouldn't", "isn't", "aren't",
  "wasn't", "weren't", 'cannot', "can't", "couldn't",
]);
const BE = new Set(['is', 'are', 'was', 'were', 'been', 'be', 'being']);

interface Token {
  word: string;
  lower: string;
  start: number;
  end: number;
  party?: number;
}

/** A text's tokens, with a party's name (or alias, several words or one) as one token. */
function voiceTokens(text: string, pats: PartyPatterns | undefined): Token[] {
  const out: Token[] = [];
  const spans: { start: number; end: number; party: number }[] = [];
  if (pats) {
    for (const m of text.matchAll(pats.name)) {
      const i = pats.index(m[0]);
      if (i !== undefined) spans.push({ start: m.index, end: m.index + m[0].length, party: i });
    }
  }
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.&-]*[\p{L}\p{N}]|[\p{L}\p{N}]|[,;:()—–]/gu)) {
    const start = m.index;
    const span = spans.find((s) => start >= s.start && start < s.end);
    if (span) {
      if (out.at(-1)?.start !== span.start) out.push({ word: text.slice(span.start, span.end), lower: text.slice(span.start, span.end).toLowerCase(), start: span.start, end: span.end, party: span.party });
      continue;
    }
    const word = m[0].replace(/\.$/, '');
    out.push({ word, lower: word.toLowerCase(), start, end: start + word.length });
  }
  return out;
}

/** A possessive party name: "AstraZeneca's" → AstraZeneca. */
function possessiveParty(t: Token, pats: PartyPatterns | undefined): number | undefined {
  const m = /^(.+?)['’]s?$/u.exec(t.word);
  if (!m || !pats) return undefined;
  return pats.index(m[1]!) ?? undefined;
}

/**
 * Reads a holder from tokens, going `step` (-1: back from the verb; 1: forward after "according
 * to") from index `i`. Returns undefined where there is none, or "own" for the bot's own
 * sources ("the sources we hold").
 */
function readHolder(tokens: readonly Token[], i: number, step: 1 | -1, pats: PartyPatterns | undefined): Holder | 'own' | undefined {
  const h: Holder = { parties: new Set(), names: new Set(), roles: new Set(), pronoun: false };
  let own = false;
  let any = false;
  for (let j = i, n = 0; j >= 0 && j < tokens.length && n < 8; j += step, n++) {
    // "people familiar with the deal said", "sources close to the talks": the holder is before
    // what they know of, and such sources are insiders, not the facts the bot holds.
    if (step === -1 && j >= 4 && /^(?:with|to)$/.test(tokens[j - 2]!.lower) && /^(?:familiar|close|briefed|privy)$/.test(tokens[j - 3]!.lower) && DETERMINERS.has(tokens[j - 1]!.lower)) {
      j -= 4;
      if (ROLE_NOUNS[tokens[j]!.lower] === 'source') {
        h.roles.add('insider');
        any = true;
        continue;
      }
    }
    const t = tokens[j]!;
    if (t.party !== undefined) {
      h.parties.add(t.party);
      any = true;
      continue;
    }
    if (n === 0 && PRONOUNS.has(t.lower)) {
      h.pronoun = true;
      any = true;
      break;
    }
    if (OWN_SOURCES.has(t.lower) || OWN_SOURCES.has(ROLE_NOUNS[t.lower] ?? '')) {
      own = true;
      break;
    }
    if (ROLE_NOUNS[t.lower]) {
      h.roles.add(ROLE_NOUNS[t.lower]!);
      any = true;
      continue;
    }
    // "CSPC's chairman said": a noun owned by a name is someone of theirs.
    const owner = tokens[j + step];
    if (step === -1 && /^\p{Ll}/u.test(t.word) && owner && /^\p{Lu}.*['’]s?$/u.test(owner.word)) {
      h.roles.add(t.lower);
      any = true;
      continue;
    }
    if (t.lower === 'and' || t.lower === '&') continue;
    if (DETERMINERS.has(t.lower)) {
      if (step === -1) break;
      continue;
    }
    if (/['’]s?$/.test(t.word)) {
      // "AstraZeneca's spokesperson": a possessive before the holder (not before the verb).
      const p = possessiveParty(t, pats);
      if (n === 0 && step === -1) return undefined;
      if (p !== undefined) h.parties.add(p);
      else if (/^\p{Lu}/u.test(t.word)) h.names.add(t.lower.replace(/['’]s?$/, ''));
      else break;
      any = true;
      if (step === -1) break;
      continue;
    }
    if (/^\p{Lu}/u.test(t.word) && !NOT_NAMES.has(t.lower) && !/^\p{N}/u.test(t.word)) {
      h.names.add(t.lower);
      any = true;
      continue;
    }
    break;
  }
  if (own) return 'own';
  return any ? h : undefined;
}

/** Whether the bot's own sources are named before token `j` ("the sources we hold …"). */
function ownBefore(tokens: readonly Token[], j: number): boolean {
  return tokens.slice(0, j).some((t) => OWN_SOURCES.has(t.lower) || OWN_SOURCES.has(ROLE_NOUNS[t.lower] ?? ''));
}

/** "In <holder>'s view / words": a view or a statement. */
const IN_VIEW = wordTable<VoiceKind>({
  view: 'view', opinion: 'view', assessment: 'view', judgement: 'view', judgment: 'view', eyes: 'view',
  words: 'statement', telling: 'statement', estimate: 'statement', estimation: 'statement', account: 'statement',
});

/** The end of the clause a verb at `from` is in. */
function clauseEnd(text: string, from: number): number {
  const rest = text.slice(from);
  const i = rest.search(/[;:]|\.(?:\s|$)|,\s+(?:and|but|while|which)\b/);
  return i < 0 ? text.length : from + i;
}

/**
 * The voices of a text (see `Voice`): "<holder> [has / did not / also …] <verb>", "<…> was
 * confirmed by <holder>", "according to <holder>", ", said <holder>"; and, with no holder, a
 * passive ("was announced", "was confirmed", "is seen as …"). A verb with no one before it ("the collaboration announced on …") and a verb
 * after a possessive ("AstraZeneca's forecast") give nothing; nor does anything said by the
 * bot's own sources ("the sources we hold do not say").
 */
export function voices(text: string, parties: Parties): Voice[] {
  const pats = parties.length > 0 ? partyPatterns(parties) : undefined;
  const tokens = voiceTokens(text, pats);
  const out: Voice[] = [];
  tokens.forEach((t, i) => {
    // "In Morningstar's view", "in AstraZeneca's words"; "per Morningstar analysts".
    const owner = tokens[i - 1];
    if (IN_VIEW[t.lower] && tokens[i - 2]?.lower === 'in' && owner && /^\p{Lu}.*['’]s?$/u.test(owner.word)) {
      const party = possessiveParty(owner, pats);
      const holder: Holder = { parties: new Set(party === undefined ? [] : [party]), names: new Set(party === undefined ? [owner.lower.replace(/['’]s?$/, '')] : []), roles: new Set(), pronoun: false };
      const kind = IN_VIEW[t.lower]!;
      const at = tokens[i - 2]!.start;
      out.push({ verb: text.slice(at, t.end), kind, family: kind === 'view' ? 'believe' : 'say', holder, negated: false, at });
      return;
    }
    if (t.lower === 'per' && i + 1 < tokens.length && /^\p{Lu}/u.test(tokens[i + 1]!.word)) {
      const holder = readHolder(tokens, i + 1, 1, pats);
      if (holder && holder !== 'own') out.push({ verb: 'per', kind: 'statement', family: 'say', holder, negated: false, at: t.start });
      return;
    }
    if (t.lower === 'according' && tokens[i + 1]?.lower === 'to') {
      const holder = readHolder(tokens, i + 2, 1, pats);
      if (holder && holder !== 'own') out.push({ verb: 'according to', kind: 'statement', family: 'say', holder, negated: false, at: t.start });
      return;
    }
    // A verb is lower case: "the United States" states nothing.
    const v = /^\p{Ll}/u.test(t.word) ? VOICE_FORMS.get(t.lower) : undefined;
    if (!v) return;
    const rest = text.slice(t.end, clauseEnd(text, t.end));
    if (NEEDS_AS.has(v.base) && !/^\s.*?\b(?:as|to\s+be)\b/i.test(rest)) return;
    // "the deal calls for $110 million upfront" is no view.
    if (v.base === 'call' && /^\s+(?:for|on|off|up|in|into)\b/i.test(rest)) return;
    // "put" is a statement only in "reports put the value at $X", not "put $X into".
    // "valued / priced / pegged the deal at $X" likewise; the bare nouns "value", "price" are no verb.
    if ((v.base === 'value' || v.base === 'price') && (t.lower === v.base || t.lower === `${v.base}s`)) return;
    if (v.family === 'put' && !/\bat\s+(?:[\p{L}-]+\s+){0,2}(?:US)?[$€£¥\p{N}]/iu.test(rest)) return;
    // The gap back to the holder.
    let j = i - 1;
    let negated = false;
    let passive = false;
    while (j >= 0 && VOICE_GAP.has(tokens[j]!.lower)) {
      const g = tokens[j]!.lower;
      if (g === 'not' || g === 'never' || g === 'cannot' || /n't$/.test(g)) negated = true;
      if (BE.has(g) || g === "isn't" || g === "wasn't" || g === "aren't" || g === "weren't") passive = true;
      j--;
    }
    const participle = /(?:ed|en)$/.test(t.lower) || ['said', 'told', 'seen', 'put', 'thought', 'felt', 'forecast'].includes(t.lower);
    const next = tokens[i + 1]?.lower;
    // "a headcount expected by AstraZeneca": a participle with "by" after it is a passive.
    if (participle && next === 'by') passive = true;
    if (passive && participle) {
      // "… was confirmed by AstraZeneca"; or with no one: only a confirmation, a denial or a view.
      const by = /^\s+by\s/i.test(text.slice(t.end)) ? tokens.findIndex((x) => x.start > t.end && x.lower === 'by') : -1;
      const holder = by >= 0 ? readHolder(tokens, by + 1, 1, pats) : undefined;
      if (holder === 'own') return;
      if (holder) out.push({ verb: t.word, kind: v.kind, family: v.family, holder, negated, at: t.start });
      else out.push({ verb: t.word, kind: v.kind, family: v.family, negated, at: t.start });
      return;
    }
    if (passive && !/ing$/.test(t.lower)) return;
    let holder = readHolder(tokens, j, -1, pats);
    // "The deal, hailed as a landmark, …": a view with no one named.
    if (!holder && participle && v.family === 'regard' && next === 'as') {
      out.push({ verb: t.word, kind: v.kind, family: v.family, negated, at: t.start });
      return;
    }
    // "When was it announced?": a question, not a holder.
    if (holder && holder !== 'own' && holder.pronoun && j > 0 && (BE.has(tokens[j - 1]!.lower) || VOICE_GAP.has(tokens[j - 1]!.lower))) return;
    // "they" after the bot's own sources are named is them: "the sources … do not say; they say only …".
    if (holder && holder !== 'own' && holder.pronoun && ownBefore(tokens, j)) return;
    // ", said AstraZeneca."
    if (!holder && (j < 0 || /^[,;:(—–]$/.test(tokens[j]!.word)) && v.kind === 'statement') holder = readHolder(tokens, i + 1, 1, pats);
    if (!holder || holder === 'own') return;
    // "1,700 people expected to work there": a participle after a bare noun, not its verb.
    if (participle && holder.parties.size === 0 && holder.names.size === 0 && !holder.pronoun && /^(?:to|at|in|for)$/.test(next ?? '')) return;
    out.push({ verb: t.word, kind: v.kind, family: v.family, holder, negated, at: t.start });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Together, alone, whose

/** Verbs whose "co-" form says the deed is shared ("co-develops", "co-owned"). */
const CO_LEMMAS = new Set([...DEED_LEMMAS, lemma('fund')]);

/** Words skipped between "jointly" / "together" and the verb it goes with. */
const JOINT_SKIP = new Set([
  'be', 'is', 'are', 'was', 'were', 'been', 'being', 'will', 'would', 'may', 'might', 'can', 'could', 'shall',
  'should', 'has', 'have', 'had', 'also', 'now', 'to', 'plan', 'plans', 'planned', 'aim', 'aims', 'intend',
  'intends', 'expect', 'expects', 'expected', 'already', 'still', 'further',
]);
const JOINT_WORD_RE = /\b(?:jointly|together|joint|pool(?:ed|ing|s)?|co-([\p{L}]+))(?![\p{L}-])/giu;

export interface JointWord {
  /** As written: "jointly", "co-develops". */
  word: string;
  /** The verb (or noun, after "joint") it says is shared, as a lemma, where one is read. */
  lemma?: string;
  /** Where it starts in the text. */
  at: number;
}

/** The lemma a joint word goes with: "co-develops" → develop; "jointly building" → build; "joint venture" → venture. */
function jointLemma(text: string, m: RegExpMatchArray): string | undefined {
  if (m[1] !== undefined) return lemma(m[1]);
  if (/^pool/i.test(m[0])) return 'pool';
  const after = text.slice(m.index! + m[0].length).match(/^[\s,]*((?:[\p{L}'’-]+\s+){0,4}[\p{L}'’-]+)?/u)?.[1] ?? '';
  for (const w of after.split(/\s+/)) {
    if (!w || JOINT_SKIP.has(w.toLowerCase())) continue;
    if (/^(?:with|by|in|on|at|for|of|and|or|the|a|an|its|their|since|until|from|over|under|after|before|during|through|as)$/i.test(w)) break;
    return lemma(w);
  }
  // "develop the model jointly", "have worked together": of the three words before, the first
  // that is not a name, an auxiliary or an article (the verb comes before its object).
  const before = text.slice(0, m.index).match(/(?:[\p{L}-]+\s+){0,3}$/u)?.[0].trim().split(/\s+/) ?? [];
  const verb = before.find((w) => /^\p{Ll}/u.test(w) && !JOINT_SKIP.has(w.toLowerCase()) && !/^(?:the|a|an|its|their)$/i.test(w));
  return verb ? lemma(verb) : undefined;
}

/**
 * Where a text says parties act jointly: "jointly", "together" (not "taken together" or
 * "together with the upfront", a sum), "pooled", and a "co-" verb of the deed list
 * ("co-develops", "co-owned"), and "both (companies) <deed>" ("AstraZeneca and Immunai both
 * develop"); with `facts`, also "joint" and any "co-" word (what a fact may tell as shared), but
 * not "both".
 */
export function jointClaims(text: string, facts = false): JointWord[] {
  const out: JointWord[] = [];
  if (!/jointly|together|joint|pool|co-|both|collaborat|partnership|alliance/i.test(text)) return out;
  for (const m of text.matchAll(JOINT_WORD_RE)) {
    const w = m[0].toLowerCase();
    if (w === 'joint' && !facts) continue;
    if (m[1] !== undefined && !facts && !CO_LEMMAS.has(lemma(m[1]))) continue;
    if (w === 'together' && !facts) {
      if (/\b(?:taken|put|added|lumped|summed|combined|brought|read|seen)\s+$/i.test(text.slice(0, m.index))) continue;
      const after = text.slice(m.index + m[0].length);
      if (/^\s+with\s+(?!\p{Lu})|^\s+with\s+(?:The|A|An|Its|Their)\b|^\s+with\s+[$€£\p{N}]/u.test(after)) continue;
      // "used alone or together with AZD0780": an asset code is a thing combined, not a partner.
      if (/^\s+with\s+\p{Lu}{1,5}-?\d{3,}\b/u.test(after)) continue;
      if (/^\s*(?:,|\.|$)/.test(after) && /\b(?:add|adds|added|sum|sums|summed|combined|tot(?:al|als|alled))\b/i.test(text)) continue;
    }
    out.push({ word: m[0], lemma: jointLemma(text, m), at: m.index });
  }
  // A fact telling a collaboration or partnership tells working together: "have worked together".
  if (facts) {
    for (const m of text.matchAll(/\b(?:collaborat\w*|partnership|alliance)\b/giu)) {
      for (const l of ['work', 'collaborate', 'partner']) out.push({ word: m[0], lemma: lemma(l), at: m.index });
    }
  }
  // "both companies are building", "AstraZeneca and Immunai both develop": a deed of the list given to all at once.
  if (!facts && /\bboth\b/i.test(text)) {
    for (const m of text.matchAll(/\bboth(?:\s+(?:the\s+)?(?:companies|partners|parties|firms|collaborators))?\s+((?:[\p{L}-]+\s+){0,3}[\p{L}-]+)/giu)) {
      const w = m[1]!.split(/\s+/).find((x) => !JOINT_SKIP.has(x.toLowerCase()));
      if (w && /^\p{Ll}/u.test(w) && CO_LEMMAS.has(lemma(w))) out.push({ word: m[0].split(/\s+/).slice(0, 2).join(' '), lemma: lemma(w), at: m.index });
    }
  }
  return out;
}

/** "The three companies will build", "both partners develop": a deed a fact gives all the parties at once. */
const PLURAL_SUBJECT_RE = /\b(?:(?:the|all)\s+(?:two|three|four|five)|both(?:\s+the)?|the)\s+(?:companies|partners|parties|firms|collaborators)\s+((?:[\p{L}-]+\s+){0,3}[\p{L}-]+)/giu;

/** The lemmas a fact gives the parties together by a plural subject ("The three companies will build" → build). */
export function pluralDeeds(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLURAL_SUBJECT_RE)) {
    // "each of the three partners may use it" gives it to each, not to them together.
    if (/\b(?:each|any|one|either|neither)\s+of\s+$/i.test(text.slice(0, m.index))) continue;
    const w = m[1]!.split(/\s+/).find((x) => !JOINT_SKIP.has(x.toLowerCase()));
    if (w) out.push(lemma(w));
  }
  return out;
}

/** Whether `text` names party `i` (its name or an alias, as a whole word; "AZ" in "AZD0780" is not). */
export function namesParty(text: string, parties: Parties, i: number): boolean {
  const pats = partyPatterns(parties);
  for (const m of text.matchAll(pats.anyName)) if (pats.index(m[0]) === i) return true;
  return false;
}

/**
 * The parties a text gives something alone: "only <party>", "solely / exclusively (by / to)
 * <party>", "exclusive to <party>", "<party> alone" ("not only <party>" gives nothing).
 */
export function exclusives(text: string, parties: Parties): Set<number> {
  const out = new Set<number>();
  if (parties.length === 0 || !/\b(?:only|solely|exclusive|exclusively|alone)\b/i.test(text)) return out;
  const pats = partyPatterns(parties);
  for (const m of [...text.matchAll(pats.onlyBefore), ...text.matchAll(pats.alone)]) {
    const i = pats.index(m[1]!);
    if (i !== undefined) out.add(i);
  }
  return out;
}

/** Head nouns of ties between parties, which each party may call its own ("AstraZeneca's deal with Immunai"). */
const RELATIONAL = new Set([
  'deal', 'deals', 'collaboration', 'collaborations', 'agreement', 'agreements', 'partnership', 'partnerships',
  'partner', 'partners', 'alliance', 'pact', 'tie-up', 'licence', 'license', 'licences', 'licenses', 'work',
  'arrangement', 'contract', 'transaction', 'relationship', 'investment', 'own', 'part', 'side', 'share',
  'role', 'payment', 'payments', 'option', 'options', 'rights', 'right', 'commitment',
]);
const PHRASE_STOP = new Set([
  'of', 'in', 'for', 'with', 'and', 'or', 'to', 'the', 'a', 'an', 'is', 'was', 'are', 'were', 'will', 'may',
  'might', 'can', 'could', 'has', 'have', 'had', 'by', 'on', 'at', 'from', 'as', 'that', 'which', 'who', 'its',
  'their', 'be', 'been', 'would', 'should', 'into', 'under', 'after', 'before', 'than', 'but',
]);

export interface Possession {
  party: number;
  /** The owned noun phrase, lower case: "oral pcsk9 inhibitor". */
  phrase: string;
}

/**
 * Whether two owned phrases name the same thing: the same words, or the words of one among the
 * other's ("dual-engine platform" and "ai-based dual-engine drug discovery platform").
 */
export function samePossession(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = [a.split(' '), b.split(' ')].sort((x, y) => x.length - y.length);
  const words = new Set(long);
  return short!.every((w) => words.has(w));
}

/** What a text gives a party by a possessive: "AstraZeneca's oral PCSK9 inhibitor" → AstraZeneca, "oral pcsk9 inhibitor". */
export function possessions(text: string, parties: Parties): Possession[] {
  if (parties.length === 0 || !/['’]/.test(text)) return [];
  const pats = partyPatterns(parties);
  const out: Possession[] = [];
  for (const m of text.matchAll(pats.possessive)) {
    const party = pats.index(m[1]!);
    if (party === undefined) continue;
    const ws: string[] = [];
    for (const w of m[2]!.toLowerCase().replace(/"/g, '').split(/\s+/)) {
      if (PHRASE_STOP.has(w)) break;
      ws.push(w);
    }
    if (ws.length === 0 || RELATIONAL.has(ws.at(-1)!)) continue;
    out.push({ party, phrase: ws.join(' ') });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Licences: who took a licence from whom

const LICENCE_NOUN = '(?:licen[cs]es?|rights)';
/** Words between a party and its licence verb (as in `SUBJECT_GAP`, but no negation: a denied licence is read as nothing). */
const LICENCE_GAP = '(?:\\s+(?:itself|also|now|then|will|would|has|have|had|is|was|to|plans?|planned|agreed|agrees)(?:\\s+to)?)*';
/** Verbs of taking: with any of them but the licensing ones, a licence noun must follow ("CSPC received $110 million from …" is money, flows.ts's). */
const TAKE_VERBS = 'took|takes|taken|taking|take|obtained|obtains|obtain|acquired|acquires|acquire|secured|secures|secure|gained|gains|gain|received|receives|receive|got|gets|get|in-licensed|in-licenses|in-licences|in-license|in-licence|licensed|licenses|licences|licenced|license|licence';
const GIVE_VERBS = 'granted|grants|grant|gave|gives|give|sold|sells|sell|out-licensed|out-licenses|out-licences|out-license|out-licence|licensed|licenses|licences|licenced|license|licence';
const LICENCE_NOUN_RE = new RegExp(`\\b${LICENCE_NOUN}\\b`, 'i');
const LICENSING_VERB_RE = /licen[cs]/i;

/** One party's part in a licence a text tells: the licensee, the licensor, or both (a pair). */
export interface LicenceClaim {
  licensee?: number;
  licensor?: number;
  /** Where it is told in the text. */
  at: number;
}

/**
 * Who a text says took a licence from whom: "<A> took an exclusive licence from <B>", "<A>
 * in-licensed … from <B>", "<B> licensed / granted … to <A>", "<B> granted <A> a licence",
 * "<A>, the licensee". With a verb of taking or giving that is not itself about licensing
 * ("took", "granted"), a licence or rights must be what is taken or given.
 */
export function licences(text: string, parties: Parties): LicenceClaim[] {
  if (parties.length === 0 || !/licen[cs]|rights/i.test(text)) return [];
  const pats = partyPatterns(parties);
  const out: LicenceClaim[] = [];
  const pair = (licensee: string, licensor: string, at: number) => {
    const a = pats.index(licensee);
    const b = pats.index(licensor);
    if (a !== undefined && b !== undefined && a !== b) out.push({ licensee: a, licensor: b, at });
  };
  for (const m of text.matchAll(pats.licenceFrom)) {
    if (LICENSING_VERB_RE.test(m[3]!) || LICENCE_NOUN_RE.test(m[4]!)) pair(m[1]!, m[5]!, m.index);
  }
  for (const m of text.matchAll(pats.licenceTo)) {
    if (LICENSING_VERB_RE.test(m[3]!) || LICENCE_NOUN_RE.test(m[4]!)) pair(m[5]!, m[1]!, m.index);
  }
  for (const m of text.matchAll(pats.licenceGranted)) pair(m[3]!, m[1]!, m.index);
  for (const m of text.matchAll(pats.licenceRole)) {
    const i = pats.index(m[1]!);
    if (i === undefined) continue;
    out.push(/ee$/i.test(m[2]!) ? { licensee: i, at: m.index } : { licensor: i, at: m.index });
  }
  return out;
}

