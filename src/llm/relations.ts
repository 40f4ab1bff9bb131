/**
 * Relation words of the grounding verifier (see `verify.ts`, rule 2): words that link one fact
 * to another or give a reason. "Because China is AstraZeneca's second-largest market, it agreed
 * …", "in exchange for the $110 million upfront, AstraZeneca holds options", "the Beijing centre
 * will replace the one in Shanghai as its main hub", "following the success of their 2021
 * collaboration", "expanding an earlier collaboration": each fact may be cited, but the link is
 * a claim of its own; so are a purpose ("so that", "in order to"), a site said to be open or
 * running ("went live", "opened"), a claim about all of a set ("all of them", "each of the"), a
 * disagreement of the sources (supported too by a conflict the deal records about an amount the
 * sentence names), what a figure is the sum of, how long the deal runs ("multi-year", from any
 * fact of the deal), savings or speed ("cut trial costs"), a choice ("chose not to publish",
 * "picked Beijing to …"), who owns something ("retains ownership") and who leads the work
 * ("will lead development").
 * Each family a sentence uses needs a cited fact with a word of the same family, in the spirit of
 * `claims.ts`.
 *
 * Words are read narrowly: "since 2021" is time, only "since <subject> is / has / holds …" is a
 * reason; "in return" counts only with "for" (or "in exchange" alone); "following" a date or an
 * announcement is time, only "the success of" claims success; extending, expanding or building
 * on counts only with a deal as its object ("extends a collaboration", not "built on AI-led drug
 * discovery" nor "extends worldwide"). A fact that extends a deal supports "builds on", "expands"
 * and "an earlier collaboration", never "replaces", "renews" or "the success of".
 */
import type { Deal, Fact } from '../deals/schema';
import { dateRankKey } from '../deals/search';
import { cleanText } from './figures';
import { saidMissing, type CitedFact, type Silence } from './cited';

/** A deal, collaboration or the like: what is extended, replaced or succeeded. */
const DEAL_NOUN = `(?:collaborations?|partnerships?|deals?|agreements?|alliances?|relationships?|tie-?ups?|ties|pacts?|arrangements?|licen[cs]es?|contracts?)`;
/** A number of years, in digits or words: "five", "10". */
const YEARS = `(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)`;
/** Up to four words between a verb and its object, no clause break. */
const GAP = `(?:[\\p{L}\\p{N}'’&-]+\\s+){0,4}?`;
/** Up to four words of a noun phrase: no preposition ("build the model under the agreements" extends nothing). */
const NP_GAP = `(?:(?!(?:to|under|with|for|in|on|by|from|at|into|through|via|of|as|and|or|than)\\b)[\\p{L}\\p{N}'’&-]+\\s+){0,4}?`;
/** A place, a centre or a deal: what a thing succeeds or replaces ("succeeds the Shanghai centre"). */
const OBJECT = `(?:the|an?|its|their|his|her|this|that|[\\p{Lu}][\\p{L}.&-]*(?:['’]s)?)\\b`;

const RELATION_WORDS: { family: string; label: string; re: string }[] = [
  {
    family: 'cause',
    label: 'gives a reason or cause',
    re: [
      'because',
      'as a (?:direct )?(?:result|consequence)',
      'thanks to',
      'due to',
      'owing to',
      'on account of',
      '(?:driven|prompted|spurred|motivated|fuell?ed) by',
      'in (?:response|reaction) to',
      'in (?:the )?light of',
      'reflect(?:s|ed|ing)?',
      'mirror(?:s|ed|ing)',
      'in line with',
      'on the (?:back|strength) of',
      'given that',
      'hence',
      'therefore',
      'consequently',
      'thus',
      '(?:led|leads|leading) to',
      // "since China is …", "since it holds …": a reason; "since 2021", "since the deal was announced" are time.
      `(?<!\\bever\\s)since\\s+(?!\\d|then\\b|when\\b)${GAP}(?:is|are|isn['’]t|aren['’]t|holds?|has|have|can|will|would|may|must|does|do|owns?|remains?|needs?|wants?)\\b`,
      // "As China is …, …" at the start: a reason.
      `^as\\s+(?:[\\p{L}\\p{N}'’&-]+\\s+){1,4}?(?:is|are|holds?|has|have|remains?)\\b(?=[^,]*,)`,
    ].join('|'),
  },
  {
    family: 'purpose',
    label: 'gives one thing as the purpose of another',
    // Not "meant to", "designed to", "aimed at": hedges and targets ("is meant to include", "aimed at Lp(a)").
    re: 'so that|so as to|in order (?:to|for)|with (?:the|an) (?:aim|goal|intention|view) (?:of|to)|with a view to|to enable|enabling',
  },
  {
    family: 'operating',
    label: 'says something is open or running',
    re: 'went live|goes live|gone live|go-live|opened|under\\s?way|inaugurat(?:e|es|ed|ing|ion)|up and running|(?:is|are|was|were|became|becomes|become) operational|(?:began|begun|started|starts|commenced) operations?|broke ground|commissioned',
  },
  {
    family: 'all',
    label: 'says it holds for all of them',
    re: 'all of (?:them|these|those|the|its|their)|all (?:its|their)|every one of|each (?:of|one of) (?:them|these|those|the)|each and every|without exception|across the board',
  },
  {
    family: 'dispute',
    label: 'says the sources disagree',
    re: 'disagree(?:s|d|ment)?|disput(?:e|es|ed)|conflicting|contradict(?:s|ory|ing)?|inconsistent|(?:reports|sources|accounts)\\s+(?:differ|vary)',
  },
  {
    family: 'composition',
    label: 'says what a figure is made up of',
    // Not "comprise" / "made up of", which list a payment's parts as the facts give them, nor
    // "add up to", which is also "add" and a ceiling ("could add up to $3.6 billion").
    re: '(?:is|are)\\s+(?:simply|just|merely)\\s+the|(?:is|are)\\s+the\\s+sum\\s+of',
  },
  {
    family: 'term',
    label: 'gives how long the deal runs',
    re: [
      'multi-?years?|long-?term|short-?term',
      // A length in years given to the deal itself: "a five-year pact", "the agreement runs for
      // five years", "a term of ten years". Money "spent over five years" is a schedule, not a
      // term (and "a five-year investment" restates it); "five years under the agreement" is no
      // adjective.
      `${YEARS}[- ]year(?:[- ]long)?\\s+${NP_GAP}${DEAL_NOUN}`,
      `${DEAL_NOUN}\\s+${GAP}(?:runs?|lasts?|spans?|running|lasting|spanning|(?:will|would|is\\s+(?:set|due)\\s+to)\\s+(?:run|last|span))\\s+(?:for\\s+)?(?:about\\s+|around\\s+|some\\s+)?${YEARS}[- ]years?`,
      `(?:term|duration|length|lifetime)\\s+of\\s+(?:about\\s+|around\\s+|some\\s+)?${YEARS}[- ]years?`,
    ].join('|'),
  },
  {
    // Apart from a term: "multi-year" is long, and supports no deal without an end.
    family: 'perpetual',
    label: 'says the deal or a right has no end',
    re: 'open-?ended|perpetual(?:ly)?|in\\s+perpetuity|irrevocabl[ey]|irreversibl[ey]|indefinite(?:ly)?|for\\s+ever|forever',
  },
  {
    family: 'savings',
    label: 'claims savings or speed',
    re: '(?:cut|cuts|cutting|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|sav(?:e|es|ed|ing)|shorten(?:s|ed|ing)?)\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:costs?|time|timelines?|spending|expenses?)|cost[- ]savings?|speed(?:s|ed|ing)?\\s+up|accelerat(?:e|es|ed|ing|ion)|faster|quicker',
  },
  {
    family: 'choice',
    label: 'says someone chose to',
    // Not what one "can choose to" do: an option, the options fact's to support.
    re: '(?<!\\b(?:can|could|may|might|would)\\s)(?:chose|choose|chooses|choosing|decided|decides|deciding|opted|opts|opting|elected|elects)\\s+(?:not\\s+)?to|(?:picked|selected|chose|chosen)\\s+(?:\\S+\\s+){1,6}?(?:to|because|for\\s+its)\\b',
  },
  {
    family: 'ownership',
    label: 'says who owns something',
    // Not "its own programmes", "on its own": a possessive adjective.
    re: 'owns|owned\\s+by|ownership|retains?\\s+(?:the\\s+)?(?:ownership|title|(?:all\\s+)?(?:the\\s+)?rights)|proprietary',
  },
  {
    family: 'lead',
    label: 'says who leads the work',
    // Not "AI-led research": a compound adjective.
    re: '(?<!-)(?:lead|leads|leading|led)\\s+(?:the\\s+)?(?:development|work|research|effort|programme|program|model|project|trials?)|(?:lead|leading)\\s+(?:role|partner|developer)|in\\s+charge\\s+of',
  },
  {
    family: 'corporate',
    label: 'says how companies are tied (a parent, a unit, a founder)',
    re: "subsidiar(?:y|ies)|affiliates?|affiliated\\s+with|parent\\s+(?:company|group)|spin-?offs?|spun\\s+(?:out|off)|(?:co-)?found(?:ed|ers?)|(?<=['’]s\\s(?:[\\p{L}&-]+\\s){0,2})(?:unit|division|arm)",
  },
  {
    family: 'incentives',
    label: 'says there is public money or a tax break',
    re: 'tax(?:es)?[- ](?:incentives?|breaks?|credits?|relief|exemptions?|free)|incentives?|subsid(?:y|ies|ised|ized|ising|izing)|(?:government|state|public|city|municipal|research|cash)\\s+grants?|grant\\s+funding|matching\\s+(?:funds?|funding|investment)|co-?fund(?:s|ed|ing)?',
  },
  {
    family: 'exchange',
    label: 'says what is given in exchange for what',
    re: 'in (?:exchange|return) for|in exchange\\b|in consideration (?:of|for)|as (?:the )?consideration (?:of|for)|(?:in|as) payment for',
  },
  {
    family: 'success',
    label: 'calls something a success',
    re: `successes|(?:the|its|their|this|that)\\s+success(?:\\s+of)?|success(?:ful(?:ly)?)?\\s+(?:(?:\\d{4}|earlier|previous|prior|first|initial|existing|past)\\s+)*${DEAL_NOUN}|(?:follow(?:s|ed|ing)?|after|build(?:s|ing)? on|built on)\\s+(?:the\\s+|its\\s+|their\\s+)?success\\b`,
  },
  {
    family: 'replace',
    label: 'says one thing replaces or succeeds another',
    re: `replac(?:e|es|ed|ing|ements?)|supersed(?:e|es|ed|ing)|supplant(?:s|ed|ing)?|succeed(?:s|ed|ing)?(?=\\s+${OBJECT})|successors?|in (?:the )?place of|t(?:ake|akes|aking|aken|ook) over from`,
  },
  {
    family: 'main hub',
    label: 'ranks a site as the main one',
    re: `(?:main|principal|primary|chief|central|flagship|biggest|largest|lead|leading|core)\\s+(?:(?:global|regional|strategic|Chinese|China|R&D|research|AI|innovation)\\s+)*(?:hubs?|centres?|centers?|sites?|bases?|headquarters|campus(?:es)?|locations?|facilit(?:y|ies))|headquarters`,
  },
  {
    family: 'renew',
    label: 'says an earlier deal is renewed',
    re: `renew(?:s|ed|ing|als?)?|re-?signs?|re-?signed`,
  },
  {
    family: 'extends',
    label: 'says the deal extends an earlier one',
    re: [
      `(?:extend(?:s|ed|ing)?|expand(?:s|ed|ing)?|broaden(?:s|ed|ing)?|deepen(?:s|ed|ing)?|widen(?:s|ed|ing)?|strengthen(?:s|ed|ing)?|continu(?:e|es|ed|ing)|enlarg(?:e|es|ed|ing))\\s+${NP_GAP}${DEAL_NOUN}`,
      `(?:build(?:s|ing)?|built)\\s+(?:on|upon)\\s+${NP_GAP}${DEAL_NOUN}`,
      `(?:extension|expansion|continuation|outgrowth|follow-?on|follow-?up)s?\\s+(?:of|to|from)\\s+${NP_GAP}${DEAL_NOUN}`,
      `(?:extended|expanded|broadened|deepened|widened|enlarged)\\s+(?:[\\p{L}-]+\\s+){0,2}?${DEAL_NOUN}`,
    ].join('|'),
  },
  {
    // Supported by a fact that extends a deal (that deal is an earlier one), or by facts of two deals.
    family: 'earlier',
    label: 'says there was an earlier deal',
    re: `(?:earlier|existing|previous|prior|long-?standing|original|preceding)\\s+(?:(?!(?:to|than|in|on|at|for|with|of|by|from|under|and|or)\\b)[\\p{L}\\p{N}-]+\\s+){0,2}?${DEAL_NOUN}`,
  },
];
const RELATION_RES = RELATION_WORDS.map(({ family, label, re }) => ({
  family,
  label,
  re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${re})(?![\\p{L}\\p{N}])`, 'giu'),
}));
/** Each family `text` uses, with the words that say it first; `skip` says where a word claims nothing. */
function relationFamilies(text: string, skip = (_at: number): boolean => false): Map<string, { words: string; label: string }> {
  const out = new Map<string, { words: string; label: string }>();
  for (const { family, label, re } of RELATION_RES) {
    // The first match outside a silence: the family is said, and later matches add nothing.
    for (const m of text.matchAll(re)) {
      if (skip(m.index)) continue;
      out.set(family, { words: m[0].trim(), label });
      break;
    }
  }
  return out;
}

const factRelationCache = new WeakMap<Fact, Set<string>>();
/** An amount as written in a sentence or a conflict's reading: "$1.92 billion". */
const AMOUNT_RE = /\$\s?\d[\d.,]*\s*(?:billion|million|bn|m)\b/gi;

/** The relation families a fact's text uses, read once. */
export function factFamilies(fact: Fact): Set<string> {
  let families = factRelationCache.get(fact);
  if (!families) {
    families = new Set(relationFamilies(cleanText(fact.text)).keys());
    factRelationCache.set(fact, families);
  }
  return families;
}

/**
 * Checks the relation words of a sentence against its cited facts: each family must be used by
 * one of them. A deal said to extend an earlier one supports "an earlier / existing / previous
 * collaboration" (it is one), and so do facts of two deals (which came first is the dates' to say). A word inside what "the sources do not say …" is about claims nothing.
 */
export function checkRelationWords(text: string, cited: readonly CitedFact[], silent: readonly Silence[], asked?: Deal): string[] {
  const said = relationFamilies(text, (at) => saidMissing(silent, at));
  if (said.size === 0) return [];
  const supported = new Set<string>();
  for (const f of cited) for (const family of factFamilies(f.fact)) supported.add(family);
  const deals = [...new Set(cited.map((f) => f.deal))];
  // A disagreement the deal records as a conflict, about an amount the sentence names.
  if (said.has('dispute')) {
    const amounts = text.match(AMOUNT_RE) ?? [];
    const conflicts = deals.flatMap((d) => d.conflicts.flatMap((c) => [c.about, ...c.readings.map((r) => r.text)]));
    if (amounts.some((a) => conflicts.some((t) => cleanText(t).includes(a)))) supported.add('dispute');
  }
  // How long a deal runs is said of the deal as a whole: any of its facts, cited or not.
  for (const family of ['term', 'perpetual']) {
    if (said.has(family) && deals.some((d) => d.facts.some((f) => factFamilies(f).has(family)))) supported.add(family);
  }
  if (supported.has('extends') || new Set(cited.map((f) => f.deal.id)).size > 1) supported.add('earlier');
  // A question's context holds the deal asked about and its earlier deals: a sentence citing one
  // of those may call it "the earlier licence".
  if (asked && deals.some((d) => d.id !== asked.id && announcedBefore(d, asked))) supported.add('earlier');
  return [...said]
    .filter(([family]) => !supported.has(family))
    .map(([, { words, label }]) => `"${words}" ${label}, which no cited fact says`);
}

/** Whether deal `a` was announced before deal `b`, both dates known. */
export function announcedBefore(a: Deal, b: Deal): boolean {
  return a.announced.precision !== 'unknown' && b.announced.precision !== 'unknown' && dateRankKey(a.announced) < dateRankKey(b.announced);
}
