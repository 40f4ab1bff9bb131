/**
 * Answers a follow-up question from the curated facts alone: no model, no guessing.
 *
 * The question is mapped to the topics it asks about (upfront, milestones, royalties, parties,
 * date, stage…) and answered with the facts on those topics, each sentence citing its fact.
 * When no fact covers the question, the answer says so and shows what is known instead.
 */
import type { Catalog } from '../deals/catalog';
import type { Deal, Fact, FactTopic, PartialDate } from '../deals/schema';
import { conflictSubject, formatPartialDate } from '../blocks/text';
import { relatedDeals } from './lookup';
import { escapeRegExp, wholeWordsPattern } from '../regexp';
import { stageWords } from '../deals/backing';
import { editDistance, normalize, typoBudget } from '../deals/text';
import { moneyMentions } from '../deals/money';
import { MARKET } from '../deals/markets';
import { borrowedTerms } from '../llm/terms';
import { wordTable } from '../word-table';

/** `<dealId>/<factId>`: how answers cite facts across deals. */
export type FactRef = string;

export const factRef = (deal: Deal, fact: Fact): FactRef => `${deal.id}/${fact.id}`;

export interface AnswerSentence {
  text: string;
  facts: FactRef[];
  /** Sources a sentence cites directly, as `dealId/sourceId`: a conflict's reading is no fact. */
  sources?: string[];
}

export interface FactAnswer {
  /**
   * `answered`: facts cover the question. `unknown`: they do not; `sentences` show what is known.
   * `related`: facts share some of the question's words but not all, and may not answer it.
   */
  kind: 'answered' | 'unknown' | 'related';
  /** What the question asked about, in words ("the royalty rate"), for the "don't say" line. */
  asked: string;
  sentences: AnswerSentence[];
}

interface TopicRule {
  /** Words in the question that select this rule. */
  pattern: RegExp;
  topics: FactTopic[];
  /** Facts on other topics whose text mentions these words (given, or the deal's own) also answer the question. */
  mentions?: RegExp | ((deal: Deal) => RegExp);
  asked: string;
  /** Earlier deals between the same parties. */
  history?: boolean;
  /** With no fact on the rule's topics, facts naming two or more of the deal's parties answer. */
  namingParties?: boolean;
  /** Words that, with the pattern, ask about something else: the rule does not apply. */
  unless?: RegExp;
}

/**
 * "AI" as something a deal uses ("AI-led discovery", "a laboratory for AI"), not as the end of
 * a company's name ("Tempus AI", "Pathos AI").
 */
const AI_USE = /(?<![A-Z][a-z]+ )\bAI\b/;

/** Matches no text. */
const NOTHING = /(?!)/;

/** Words that name a stage outright. */
const STAGE_MENTIONS = /\b(?:pre-?clinical|phase [1-3I]+|clinical-stage|approved|marketed|discovery-stage)\b/i;

// Order matters only for the "asked" wording; every matching rule contributes facts.
const RULES: TopicRule[] = [
  { pattern: /\bwho\b|\bparties\b|\bpartners?\b|\bcompan(y|ies)\b|\bcounterpart/i, topics: ['parties'], asked: 'the parties', namingParties: true },
  { pattern: /\bup[- ]?front|\bsigning (fee|payment)|\binitial payment/i, topics: ['value.upfront'], asked: 'the upfront payment' },
  // "Profit share", "revenue share", "cost sharing" are no equity.
  // "Share of the revenue", "share of the $200m": a proportion, not shares.
  {
    pattern: /\bequity|(?<!\b(?:profit|revenue|cost|risk|market)[- ])\bshares?\b(?!\s+of\s+(?:the\s+)?(?:[\p{L}.-]*['’]s?\s+)?(?:revenues?|sales|income|profits?|costs?|market|fees?|payments?|upfront|milestones?|investment|total|money|[$€£¥\d]))|\bstake\b/iu,
    topics: ['value.equity'],
    asked: 'an equity component',
  },
  { pattern: /\bnear[- ]term/i, topics: ['value.near_term'], asked: 'near-term payments' },
  {
    pattern: /\b(dev|development|regulatory|clinical)\b.*\bmilestones?|\bmilestones?\b.*\b(dev|development|regulatory|clinical)\b/i,
    topics: ['value.development_milestones', 'value.milestones'],
    asked: 'development milestones',
  },
  {
    pattern: /\b(sales|commercial|commerciali[sz]ation)\b.*\bmilestones?|\bmilestones?\b.*\b(sales|commercial)\b/i,
    topics: ['value.commercial_milestones', 'value.milestones'],
    asked: 'sales milestones',
  },
  {
    pattern: /\bmilestones?\b|\bbio-?bucks\b|\bcontingent\b/i,
    topics: ['value.development_milestones', 'value.commercial_milestones', 'value.milestones'],
    asked: 'milestone payments',
  },
  { pattern: /\broyalt(y|ies)\b/i, topics: ['value.royalties'], asked: 'royalties' },
  { pattern: /\bfees?\b/i, topics: ['value.fees'], asked: 'fees' },
  { pattern: /\binvest(ment|ing|s)?\b/i, topics: ['value.investment'], asked: 'the investment' },
  {
    // Size words only of the deal itself: "how big is the dataset?" or "the value of the
    // immunology programme" is not asking for the deal's headline.
    pattern:
      /\b(?:worth|total|headline|deal value|valued)\b|\bhow big\b(?:\s+(?:is|was))?\s*(?:$|\?|(?:it|this|that|the\s+(?:deal|agreement|collaboration|licen[cs]e|transaction|investment|partnership))\b)|\b(?:deal|transaction|agreement)\s+size\b|\bsize\s+of\s+(?:the\s+)?(?:deal|agreement|transaction|collaboration|licen[cs]e)\b|^\W*size\W*$|\bvalue\s+of\s+(?:the\s+|this\s+)?(?:deal|agreement|collaboration|licen[cs]e|transaction|partnership|investment|it)\b/i,
    topics: ['value.total', 'value.investment', 'value.fees'],
    asked: 'the headline value',
  },
  {
    pattern: /\bhow much|\bterms\b|\bfinancials?\b|\bpay(s|ing|ment|ments)?\b|\bpaid\b|\bmoney\b|\becon(?:omics)?\b|\$|\bdollars?\b|\bprice(?:\s+tag)?\b|\bcosts?\b|\bspend\b|^\W*(?:the\s+)?(?:numbers|value)\W*$/i,
    topics: ['value.upfront', 'value.equity', 'value.near_term', 'value.development_milestones', 'value.commercial_milestones', 'value.milestones', 'value.fees', 'value.investment', 'value.total', 'value.royalties'],
    asked: 'the financial terms',
  },
  {
    pattern: /\bwhen\b|\bdate\b|\bannounced\b|\bsigned\b|\b(?:what|which)\s+year\b/i,
    // "When will the centre open?", "when did they start working together?": another event's
    // date, which the announcement's would be taken for.
    unless: /\b(?:will|start(?:s|ed)?|begin|began|open(?:s|ed)?|launch(?:es|ed)?|finish(?:es|ed)?|complete[sd]?|end(?:s|ed)?|expire[sd]?|kick|trigger(?:s|ed)?|due|enter(?:s|ed)?|file[sd]?|approv\w*|clos(?:e|es|ed)|trials?|paid|pay(?:s)?|receive[sd]?|built|build|ready|first|next)\b/i,
    topics: ['date'],
    asked: 'the date',
  },
  {
    pattern: /\bstage\b|\bphase\b|\bpreclinical\b|\bclinical\b|\bdiscovery\b/i,
    topics: ['stage'],
    // The fact naming the stage the card shows ("drug discovery" for a discovery deal), as
    // check-seeds requires one (backing.ts), and any naming a stage outright.
    mentions: (deal) => {
      const own = deal.stage && stageWords(deal.stage);
      return own ? new RegExp(`${STAGE_MENTIONS.source}|${own.source}`, 'i') : STAGE_MENTIONS;
    },
    asked: 'the stage',
  },
  { pattern: /\bmodalit|\bsmall[- ]molecule|\bantibod|\bplatform\b|\bAI\b|\btechnolog/i, topics: ['modality'], mentions: AI_USE, asked: 'the modality' },
  {
    pattern: /\barea|\bindication|\bdisease|\btherap|\boncology|\bcancer|\bimmunolog|\bcardio|\bTAs?\b/i,
    topics: ['areas'],
    // A fact on another topic naming the deal's recorded areas ("drug discovery in rare
    // diseases"); a deal with none recorded (an R&D centre) is not answered with its scope.
    mentions: (deal) => {
      const areas = [...deal.areas, ...deal.indications];
      return areas.length > 0 ? new RegExp(wholeWordsPattern(areas), 'iu') : NOTHING;
    },
    asked: 'the therapeutic areas',
  },
  { pattern: /\bwhere\b|\blocation\b|\bsite\b|\bcity\b|\bcountry\b/i, topics: ['location'], asked: 'where the work happens' },
  // Rights facts only where they say where ("options … worldwide"): "each partner may use the
  // model" is no territory.
  {
    pattern: /\bterritor|\bworldwide\b|\bglobal\b|\bregion/i,
    topics: ['territory'],
    mentions: () => TERRITORY_MENTION_RE,
    asked: 'the territory',
  },
  // "It's an acquisition, right?" asks for a yes, not about rights.
  { pattern: /\brights\b|\bright\b(?![\s,]*\?*\s*$)|\boptions?\b|\blicen[cs](?:e|or)|\bexclusiv/i, topics: ['rights'], mentions: /\bexclusive\b/i, asked: 'the rights granted' },
  { pattern: /\bwhat (is|was) (it|the deal) about|\bscope\b|\baim\b|\bgoal\b|\bpurpose\b/i, topics: ['scope', 'areas'], asked: 'the scope' },
  {
    pattern: /\bbefore\b|\bprevious|\bearlier\b|\bprior\b|\bhistory\b|\bagain\b|\bother deals?\b|\bfirst\s+(?:[\w&-]+\s+){0,2}?(?:deal|collab\w*|licen[cs]e|agreement|partnership|tie-up)\b|\bpast\b|\blater\b|\bsubsequent|\bsince then\b|\bafterwards\b|\bfollow-?on\b|\bcompar(?:e|ed|es|ing|ison)\b|\bversus\b/i,
    topics: ['history'],
    asked: 'other deals between these parties',
    history: true,
  },
  {
    pattern: /\bcontext\b|\bwhy\b|\bbackground\b|\bmarket\b|\brevenue\b|\bsame (day|time)\b|\balongside\b/i,
    topics: ['context'],
    asked: 'the background',
  },
];

const SUMMARY_TOPICS: FactTopic[] = ['parties', 'date', 'value.upfront', 'value.total', 'value.milestones', 'value.investment', 'value.fees', 'scope', 'rights'];

/** Topic words a question may misspell, as the rules spell them. */
const TOPIC_WORDS = ['upfront', 'milestones', 'royalty', 'royalties', 'headline', 'territory', 'modality', 'investment', 'preclinical', 'announced', 'exclusive', 'location', 'financials'];
/** Real words within a topic word's typo budget, which are not that word misspelt. */
const NOT_TYPOS = new Set(['loyalty', 'loyalties', 'morality', 'inclusive', 'allocation', 'relocation', 'collocation', 'financial']);

/** The question with each word of 5+ letters that is a typo of a topic word replaced by it. */
function withTopicTyposRead(question: string): string {
  return question.replace(/\p{L}{5,}/gu, (word) => {
    const lower = word.toLowerCase();
    if (NOT_TYPOS.has(lower) || TOPIC_WORDS.includes(lower)) return word;
    const budget = typoBudget(lower.length);
    let best: string | undefined;
    let nearest = budget + 1;
    for (const topic of TOPIC_WORDS) {
      const d = editDistance(lower, topic, budget);
      if (d < nearest) [best, nearest] = [topic, d];
    }
    return best ?? word;
  });
}

/** The rules a question triggers, most specific first. */
function rulesFor(question: string): TopicRule[] {
  const hits = RULES.filter((r) => r.pattern.test(question) && !r.unless?.test(question));
  // "development milestones" also matches the generic milestone rule; keep the specific one.
  const specificMilestones = hits.some((r) => r.asked === 'development milestones' || r.asked === 'sales milestones');
  const noGenericMoney = hits.some((r) => r.topics.length <= 3 && r.topics.every((t) => t.startsWith('value.')));
  return hits.filter(
    (r) => !(specificMilestones && r.asked === 'milestone payments') && !(noGenericMoney && r.asked === 'the financial terms'),
  );
}

/** A party's name or any alias, as whole words. */
function partyPattern(party: Deal['parties'][number]): RegExp {
  return new RegExp(wholeWordsPattern([party.name, ...party.aliases]), 'iu');
}

/** Facts naming two or more of the deal's parties (by name or alias), whatever their topic. */
function factsNamingParties(deal: Deal): AnswerSentence[] {
  const patterns = deal.parties.map(partyPattern);
  return deal.facts
    .filter((f) => patterns.filter((p) => p.test(f.text)).length >= 2)
    .map((f) => ({ text: f.text, facts: [factRef(deal, f)] }));
}

function factsOn(deal: Deal, topics: readonly FactTopic[], given?: TopicRule['mentions']): AnswerSentence[] {
  const mentions = typeof given === 'function' ? given(deal) : given;
  return deal.facts
    .filter((f) => topics.includes(f.topic) || (mentions !== undefined && mentions.test(f.text)))
    .map((f) => ({ text: f.text, facts: [factRef(deal, f)] }));
}

/** Sentences naming earlier deals between the same parties, each citing that deal's own facts. */
function historySentences(catalog: Catalog, deal: Deal, question: string): AnswerSentence[] {
  const sentences = factsOn(deal, ['history']);
  // "Before" asks for earlier deals only; a deal whose date cannot be placed before this one's
  // (a later one, the same year for a year-only date, or an unknown date) is not earlier.
  const earlierOnly = EARLIER_WORDS.test(question);
  // "Later" asks for later ones, in the same way.
  const laterOnly = !earlierOnly && LATER_WORDS.test(question);
  for (const other of relatedDeals(catalog, deal)) {
    const order = dateOrder(other.announced, deal.announced);
    if ((earlierOnly && order !== 'before') || (laterOnly && order !== 'after')) continue;
    const support = other.facts.filter((f) => f.topic === 'parties' || f.topic === 'date');
    if (support.length === 0) continue;
    const date = formatPartialDate(other.announced);
    sentences.push({
      text: `${date ? `${date}: ` : ''}${other.title}${order === 'after' ? ' (after this deal)' : ''}. ${support.map((f) => f.text).join(' ')}`,
      facts: support.map((f) => factRef(other, f)),
    });
  }
  return sentences;
}

const EARLIER_WORDS = /\bbefore\b|\bprevious|\bearlier\b|\bprior\b/i;
const LATER_WORDS = /\blater\b|\bsubsequent|\bsince then\b|\bafterwards\b|\bfollow-?on\b/i;

/** Whether date `a` is wholly before or after `b`, given each one's precision; else unknown. */
function dateOrder(a: PartialDate, b: PartialDate): 'before' | 'after' | 'unknown' {
  const ra = dayRange(a);
  const rb = dayRange(b);
  if (!ra || !rb) return 'unknown';
  if (ra[1] < rb[0]) return 'before';
  if (ra[0] > rb[1]) return 'after';
  return 'unknown';
}

/** The first and last day a partial date can be, as yyyymmdd numbers. */
function dayRange(d: PartialDate): [number, number] | undefined {
  if (d.precision === 'unknown') return undefined;
  const base = d.year * 10000;
  if (d.precision === 'year') return [base + 101, base + 1231];
  const month = base + d.month! * 100;
  return d.precision === 'month' ? [month + 1, month + 31] : [month + d.day!, month + d.day!];
}

/** Capitalised words that name no company, place or product in a question. */
const NOT_NAMES = new Set(
  (
    'what which who whom whose when where why how is are was were does did do can could will would should has have had tell show list give ' +
    'and or but the a an in on of for to with by at from about this that these those it its they their there any some all ' +
    'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'monday tuesday wednesday thursday friday saturday sunday phase ok okay thanks please yes no'
  ).split(' '),
);
const NAME_RE = /[\p{Lu}\p{N}][\p{L}\p{N}&'’.-]*(?:\s+[\p{Lu}][\p{L}\p{N}&'’.-]*)*/gu;

/**
 * Names in a question that are not the deal's parties (by name, alias or a word of one):
 * "Harbour BioMed", "Shanghai", "AZD0780", "Pfizer". Capitalised ordinary words (NOT_NAMES) and
 * names of two letters ("AI", "US") are left out, and so is the question's first capitalised word
 * unless it is another deal's party, a name the facts use, or reads as a name (below).
 */
function namedThings(catalog: Catalog, deal: Deal, question: string): string[] {
  const partyWords = new Set(deal.parties.flatMap((p) => [p.name, ...p.aliases]).flatMap((n) => n.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
  const out: string[] = [];
  const add = (name: string) => {
    if (!out.some((n) => n.toLowerCase() === name.toLowerCase())) out.push(name);
  };
  for (const m of question.matchAll(NAME_RE)) {
    const words = m[0]
      .replace(/['’]s$|[.’']+$/u, '')
      .split(/\s+/)
      .filter((w, i) => !(m.index === question.search(/\S/) && i === 0) && !NOT_NAMES.has(w.toLowerCase()));
    const name = words.join(' ');
    const parts = words.flatMap((w) => w.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
    if (name.length < 3 || parts.every((w) => partyWords.has(w))) continue;
    if (!/\p{L}/u.test(name) || /^\d/.test(name)) continue;
    add(name);
  }
  // Names typed in lower case or first in the question ("how much did az pay verge?", "Syneron
  // terms?"): another deal's party, by name or alias, and the names this deal's facts use.
  const own = new Set(deal.parties.map((p) => normalize(p.name)));
  for (const t of catalog.index.read(question).terms) {
    if ((t.how === 'name' || t.how === 'alias') && t.parties.some((p) => !own.has(p))) add(t.text.replace(/[^\p{L}\p{N})]+$/u, ''));
  }
  for (const word of factNameWords(deal, partyWords)) {
    const named = new RegExp(wholeWordsPattern([word]), 'iu');
    if (named.test(question) && !out.some((n) => named.test(n))) add(word);
  }
  // An unknown name first, before a topic word: "Guardant fees?", "Pfizer's upfront?".
  const first = /^\W*(\p{Lu}[\p{L}\p{N}&.-]{2,})(['’]s)?\s+(\S+)/u.exec(question);
  if (first) {
    const [, word, possessive, next] = first;
    const lower = word!.toLowerCase();
    const ordinary = NOT_NAMES.has(lower) || QUESTION_WORDS.has(lower) || OPENING_WORDS.has(lower) || partyWords.has(lower) || RULES.some((r) => r.pattern.test(word!));
    if (!ordinary && (possessive !== undefined || RULES.some((r) => r.pattern.test(next!)) || NAME_VERBS.test(next!))) add(word!);
  }
  return out;
}

/** Verbs after a name that starts a question: "Pfizer paid how much?", "Guardant signed when?". */
const NAME_VERBS = /^(?:paid|pays|got|gets|received|receives|signed|agreed|bought|licensed|acquired|invested|owns|has|had|did|does|is|was)$/i;

/** Capitalised words a question may start with that name nothing: "Total fees?", "Annual royalties?". */
const OPENING_WORDS = new Set(
  'total annual overall initial final expected estimated potential current previous latest quick also then other same next last first second remind hey thanks great nice interesting wait sorry please ok okay so and but'.split(' '),
);

const factNameWordsCache = new WeakMap<Deal, string[]>();

/**
 * The words of names this deal's facts use that are not its parties' (4+ letters, capitalised
 * not only at a sentence's start): "Harbour", "BioMed", "Syneron", "BioKangtai", "Shanghai".
 */
function factNameWords(deal: Deal, partyWords: ReadonlySet<string>): string[] {
  let words = factNameWordsCache.get(deal);
  if (!words) {
    const found = new Set<string>();
    for (const f of deal.facts) {
      for (const m of f.text.matchAll(/(?<=[\p{L}\p{N},;:(]\s+)(\p{Lu}[\p{L}\p{N}-]{3,})(?:['’]s)?/gu)) {
        const w = m[1]!;
        if (!partyWords.has(w.toLowerCase()) && !NOT_NAMES.has(w.toLowerCase()) && !/^\p{Lu}+\d/u.test(w)) found.add(w);
      }
    }
    factNameWordsCache.set(deal, (words = [...found]));
  }
  return words;
}

/**
 * A question about something the deal's facts name that is not one of its parties ("the terms of
 * the Harbour BioMed deal", "AZD0780"): the facts naming it answer, and nothing else — a figure of
 * the deal itself beside such a question reads as that thing's. Named in no fact: the sources
 * do not say. Undefined when the question names nothing of the kind.
 */
function answerAboutNamed(catalog: Catalog, deal: Deal, question: string, rules: readonly TopicRule[]): FactAnswer | undefined {
  const names = namedThings(catalog, deal, question);
  if (names.length === 0) return undefined;
  // Markets alone beside the rights or money ("China rights?", "the upfront in Japan") ask about
  // those there: the topic's facts answer, not those that merely name the place (marketsUnsaid).
  if (names.every((n) => MARKET_RE.test(n)) && rules.some((r) => r.topics.some((t) => t === 'rights' || t === 'territory' || t.startsWith('value.')))) return undefined;
  const patterns = names.map((n) => new RegExp(wholeWordsPattern([n]), 'iu'));
  const naming = deal.facts.filter((f) => patterns.some((p) => p.test(f.text)));
  if (naming.length === 0) return { kind: 'unknown', asked: names.join(' and '), sentences: summaryFromFacts(deal) };
  const sentences = naming.map((f) => ({ text: f.text, facts: [factRef(deal, f)] }));
  // "The Pfizer investment in China": the China facts say nothing of Pfizer.
  const unnamed = names.filter((_, k) => !naming.some((f) => patterns[k]!.test(f.text)));
  if (unnamed.length > 0) return { kind: 'unknown', asked: unnamed.join(' and '), sentences };
  // "Is it a PCSK9 inhibitor?" over a fact naming AZD0780, a PCSK9 inhibitor, would read as a
  // yes; "does AstraZeneca get China rights?" over the China facts, as an answer on rights.
  const nameWords = new Set(names.flatMap((n) => n.toLowerCase().match(/\p{L}+/gu) ?? []));
  const more = contentWords(deal, question).some((w) => !nameWords.has(w) && !TOPIC_FILLER.has(w) && !sentences.some((x) => wordPattern(w).test(x.text)));
  const related = more || YES_NO_OR_WHO_RE.test(question) || ownerUnsaid(deal, question, rules, sentences);
  return { kind: related ? 'related' : 'answered', asked: names.join(' and '), sentences };
}

const MARKET_RE = new RegExp(`^(?:${MARKET})$`, 'u');
/** A fact giving rights a place: "… licences to develop and commercialise the candidates worldwide" (not "its sixth worldwide"). */
const TERRITORY_MENTION_RE = new RegExp(
  `\\b(?:rights?|licen[cs]\\w*|options?|commerciali[sz]\\w*)\\b[^.;]*?(?<![\\p{L}\\p{N}])(?:worldwide|global(?:ly)?|${MARKET})(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}])(?:worldwide|global|${MARKET})\\s+(?:rights?|licen[cs]\\w*)\\b`,
  'iu',
);
const MARKETS_IN_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${MARKET})(?![\\p{L}\\p{N}])`, 'gu');
const WORLDWIDE_RE = /\b(?:worldwide|global(?:ly)?|all (?:markets|territories|countries))\b/i;

/**
 * Whether the question names a market ("China rights?") that the answer's facts neither name nor
 * cover ("worldwide"): an exclusive licence with no territory given does not say it covers China.
 */
function marketsUnsaid(question: string, sentences: readonly AnswerSentence[]): boolean {
  const markets = [...question.matchAll(MARKETS_IN_RE)].map((m) => m[0].replace(/^(?:the|mainland|Greater)\s+/, ''));
  if (markets.length === 0 || sentences.some((x) => WORLDWIDE_RE.test(x.text))) return false;
  return markets.some((m) => !sentences.some((x) => new RegExp(wholeWordsPattern([m]), 'u').test(x.text)));
}

/** "What does Immunai do?", "who is CSPC?", "tell me about Tempus": a question about a party itself. */
const ABOUT_PARTY_RE = /\b(?:what\s+(?:does|do|did|is|are)|who\s+(?:is|are)|tell\s+me\s+(?:more\s+)?about|more\s+(?:on|about))\b/i;

/**
 * A question asking on no topic about one party ("what does Immunai do?"): the facts naming it,
 * those on its money only when no other does (the overview left out what Immunai does).
 */
function answerAboutParty(deal: Deal, question: string): FactAnswer | undefined {
  // Only the party is asked about: "what is Immunai's valuation?" is not answered with what it does.
  if (!ABOUT_PARTY_RE.test(question) || contentWords(deal, question).length > 0) return undefined;
  const asked = deal.parties.filter((p) => partyPattern(p).test(question));
  if (asked.length !== 1) return undefined;
  const party = asked[0]!;
  const naming = new RegExp(wholeWordsPattern([party.name, ...party.aliases]), 'iu');
  const facts = deal.facts.filter((f) => naming.test(f.text));
  const other = facts.filter((f) => !f.topic.startsWith('value.'));
  const chosen = other.length > 0 ? other : facts;
  if (chosen.length === 0) return undefined;
  return { kind: 'answered', asked: party.name, sentences: chosen.map((f) => ({ text: f.text, facts: [factRef(deal, f)] })) };
}

/** Words that say nothing of what a question is about. */
const QUESTION_WORDS = new Set(
  ('what which who whom whose when where why how does did doing done is are was were be been being the a an of in on at to for from with by about ' +
    'and or not no any some more most much many this that these those it its they them their there here deal deals agreement ' +
    'use used uses using get gets got make makes made tell know say says said can could will would should may might must has have had ' +
    'just also only really please thanks thank you me my our we us give gives show shows need needs want wants see find look ' +
    'like think mean means let lets put take takes took come comes between both all each other others two three non known whats hows whos wheres whens pls plz')
    .split(' '),
);

/** Words asking for an overview. */
const OVERVIEW_WORDS = new Set(
  'summary summarise summarize summarised summarized overview tldr explain explained details detail everything info information brief briefing recap key points highlights main gist basics'.split(' '),
);

/** Words a fact may use for a question's word: "began" for "start", "workforce" for "staff". */
const SAME_AS: string[][] = [
  ['start', 'started', 'starts', 'begin', 'begins', 'began', 'begun'],
  ['staff', 'staffing', 'employees', 'employ', 'employs', 'jobs', 'workforce', 'headcount', 'people', 'fte', 'ftes'],
  ['lab', 'labs', 'laboratory', 'laboratories'],
  ['announce', 'announces', 'announced', 'announcement'],
  ...['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].map((m) => [m, m.slice(0, 3), ...(m === 'september' ? ['sept'] : [])]),
];
const SAME_AS_OF = new Map(SAME_AS.flatMap((group) => group.map((w) => [w, group] as const)));

/** A word, or its plural / singular ("data", "trial" for "trials"), or a word meaning the same. */
function wordPattern(word: string): RegExp {
  // "Does AZ own the model?" is not answered by "its own programmes".
  if (/^own(?:s|ed|er|ers|ership)?$/.test(word)) return /(?<!\b(?:its|their|his|her|our|your|my)\s)\bown(?:s|ed|er|ers|ership)?\b|\bowned\b/i;
  // "milestones" is "milestone" and "milestones"; "taxes" is "tax" too.
  const forms = (SAME_AS_OF.get(word) ?? [word]).map((w) => (/[()]/.test(w) ? escapeRegExp(w) : `(?:${[...new Set([w.replace(/s$/, ''), w.replace(/es$/, '')])].join('|')})(?:s|es)?`));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

/** A yes / no question ("is", "any …?"), or one asking who or when: a fact on its topic may still not answer it. */
const YES_NO_OR_WHO_RE = /^\W*(?:is|are|was|were|does|do|did|can|could|will|would|has|have|had|should|who|when|any)\b/i;
/** Topic words that name a value of the topic, which a yes / no question asks about. */
const SPECIFIC_WORDS = /^(?:oncology|cancers?|cardio\w*|immunolog\w*|small|molecules?|antibod\w*|platforms?|ai|technolog\w*|pre-?clinical|clinical|discovery|phase|exclusive\w*|worldwide|global|regions?)$/i;

/**
 * Words for a percentage or a share, said only by a figure with "%": "what share of CSPC's
 * revenue …?" is answered by "80% of CSPC's revenue", "what portion of the investment …?" not by
 * the whole $2.5 billion.
 */
const PERCENT_WORDS = new Set(['percent', 'percentage', 'pct', 'share', 'proportion', 'fraction', 'portion']);

/** Words a question on a topic may use that its facts need not repeat. */
const TOPIC_FILLER = new Set(
  ('amount rate rates size value figure number total payment payments money terms part kind kinds type types exactly actually right correct true component components element aspect involved front dev breakdown big ' +
    'licensor licensee acquirer investor investee collaborator partner partners counterparty ' +
    // What a question on the date, place, stage or rights asks with, which their facts need not say.
    'year month day time work done based located happen happens cover covers covered card label labels still tag')
    .split(' '),
);

/**
 * Whether the question has a word that neither its rules nor the facts answering it hold ("is
 * the upfront refundable?", "who founded Immunai?", "closing date?", "what's the option
 * period?", "upfront for the cardio deal?"): those facts are then only related, and the
 * announcement date, the options fact or a bare "$110 million" under the question would read as
 * its answer.
 */
function leavesWordsOut(deal: Deal, question: string, rules: readonly TopicRule[], sentences: readonly AnswerSentence[]): boolean {
  const money = sentences.some((x) => moneyMentions(x.text).length > 0 || /\d\s*%/.test(x.text)) || rules.some((r) => r.topics.some((t) => t.startsWith('value.')));
  const yesNoOrWho = YES_NO_OR_WHO_RE.test(question);
  // A topic word of a rule the question triggered asks about the deal, not something else; in a
  // money question ("how much is paid upfront?"), a topic word of any rule does. A word naming an
  // area, modality or stage ("cardio", "platform") is answered only by facts that name it too:
  // "upfront for the cardio deal?" asks about another deal, "is it cardio?" whether this one is.
  // "Phase" names a value only with its number ("is it phase 2?"); "what phase was it in?" asks the stage.
  const specific = (w: string) => SPECIFIC_WORDS.test(w) && (w !== 'phase' || /\b(?:phase|ph)\s*(?:[1-4]|i{1,3}v?|one|two|three|four)[ab]?\b/i.test(question));
  const topicWord = (w: string) =>
    !specific(w) && (rules.some((r) => r.pattern.test(w)) || (money && !yesNoOrWho && RULES.some((r) => r.pattern.test(w))));
  // A word for a share; not "share" in a question on equity ("did AZ take a share in Verge?").
  // The equity rule itself, not the money rule that lists every value topic ("Verge's share of
  // the $840m?" asks for a split, which no amount says).
  const percentWord = (w: string) => PERCENT_WORDS.has(w) && !(w === 'share' && rules.some((r) => r.topics.length === 1 && r.topics[0] === 'value.equity'));
  // A specific word may end otherwise in the facts: "immunology" in "immunological diseases".
  // Not any word: "commercial milestones" is not answered by "commercialisation goals".
  const said = (w: string) => {
    if (percentWord(w)) return sentences.some((sentence) => PERCENT_RE.test(sentence.text));
    const re = SPECIFIC_WORDS.test(w) && w.length >= 7 ? new RegExp(`(?<![\\p{L}\\p{N}])${w.slice(0, w.length - 3)}`, 'iu') : wordPattern(w);
    return sentences.some((sentence) => re.test(sentence.text));
  };
  // Markets ("rights in China?") are read by marketsUnsaid, which takes "worldwide" to cover
  // them; a yes / no question needs the market said ("does AZ get China rights?" over options).
  // "Per cent" is one word ("percent"), which a figure with "%" says.
  const asked = (yesNoOrWho ? question : question.replace(MARKETS_IN_RE, ' ')).replace(/\bper\s+cent\b/gi, 'percent');
  // A word for a share is said only by a share, whatever the rules ("what share of the total is upfront?").
  // "At signing" is how the card names the stage ("stage at signing"), not when money is paid.
  const filler = (w: string) => TOPIC_FILLER.has(w) || (w === 'signing' && rules.some((r) => r.topics.includes('stage')));
  return contentWords(deal, withTopicTyposRead(asked)).some((w) => (percentWord(w) ? !said(w) : !filler(w) && !topicWord(w) && !said(w)));
}

/**
 * In a deal of three or more parties, a money question asking who pays, or naming a party the
 * facts answering it do not name ("what is Pathos paying?" over "Tempus is to receive $200
 * million"): the facts say what one party gets, not how the others split it.
 */
function payerUnsaid(deal: Deal, question: string, rules: readonly TopicRule[], sentences: readonly AnswerSentence[]): boolean {
  if (deal.parties.length < 3 || !rules.some((r) => r.topics.some((t) => t.startsWith('value.')))) return false;
  if (/\bwho\b/i.test(question)) return true;
  return deal.parties.some((p) => {
    const named = partyPattern(p);
    return named.test(question) && !sentences.some((x) => named.test(x.text));
  });
}

/**
 * A money question telling who pays or who gets ("how much did Immunai pay?", "did CSPC pay AZ
 * the $110m?", "how much does AZ get?", "how much did Tempus pay?"): the facts must give the money
 * that way round. In a deal of two, one party paying is the other receiving ("how much did AZ pay
 * upfront?" over "CSPC receives $110 million upfront"). A fact with no direction ("a deal worth
 * $18 million"), or the other way round, does not answer it: under the question it would read as
 * a yes.
 */
function directionUnsaid(deal: Deal, question: string, rules: readonly TopicRule[], sentences: readonly AnswerSentence[]): boolean {
  if (deal.parties.length < 2 || !rules.some((r) => r.topics.some((t) => t.startsWith('value.')))) return false;
  const asked = moneyRoles(deal, question);
  // "Who paid the $18m?" asks for a direction too, whichever party it turns out to be.
  const who = WHO_PAYS_RE.test(question);
  if (asked.payer === undefined && asked.payee === undefined && !who) return false;
  const two = deal.parties.length === 2;
  return !sentences.some((x) => {
    const told = moneyRoles(deal, x.text);
    // Who pays, from who gets: in a deal of two, the other party.
    const payer = told.payer ?? (two && told.payee !== undefined ? 1 - told.payee : undefined);
    const payee = told.payee ?? (two && told.payer !== undefined ? 1 - told.payer : undefined);
    return (asked.payer === undefined || asked.payer === payer) && (asked.payee === undefined || asked.payee === payee) && (payer !== undefined || payee !== undefined);
  });
}

const WHO_PAYS_RE = /\bwho\b.*\b(?:pay|pays|paid|paying|gets?|got|receives?|received|earns?|earned)\b|\b(?:pay|pays|paid|paying)\s+whom\b/i;

/**
 * A question naming parties and asking for a figure that is no payment, answered by figures (a
 * share, a count, a rank, an amount) that no fact naming one of those parties holds ("what % of
 * AZ revenue is finished drugs?" over "80% of CSPC's revenue comes from finished drugs", "how
 * many people will E-Town employ?" over AstraZeneca's headcount): under the question, another
 * party's figure would read as the one named. Payments name a party as payer or payee, which
 * directionUnsaid reads; "how much of" asks for a share.
 */
function ownerUnsaid(deal: Deal, question: string, rules: readonly TopicRule[], sentences: readonly AnswerSentence[]): boolean {
  const asked = partiesNamed(deal, question);
  const comparesParties = asked.length >= 2 && COMPARES_RE.test(question);
  if (!FIGURE_ASKED_RE.test(question) && !comparesParties) return false;
  const shareOf = SHARE_OF_RE.test(question);
  if (!shareOf && rules.some((r) => r.topics.some((t) => t.startsWith('value.')))) return false;
  // A share asked for is answered by a share, not by a rank or a count of something else.
  const figures = sentences.filter((x) => (shareOf ? PERCENT_RE.test(x.text) : FIGURE_RE.test(x.text) || moneyMentions(x.text).length > 0));
  if (figures.length === 0) return false;
  return asked.some((k) => {
    const named = partyPattern(deal.parties[k]!);
    return !figures.some((x) => named.test(x.text));
  });
}

/**
 * The parties a question names: by a name or alias, or by the start or end of a one-word name
 * ("Astra", "Zeneca" for AstraZeneca), as people shorten them.
 */
function partiesNamed(deal: Deal, question: string): number[] {
  const words = question.toLowerCase().match(/\p{L}{5,}/gu) ?? [];
  return deal.parties.flatMap((p, k) => {
    if (partyPattern(p).test(question)) return [k];
    const long = [p.name, ...p.aliases].map((n) => n.toLowerCase()).filter((n) => /^\p{L}{8,}$/u.test(n));
    return words.some((w) => long.some((n) => n !== w && (n.startsWith(w) || n.endsWith(w)))) ? [k] : [];
  });
}

/** A figure in a fact: a number, a share, or a rank ("second-largest", "sixth"). */
const FIGURE_RE = /\d|\bper\s?cent\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b/i;
/** Words asking for a figure that is no payment: "what %", "what share", "how many", "what part of". */
const FIGURE_ASKED_RE =
  /%|\bper\s?cent\w*|\bpct\b|\bshares?\b|\bproportion\b|\bfraction\b|\bportion\b|\bratio\b|\bhow\s+many\b|\bfigures?\b|\bnumbers?\b|\bpart\s+of\b|\bmost\s+of\b|\bhow\s+much\s+of\b|\brank\w*\b/i;
/** "How much of AZ's revenue …", "what % of …": a share of something, not a payment. */
const SHARE_OF_RE = /\bhow\s+much\s+of\b|\b(?:part|most|share|proportion|fraction|portion|ratio)\s+of\b|%|\bper\s?cent\w*\b|\bpct\b/i;
const PERCENT_RE = /\d\s*%|\bper\s?cent\b/i;

/**
 * The party a text makes the payer and the payee: "X pays", "pays X", "X receives / gets / earns
 * / is eligible / is paid". Indexes into the deal's parties.
 */
function moneyRoles(deal: Deal, text: string): { payer?: number; payee?: number } {
  const out: { payer?: number; payee?: number } = {};
  deal.parties.forEach((p, k) => {
    const name = wholeWordsPattern([p.name, ...p.aliases]);
    const passive = new RegExp(`(?:${name})\\s+(?:\\w+\\s+){0,2}?(?:was|were|is|are|be|been|being|gets?|got|getting)\\s+paid\\b`, 'iu');
    if (passive.test(text)) out.payee = k;
    else if (new RegExp(`(?:${name})(?:['’]s)?\\s+(?:\\w+\\s+){0,2}?(?:pay|pays|paid|paying)\\b`, 'iu').test(text)) out.payer = k;
    if (new RegExp(`\\b(?:pay|pays|paid|paying)\\s+(?:${name})|(?:${name})\\s+(?:\\w+\\s+){0,2}?(?:gets?|got|receives?|received|receiving|earns?|earned|is\\s+(?:also\\s+)?eligible|is\\s+to\\s+receive|can\\s+earn)\\b`, 'iu').test(text)) out.payee = k;
  });
  return out;
}

/**
 * "How many patients?", "how many options?": only a fact with a count and the thing counted
 * answers it ("about 1,700 people"), not one with a count of something else ("$200 million").
 */
function countUnsaid(question: string, sentences: readonly AnswerSentence[]): boolean {
  const after = /\bhow\s+many\b((?:\s+[\p{L}&-]+){0,2})/iu.exec(question);
  if (!after) return false;
  // The thing counted: the first word after "how many" that is not a verb ("how many R&D centres", "how many are there").
  const thing = after[1]!.trim().split(/\s+/).find((w) => w.length >= 3 && !/^(?:are|is|were|was|does|do|did|will|there|the|of|r&d)$/i.test(w));
  const counted = thing ? wordPattern(thing.toLowerCase()) : undefined;
  return !sentences.some((x) => COUNT_RE.test(x.text) && (!counted || counted.test(x.text)));
}
const COUNT_RE = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|first|second|third|fourth|fifth|sixth|seventh)\b/i;

/**
 * Whether the question has a number the answer's sentences do not hold ("is it a 3-year deal?"
 * over "multi-year", "is the $5.3bn just milestones?" over the milestone amounts): they cannot
 * be confirming it. An amount is compared as an amount ("is the upfront $110k?" is not answered
 * by "$110 million"; "1620m" is "$1.62 billion"), and a count as a word too ("5 years", "five").
 */
function numbersUnsaid(question: string, sentences: readonly AnswerSentence[]): boolean {
  const told = sentences.flatMap((x) => moneyMentions(x.text).map((m) => m.money));
  // Each amount with its currency, read alone: one that cannot be read ("¥999m") is not said.
  for (const m of question.matchAll(CURRENCY_AMOUNT_RE)) {
    const read = moneyMentions(m[0]);
    if (read.length === 0 || !read.every((r) => told.some((t) => t.currency === r.money.currency && t.amount === r.money.amount))) return true;
  }
  const amounts = new Set(told.map((t) => t.amount));
  let rest = question.replace(CURRENCY_AMOUNT_RE, ' ');
  // "110bn", "1620m": an amount with no currency.
  for (const m of rest.matchAll(BARE_AMOUNT_RE)) {
    const amount = Number(m[1]!.replace(/,/g, '')) * UNIT_SIZES[m[2]!.toLowerCase()]!;
    if (![...amounts].some((a) => Math.abs(a - amount) < 0.5)) return true;
    rest = rest.replace(m[0], ' ');
  }
  const plain = (text: string) => text.replace(/(?<=\d),(?=\d{3})/g, '');
  return (plain(rest).match(/\d+(?:\.\d+)?/g) ?? []).some((n) => {
    const word = NUMBER_WORDS[Number(n)];
    const said = new RegExp(`(?<![\\d.])${n.replace('.', '\\.')}(?![\\d]|\\.\\d)${word ? `|\\b${word}\\b` : ''}`, 'i');
    return !sentences.some((x) => said.test(plain(x.text)));
  });
}

/** An amount with its currency, which moneyMentions has read: its digits are checked as an amount. */
const CURRENCY_AMOUNT_RE = /(?:[$€£¥]|\b(?:USD|EUR|GBP|CNY|RMB|JPY|CHF)\s*)\d[\d,.]*\s*(?:k|m|mn|mm|bn|b|thousand|million|billion)?\b/gi;
const BARE_AMOUNT_RE = /(?<![\d.,$€£¥])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|m|mn|mm|bn|b|thousand|million|billion)\b/gi;
const UNIT_SIZES = wordTable<number>({ k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, mm: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 });
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/**
 * The question's words of 3+ letters other than question words and the deal's party names, and
 * short names written with a letter in brackets ("Lp(a)", lipoprotein(a)).
 */
function contentWords(deal: Deal, question: string): string[] {
  const partyWords = new Set(deal.parties.flatMap((p) => [p.name, ...p.aliases]).flatMap((n) => n.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
  // Two capitals are a word too: "JV", "IP" ("how much is AZ investing in the JV?").
  const short = (question.match(/(?<![\p{L}\p{N}])\p{Lu}{2}(?![\p{L}\p{N}])/gu) ?? []).map((w) => w.toLowerCase());
  return [...new Set([...(question.toLowerCase().match(/\p{L}+\(\p{L}\)|\p{L}{3,}/gu) ?? []), ...short])].filter(
    (w) => !QUESTION_WORDS.has(w) && !partyWords.has(w) && !QUESTION_WORD_TYPOS.some((q) => w.length >= 4 && editDistance(w, q, 1) <= 1),
  );
}

/** Question words typed a letter wrong ("waht", "whta", "hwo") say nothing of the topic either. */
const QUESTION_WORD_TYPOS = ['what', 'whats', 'which', 'when', 'where'];

/**
 * A question on no known topic, answered by the facts sharing a word with it ("what data is
 * used?": the facts about data), those sharing most first. Undefined (an overview) when the
 * question has no such word or asks for an overview.
 * When a word of the question is in no fact ("does the data include genomics?"), the facts are
 * only related: the reply says they may not answer it, rather than let them read as a yes.
 */
function answerByWords(deal: Deal, question: string): FactAnswer | undefined {
  const words = contentWords(deal, question);
  // No word of its own, or asking for an overview in other words ("give me a summary").
  if (words.length === 0 || words.some((w) => OVERVIEW_WORDS.has(w))) return undefined;
  const patterns = words.map(wordPattern);
  const scored = deal.facts
    .map((f, i) => ({ f, i, n: patterns.filter((p) => p.test(f.text)).length }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.i - b.i);
  // Words no fact mentions ("what is Immunai's valuation?") ask what the sources do not say: an
  // overview under such a question, with no line saying so, would offer the deal's $18 million
  // as the answer.
  if (scored.length === 0) return { kind: 'unknown', asked: 'that', sentences: summaryFromFacts(deal) };
  const matched = words.filter((_, k) => deal.facts.some((f) => patterns[k]!.test(f.text)));
  const sentences = scored.map(({ f }) => ({ text: f.text, facts: [factRef(deal, f)] }));
  return {
    kind:
      matched.length === words.length && !numbersUnsaid(question, sentences) && !countUnsaid(question, sentences) && !ownerUnsaid(deal, question, [], sentences)
        ? 'answered'
        : 'related',
    asked: matched.join(' '),
    sentences,
  };
}

/**
 * The rules a question triggers. A misspelt topic word ("upfrnt?", "the royalites") is read as
 * the word it is a letter or two from, but only when the question as typed triggers none: a
 * well-spelt question is never rewritten.
 */
function questionRules(deal: Deal, question: string): TopicRule[] {
  // The parties' names are not topic words: "Tempus AI" asks nothing about AI, and the "Beijing
  // Economic-Technological Development Area" nothing about development milestones.
  const asked = question.replace(new RegExp(wholeWordsPattern(deal.parties.flatMap((p) => [p.name, ...p.aliases])), 'giu'), ' ');
  const rules = rulesFor(asked);
  return rules.length > 0 ? rules : rulesFor(withTopicTyposRead(asked));
}

/**
 * "And the previous one's upfront?", "the upfront on the Lp(a) deal?", "the October deal's
 * milestones?", asked under a card: another deal between the same parties, named by when it was
 * (before or after this one, its year or month) or by a thing only its facts name. Its facts
 * answer, under a line saying which deal they are from: this deal's figures under such a question
 * would read as that deal's. Undefined unless exactly one such deal is meant; with the words
 * that named it, which the answer leaves out of the question.
 */
function otherDealAsked(catalog: Catalog, deal: Deal, question: string, comparing: boolean): { other: Deal; naming: string[] } | undefined {
  // "Is it related to PCSK9?", "is this the China deal?": about this deal too. A comparison
  // ("this deal vs the 2024 deal") is about both.
  if (!comparing && THIS_DEAL_RE.test(question)) return undefined;
  const related = relatedDeals(catalog, deal);
  if (related.length === 0) return undefined;
  // When it was, or what it was about, names a deal only beside a word for a deal ("the 2024
  // deal", "the previous one", "the AI collab"): "was it announced in 2024?" or "is it AI-led?"
  // asks about this one.
  // In a comparison, such a word may also end its clause: "dev milestones vs 2024?", "this vs previous?".
  const dealWords = (words: readonly string[]) =>
    words.filter((w) => {
      const at = phrasePattern([w]).exec(question);
      const after = at === null ? '' : question.slice(at.index + at[0].length);
      return at !== null && (DEAL_AFTER_RE.test(after) || (comparing && CLAUSE_END_RE.test(after)));
    });
  const years = [...question.matchAll(/\b(?:19|20)\d{2}\b/g)].map((m) => m[0]);
  const months = [...question.matchAll(MONTH_RE)].map((m) => m[0]).filter((w) => w !== 'may');
  const earlier = [...question.matchAll(EARLIER_OR_FIRST_RE)].map((m) => m[0]);
  const later = [...question.matchAll(LATER_WORDS_G)].map((m) => m[0]);
  const questionWords = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const ownLabels = new Set(labelWords(deal));
  const found = related.map((other) => {
    const at = other.announced;
    const month = at.precision === 'month' || at.precision === 'day' ? at.month : undefined;
    const own = deal.announced.precision === 'month' || deal.announced.precision === 'day' ? deal.announced.month : undefined;
    const order = dateOrder(at, deal.announced);
    const labels = labelWords(other).filter((w) => !ownLabels.has(w));
    const naming = [
      ...dealWords(years.filter((y) => at.precision !== 'unknown' && Number(y) === at.year && (deal.announced.precision === 'unknown' || deal.announced.year !== at.year))),
      ...dealWords(months.filter((w) => month !== undefined && month !== own && w.toLowerCase().startsWith(MONTHS[month - 1]!))),
      ...dealWords(order === 'before' ? earlier : order === 'after' ? later : []).filter((w) => !/^(?:the|a|an)\b/i.test(afterWord(question, w))),
      // "the cardio deal": a word of its areas or modalities ("cardiovascular"), not this one's.
      ...dealWords(questionWords.filter((q) => labels.some((l) => l === q || (q.length >= 5 && l.startsWith(q))))),
      // A thing only its facts name: a code (YS2302018) names it alone, any other ("Lp(a)",
      // "AI-led") beside a word for a deal: "is it AI-led?" asks about this one.
      ...borrowedTerms(question, other, [deal])
        .map((t) => t.trim())
        .filter((t) => /\d/.test(t) || dealWords([t]).length > 0),
    ];
    return { other, naming };
  });
  const meant = found.filter((f) => f.naming.length > 0);
  if (meant.length === 0 && comparing && related.length === 1 && BOTH_DEALS_RE.test(question)) return { other: related[0]!, naming: [] };
  return meant.length === 1 ? meant[0] : undefined;
}

/** What follows the first `word` in `text`, from the next word on. */
function afterWord(text: string, word: string): string {
  const at = phrasePattern([word]).exec(text);
  return at ? text.slice(at.index + at[0].length).trimStart() : '';
}

/** The words of a deal's areas, indications and modalities. */
function labelWords(deal: Deal): string[] {
  return [...deal.areas, ...deal.indications, ...deal.modalities].flatMap((l) => l.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !LABEL_FILLER.has(w));
}
const LABEL_FILLER = new Set(['and', 'of', 'the', 'in', 'for', 'disease', 'diseases']);

/** Words (or phrases in any punctuation: "lp a" is "Lp(a)") as written in a text, possessive too. */
function phrasePattern(words: readonly string[]): RegExp {
  const alternatives = words.map((w) => w.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(escapeRegExp).join('[^\\p{L}\\p{N}]+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?:['’]s)?(?![\\p{L}\\p{N}])`, 'iu');
}

/** Words for a deal, left out of a question about another deal with the words that named it. */
const DEAL_NOUNS = ['one', 'deal', 'deals', 'collab', 'collaboration', 'licence', 'license', 'agreement', 'partnership', 'transaction'];

/** Right after a word that ends its clause. */
const CLAUSE_END_RE = /^(?:['’]s)?\s*(?:[?!.,;:)\-–—]|$)/;
/** Right after a word that names a deal by its time or subject: a word for a deal, within two words. */
const DEAL_AFTER_RE = /^(?:['’]s)?\W*(?:[\p{L}\p{N}()&-]+\s+){0,2}?(?:deals?|collab\w*|licen[cs]\w*|agreements?|partnerships?|transactions?|investments?|one)\b/iu;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Month names and their short forms (not "mar"; "may" only as "May": both are ordinary words too). */
const MONTH_RE = /\b(?:january|february|march|april|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/gi;
/** Words that place a deal before or after this one, as they stand before a word for it ("the previous one", "the follow-on deal"; not "before the deal closed"). */
const EARLIER_OR_FIRST_RE = /\b(?:previous|earlier|prior|first|original|older|old)\b/gi;
const LATER_WORDS_G = /\b(?:later|subsequent|follow-?on|next|newer|new|latest|second)\b/gi;
/** A question that points at the thread's own deal ("this deal", "is it …"). */
const THIS_DEAL_RE = /\b(?:this|these)\s+(?:deal|one|collab\w*|licen[cs]e|agreement|partnership|investment|transaction)\b|\b(?:is|was|does|did)\s+(?:it|this)\b/i;
/** Words comparing two things by size ("bigger", "more"). */
const COMPARATIVES = 'bigger|larger|smaller|higher|lower|greater|more|less|fewer|better|worse';
/** Words comparing two things, whatever they compare. */
const COMPARING = String.raw`\bvs\.?(?!\w)|\bv\b|\bversus\b|\bcompar\w*|\bdiffer\w*|\bboth\b|\bchang(?:e|ed|es)\b|\bsame\s+as\b`;
/**
 * A comparison: "vs", "compare", "differ", "change", "the same as", "bigger … than" (not "other
 * than", nor "more than $50m", which compares the deal with an amount; "more than 2024's" is a
 * year, though).
 */
const COMPARES_RE = new RegExp(String.raw`${COMPARING}|\b(?:${COMPARATIVES})\s+(?:[\p{L}$€£\d.,-]+\s+){0,3}?than\b(?!\s*(?:[$€£¥]|(?:US|USD|EUR|GBP|CNY|RMB)\b|(?!(?:19|20)\d\d\b)\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|hundreds?|a\s+billion|a\s+million)\b))`, 'iu');
/** "Both deals", "the two deals", "each deal": with one other deal between the parties, that one. */
const BOTH_DEALS_RE = /\bboth\s+(?:[\p{L}-]+\s+)?(?:deals|agreements|licen[cs]es|collab\w*|partnerships|transactions)\b|\btwo\s+(?:deals|agreements|licen[cs]es)\b|\beach\s+deal\b/iu;
/**
 * The words a comparison asks with ("is the upfront bigger than …", "which is bigger?", "the
 * same as"), taken out of what is asked of each deal: the facts' figures side by side answer it.
 */
const COMPARING_WORDS_RE = new RegExp(String.raw`${COMPARING}|\bthan\b|\b(?:${COMPARATIVES}|same|which\s+is|which\s+one)\b`, 'gi');
/** A question asking which deal is bigger, better… */
const COMPARATIVE_RE = new RegExp(String.raw`\b(?:${COMPARATIVES})\b`, 'i');

/**
 * "How does the upfront compare with the earlier licence?", "the upfront in this deal vs the 2024
 * deal?": each deal's own answer, this one's first and the other's under the line naming it.
 * Only the facts' figures, side by side: no difference is worked out, as no fact states one.
 */
function comparison(catalog: Catalog, deal: Deal, other: Deal, naming: readonly string[], question: string): FactAnswer {
  // What is asked of each deal, without the words comparing them ("compare" would ask for the
  // history of each) or naming the other.
  const asked = withoutDealNames(question.replace(new RegExp(BOTH_DEALS_RE.source, 'giu'), ' '), naming).replace(COMPARING_WORDS_RE, ' ');
  const own = answerOn(catalog, deal, asked, false);
  const theirs = answerAboutOtherDeal(catalog, other, naming, asked);
  const kinds = [own.kind, theirs.kind];
  // Figures of different kinds side by side ("development milestones" against milestones that
  // cover development and sales) are no like-for-like answer to "which is bigger?".
  const ownKinds = moneyTopicsCited(deal, own.sentences);
  const theirKinds = moneyTopicsCited(other, theirs.sentences);
  // Two overviews ("compare to the 2024 deal") hold what each deal has; but asked which is
  // bigger, they do not settle it.
  const overviews = own.asked === 'an overview';
  const unlike = overviews
    ? YES_NO_OR_WHO_RE.test(question) || COMPARATIVE_RE.test(question)
    : ownKinds.size > 0 && theirKinds.size > 0 && (ownKinds.size !== theirKinds.size || [...ownKinds].some((t) => !theirKinds.has(t)));
  return {
    kind: unlike ? 'related' : kinds.every((k) => k === 'answered') ? 'answered' : kinds.every((k) => k === 'unknown') ? 'unknown' : 'related',
    asked: own.asked,
    sentences: [...own.sentences, ...theirs.sentences],
  };
}

/** The money topics (`value.upfront` …) of `deal`'s facts that `sentences` cite. */
function moneyTopicsCited(deal: Deal, sentences: readonly AnswerSentence[]): Set<FactTopic> {
  const cited = new Set(sentences.flatMap((x) => x.facts));
  return new Set(deal.facts.filter((f) => f.topic.startsWith('value.') && cited.has(factRef(deal, f))).map((f) => f.topic));
}

/** The question without the words that named another deal and the words for a deal: no part of what is asked of it. */
function withoutDealNames(question: string, naming: readonly string[]): string {
  return question.replace(new RegExp(phrasePattern([...naming, ...DEAL_NOUNS]).source, 'giu'), ' ');
}

/** The answer `other`'s facts give to a question about it asked under `deal`'s card. */
function answerAboutOtherDeal(catalog: Catalog, other: Deal, naming: readonly string[], question: string): FactAnswer {
  const inner = answerOn(catalog, other, withoutDealNames(question, naming), false);
  // Always first: the card's heading is the thread's deal, so without it the facts below would
  // read as that deal's. It cites the facts naming the deal and its date, else those below it.
  const said = other.facts.filter((f) => f.topic === 'date' || f.topic === 'parties').map((f) => factRef(other, f));
  const below = [...new Set(inner.sentences.flatMap((x) => x.facts))];
  const date = formatPartialDate(other.announced);
  const which: AnswerSentence = {
    text: `From ${date ? `the ${date} deal, ` : 'the deal '}${other.title}:`,
    facts: said.length > 0 ? said : below,
    ...(said.length === 0 && below.length === 0 ? { sources: other.sources.map((x) => `${other.id}/${x.id}`) } : {}),
  };
  return { kind: inner.kind, asked: `${inner.asked} in ${other.title}`, sentences: [which, ...inner.sentences] };
}

/** An overview under a question on no topic ("is it 18bn?"): related when it has a number the overview does not hold. */
function overview(deal: Deal, question: string): FactAnswer {
  const sentences = [...summaryFromFacts(deal), ...readingsOf(deal, undefined)];
  return { kind: numbersUnsaid(question, sentences) ? 'related' : 'answered', asked: 'an overview', sentences };
}

/** Answers `question` about `deal` from its facts. */
export function answerFromFacts(catalog: Catalog, deal: Deal, question: string): FactAnswer {
  return answerOn(catalog, deal, question, true);
}

function answerOn(catalog: Catalog, deal: Deal, question: string, mayRedirect: boolean): FactAnswer {
  const rules = questionRules(deal, question);
  // A topic asked of another deal ("the previous one's upfront?"); "did they do a deal before?"
  // alone is the history rule's.
  const comparing = COMPARES_RE.test(question) || BOTH_DEALS_RE.test(question);
  // A comparison on no topic ("how does this differ from the 2024 deal?") gets each deal's overview.
  if (mayRedirect && (comparing || rules.some((r) => !r.history))) {
    const asked = otherDealAsked(catalog, deal, question, comparing);
    if (asked && comparing) return comparison(catalog, deal, asked.other, asked.naming, question);
    if (asked) return answerAboutOtherDeal(catalog, asked.other, asked.naming, question);
  }
  const named = answerAboutNamed(catalog, deal, question, rules);
  if (named) return named;
  if (rules.length === 0) {
    return (
      answerAboutParty(deal, question) ??
      answerByWords(deal, question) ?? overview(deal, question)
    );
  }
  const seen = new Set<string>();
  const sentences: AnswerSentence[] = [];
  // A topic asked about that no fact covers, beside one that some fact does ("is the fee
  // upfront?" where no fact gives an upfront): the facts shown answer only part of it.
  let topicUnanswered = false;
  /** The first rule some fact answers: what the facts shown are about. */
  let answeredBy: TopicRule | undefined;
  for (const rule of rules) {
    let found = rule.history ? historySentences(catalog, deal, question) : factsOn(deal, rule.topics, rule.mentions);
    if (found.length === 0 && rule.namingParties) found = factsNamingParties(deal);
    if (found.length === 0) topicUnanswered = true;
    else answeredBy ??= rule;
    for (const s of found) {
      const key = s.facts.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      sentences.push(s);
    }
  }
  sentences.push(...readingsOf(deal, rules, sentences));
  if (sentences.length > 0) {
    const related =
      (topicUnanswered && answeredBy !== undefined) ||
      // "Why Beijing?": the background facts, never the parties' stated reasons.
      /\bwhy\b/i.test(question) ||
      countUnsaid(question, sentences) ||
      numbersUnsaid(question, sentences) ||
      marketsUnsaid(question, sentences) ||
      leavesWordsOut(deal, question, rules, sentences) ||
      payerUnsaid(deal, question, rules, sentences) ||
      directionUnsaid(deal, question, rules, sentences) ||
      ownerUnsaid(deal, question, rules, sentences);
    return { kind: related ? 'related' : 'answered', asked: (answeredBy ?? rules[0]!).asked, sentences };
  }
  return { kind: 'unknown', asked: rules[0]!.asked, sentences: summaryFromFacts(deal) };
}

/**
 * Where the sources disagree on what was asked (without a question or with an overview
 * question, a summary: on anything),
 * every reading with its own sources. The card shows the conflict, so no answer or summary
 * (from the facts or the model) may leave it out or say the sources are silent.
 */
export function disagreementsOn(deal: Deal, question?: string, stated: readonly AnswerSentence[] = []): AnswerSentence[] {
  const rules = question === undefined ? [] : questionRules(deal, question);
  // A question on no particular topic gets an overview, which shows every conflict.
  return readingsOf(deal, rules.length > 0 ? rules : undefined, stated);
}

/** The readings of the conflicts any of `rules` is about; of every conflict without rules. */
function readingsOf(deal: Deal, rules: readonly TopicRule[] | undefined, stated: readonly AnswerSentence[] = []): AnswerSentence[] {
  const sentences: AnswerSentence[] = [];
  // Figures the answer states: a conflict over one of them is shown whatever the question's
  // words ("sales milestones?" stating the disputed $1.92 billion).
  const figures = stated.flatMap((x) => moneyMentions(x.text).map((m) => `${m.money.currency} ${m.money.amount}`));
  for (const conflict of deal.conflicts) {
    const texts = [conflict.about, ...conflict.readings.map((r) => r.text)];
    // A money question matches the readings too (they name the components); any other only the
    // subject of the conflict: "is it exclusive?" is not about a reading that says "the licence".
    const searched = (rule: TopicRule) => (rule.topics.some((t) => t.startsWith('value.')) ? texts : [conflict.about]);
    const disputed = moneyMentions(conflict.about).some((m) => figures.includes(`${m.money.currency} ${m.money.amount}`));
    if (rules && !disputed && !rules.some((rule) => !rule.history && searched(rule).some((t) => rule.pattern.test(t)))) continue;
    conflict.readings.forEach((reading, k) => {
      const lead = k === 0 ? `The sources disagree on ${conflictSubject(conflict.about)}. One account: ` : 'Another account: ';
      sentences.push({ text: `${lead}${reading.text}`, facts: [], sources: reading.sources.map((id) => `${deal.id}/${id}`) });
    });
  }
  return sentences;
}

/** A short overview from the facts: who, when, how much, what for. */
export function summaryFromFacts(deal: Deal): AnswerSentence[] {
  const picked = SUMMARY_TOPICS.flatMap((t) => factsOn(deal, [t]));
  const money = factsOn(deal, ['value.development_milestones', 'value.commercial_milestones', 'value.royalties']);
  const all = [...picked, ...money];
  const order = new Map(deal.facts.map((f, i) => [factRef(deal, f), i]));
  return (all.length > 0 ? all : factsOn(deal, [...new Set(deal.facts.map((f) => f.topic))]))
    .filter((s, i, arr) => arr.findIndex((x) => x.facts[0] === s.facts[0]) === i)
    .sort((a, b) => (order.get(a.facts[0]!) ?? 0) - (order.get(b.facts[0]!) ?? 0))
    .slice(0, 8);
}
