/**
 * The grounding verifier: decides, sentence by sentence, whether a model-written summary or
 * answer states only what its cited facts support. THE ONE RULE — the bot never states a figure
 * its facts do not support — is enforced here, after generation, on every sentence.
 *
 * A sentence passes only when all of these hold:
 * 1. Citations. It cites at least one fact, as "<dealId>/<factId>", and every reference is a
 *    fact of a deal in question. Unknown ids and facts of other deals fail.
 * 2. Figures. Every figure it states (see `figures.ts`) is found in its cited facts:
 *    - money by normalised amount (and currency when both sides state one), given for the same
 *      quantity (upfront, development/sales milestones, total, fees, investment, …: read from
 *      the cue words in the figure's own clause, or before a colon in its own sentence part,
 *      matched against the fact's topic or the fact's own cue words; words attached after the
 *      figure, "$X in milestones", "$X tied to milestones", "$X, paid upfront", win over a
 *      nearer cue before it, so "worth $X in equity" is equity, not a total, though a total
 *      never attaches and neither do "as part of …" or words after a preposition, "$X in cash
 *      ahead of milestones"), with a compatible
 *      qualifier (a ceiling "up to $X" may not be restated as a firm "$X" or "more than $X",
 *      nor a firm "$X" as a contingent "up to $X", nor as an approximate "about $X" (the prompt
 *      forbids adding "about", inside another qualifier too: "up to about $X"; an approximate
 *      fact may be restated approximately); "hands
 *      over $X" is no "over $X"; a negated comparison turns round, "not exceeding" being a
 *      ceiling; "almost" and "just over" say the amount is not X, which only
 *      a fact saying so supports, and so do "barely", "only just", "a hair / a tad under or
 *      over", "the best part of", "close on", "verging on", "virtually", "$X and change",
 *      "$X-odd", "$X or just under", "$X and a bit"; "a mere $X" is X);
 *    - at the same rate: "$2.5 billion a year", "per programme", "annually", or in a clause
 *      with "each" / "every" / "per" / "apiece", only as a cited fact stating it says;
 *    - with what it includes, excludes or adds to ("including", "not including", "plus", "on
 *      top of", …) said by a cited fact stating it in a word of the same family, except that
 *      separate payments (upfront, milestones, royalties, …) may exclude or add to each other,
 *      and "the deal included $X upfront", with no other amount or quantity word in the
 *      sentence, relates it to nothing;
 *    - who pays and who receives it, where the sentence says so in a plain shape ("X pays Y",
 *      "Y receives … from X", "… to Y", "X, not Y, receives", "… was Y's", "… for Y", "… in
 *      Y's favour", and other verbs of paying and receiving: "Y took home", "X shelled out",
 *      "X put … into Y"; with parties joined by "and" read together: "X pays Y and Z"): each
 *      side as the cited fact stating the figure says, or where it leaves that side unnamed,
 *      as the deal's roles say (see `flows.ts`), or else as the deal's cited facts say who
 *      pays or receives its payments; the one party off a named side takes the other only
 *      where exactly one is; every party named on a side must be on it, so a side nothing
 *      names fails ("AstraZeneca pays Tempus" where the fact names only Tempus, in a
 *      three-party deal); and so for royalties ("X will pay Y royalties"), against the cited
 *      facts about royalties;
 *    - percentages, counts, ordinals, years and dates by value; a date may be stated at the
 *      cited facts' precision or coarser, never finer, and parts of a month, quarter or year
 *      ("late June", "the end of 2023") only as the cited facts give them; the noun after a
 *      percentage or count ("80% of the rights", "1,700 scientists"; "staff", "employees" and
 *      "headcount" are "people"; a headcount put at a centre, site or lab in its clause needs
 *      a cited fact stating it that names the place), and what and where an
 *      ordinal ranks ("second worldwide"), must be words of a cited fact stating the figure,
 *      and a capitalised possessive before that noun ("80% of CSPC's revenue") a name it
 *      mentions (or an alias);
 *    - "One programme" (or "in one programme") opening a sentence or clause only as a cited
 *      fact's "one of the programmes";
 *    - a figure said to be the whole of milestones ("$X in milestone payments in total",
 *      "combined", "altogether") only as a cited fact gives it for milestones in general or for
 *      both kinds, not for one kind;
 *    - shares of a whole in words ("the bulk of", "the majority of", "the lion's share", "most
 *      of") only as a cited fact says them;
 *    - superlatives, rankings and multipliers ("largest", "a record", "record deal", "doubles",
 *      "most significant", "a leading", "its only", "AstraZeneca's top"; not the verb "record",
 *      "at most", "not only" or "leading to") only as a cited fact says them;
 *    - rate descriptors ("single-digit", "tiered", …) verbatim, and any mention of royalties
 *      needs a cited fact about royalties;
 *    - the kind of deal a sentence claims in words (with or without money): a company acquired,
 *      bought or taken over ("acquired the AI company Immunai", "Immunai, acquired by …", "the
 *      takeover"), a merger, a licence ("licensed", "in-license"), an equity stake ("shares in
 *      Immunai", "a minority interest"), an investment ("invested $X", "put $X into Immunai")
 *      or a joint venture needs a deal type that says so or a cited fact with a word of the
 *      same family (an asset bought, "acquired YS2302018", is an acquisition too); "acquires
 *      the rights", "investment in China", "shares in the model" and "not an acquisition" claim none, and a kind inside "options to
 *      …" (or "options for / cover …") claims only an option to it, which a fact must say in the
 *      same way; a kind inside a clause about what the sources lack claims nothing;
 *    - a figure or money word in a clause with a negation ("CSPC does not receive $110
 *      million", "royalties are not payable") is supported only by a cited fact that says it
 *      with a negation in the same clause ("their terms are not recorded"), and so is a party
 *      named right after a negation ("AstraZeneca, not CSPC, holds …"); the negation in a
 *      qualifier ("not exceeding $X") is read as the qualifier, "not only" denies nothing, and
 *      "not including" nothing only between separate payments; a denial with no figure nor money
 *      word ("Pathos AI cannot use the model") needs a cited fact denying something in a clause
 *      that shares a word with it (bareNegationDeniesNothing says which negations deny nothing);
 *    - "the sources (we hold) do not say / mention / give …", "no source says …": a clause about
 *      what the sources lack, with no figure in it, is no denial, but each thing it says they
 *      lack (upfront, royalties, milestones, equity, fees, investment, total, terms, date; bare
 *      money words stand for any amount) must be missing from every fact and from the value of
 *      the deal, cited or not; royalties said to be missing need no fact about royalties; a
 *      silence about one aspect of a payment is judged for that aspect, and may name a figure
 *      (checked as ever) as what it is about: "do not say who pays / receives $X" is true only
 *      where no fact or role of the deal names a payer / a receiver of any of its money; "when
 *      the milestones fall due" only where no fact about them gives a date or schedule; "how
 *      the $200 million divides between …" / "break $X down into …" only where the deal gives
 *      no smaller amount and no share (the parts named are not claims); "the royalty rate(s)"
 *      only where no royalty fact gives a percentage, and "the royalty tiers" (of royalties a
 *      fact calls tiered) only where none gives a percentage or an amount; "what AstraZeneca
 *      would pay to exercise its options" only where no fact with money speaks of exercising
 *      them; "how many of the about 1,700 people … will work at the centre" only where no fact
 *      stating the count gives another count or a share beside it (the place asked about is
 *      no headcount's); "but do not say …" after "the sources
 *      say …" is a silence too, and a question just before a bare silence ("What's the
 *      upfront? The sources do not say.") is what it says is missing; so are "… without saying
 *      who paid it", "give no breakdown of …" and the passive "the royalty rate is not specified
 *      in the sources we hold"; a scope said to be missing ("do not mention exclusivity",
 *      "whether the rights are worldwide") must be missing from every fact of the deal, and
 *      so must the deal's areas ("which disease areas") and an earlier deal it extends
 *      ("whether they had worked together before");
 *    - words of a small vocabulary of areas and indications, modalities, routes, stages and
 *      mechanism verbs ("oncology", "oral", "injectable", "Phase II", "inhibits") only as a cited
 *      fact or the cited deal's title, stage, modalities, areas or indications uses a word of
 *      the same family ("cancer" is oncology; see `SCIENCE_WORDS` in `claims.ts`), money or
 *      no money; a modality, route or mechanism said of an asset code ("YS2302018 is an oral
 *      PCSK9 inhibitor") only as a fact says it of that code or of none;
 *    - an upfront or milestones mentioned otherwise ("the deal included milestones") need the
 *      deal's facts or value to give them, cited or not;
 *    - what became of a payment or where it stands, in a sentence about money ("waived",
 *      "refunded", "clawed back", "lacks", "failed to", "delayed", "already", "still pending",
 *      "in full", "in instalments", "subject to approval", "payable on", "completed", "has been
 *      paid", "has received", "creditable against"), when it is paid ("paid out over the term",
 *      "spread over five years", "annually", "in equal parts") or what it is for ("is to fund",
 *      "the money funds", "will pay for", "earmarked for", "the $X covers"), or of rights, options or licences
 *      ("returned", "exercised"; not "can exercise", and "still" only about money), needs a cited
 *      fact with a word of the same family, unless the sources are said to lack it; a plain
 *      past tense ("CSPC received $110 million") is left alone, unless every cited fact with
 *      money says it is still to come ("is to receive", "can earn", "eligible for"):
 *      `checkPastPayment`.
 *    - who does a deed (run, discover, develop, lead, hold, own, …; not money, above): where a
 *      cited fact makes a party its agent, the sentence may make only such parties its agent,
 *      and "co-discovered" needs two ("AstraZeneca runs the research" citing "CSPC runs the
 *      AI-led research itself" fails); a verb a cited fact only hedges ("may be developed",
 *      "plans to develop") may not be told as settled ("will be developed", "is developing")
 *      unless another cited fact tells it so, nor begun ("has begun developing"), nor a choice a
 *      fact leaves open ("on its own or combined with AZD0780") told as made (see `agents.ts`);
 *    - together, alone, whose: a joint word ("jointly building", "together committed",
 *      "co-develops", "pooled store") needs a cited fact telling that verb as shared (a joint
 *      word, a deed of two parties, "the three companies will build"); "only <party>" or
 *      "<party> alone" a cited fact giving that party something alone; "<party>'s <thing>" no
 *      cited fact giving the same thing to another party (`checkTogetherAlone`);
 *    - "not disclosed", "undisclosed", "not (yet) announced" with no one named are the parties'
 *      acts: a cited fact must say them (or, for terms, the deal record its value undisclosed);
 *      a source that gives no terms or date says nothing of the parties;
 *    - who said, confirmed, denied, expects or sees it ("AstraZeneca confirmed …", "Beijing
 *      officials said …", "analysts saw it as a benchmark", "according to Morningstar", "is
 *      widely seen as …"): a statement needs a cited fact giving a statement or view of the same
 *      holder (or, for an announcement by the deal's parties, a fact that it "was announced"; for
 *      reports or a publisher of a cited fact's source, nothing more than the fact); a view a
 *      view, a denial a denial, a negated one a negated one; "<party> valued / priced / pegged
 *      the deal at $X" is that party's statement (see `checkVoices`);
 *    - exclusivity and territory ("exclusive", "non-exclusive", "worldwide" / "global",
 *      "outside / ex- / excluding <Place>") only as a cited fact says them, in a word of the same
 *      family and with the same place, unless the sources are said to lack them;
 *    - who took a licence from whom ("<A> took / in-licensed … from <B>", "<B> granted <A> a
 *      licence", "<A>, the licensee"): where a cited fact or the parties' roles name the licensee
 *      or the licensor, no other party may be made it (`checkLicences`);
 *    - done, not to come: a perfect or "already" ("have built", "has reached", "already runs")
 *      needs a cited fact telling that verb as done or going on; it fails where the cited facts
 *      tell it only as planned or to come, or tell only plans (`checkCompletions`);
 *    - a term in quotation marks ("its "dual-engine" platform") is in a cited fact or the deal's
 *      title, names or rights (`checkQuotedTerms`);
 *    - certain or possible as the facts give a figure: "will earn", "is set to receive", "is
 *      due", "now employs" for a figure the cited facts give as possible or expected ("can earn",
 *      "eligible for", "expects … to reach") fail, and so does "could receive" for one they give
 *      as certain (`checkCertainty`);
 * 3. Names. Capitalised names are parties (or aliases) of the deals in question, or are named in
 *    the cited facts or the deals' own title/location/territory/rights; a company name ("<words>
 *    Pharma", "… Genomics", "… Group") is checked as a whole, its words but company words being a
 *    party's or alias's, or a cited fact naming it ("Sales Pharma" fails though "sales" and
 *    "pharma" are each known); in the clause of a figure,
 *    a name other than a party's must be in a cited fact stating that figure (or, beside money,
 *    the deal's own title, asset or place): "a $2.5 billion joint venture with BioKangtai" fails
 *    where the $2.5 billion is the investment's.
 * 4. Hygiene. No hidden (zero-width or bidi) characters, no Slack control sequences
 *    (`<!channel>`, `<@U…>`, links) and no instruction-like text ("ignore previous instructions").
 *
 * The word-family checks of rule 2 (the kind of deal, science words, what became of a payment,
 * exclusivity and territory) live in `claims.ts`, the words that link facts (cause, exchange,
 * succession, extension of an earlier deal) in `relations.ts`, what a claim is about (what money
 * is for, where a thing is based, what a share comes from, between whom a tie is) in
 * `objects.ts`; the types and money words they
 * share with this module (`CitedFact`, `Silence`, `CLAIM_WORDS`) in `cited.ts`.
 *
 * The verifier is deliberately strict: a faithful sentence that it cannot tie to its facts is
 * dropped, which costs a little prose; an unsupported figure reaching an analyst costs trust.
 *
 * It reads words, not grammar, so some claims about words still pass: a direction in a shape
 * `flows.ts` does not read, a party put on a side by a cited fact about another of the deal's
 * payments (those decide a side the stating fact and the roles leave unnamed), a noun after a
 * modifier that is itself a word of the fact ("80% of CSPC's drug profits": only "drug" is
 * read), a denial of something that is not a figure or money ("AstraZeneca holds no options"),
 * a deed in a synonym or shape `agents.ts` does not read ("AstraZeneca helps run the research",
 * "CSPC runs it with AstraZeneca"), a denial without a negation word in other words than
 * those of a payment's fate ("CSPC is
 * excluded from the $110 million"), a negation split from a figure before it by commas ("$110 million, it seems, is not right"), and a
 * territory or exclusivity in other words ("in every market", "sole rights"). A synonym of the fact's
 * noun ("three partners" for "three companies") is blocked, and so is a faithful negation in
 * other money words than the fact's ("the amount paid was not disclosed" for "the amount was
 * not disclosed").
 */
import type { Deal, Fact, Party } from '../deals/schema';
import { CORPORATE_WORDS, normalize } from '../deals/text';
import { borrowedTerms } from './terms';
import { escapeRegExp } from '../regexp';
import {
  cleanText,
  describeFigure,
  describeQualifier,
  describeQuantity,
  extractFigures,
  INVISIBLE_RE,
  negationQualifier,
  type FigureQualifier,
  quantitiesIn,
  type DateFigure,
  type Figure,
  type MoneyFigure,
  type Quantity,
} from './figures';
import { completions, deeds, doneAndToCome, exclusives, hedges, helpers, jointClaims, licences, namesParty, pluralDeeds, PARTY_ROLES, possessions, REPORT_ROLES, samePossession, settled, voices, type Holder, type Voice } from './agents';
import { moneyFlows, samePayable, type MoneyFlow, type Payable } from './flows';
import { CLAIM_WORDS, saidMissing, type CitedFact, type Silence } from './cited';
import { checkAddedWords, checkDealKinds, checkDealStatus, checkPastPayment, checkPaymentEvents, checkPlurality, checkRightsTerritory, checkScienceWords, checkScopeWords, factScopeFamilies, scopeClaims } from './claims';
import { announcedBefore, checkRelationWords, factFamilies } from './relations';
import { checkBetween, checkDroppedPrefixes, checkLicensedAssets, checkLimits, checkPlaces, checkPurposes, checkRankMeasures, checkSources, checkToolsAndUses } from './objects';
import { wordTable } from '../word-table';

// ---------------------------------------------------------------------------------------------
// Public types

/** The deal(s) the question or summary is about. Only their facts may be cited. */
export interface VerifyContext {
  deals: readonly Deal[];
}

/** One sentence as the model returns it: its text and the fact references it relies on. */
export interface ModelSentence {
  text: string;
  /** Fact references, "<dealId>/<factId>", e.g. "az-cspc-2025/upfront-110m". */
  facts: string[];
}

/** The model's structured output. */
export interface ModelOutput {
  sentences: ModelSentence[];
}

export type SentenceVerdict =
  | { text: string; facts: string[]; ok: true }
  | { text: string; facts: string[]; ok: false; reasons: string[] };

export type FailedSentence = Extract<SentenceVerdict, { ok: false }>;

export interface AnswerVerification {
  /** One verdict per model sentence, in order. */
  verdicts: SentenceVerdict[];
  /** The sentences that passed, in order: safe to post. */
  passed: ModelSentence[];
  /** The sentences that failed, with their reasons. */
  failed: FailedSentence[];
}

/** What the caller should do with a verified answer. */
export type AnswerDecision =
  | {
      kind: 'post';
      /** The sentences to post, in order. */
      sentences: ModelSentence[];
      /** How many sentences were dropped because they failed verification. */
      dropped: number;
    }
  | {
      kind: 'fallback';
      /** Why the model's text is not used; suitable for logs and a short user-facing note. */
      reason: string;
    };

// ---------------------------------------------------------------------------------------------
// Fact references

/** Splits "<dealId>/<factId>"; undefined when the reference is not of that shape. */
export function parseFactRef(ref: string): { dealId: string; factId: string } | undefined {
  const m = /^([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*)$/.exec(ref.trim());
  if (!m) return undefined;
  return { dealId: m[1]!, factId: m[2]! };
}

export function factRef(deal: Pick<Deal, 'id'>, fact: Pick<Fact, 'id'>): string {
  return `${deal.id}/${fact.id}`;
}

// ---------------------------------------------------------------------------------------------
// Prepared context (cached per context object and per fact)

interface Prepared {
  dealIds: Set<string>;
  /** The parties' names and aliases, cleaned, for numerals written in names. */
  partyText: string;
  facts: Map<string, CitedFact>;
  /** Names and aliases of every party, plus the deals' title, location, territory and rights. */
  dealWords: Set<string>;
  /** Each party name's and alias's core, company words left out ("cspc", "vergegenomics" → "verge"; see companyCore). */
  partyCores: Set<string>;
}

const preparedCache = new WeakMap<VerifyContext, Prepared>();
const factCache = new WeakMap<Fact, { text: string; figures: Figure[]; words: Set<string>; leftover: string }>();

/** `text` (cleaned) with the figures found in it blanked out. */
function blankFigures(text: string, figures: readonly Figure[]): string {
  let out = text;
  for (const f of figures) out = out.slice(0, f.start) + ' '.repeat(f.end - f.start) + out.slice(f.end);
  return out;
}

function wordSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of cleanText(text).split(/[^\p{L}\p{N}]+/u)) {
    if (!raw) continue;
    const n = normalize(raw);
    if (n) for (const t of n.split(' ')) out.add(t);
  }
  return out;
}

function topicQuantity(topic: Fact['topic']): Quantity | undefined {
  if (!topic.startsWith('value.')) return undefined;
  return topic.slice('value.'.length) as Quantity;
}

function prepare(ctx: VerifyContext): Prepared {
  const cached = preparedCache.get(ctx);
  if (cached) return cached;
  const facts = new Map<string, CitedFact>();
  const dealWords = new Set<string>();
  for (const deal of ctx.deals) {
    const publishers = new Map(deal.sources.map((s) => [s.id, s.publisher]));
    for (const fact of deal.facts) {
      let f = factCache.get(fact);
      if (!f) {
        const text = cleanText(fact.text);
        const figures = extractFigures(text);
        f = { text, figures, words: wordSet(text), leftover: blankFigures(text, figures).toLowerCase() };
        factCache.set(fact, f);
      }
      const publisherWords = new Set<string>();
      for (const s of fact.sources) {
        // "Xinhua via China.org.cn": the names, not the domains.
        const names = (publishers.get(s) ?? '').split(/\s+/).filter((w) => !/\.\w/.test(w)).join(' ');
        for (const w of wordSet(names)) publisherWords.add(w);
      }
      const tq = topicQuantity(fact.topic);
      facts.set(factRef(deal, fact), {
        ref: factRef(deal, fact),
        deal,
        fact,
        text: f.text,
        figures: f.figures,
        ...(tq ? { topicQuantity: tq } : {}),
        moneyCount: f.figures.filter((g) => g.kind === 'money').length,
        words: f.words,
        leftover: f.leftover,
        publisherWords,
        mentionsRoyalties: /royalt/i.test(f.text) || fact.topic === 'value.royalties',
      });
    }
    const texts = [deal.title, deal.location ?? '', deal.territory ?? '', ...deal.rights];
    for (const p of deal.parties) texts.push(p.name, ...p.aliases);
    for (const t of texts) for (const w of wordSet(t)) dealWords.add(w);
  }
  const partyNames = ctx.deals.flatMap((d) => d.parties.flatMap((p) => [p.name, ...p.aliases]));
  const partyText = cleanText(partyNames.join(' | '));
  const partyCores = new Set(partyNames.map((name) => companyCore(wordsOf(name).map(({ word }) => word))).filter(Boolean));
  const prepared: Prepared = { dealIds: new Set(ctx.deals.map((d) => d.id)), partyText, facts, dealWords, partyCores };
  preparedCache.set(ctx, prepared);
  return prepared;
}

// ---------------------------------------------------------------------------------------------
// Rule 1: citations

function checkCitations(refs: readonly unknown[], p: Prepared): { cited: CitedFact[]; reasons: string[] } {
  const reasons: string[] = [];
  const cited: CitedFact[] = [];
  if (refs.length === 0) reasons.push('cites no facts');
  for (const ref of refs) {
    if (typeof ref !== 'string') {
      reasons.push(`fact reference ${JSON.stringify(ref)} is not a string`);
      continue;
    }
    const known = p.facts.get(ref.trim());
    if (known) {
      if (!cited.includes(known)) cited.push(known);
      continue;
    }
    const parsed = parseFactRef(ref);
    if (!parsed) {
      reasons.push(`fact reference '${ref}' is not of the form <dealId>/<factId>`);
    } else if (!p.dealIds.has(parsed.dealId)) {
      reasons.push(`cites '${ref}', a fact of deal '${parsed.dealId}', which is not a deal in question`);
    } else {
      reasons.push(`cites unknown fact '${ref}'`);
    }
  }
  // A sentence keeps to one deal: with facts of two, a figure of one could be told as the
  // other's ("In the 2025 collaboration, CSPC receives $100 million upfront", citing the 2025
  // date and the 2024 upfront).
  const dealIds = new Set(cited.map((f) => f.deal.id));
  if (dealIds.size > 1) reasons.push(`cites facts of ${dealIds.size} deals (${[...dealIds].join(', ')}); a sentence must keep to one deal`);
  return { cited, reasons };
}

// ---------------------------------------------------------------------------------------------
// Rule 2: figures

/** Which fact quantities support a sentence figure given for quantity `q`. */
const ACCEPTS: Record<Quantity, readonly Quantity[]> = {
  upfront: ['upfront'],
  near_term: ['near_term'],
  equity: ['equity', 'investment'],
  investment: ['investment', 'equity'],
  fees: ['fees'],
  development_milestones: ['development_milestones'],
  commercial_milestones: ['commercial_milestones'],
  // "Milestones" in general may restate either kind; the reverse is more specific than the facts.
  milestones: ['milestones', 'development_milestones', 'commercial_milestones', 'all_milestones'],
  // "$3.6 billion in clinical and sales milestones" claims both kinds: only a fact about both
  // says that.
  all_milestones: ['all_milestones'],
  // An investment deal's value is its investment ("worth $2.5 billion").
  total: ['total', 'investment'],
  royalties: ['royalties'],
};

/**
 * Qualifier compatibility: may a sentence say it this way when the fact says it that way?
 * A ceiling stays a ceiling; nothing may be raised to "more than" or lowered to "less than"
 * unless the fact says so; an exact figure may not be softened to "about" / "roughly" (the
 * prompt forbids adding an approximation, and "about $42 million" tells an analyst the amount is
 * not known to the dollar) nor told as "up to" (a contingent ceiling, where the fact says the
 * amount is firm), and an approximate one may not be stated as firm or as a ceiling. "Almost $X" and "just over $X" say the amount is not X:
 * only a fact that says so supports them.
 */
function qualifierSupports(fact: FigureQualifier, sentence: FigureQualifier): boolean {
  switch (fact) {
    case 'exact':
      return sentence === 'exact';
    case 'approximately':
      return sentence === 'approximately';
    case 'up_to':
      return sentence === 'up_to';
    case 'at_least':
      return sentence === 'at_least';
    case 'below':
      return sentence === 'below' || sentence === 'up_to';
    // "almost $X" is below X and about X; "just over $X" above X and about X.
    case 'nearly':
      return sentence === 'nearly' || sentence === 'below' || sentence === 'up_to' || sentence === 'approximately';
    case 'just_over':
      return sentence === 'just_over' || sentence === 'at_least' || sentence === 'approximately';
  }
}

/** The quantities a fact's money figure is given for. */
function factFigureQuantities(g: Figure, f: CitedFact): Set<Quantity> {
  const out = new Set<Quantity>();
  if (g.kind === 'money' && g.quantity) out.add(g.quantity);
  const own = g.kind === 'money' ? g.quantity : undefined;
  // The topic speaks for the figure when it is the fact's only amount, or the figure has no
  // cue words of its own.
  if (f.topicQuantity && (f.moneyCount <= 1 || !own)) out.add(f.topicQuantity);
  return out;
}

/**
 * "The $5.3 billion is the headline value …, stated as up to $5.3 billion": a bare "the $X" that
 * names a figure the same sentence then gives with its qualifier refers to it; it restates no
 * amount. Only money, right after "the" and before "is the / a …", with the other mention
 * checked as usual.
 */
const REFERENCE_AFTER_RE = /^(?:\s+in\s+[^,.;:]{1,30}?)?\s+(?:is|was)\s+(?:the|a|an)\s/i;

function refersToQualified(text: string, f: Figure, figures: readonly Figure[], cited: readonly CitedFact[]): boolean {
  if (f.kind !== 'money' || f.qualifier !== 'exact' || !/\bthe\s+$/i.test(text.slice(Math.max(0, f.start - 4), f.start))) return false;
  // Only where the sentence says what the figure is ("is the headline value", "is a milestone
  // figure"), not what becomes of it ("is guaranteed", "is paid").
  if (!REFERENCE_AFTER_RE.test(text.slice(f.end))) return false;
  return figures.some((g) => g !== f && g.kind === 'money' && g.amount === f.amount && g.qualifier !== 'exact' && checkFigure(g, cited) === undefined);
}

function checkMoney(s: MoneyFigure, cited: readonly CitedFact[]): string | undefined {
  const sameAmount: { g: Figure; f: CitedFact; qualifier: FigureQualifier }[] = [];
  for (const f of cited) {
    for (const g of f.figures) {
      if (g.kind !== 'money' || g.amount !== s.amount) continue;
      if (s.currency && g.currency && s.currency !== g.currency) continue;
      sameAmount.push({ g, f, qualifier: g.qualifier });
    }
  }
  const label = describeFigure(s);
  if (sameAmount.length === 0) {
    const otherCurrency = cited.some((f) =>
      f.figures.some((g) => g.kind === 'money' && g.amount === s.amount && g.currency !== s.currency),
    );
    return otherCurrency
      ? `figure ${label} is in the cited facts only in another currency`
      : `figure ${label} is not in the cited facts`;
  }
  const sameQuantity = s.quantity
    ? sameAmount.filter(({ g, f }) => {
        const qs = factFigureQuantities(g, f);
        // "$X in milestones in total" is all of them: not an amount the facts give for one kind.
        if (s.whole) return qs.has('milestones') || qs.has('all_milestones');
        return ACCEPTS[s.quantity!].some((q) => qs.has(q));
      })
    : sameAmount;
  if (sameQuantity.length === 0) {
    const given = new Set<string>();
    for (const { g, f } of sameAmount) for (const q of factFigureQuantities(g, f)) given.add(describeQuantity(q));
    const where = given.size > 0 ? `for ${[...given].join(' / ')}` : 'without saying what it is for';
    return `figure ${label} is stated as ${s.whole ? 'all milestones together' : describeQuantity(s.quantity!)}, but the cited facts give it ${where}`;
  }
  if (!sameQuantity.some(({ qualifier }) => qualifierSupports(qualifier, s.qualifier))) {
    const factQ = sameQuantity[0]!.qualifier;
    return `figure ${label} is stated as ${describeQualifier(s.qualifier)}, but the cited facts give it as ${describeQualifier(factQ)}`;
  }
  return undefined;
}

function dateLabel(d: { year?: number; month?: number; day?: number }): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return [d.day, d.month ? months[d.month - 1] : undefined, d.year].filter((x) => x !== undefined).join(' ');
}

function checkDate(s: DateFigure, facts: Figure[]): string | undefined {
  const dates = facts.filter((g): g is DateFigure => g.kind === 'date');
  const agrees = (g: DateFigure): boolean =>
    g.month === s.month && (s.year === undefined || g.year === s.year) && (s.day === undefined || g.day === s.day);
  if (dates.some(agrees)) return undefined;
  // Same on what the facts say, but the sentence is more precise.
  const coarser = dates.find(
    (g) => g.month === s.month && (s.year === undefined || g.year === undefined || g.year === s.year) && g.day === undefined,
  );
  const yearOnly = s.year !== undefined && facts.some((g) => g.kind === 'year' && g.year === s.year);
  if (coarser || yearOnly) {
    const known = coarser ? dateLabel(coarser) : String(s.year);
    return `date ${describeFigure(s)} is more precise than the cited facts, which say only ${known}`;
  }
  return `date ${describeFigure(s)} is not in the cited facts`;
}

function checkFigure(s: Figure, cited: readonly CitedFact[]): string | undefined {
  const all = cited.flatMap((f) => f.figures);
  const label = describeFigure(s);
  switch (s.kind) {
    case 'money':
      return checkMoney(s, cited);
    case 'percent': {
      const same = all.filter((g) => g.kind === 'percent' && g.value === s.value);
      if (same.length === 0) return `percentage ${label} is not in the cited facts`;
      if (!same.some((g) => g.kind === 'percent' && qualifierSupports(g.qualifier, s.qualifier))) {
        return `percentage ${label} is stated as ${describeQualifier(s.qualifier)}, which the cited facts do not support`;
      }
      return undefined;
    }
    case 'number': {
      const same = all.filter((g) => g.kind === 'number' && g.value === s.value);
      if (same.length === 0) return `number ${label} is not in the cited facts`;
      if (!same.some((g) => g.kind === 'number' && qualifierSupports(g.qualifier, s.qualifier))) {
        return `number ${label} is stated as ${describeQualifier(s.qualifier)}, which the cited facts do not support`;
      }
      return undefined;
    }
    case 'ordinal':
      return all.some((g) => g.kind === 'ordinal' && g.value === s.value)
        ? undefined
        : `ordinal ${label} is not in the cited facts`;
    case 'year':
      return all.some(
        (g) => (g.kind === 'year' || g.kind === 'date' || g.kind === 'period') && g.year === s.year,
      )
        ? undefined
        : `year ${label} is not in the cited facts`;
    case 'date':
      return checkDate(s, all);
    case 'period': {
      const ok = all.some(
        (g) =>
          (g.kind === 'date' && g.month >= s.from && g.month <= s.to && (s.year === undefined || g.year === s.year)) ||
          (g.kind === 'period' && g.from === s.from && g.to === s.to && g.year === s.year),
      );
      return ok ? undefined : `period ${label} is not supported by the dates in the cited facts`;
    }
    case 'descriptor': {
      const ok = all.some(
        (g) => g.kind === 'descriptor' && g.base === s.base && (s.level === undefined || g.level === s.level),
      );
      return ok ? undefined : `rate descriptor ${label} is not in the cited facts`;
    }
  }
}

/**
 * Who pays whom. A sentence that says which party pays or receives a money figure ("CSPC will
 * pay AstraZeneca $110 million") or royalties ("AstraZeneca will receive tiered royalties") must
 * have every party it names on that side supported, and none swapped or denied. Each side (the
 * payers, the receivers) is taken from the first of these that names it: the cited fact stating
 * that figure, or about royalties; the deal's roles, where one-sided (a licensee, investor or
 * acquirer pays; a licensor, investee or target receives); the cited facts of the same deal,
 * whoever they say pays or receives any of its payments. Once one side is named, a deal with
 * exactly one party off that side gives that party the other side (in a two-party deal, the
 * other party). A side nothing names supports no party: "AstraZeneca pays Tempus $200 million"
 * fails where the cited fact says only that Tempus receives it in a three-party deal, and "the
 * BDA receives $2.5 billion" where the roles name only the investor and several counterparties
 * remain.
 */
const PAYING_ROLES = new Set(['licensee', 'investor', 'acquirer']);
const RECEIVING_ROLES = new Set(['licensor', 'investee', 'target']);
const factFlowCache = new WeakMap<Fact, MoneyFlow[]>();

function factFlows(f: CitedFact): MoneyFlow[] {
  let flows = factFlowCache.get(f.fact);
  if (!flows) {
    flows = moneyFlows(f.text, f.figures, f.deal.parties);
    factFlowCache.set(f.fact, flows);
  }
  return flows;
}

const meets = (a: Set<number>, b: Set<number>): boolean => [...a].some((x) => b.has(x));
const within = (a: Set<number>, b: Set<number>): boolean => [...a].every((x) => b.has(x));

interface Pair {
  payers: Set<number>;
  receivers: Set<number>;
}

/** What says who is on a side: the fact stating the amount, the deal's roles, or the deal's other cited facts. */
type Source = 'fact' | 'roles' | 'deal';
const SOURCES: readonly Source[] = ['fact', 'roles', 'deal'];

interface Sides extends Pair {
  /** What named each side; undefined where nothing does (the side is then empty). */
  payersBy?: Source;
  receiversBy?: Source;
}

/**
 * Who, by each source, pays and receives the amount of flow `s`: fact `f` stating it, the
 * deal's roles, and the cited facts of the deal (`cited`), who pay or receive anything.
 */
function factSides(s: MoneyFlow, f: CitedFact, cited: readonly CitedFact[]): Record<Source, Pair> {
  const sides = (flows: readonly MoneyFlow[]): Pair => ({
    payers: new Set(flows.flatMap((g) => [...g.payers])),
    receivers: new Set(flows.flatMap((g) => [...g.receivers])),
  });
  const roles: Pair = { payers: new Set(), receivers: new Set() };
  f.deal.parties.forEach((p, i) => {
    if (PAYING_ROLES.has(p.role)) roles.payers.add(i);
    if (RECEIVING_ROLES.has(p.role)) roles.receivers.add(i);
  });
  return {
    fact: sides(factFlows(f).filter((g) => samePayable(g.figure, s.figure))),
    roles,
    deal: sides(cited.filter((g) => g.deal === f.deal).flatMap(factFlows)),
  };
}

/**
 * Each side from the first source that names it; after each source, a side still unnamed goes
 * to the one party off the other side, where exactly one is (in a two-party deal, the other).
 */
function completed(found: Record<Source, Pair>, parties: Deal['parties']): Sides {
  const out: Sides = { payers: new Set(), receivers: new Set() };
  /** The one party not in `side`, if exactly one is not. */
  const offSide = (side: Set<number>): Set<number> | undefined => {
    const off = parties.map((_, i) => i).filter((i) => !side.has(i));
    return off.length === 1 ? new Set(off) : undefined;
  };
  for (const by of SOURCES) {
    if (!out.payersBy && found[by].payers.size > 0) [out.payers, out.payersBy] = [found[by].payers, by];
    if (!out.receiversBy && found[by].receivers.size > 0) [out.receivers, out.receiversBy] = [found[by].receivers, by];
    const offPayers = out.payersBy && !out.receiversBy ? offSide(out.payers) : undefined;
    if (offPayers) [out.receivers, out.receiversBy] = [offPayers, out.payersBy];
    const offReceivers = out.receiversBy && !out.payersBy ? offSide(out.receivers) : undefined;
    if (offReceivers) [out.payers, out.payersBy] = [offReceivers, out.receiversBy];
  }
  return out;
}

/** Why the sentence's flow disagrees with what fact `f` (or `cited`) says of it, or undefined. */
function flowConflict(s: MoneyFlow, f: CitedFact, cited: readonly CitedFact[], what: string): string | undefined {
  const found = factSides(s, f, cited);
  const { payers, receivers, payersBy, receiversBy } = completed(found, f.deal.parties);
  // "AstraZeneca, not CSPC, can earn …" where CSPC is the one that earns it.
  const paysWrongly = meets(s.payers, receivers) || meets(s.notReceivers, receivers);
  const receivesWrongly = meets(s.receivers, payers) || meets(s.notPayers, payers);
  if (!paysWrongly && !receivesWrongly && within(s.payers, payers) && within(s.receivers, receivers)) return undefined;
  const name = (i: number): string => f.deal.parties[i]!.name;
  const said = (p: Pair): string =>
    [
      p.payers.size > 0 ? `${[...p.payers].map(name).join(' and ')} pays` : '',
      p.receivers.size > 0 ? `${[...p.receivers].map(name).join(' and ')} receives` : '',
    ]
      .filter(Boolean)
      .join(' and ');
  const wrong = (why: string): string => `who pays ${what} to whom is wrong: ${why}`;
  // A party on the wrong side of what the fact itself, or the roles, say.
  const swappedBy = [paysWrongly ? receiversBy : undefined, receivesWrongly ? payersBy : undefined];
  if (swappedBy.includes('fact')) return wrong(`the cited facts say ${said(found.fact)} it`);
  if (swappedBy.includes('roles')) {
    const who = f.deal.parties.map((p, i) => (found.roles.payers.has(i) || found.roles.receivers.has(i) ? `${p.name} is the ${p.role}` : ''));
    return wrong(`the deal's roles say otherwise (${who.filter(Boolean).join(', ')})`);
  }
  // A party nothing cited puts on its side, or one the deal's other payments put on the other.
  const unsaid = `the cited facts do not say who pays ${what}`;
  const fact = said(found.fact);
  const roles = said(found.roles);
  const deal = said(found.deal);
  const known = [
    fact ? `they say only that ${fact} it` : '',
    roles && roles !== fact ? `the deal's roles say only that ${roles}` : '',
    deal && deal !== fact && deal !== roles ? `of the deal's other payments they say only that ${deal}` : '',
  ].filter(Boolean);
  return known.length > 0 ? `${unsaid}; ${known.join('; ')}` : unsaid;
}

/** `flows` are the sentence's own (moneyFlows of its text, with its first cited deal's parties). */
function checkFlows(flows: readonly MoneyFlow[], cited: readonly CitedFact[]): string[] {
  const reasons: string[] = [];
  const stated = (p: Payable, f: CitedFact): boolean =>
    p.kind === 'royalty' ? f.mentionsRoyalties : f.figures.some((g) => g.kind === 'money' && g.amount === p.amount);
  for (const s of flows) {
    const stating = cited.filter((f) => stated(s.figure, f));
    if (stating.length === 0) continue;
    const what = s.figure.kind === 'royalty' ? 'the royalties' : describeFigure(s.figure);
    const conflicts = stating.map((f) => flowConflict(s, f, cited, what));
    if (conflicts.some((c) => c === undefined)) continue;
    const reason = conflicts[0]!;
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

/**
 * Rates and shares. "$2.5 billion a year", "$110 million per programme" and "CSPC and
 * AstraZeneca each receive $110 million" state other amounts than "$2.5 billion" and "$110
 * million". A money figure followed within two words by a rate ("a year", "per annum",
 * "annually", "a month", …), or in a clause with "per", "each", "every" or "apiece", needs a
 * cited fact stating the same amount with the same rate.
 */
const TIME_UNITS = wordTable<string>({
  year: 'year', years: 'year', annum: 'year', annually: 'year', yearly: 'year', annual: 'year',
  month: 'month', months: 'month', monthly: 'month', quarter: 'quarter', quarters: 'quarter', quarterly: 'quarter',
  week: 'week', weeks: 'week', weekly: 'week', day: 'day', days: 'day', daily: 'day',
});
const RATE_AFTER_RE =
  /^(?:\s+(?!and\b|or\b|but\b|plus\b)[\p{L}'-]+){0,2}?\s+(?:(?:a|an|per|each|every)\s+(year|annum|month|quarter|week|day)|(annually|yearly|monthly|quarterly|weekly|daily))\b/iu;
const PER_UNIT_RE = /(?<!\bas\s)\bper\s+(?!(?:cent|the|a|an|its|their|this|that)\b)([\p{L}-]+)|\b(each|every|apiece)\b(?!\s+other\b)(?:\s+([\p{L}-]+))?/giu;

/** The clause of `text` around [start, end), as a negation is read in (see below). */
function clauseAround(text: string, start: number, end: number): { from: number; to: number } {
  const breaks = [...text.matchAll(NEGATION_BREAK_RE)];
  const before = breaks.filter((b) => b.index < start).pop();
  return {
    from: before ? before.index + before[0].length : 0,
    to: breaks.find((b) => b.index >= end)?.index ?? text.length,
  };
}

/** The rates a money figure is stated at: "a year", "per programme", "each". */
function moneyRates(text: string, f: Figure): Set<string> {
  const out = new Set<string>();
  const { from, to } = clauseAround(text, f.start, f.end);
  const after = RATE_AFTER_RE.exec(text.slice(f.end, to));
  if (after) out.add(`a ${TIME_UNITS[(after[1] ?? after[2]!).toLowerCase()]}`);
  for (const m of text.slice(from, to).matchAll(PER_UNIT_RE)) {
    const unit = (m[1] ?? m[3] ?? '').toLowerCase();
    const time = TIME_UNITS[unit];
    if (time) out.add(`a ${time}`);
    else if (m[1]) out.add(`per ${unit.replace(/^program(?=s?$)/, 'programme').replace(/(?<!s)s$/, '')}`);
    else out.add('each');
  }
  return out;
}

/**
 * Currencies named anywhere in a sentence about money, not only next to an amount: "110 million
 * in euros", "42 million, paid in sterling", "110 million Swiss francs". The amount reader takes a
 * currency only right before or after the number and from a short list, and an amount without
 * one matches the facts' amount in any currency; so every currency a sentence names must be one
 * a cited fact gives an amount in. Codes count in capitals only ("TRY", not "try"), and words
 * that are also common English only next to an amount ("110 million won", not "AstraZeneca won").
 */
const CURRENCY_MENTIONS: { code: string; re: RegExp }[] = [
  // Codes and symbols (capitals as written), then words (any case).
  ['HKD', String.raw`HK\$|\bHKD\b`, String.raw`\bHong Kong dollars?\b`],
  ['CAD', String.raw`\bCA?\$|\bCAD\b`, String.raw`\bCanadian dollars?\b`],
  ['AUD', String.raw`\bAU?\$|\bAUD\b`, String.raw`\bAustralian dollars?\b`],
  ['SGD', String.raw`\bS\$|\bSGD\b`, String.raw`\bSingapore dollars?\b`],
  ['NZD', String.raw`\bNZ\$|\bNZD\b`, String.raw`\bNew Zealand dollars?\b`],
  ['TWD', String.raw`\bNT\$|\bTWD\b`, String.raw`\bTaiwan(?:ese)? dollars?\b`],
  ['USD', String.raw`(?<!\p{L})(?:US)?\$|\bUSD\b`, String.raw`\b(?:US |U\.S\. |American )?dollars?\b|\b(?:US|U\.S\.|American) currency\b|\bbucks\b`],
  ['EUR', String.raw`€|\bEUR\b`, String.raw`\beuros?\b`],
  ['GBP', String.raw`£|\bGBP\b`, String.raw`\bsterling\b|\bpounds?\b|\bquid\b`],
  ['CNY', String.raw`¥|\bRMB\b|\bCNY\b`, String.raw`\byuan\b|\brenminbi\b`],
  ['JPY', String.raw`\bJPY\b`, String.raw`\byen\b`],
  ['CHF', String.raw`\bCHF\b`, String.raw`\b(?:Swiss )?francs?\b`],
  ['INR', String.raw`₹|\bINR\b`, String.raw`\brupees?\b`],
  ['KRW', String.raw`₩|\bKRW\b`, String.raw`\bKorean won\b`],
  ['SEK/NOK/DKK', String.raw`\b(?:SEK|NOK|DKK)\b`, String.raw`\bkron(?:a|or|e|er)\b`],
  [
    'other',
    String.raw`[₽₪₺₱₫฿₦]|\b(?:BRL|MXN|ZAR|RUB|ILS|PLN|TRY|CZK|HUF|SAR|AED|MYR|THB|IDR|VND|NGN|EGP)\b`,
    String.raw`\b(?:reais|pesos?|roubles?|rubles?|shekels?|zloty|złoty|lira|liras|koruna|forints?|riyals?|dirhams?|ringgit|baht|rupiah|naira|loonies|bitcoins?|ether|crypto(?:currency|currencies)?|tokens)\b|\b(?:local|foreign|domestic|national|home|common|euro-?area|eurozone|Chinese|British|European|Japanese|Korean|Indian|Swiss|Canadian|Australian) currency\b`,
  ],
  // Paid in shares rather than money: only where a cited fact speaks of stock or shares.
  ['stock', '', String.raw`\bin (?:(?:its|their|[\p{L}]+'s|AstraZeneca|newly issued|new|cash and|cash or)\s+)?(?:stock|shares|equity)\b`],
  // Paid in cash, which says as much about its form: only where a cited fact says so.
  ['cash', '', String.raw`\bin (?:hard |upfront )?cash\b|\ball-cash\b`],
].flatMap(([code, marks, words]) => [
  ...(marks ? [{ code: code!, re: new RegExp(marks, 'gu') }] : []),
  { code: code!, re: new RegExp(words!, 'giu') },
]);
/** Currency words that are also everyday words: only next to an amount ("110 million won", "won 110 billion"). */
const AMOUNT_CURRENCY_RE = /(?:\d|\b(?:thousand|millions?|billions?|trillions?|mn|bn|m|b))\s+(won|rand)\b|\b(won|rand)\s+\d/gi;

function currencyMentions(text: string): { code: string; word: string; start: number; end: number }[] {
  const out: { code: string; word: string; start: number; end: number }[] = [];
  const taken = (start: number, end: number) => out.some((m) => start < m.end && end > m.start);
  // Most specific first: "HK$" is Hong Kong's, not a "$".
  for (const { code, re } of CURRENCY_MENTIONS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!taken(start, end)) out.push({ code, word: m[0], start, end });
    }
  }
  for (const m of text.matchAll(AMOUNT_CURRENCY_RE)) {
    const word = m[1] ?? m[2]!;
    const start = m.index + m[0].toLowerCase().indexOf(word.toLowerCase());
    if (!taken(start, start + word.length)) out.push({ code: word.toLowerCase() === 'won' ? 'KRW' : 'ZAR', word, start, end: start + word.length });
  }
  return out;
}

function checkCurrencyWords(text: string, figures: readonly Figure[], cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  // With or without an amount: "the upfront payment is made in euros" names a currency too.
  if (!figures.some((f) => f.kind === 'money') && !cited.some((c) => c.figures.some((g) => g.kind === 'money'))) return [];
  const given = new Set<string>();
  for (const f of cited) for (const g of f.figures) if (g.kind === 'money' && g.currency) given.add(g.currency);
  if (cited.some((f) => /\b(?:stock|shares|equity)\b/i.test(f.text))) given.add('stock');
  // An upfront payment is cash by its nature ("an upfront payment of $110 million in cash").
  if (cited.some((f) => /\bcash\b/i.test(f.text) || f.topicQuantity === 'upfront')) given.add('cash');
  const out: string[] = [];
  for (const m of currencyMentions(text)) {
    // "The sources give no yuan figure" names no currency it is paid in.
    if (saidMissing(silent, m.start)) continue;
    // A currency the amount reader took as part of a figure is checked with the figure.
    if (figures.some((f) => f.kind === 'money' && f.currency === m.code && m.start >= f.start && m.end <= f.end)) continue;
    if (given.has(m.code)) continue;
    const reason = `names a currency ("${m.word}") in which the cited facts give no amount`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

/**
 * "$1.62 billion in development milestones at signing", "$200 million in fees as a lump sum":
 * words that say an amount is paid at the start make it an upfront, whatever else it is called.
 * Each such phrase goes with the nearest amount in its clause (or the last one before it, for
 * ", as a lump sum"), which the cited facts must give as the upfront.
 */
const PAID_AT_START_RE =
  /\b(?:(?:at|on|upon) (?:the )?(?:(?:deal )?signing|signature|closing|execution|outset|inception|announcement|start(?: of the (?:deal|agreement|collaboration))?)|at the time of (?:signing|closing|signature)|(?:when|once|the day|as soon as) the (?:deal|agreements?|contracts?|licen[cs]e|collaboration) (?:is|are|was|were) (?:signed|closed|announced|executed)|(?:when|once|the day) the (?:deal|agreement|transaction) closes|within days of (?:signing|closing)|from the start|immediately|right away|straight away|at once|on day one|(?<=\b(?:payments?|paid|payable|fees|milestones)\s+)up[- ]?front(?!\s+(?:payments?|fees?|cash))|pre-?paid|(?:in|as) (?:a |one )?(?:single )?(?:lump[- ]sums?|payment|tranche)|lump[- ]sums?|(?:as )?(?:a )?signing (?:bonus|fee|payment)|one-(?:time|off) (?:payments?|fees?|sums?)|down[- ]payments?|initial payments?|in advance)\b/gi;
const PAID_AT_START_ONE_RE = new RegExp(PAID_AT_START_RE.source, 'i');
/** What a payment is called, when no amount is given: "its development milestone payments are paid at signing". */
const PAYMENT_KIND_RE = /\b(?:milestones?|fees?|royalt(?:y|ies))\b/i;

function checkPaidAtStart(text: string, figures: readonly Figure[], cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const money = figures.filter((f): f is MoneyFigure => f.kind === 'money');
  const out: string[] = [];
  for (const m of text.matchAll(PAID_AT_START_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (saidMissing(silent, start)) continue;
    const { from, to } = clauseAround(text, start, end);
    const near = money.filter((f) => f.start >= from && f.end <= to);
    const candidates = near.length > 0 ? near : money.filter((f) => f.end <= start).slice(-1);
    if (candidates.length === 0) {
      // No amount: "CSPC's development milestone payments are paid at signing". Milestones,
      // fees or royalties said to be paid at the start need a cited fact saying when they are.
      const clause = text.slice(from, to);
      if (PAYMENT_KIND_RE.test(clause) && !/\bup[- ]?front\b/i.test(clause.replace(m[0], '')) && !cited.some((c) => PAID_AT_START_ONE_RE.test(c.text) && PAYMENT_KIND_RE.test(c.text))) {
        const reason = `"${m[0]}" says when a payment is made, which the cited facts do not`;
        if (!out.includes(reason)) out.push(reason);
      }
      continue;
    }
    const gap = (f: Figure) => (f.end <= start ? start - f.end : f.start - end);
    const figure = candidates.reduce((a, b) => (gap(b) < gap(a) ? b : a));
    if (figure.quantity === 'upfront') continue;
    const { whole: _whole, ...rest } = figure;
    if (checkMoney({ ...rest, quantity: 'upfront' }, cited) === undefined) continue;
    const reason = `"${m[0]}" says ${describeFigure(figure)} is paid at the start, but the cited facts do not give it as the upfront`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

/**
 * "between $1.62 billion and $3.6 billion", "from $X to $Y", "$X-$Y": two amounts made into a
 * range, which says every amount between them is possible. A range needs a cited fact that gives
 * the same one; two separate amounts do not make it.
 */
const RANGE_GAP_RE = /^\s*(-|(?:all the way\s+)?(?:up\s+)?to|and|or)\s*(?:up to\s+|as much as\s+|as high as\s+)?$/i;

function moneyRanges(text: string, figures: readonly Figure[]): [MoneyFigure, MoneyFigure][] {
  const money = figures.filter((f): f is MoneyFigure => f.kind === 'money');
  const out: [MoneyFigure, MoneyFigure][] = [];
  for (let k = 0; k + 1 < money.length; k++) {
    const a = money[k]!;
    const b = money[k + 1]!;
    const joiner = RANGE_GAP_RE.exec(text.slice(a.end, b.start))?.[1]?.toLowerCase();
    if (!joiner) continue;
    // "$X and $Y" is a range only after "between" or "as little as", and "$X or $Y" only as a
    // choice between amounts for one thing ("$1.62 billion or $3.6 billion in milestones").
    const lead = text.slice(0, a.start);
    if (joiner === 'and' && !/\b(?:between|as little as|as low as)\s+(?:up to\s+)?$/i.test(lead)) continue;
    if (joiner === 'or' && a.quantity !== undefined) continue;
    out.push([a, b]);
  }
  return out;
}

function checkRanges(text: string, figures: readonly Figure[], cited: readonly CitedFact[]): string[] {
  const given = new Set(cited.flatMap((f) => moneyRanges(f.text, f.figures)).map(([a, b]) => `${a.amount}-${b.amount}`));
  return moneyRanges(text, figures)
    .filter(([a, b]) => !given.has(`${a.amount}-${b.amount}`))
    .map(([a, b]) => `makes ${describeFigure(a)} to ${describeFigure(b)} a range, which no cited fact gives`);
}

/**
 * A sentence that cites another deal than the one in question (an earlier deal between the same
 * companies, which a thread's answer may draw on) must say which deal it speaks of: its year or
 * a party the deal in question does not have. Otherwise "This deal carries $100 million upfront"
 * gives the earlier deal's upfront under the heading of the deal asked about.
 */
/** What a deal is called: "the 2024 licence", "this collaboration", "that agreement". */
const DEAL_NOUN = 'deal|collaboration|agreement|partnership|licen[cs]e|licensing deal|transaction|pact|tie-up|arrangement';
const THIS_DEAL = `(?:this|the (?:current|present|latest|new))\\s+(?:${DEAL_NOUN}|investment|alliance|accord|contract)\\b`;
const THIS_DEAL_RE = new RegExp(`\\b${THIS_DEAL}`, 'i');

const THIS_DEAL_CLAIM_RE = new RegExp(
  `\\b(?:under|in|with|for|from|through|of|by)\\s+${THIS_DEAL}|^(?:this|the (?:current|present|new))\\s+(?:deal|collaboration|agreement|partnership|licen[cs]e|transaction|investment)(?:'s)?\\s+(?!was preceded|follows|came after)`,
  'i',
);
const EARLIER_DEAL_RE = new RegExp(`\\b(?:earlier|previous|prior|older|original|first)\\s+(?:${DEAL_NOUN})\\b`, 'i');
const COMPARED_DEALS_RE =
  /\b(?:as in|as with|as under|like|unlike|same as|the same|similar to|again|both (?:deals|licen[cs]es|agreements|collaborations|partnerships|transactions|the (?:\d{4}|earlier|previous|new|current|AI|research))|each deal|as before|once more|now|compared (?:with|to)|up from|down from|as it did|repeats?|repeated|followed|since)\b/i;

function checkOtherDeal(text: string, cited: readonly CitedFact[], deals: readonly Deal[]): string[] {
  const asked = deals[0];
  if (!asked || deals.length < 2) return [];
  const others = [...new Set(cited.map((f) => f.deal))].filter((d) => d.id !== asked.id);
  const out: string[] = [];
  for (const other of others) {
    // "As in 2024, CSPC receives $100 million upfront", "the same as in 2024": the figure is
    // told of both deals.
    if (COMPARED_DEALS_RE.test(text)) {
      out.push(`compares deals while citing only the facts of one (${other.id})`);
      continue;
    }
    // "Under the current deal, Tempus is to receive $200 million": told of the deal asked about,
    // whatever else the sentence names.
    if (THIS_DEAL_CLAIM_RE.test(text)) {
      out.push(`speaks of this deal but cites the facts of another (${other.id})`);
      continue;
    }
    const year = other.announced.precision === 'unknown' ? undefined : other.announced.year;
    const named =
      (year !== undefined && new RegExp(`\\b${year}\\b`).test(text)) ||
      otherPartyNamed(text, other, asked) ||
      // "the earlier licence", when the deal cited is the earlier of the two.
      (EARLIER_DEAL_RE.test(text) && announcedBefore(other, asked));
    if (!named) {
      out.push(
        THIS_DEAL_RE.test(text)
          ? `speaks of this deal but cites the facts of another (${other.id})`
          : `cites the facts of another deal (${other.id}) without saying which deal it speaks of`,
      );
    }
  }
  return out;
}

/**
 * A thread's model sees the facts of every deal between the same parties, and may carry a
 * detail from one into a sentence about another: "YS2302018 was picked by CSPC's AI dual-engine
 * platform", citing the 2024 licence, borrows the 2025 collaboration's platform. Ordinary words
 * cannot tell this from a paraphrase, but named things can (see deals/terms.ts). One taken from
 * the facts of another deal in the context, which no fact of the deals the sentence cites
 * mentions, is a borrowed detail.
 */
function checkBorrowedTerms(text: string, cited: readonly CitedFact[], deals: readonly Deal[]): string[] {
  if (deals.length < 2 || cited.length === 0) return [];
  const own = [...new Set(cited.map((f) => f.deal))];
  return deals
    .filter((other) => !own.includes(other))
    .flatMap((other) =>
      borrowedTerms(text, other, own).map((term) => `names "${term.trim()}" from the facts of ${other.id}, which no fact of ${own.map((d) => d.id).join(' or ')} mentions`),
    );
}

/** Whether `text` names a party of `other` that `asked` does not have. */
function otherPartyNamed(text: string, other: Deal, asked: Deal): boolean {
  const askedNames = new Set(asked.parties.flatMap((p) => [p.name, ...p.aliases]).map((n) => normalize(n)));
  const words = normalize(text);
  return other.parties.some((p) =>
    [p.name, ...p.aliases].some((n) => {
      const key = normalize(n);
      return key.length > 0 && !askedNames.has(key) && ` ${words} `.includes(` ${key} `);
    }),
  );
}

/**
 * Words after a figure that change how much it is ("$110 million upfront, if not more", "at the
 * very most", "and above", "(min.)", "as a ceiling", "possibly less"), up to the next figure or
 * the end of the sentence. The qualifier reader takes only a few set phrases right after a
 * figure; any of these words must fit the qualifier of the cited facts' same figure (a ceiling's
 * "at most", "potentially"; a floor's "or more"; an approximation's "roughly"), or be in a cited
 * fact that gives the figure.
 */
const TAIL_WORDS: { kind: FigureQualifier | 'hedge' | 'covers'; re: RegExp }[] = [
  { kind: 'up_to', re: /\b(?:most|maximum|max|cap|capped|ceiling|tops|outside|upper|best|limit|limited)\b/gi },
  { kind: 'at_least', re: /\b(?:least|minimum|min|more|above|upwards?|floor|beyond)\b|\band up\b(?!\s+to\b)|\band over\b/gi },
  { kind: 'below', re: /\b(?:less|fewer|below|lower)\b/gi },
  { kind: 'approximately', re: /\b(?:thereabouts|ballpark|roughly|approximately)\b|±/gi },
  { kind: 'hedge', re: /\b(?:possibly|perhaps|likely|probably|maybe|potentially)\b/gi },
  // What the amount covers or how it divides: "net of tax", "split across the targets", "all
  // of it milestones". Only a fact giving the figure may say so.
  { kind: 'covers', re: /\b(?:pre-tax|after-tax|taxe?s?|net of|split|divided|apportioned|allocated|all of it|entirely|solely|exclusively)\b/gi },
  // What most of it is: "about 1,700 people, mostly scientists", "$18 million, largely research funding".
  { kind: 'covers', re: /\b(?:mostly|mainly|largely|primarily|chiefly|predominantly|majority|bulk)\b/gi },
];

function checkTailWords(text: string, figures: readonly Figure[], cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const out: string[] = [];
  figures.forEach((f, k) => {
    if (f.kind !== 'money' && f.kind !== 'percent' && f.kind !== 'number') return;
    const next = figures.slice(k + 1).find((g) => g.kind === 'money' || g.kind === 'percent' || g.kind === 'number');
    let end = next ? next.start : text.length;
    const stop = text.slice(f.end).search(/[;:]|\.(?:\s|$)/);
    if (stop >= 0) end = Math.min(end, f.end + stop);
    const tail = text.slice(f.end, end);
    const same = cited.filter((c) => c.figures.some((g) => sameFigureValue(g, f)));
    const qualifiers = new Set(same.flatMap((c) => c.figures.filter((g) => sameFigureValue(g, f)).map((g) => ('qualifier' in g ? g.qualifier : 'exact'))));
    for (const { kind, re } of TAIL_WORDS) {
      for (const m of tail.matchAll(re)) {
        const word = m[0].toLowerCase();
        // "The sources do not say how the $200 million is split": said to be missing, not said.
        const at = f.end + m.index;
        if (saidMissing(silent, at)) continue;
        // "is far less than the up to $1.92 billion": a comparison of two amounts (checkRelations).
        if (next && /^\s+than\b/i.test(tail.slice(m.index + m[0].length))) continue;
        // "up to $1.62 billion more in development milestones": "more" right after the amount,
        // before what it is, means "in addition".
        if (word === 'more' && /^\s*$/.test(tail.slice(0, m.index)) && /^\s+(?:in|from|for|through|as)\b/i.test(tail.slice(m.index + m[0].length))) continue;
        if (kind === 'hedge' ? qualifiers.has('up_to') : kind !== 'covers' && qualifiers.has(kind)) continue;
        if (same.some((c) => new RegExp(`\\b${escapeRegExp(word)}\\b`, 'i').test(c.text))) continue;
        const reason =
          kind === 'covers'
            ? `"${m[0]}" after ${describeFigure(f)} says what it covers or how it divides, which the cited facts do not say`
            : `"${m[0]}" after ${describeFigure(f)} changes how much it is, which the cited facts do not say`;
        if (!out.includes(reason)) out.push(reason);
      }
    }
  });
  return out;
}

/**
 * How a royalty is worked out: its structure ("tiered", "flat", "fixed"), what it is paid on
 * ("annual net sales", "quarterly gross sales", "net profits") and when it starts or stops
 * ("starting from launch", "until patent expiry"). Said of royalties, each such word
 * must be in a cited fact about royalties: "flat royalties" where the fact says tiered, or
 * "royalties on net profits" where it says net sales, change what CSPC is paid.
 */
const ROYALTY_TERMS_RE = /\b(?:flat|fixed|tiered|tiers?|stepped|escalating|quarterly|annual|annually|yearly|monthly|gross|net|profits?|earnings|income|revenues?|sales)\b/gi;
/** When royalties start or stop, read to the end of the sentence: ", starting from launch" is an aside of its own. */
const ROYALTY_TIME_RE = /\b(?:launch(?:es|ed)?|patents?|expir\w*|until|starting|start(?:s|ing)?|begin(?:s|ning)?|ending|ends?|lifetime|(?:first\s+)?commercial\s+sale)\b/gi;

function checkRoyaltyTerms(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const out: string[] = [];
  const facts = cited.filter((f) => f.mentionsRoyalties);
  for (const r of text.matchAll(/\broyalt(?:y|ies)\b/gi)) {
    const { from, to } = clauseAround(text, r.index, r.index + r[0].length);
    const end = text.slice(r.index).search(/[;]|\.(?:\s|$)/);
    const timed = [...text.slice(r.index, end < 0 ? text.length : r.index + end).matchAll(ROYALTY_TIME_RE)].map((m) => ({ m, at: r.index + m.index }));
    const terms = [...text.slice(from, to).matchAll(ROYALTY_TERMS_RE)].map((m) => ({ m, at: from + m.index }));
    for (const { m, at } of [...terms, ...timed]) {
      // "The sources do not say whether the royalties are tiered" claims no structure.
      if (saidMissing(silent, at)) continue;
      const word = m[0].toLowerCase();
      const stem = word.replace(/(?:ly|s)$/, '');
      if (facts.some((f) => new RegExp(`\\b${escapeRegExp(stem)}`, 'i').test(f.text))) continue;
      const reason = `"${m[0]}" says how the royalties are worked out, which no cited fact about royalties says`;
      if (!out.includes(reason)) out.push(reason);
    }
  }
  return out;
}

/**
 * What happened on a date: "signed on 13 June 2025" where the fact says the deal was announced
 * that day. Announcing, signing and closing are different events, often weeks apart; the verb
 * that goes with a date in the sentence must be of the same kind as one a cited fact giving that
 * date uses.
 */
const DATE_EVENTS: { event: string; re: RegExp }[] = [
  { event: 'announced', re: /\b(?:announc\w*|unveil\w*|disclos\w*|reveal\w*|made public|publici[sz]\w*)\b/gi },
  { event: 'signed', re: /\b(?:sign\w*|inked|execut\w*|entered into|struck)\b/gi },
  { event: 'closed', re: /\b(?:clos\w*|complet\w*|finali[sz]\w*|took effect|takes effect|effective|consummat\w*)\b/gi },
];

function dateEvent(text: string): string | undefined {
  let best: { event: string; at: number } | undefined;
  for (const { event, re } of DATE_EVENTS) {
    const all = [...text.matchAll(re)];
    const last = all[all.length - 1];
    if (last && (!best || last.index > best.at)) best = { event, at: last.index };
  }
  return best?.event;
}

function checkDateEvents(text: string, figures: readonly Figure[], cited: readonly CitedFact[]): string[] {
  const out: string[] = [];
  for (const f of figures) {
    if (f.kind !== 'date') continue;
    const { from } = clauseAround(text, f.start, f.end);
    const event = dateEvent(text.slice(from, f.start));
    if (!event) continue;
    const facts = cited.filter((c) => c.figures.some((g) => g.kind === 'date' && g.month === f.month && (f.year === undefined || g.year === f.year)));
    if (facts.length === 0) continue;
    if (facts.some((c) => dateEvent(c.text.slice(0, c.figures.find((g) => g.kind === 'date')!.start)) === event)) continue;
    const reason = `says the deal was ${event} on ${describeFigure(f)}, but the cited facts give that date for another event`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

/**
 * A count told as already there: "AstraZeneca employs about 1,700 people in Beijing", "its Beijing
 * headcount is about 1,700", where the fact says AstraZeneca expects its headcount to reach 1,700.
 * When every cited fact giving a count gives it as expected, planned or aimed for, the clause of
 * the count must look ahead too (a hedge, a future, "to reach").
 */
const COUNT_AHEAD_RE =
  /\b(?:expect\w*|plan(?:s|ned|ning)?|aim(?:s|ed|ing)?|target\w*|project(?:s|ed|ions?)|forecast\w*|intend\w*|anticipat\w*|goal|will|would|could|may|might|shall|to\s+(?:reach|grow|rise|hit|be|employ|have|house|work)|set\s+to|due\s+to|eventually|potentially)\b/i;

/** A fact expecting a count: "expects its Beijing headcount to reach about 1,700" (the expectation just before the count). */
const COUNT_EXPECTED_RE =
  /\b(?:expect\w*|plan(?:s|ned)?|aim(?:s|ed)?|target(?:s|ed)?|forecast\w*|project(?:s|ed)|intend\w*)\b[^.;,]{0,80}\bto\s+(?:reach|grow\s+to|rise\s+to|hit|top|be)\s+(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?$/i;

function checkCountTense(text: string, figures: readonly Figure[], cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const out: string[] = [];
  for (const f of figures) {
    if (f.kind !== 'number' || saidMissing(silent, f.start)) continue;
    const stating = cited.flatMap((c) => c.figures.filter((g) => g.kind === 'number' && sameFigureValue(g, f)).map((g) => ({ c, g })));
    if (stating.length === 0 || !stating.every(({ c, g }) => COUNT_EXPECTED_RE.test(c.text.slice(Math.max(0, g.start - 100), g.start)))) continue;
    const { from, to } = clauseAround(text, f.start, f.end);
    if (COUNT_AHEAD_RE.test(text.slice(from, to))) continue;
    const reason = `tells ${describeFigure(f)} as already reached, where the cited facts give it as expected`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

/**
 * A count told as a change: "headcount to grow by about 1,700", "hire about 1,700 people", where
 * the fact says the headcount will reach 1,700. A growing, hiring or cutting verb just before a
 * count needs a cited fact giving that count with such a verb.
 */
const CHANGE_RE = /\b(?:grow|grows|grew|growing|rise|rises|rose|rising|increas\w*|add|adds|added|adding|hir(?:e|es|ed|ing)|recruit\w*|creat(?:e|es|ed|ing)|cut|cuts|cutting|reduc\w*|expand\w*|boost\w*)\b/i;

function checkCountChanges(text: string, figures: readonly Figure[], cited: readonly CitedFact[]): string[] {
  const out: string[] = [];
  for (const f of figures) {
    if (f.kind !== 'number') continue;
    const { from } = clauseAround(text, f.start, f.end);
    const before = text.slice(Math.max(from, f.start - 40), f.start);
    const m = CHANGE_RE.exec(before);
    // "grow to about 1,700" gives the level, as "reach" does.
    if (!m || /^\s+(?:to|at)\b/i.test(before.slice(m.index + m[0].length))) continue;
    const facts = cited.filter((c) => c.figures.some((g) => sameFigureValue(g, f)));
    if (facts.length === 0 || facts.some((c) => CHANGE_RE.test(c.text))) continue;
    const reason = `"${m[0]}" tells ${describeFigure(f)} as a change, which the cited facts do not`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

function checkRates(text: string, figures: readonly Figure[], cited: readonly CitedFact[]): string[] {
  const reasons: string[] = [];
  for (const s of figures) {
    if (s.kind !== 'money') continue;
    const rates = moneyRates(text, s);
    if (rates.size === 0) continue;
    const supported = cited.some((f) => {
      return f.figures.some((g) => {
        if (g.kind !== 'money' || g.amount !== s.amount) return false;
        const own = moneyRates(f.text, g);
        return [...rates].every((r) => own.has(r));
      });
    });
    if (!supported) reasons.push(`figure ${describeFigure(s)} is stated ${[...rates].map((r) => `"${r}"`).join(', ')}, which no cited fact stating it says`);
  }
  return reasons;
}

/**
 * What a figure includes or leaves out. "The deal is worth up to $5.3 billion, not including
 * the $110 million upfront" and "up to $1.92 billion, including the $100 million upfront" say
 * how two amounts relate, which the facts stating them may not. A money figure in a clause
 * that includes ("including", "inclusive of"), excludes ("excluding", "not including",
 * "exclusive of") or adds ("plus", "on top of", "in addition to", "over and above") needs a
 * cited fact stating it with a word of the same family. Separate payments may be excluded
 * from or added to one another without one ("$110 million upfront plus up to $1.62 billion in
 * development milestones"): where every money figure of the sentence is a component (upfront,
 * milestones, fees, royalties, …), not a total or an amount of no stated kind, only
 * "including" is checked.
 */
const RELATION_RES: { family: string; re: RegExp }[] = [
  { family: 'excluding', re: /\b(?:exclud(?:e|es|ed|ing)|exclusive of|not (?:including|included|counting))\b/i },
  { family: 'including', re: /(?<!\bnot )\b(?:includ(?:e|es|ed|ing)|inclusive of)\b/i },
  { family: 'on top of', re: /\b(?:on top of|in addition to|over and above)\b|(?<![\p{L}-])plus\b/iu },
];
const COMPONENTS = new Set<Quantity>([
  'upfront', 'near_term', 'equity', 'fees', 'development_milestones', 'commercial_milestones', 'milestones', 'all_milestones', 'royalties',
]);

/** True when every money figure among `figures` is given for a separate payment. */
function onlyComponents(figures: readonly Figure[]): boolean {
  return figures.every((g) => g.kind !== 'money' || (g.quantity !== undefined && COMPONENTS.has(g.quantity)));
}

/** The relation families a clause opens with (", excluding the upfront"). */
function openingRelations(clause: string): string[] {
  const lead = clause.length - clause.trimStart().length;
  return RELATION_RES.filter(({ re }) => re.exec(clause)?.index === lead).map(({ family }) => family);
}

/**
 * The relation families in the clause around a figure, and the span of what they relate: the
 * clause, and its neighbours when it opens with the relation word (", not including the $110
 * million upfront" is about the clause before it). A clause right after the figure's that opens
 * with one relates the figure too: "up to $5.3 billion, excluding the upfront" (the clause after
 * has no figure of its own to carry the word).
 */
function relationsAround(text: string, f: Figure): { relations: Set<string>; from: number; to: number } {
  const { from, to } = clauseAround(text, f.start, f.end);
  const clause = text.slice(from, to);
  const relations = new Set(RELATION_RES.filter(({ re }) => re.test(clause)).map(({ family }) => family));
  if (openingRelations(clause).length === 0) {
    if (to >= text.length) return { relations, from, to };
    const next = clauseAround(text, to + 1, to + 1);
    const opening = openingRelations(text.slice(to + 1, next.to));
    if (opening.length === 0) return { relations, from, to };
    for (const r of opening) relations.add(r);
    return { relations, from, to: next.to };
  }
  return { relations, ...withNeighbours(text, from, to) };
}

/** The clause [from, to) with the clauses either side of it. */
function withNeighbours(text: string, from: number, to: number): { from: number; to: number } {
  return {
    from: from > 0 ? clauseAround(text, from - 1, from - 1).from : from,
    to: to < text.length ? clauseAround(text, to + 1, to + 1).to : to,
  };
}

/** True when the clause at `index`, with its neighbours, states only separate payments. */
function separateAround(text: string, index: number, figures: readonly Figure[]): boolean {
  const c = clauseAround(text, index, index);
  const { from, to } = withNeighbours(text, c.from, c.to);
  return onlyComponents(figures.filter((g) => g.start >= from && g.end <= to));
}

/** "The deal included $42 million upfront": the deal, not another amount, includes it. */
const DEAL_INCLUDES_RE =
  /\b(?:the|this|that|its|their)\s+(?:[\p{L}.'’-]+\s+){0,3}?(?:deal|agreement|collaboration|licen[cs]e|partnership|transaction|pact|tie-up)\s+(?:(?:also|will|would|has|had|have)\s+)*includ(?:e|es|ed)\b/iu;

const TOTAL_WORDS_RE = /\b(?:totals?|totalling|in all|overall|altogether|all told|headline|aggregate|combined|worth|valued?)\b/i;
const isMilestones = (q: string | undefined): boolean => q !== undefined && /milestones/.test(q);

/**
 * True when the one inclusion in the sentence is the deal including figure `s` ("The deal
 * included $42 million upfront"), with no second amount in it and no other quantity word
 * (total, milestones, fees, …) the figure could include or be part of.
 */
function dealIncludes(text: string, s: MoneyFigure, from: number, figures: readonly Figure[]): boolean {
  const m = DEAL_INCLUDES_RE.exec(text.slice(from));
  if (!m || from + m.index + m[0].length > s.start || (text.match(/\binclu(?:d|siv)/gi) ?? []).length > 1) return false;
  if (figures.some((g) => g !== s && g.kind === 'money')) return false;
  const others = quantitiesIn(text);
  if (TOTAL_WORDS_RE.test(text)) others.add('total');
  if (/\bmilestones?\b/i.test(text)) others.add('milestones');
  return [...others].every((q) => q === s.quantity || (isMilestones(q) && isMilestones(s.quantity)));
}

/**
 * True when each inclusion word in [from, to) comes after money figure `s` and what follows it
 * in the clause has no money figure, money word or total word: the figure includes no amount.
 */
function includesNoAmount(text: string, s: MoneyFigure, from: number, to: number, figures: readonly Figure[]): boolean {
  const clause = text.slice(from, to);
  const words = [...clause.matchAll(/(?<!\bnot )\b(?:includ(?:e|es|ed|ing)|inclusive of)\b/gi)];
  if (words.length === 0) return false;
  return words.every((w) => {
    const at = from + w.index;
    if (at < s.end) return false;
    const rest = text.slice(at + w[0].length, to);
    return (
      !figures.some((g) => g.kind === 'money' && g.start >= at && g.end <= to) &&
      !CLAIM_WORDS.some(({ key, re }) => key !== 'date' && re.test(rest)) &&
      !TOTAL_WORDS_RE.test(rest)
    );
  });
}

function checkRelations(text: string, figures: readonly Figure[], cited: readonly CitedFact[]): string[] {
  const reasons: string[] = [];
  for (const s of figures) {
    if (s.kind !== 'money') continue;
    const { relations: all, from, to } = relationsAround(text, s);
    const separate = onlyComponents(figures.filter((g) => g.start >= from && g.end <= to));
    const relations = [...all].filter((r) => !separate || r === 'including');
    if (relations.length === 0) continue;
    if (relations.length === 1 && relations[0] === 'including' && dealIncludes(text, s, from, figures)) continue;
    // "The $2.5 billion is to be spent on a centre that will include an AI lab": what is
    // included after the figure is no amount, nor any money or quantity word.
    if (relations.includes('including') && includesNoAmount(text, s, from, to, figures)) relations.splice(relations.indexOf('including'), 1);
    if (relations.length === 0) continue;
    const supported = cited.some((f) => {
      return f.figures.some((g) => {
        if (g.kind !== 'money' || g.amount !== s.amount) return false;
        const own = relationsAround(f.text, g).relations;
        return relations.every((r) => own.has(r));
      });
    });
    if (!supported) {
      reasons.push(`figure ${describeFigure(s)} is stated ${relations.map((r) => `"${r}"`).join(', ')} another amount, which no cited fact stating it says`);
    }
  }
  return reasons;
}

/**
 * Negations. "CSPC does not receive $110 million upfront", "the upfront was never $110
 * million", "royalties are not payable": every figure and word is the fact's, but the claim is
 * its opposite. A clause with a negation in it (not, no, never, n't, neither, nor, none,
 * nothing, without, cannot, …) that states a figure or a money word (upfront, royalties,
 * milestones, pay, receive, eligible, terms, …, and "date") must be matched by a negated clause
 * of one cited fact stating the same figures and money words ("their terms are not recorded").
 * A negation inside a qualifier the figure already carries ("not exceeding $X", "no more
 * than", "not quite") is read there, not here; "not only" and the like deny nothing, and so
 * does "not including" between separate payments only.
 */
const NEGATION_RE = /\b(?:not|no(?!\.\s*\d)|never|neither|nor|none|nothing|nobody|without|cannot|lacks?|lacking|excluded\s+from|kept\s+out\s+of|barred\s+from|fail(?:s|ed)?\s+to)\b|n't\b/gi;
const NOT_DENIAL_RE = /^(?:not (?:only|just|merely|least|including|counting|to mention)|no (?:later|earlier) than)\b/i;
/** "not including" / "not counting" deny nothing only between separate payments (see above). */
const NOT_INCLUDING_RE = /^not (?:including|counting)\b/i;
/**
 * What ends the clause a negation is read in. Not the comma in "1,700", nor one inside a short
 * list ("no terms, scope or date").
 */
const NEGATION_BREAK_RE =
  /,(?!\d{3}|\s*(?:[\p{L}\p{N}'-]+\s+){1,3}(?:and|or|nor)\b)|[;:()]|\.(?:\s|$)|\s-\s|\b(?:but|while|whereas|although|though|however)\b/giu;
/** What ends the sentence part a bare negation ("will not, however, pay …") reaches into. */
const NEGATION_END_RE = /[;:]|\.(?:\s|$)/g;
/** Words that may follow a negation in its clause without being what it denies. */
const BARE_NEGATION_RE = /^(?:\s*\b(?:yet|also|ever|now|currently|then|still|however|therefore|thus|indeed|necessarily|be|been|have|has|had|do|does|did)\b)*\s*$/i;

interface NegatedClause {
  /** The negation word as written, for the reason. */
  word: string;
  /** Where the negation word is. */
  at: number;
  figures: Figure[];
  keys: Set<string>;
  /** The clause is about what is reported ("no value is given"), not about the deal itself. */
  reported: boolean;
  /** The clause's own words, lowercased, when it has no figure nor money word (see checkNegations). */
  words?: string[];
}

/** Negations that deny something: not part of a qualifier of the next figure, nor "not only". */
function denials(text: string, figures: readonly Figure[]): RegExpExecArray[] {
  return [...text.matchAll(NEGATION_RE)].filter((m) => {
    const rest = text.slice(m.index);
    if (NOT_DENIAL_RE.test(rest) && (!NOT_INCLUDING_RE.test(rest) || separateAround(text, m.index, figures))) return false;
    const next = figures.find((g) => g.start > m.index);
    if (next && 'qualifier' in next && negationQualifier(text.slice(m.index, next.start)) === next.qualifier) return false;
    return true;
  });
}

/**
 * The party a denial names right after its negation word ("not CSPC", "not to CSPC"), by name
 * or alias, and where; undefined when it names none.
 */
function deniedParty(text: string, after: number, parties: readonly Party[]): { name: string; at: number } | undefined {
  const skip = /^\s+(?:(?:to|from|by|for|with|the|even)\s+)?/i.exec(text.slice(after))?.[0].length ?? 0;
  const rest = text.slice(after + skip);
  const named = (n: string): boolean => rest.startsWith(n) && !/[\p{L}\p{N}]/u.test(rest[n.length] ?? '');
  const party = parties.find((p) => [p.name, ...p.aliases].some(named));
  return party ? { name: party.name, at: after + skip } : undefined;
}

/**
 * The clauses of `text` that hold a denial, with the figures, money words and denied parties
 * in each. `readDenials` are where parties are named whose denial the money flows already
 * check ("AstraZeneca, not CSPC, pays …"): those are not counted again.
 */
/** A reply's opening "No" (after nothing, or after a question it answers). */
const ANSWER_NO_RE = /(?:^|\?\s*)\s*["'“‘]?no$/i;

function negatedClauses(
  text: string,
  figures: readonly Figure[],
  parties: readonly Party[],
  readDenials: readonly number[] = [],
): NegatedClause[] {
  const breaks = [...text.matchAll(NEGATION_BREAK_RE)];
  const ends = [...text.matchAll(NEGATION_END_RE)];
  const out: NegatedClause[] = [];
  for (const m of denials(text, figures)) {
    // "No, the Beijing centre is AstraZeneca's second …": a reply's "No," answers the question; it
    // denies nothing in the clause after it.
    if (ANSWER_NO_RE.test(text.slice(0, m.index + m[0].length)) && /^\s*[,:;—–-]/.test(text.slice(m.index + m[0].length))) continue;
    const before = breaks.filter((b) => b.index < m.index).pop();
    const start = before ? before.index + before[0].length : 0;
    let end = breaks.find((b) => b.index >= m.index + m[0].length)?.index ?? text.length;
    // "will not, however, pay $110 million": a negation with nothing after it in its clause
    // reaches on to the end of the sentence part.
    if (BARE_NEGATION_RE.test(text.slice(m.index + m[0].length, end))) {
      end = ends.find((e) => e.index >= end)?.index ?? text.length;
    }
    const clause = text.slice(start, end);
    const keys = new Set(CLAIM_WORDS.filter(({ re }) => re.test(clause)).map(({ key }) => key));
    const party = deniedParty(text, m.index + m[0].length, parties);
    if (party && !readDenials.includes(party.at)) keys.add(party.name);
    const inside = figures.filter((g) => g.start >= start && g.end <= end);
    const bare = inside.length === 0 && keys.size === 0;
    out.push({ word: m[0], at: m.index, figures: inside, keys, reported: REPORTED_RE.test(clause), words: bare ? clauseWords(clause) : undefined });
  }
  return out;
}

/**
 * A clause whose subject is the sources, or we who hold them, up to the negation: "the sources we
 * hold for this deal do not", "we can't", "it is not", "the source gives no".
 */
const SOURCES_SUBJECT_RE =
  /(?:\b(?:sources?|facts|we|I)\b(?:\s+(?:we|I|hold|have|here|available|on|file|for|about|this|that|these|the|its|their|collaboration|deal|licence|agreement|partnership|currently|so|far))*\s+(?:(?:do|does|did|can|could)\s+|(?<give>gives?|records?|provides?|contains?|has|have|offers?)\s+)|\bit\s+is\s+)$/i;
/** What the sources may be said not to do: "do not name", "can't say", "is not known". */
const SOURCES_VERB_RE =
  /^\s*(?:(?:yet|explicitly|actually|specifically|clearly|directly)\s+)?(?:say|name|describe|compare|give|record|mention|specify|detail|break|list|identify|state|disclose|report|show|provide|include|cover|know|known|tell|spell|offer|explain|clear|stated|disclosed|recorded|given|reported)\b/i;
/** An answer's opening: "No,", "Not that we know:", "Not yet —", "Not at signing:". */
const ANSWER_OPENING_RE = /^\W*(?:no|not(?:\s+(?:yet|known|stated|disclosed|recorded|given|really|exactly|quite|that\s+we\s+know|as\s+far\s+as\s+we\s+know|at\s+signing|at\s+the\s+time))?)\s*[,:;—–-]/i;
/** Denials a cited fact's words state in other words: "had not reached the clinic" of a preclinical asset. */
const IMPLIED_DENIALS: { denial: RegExp; fact: RegExp }[] = [{ denial: /\bclinic(?:s|al)?\b/i, fact: /\bpre-?clinical\b/i }];

/** Whether a negation with no figure nor money word is not a denial of the deal (see checkNegations). */
function bareNegationDeniesNothing(text: string, at: number, word: string): boolean {
  const before = text.slice(0, at);
  if (/,\s*$/.test(before) || /\brather\s+than\s*$/i.test(before)) return true;
  if (/(?:^|[.!?]\s)\W*$/.test(before) && ANSWER_OPENING_RE.test(text.slice(at))) return true;
  const after = text.slice(at + word.length);
  let subject = before.slice(Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf(':'), before.lastIndexOf('. ')) + 1);
  // "can't", "doesn't": the negation is "n't", after the auxiliary's first letters.
  if (/^n't$/i.test(word)) subject = subject.replace(/\p{L}+$/u, 'do ');
  const sources = SOURCES_SUBJECT_RE.exec(subject);
  if (sources && (sources.groups?.give !== undefined || SOURCES_VERB_RE.test(after))) return true;
  // "those who do not": nothing denied after it in its sentence part.
  const rest = after.split(/[,;:.]|\s[—–-]\s/)[0]!;
  return !/\p{L}{4,}/u.test(rest.replace(/\b(?:yet|also|ever|now|currently|then|still|have|been|being|that|this|they|them|those|there)\b/gi, ''));
}

/** Words that tell nothing of what a clause denies. */
const PLAIN_WORDS = new Set(
  ('that this these those with from into onto have has had will would could should shall must might does did their there they them then than also been being were was are ' +
    'which what when where while such other more most some only just even ever yet still about over under after before each both either neither cannot never nothing none nobody without ' +
    'its it the and for not any use uses used using can may')
    .split(' '),
);

/** A clause's words of four letters or more that say what it is about ("finished", "model", "programmes"). */
function clauseWords(clause: string): string[] {
  return [...new Set((clause.toLowerCase().match(/\p{L}[\p{L}'’-]{3,}/gu) ?? []).map((w) => w.replace(/['’]s$/, '')).filter((w) => !PLAIN_WORDS.has(w)))];
}

/** Whether two word lists share a word, or a word's stem of five letters ("programme", "programmes"). */
function shareWord(a: readonly string[], b: readonly string[]): boolean {
  const stem = (w: string) => (w.length > 5 ? w.slice(0, Math.max(5, w.length - 3)) : w);
  const stems = new Set(b.map(stem));
  return a.some((w) => stems.has(stem(w)));
}

/** A figure's value, for telling whether two figures say the same. */
function figureValue(f: Figure): string {
  switch (f.kind) {
    case 'money':
      return `money ${f.amount}`;
    case 'percent':
    case 'number':
    case 'ordinal':
      return `${f.kind} ${f.value}`;
    case 'year':
      return `year ${f.year}`;
    case 'date':
      return `date ${f.year}-${f.month}-${f.day}`;
    case 'period':
      return `period ${f.year} ${f.from}-${f.to}`;
    case 'descriptor':
      return `descriptor ${f.base} ${f.level}`;
  }
}

const factNegationCache = new WeakMap<Fact, NegatedClause[]>();

/**
 * What a fact's "no terms" covers in a sentence about what is reported: "no value is given",
 * "no amount was disclosed" (not "no money changes hands", a claim about the deal).
 */
const TERMS_COVER = new Set(['value', 'amount', 'price', 'worth']);
const REPORTED_RE = /\b(?:given|gives|give|disclosed|discloses|reported|reports|stated|states|recorded|records|published|provided|provides|mentioned|mentions|known|cited)\b/i;

function checkNegations(
  text: string,
  figures: readonly Figure[],
  flows: readonly MoneyFlow[],
  cited: readonly CitedFact[],
  silent: readonly Silence[],
): string[] {
  const reasons: string[] = [];
  const parties = cited[0]?.deal.parties ?? [];
  const readDenials = flows.flatMap((f) => f.denials);
  for (const n of negatedClauses(text, figures, parties, readDenials)) {
    // "The sources we hold do not say …", true of the deal: about the sources, no denial.
    const silence = silent.find((s) => n.at >= s.from && (n.at < s.verbEnd || (s.passive === true && n.at < s.to)));
    if (silence && silence.missing.length === 0) continue;
    const factClauses = (f: CitedFact): NegatedClause[] => {
      let clauses = factNegationCache.get(f.fact);
      if (!clauses) factNegationCache.set(f.fact, (clauses = negatedClauses(f.text, f.figures, f.deal.parties)));
      return clauses;
    };
    if (n.words) {
      // A denial with no figure nor money word ("Pathos AI cannot use the finished model", "YS2302018
      // was not discovered by CSPC") turns a cited fact into its opposite just the same: a cited
      // fact must deny something too, in a clause sharing a word with it. Not read as a denial of
      // the deal: what the sources do not say ("the sources we hold do not name the targets", "no
      // scope is given", "it is not known when"), an answer's opening ("No,", "Not that we know:"),
      // a contrast after a comma ("a research collaboration, not an acquisition": what it is, is
      // checked as said) and a denial with nothing after it ("those who do not").
      if (silence || n.reported || bareNegationDeniesNothing(text, n.at, n.word)) continue;
      if (cited.some((f) => factClauses(f).some((c) => c.words !== undefined && shareWord(n.words!, c.words)))) continue;
      const clause = n.words.join(' ');
      if (IMPLIED_DENIALS.some(({ denial, fact }) => denial.test(clause) && cited.some((f) => fact.test(f.text)))) continue;
      reasons.push(`"${n.word}" denies what the cited facts state; no cited fact says it with a negation`);
      continue;
    }
    const supported = cited.some((f) =>
      factClauses(f).some((c) => {
        const values = new Set(c.figures.map(figureValue));
        return n.figures.every((g) => values.has(figureValue(g))) && [...n.keys].every((k) => c.keys.has(k) || (c.keys.has('terms') && n.reported && TERMS_COVER.has(k)));
      }),
    );
    if (supported) continue;
    if (silence) {
      reasons.push(`says the sources do not give ${silence.missing.map((t) => `"${t}"`).join(', ')}, which the deal's facts or value do`);
      continue;
    }
    const what = [...n.figures.map(describeFigure), ...[...n.keys].map((k) => `"${k}"`)].join(', ');
    reasons.push(`"${n.word}" denies ${what}, which no cited fact says with a negation`);
  }
  return [...new Set(reasons)];
}

/**
 * What the sources do not say. "The sources we hold do not say whether there is an upfront
 * payment" (`prompts/answer.md` asks for it when the facts do not answer) is about the sources,
 * not a denial about the deal; but it must be true. A clause whose subject is the sources or the
 * facts ("the sources (we hold) do not say / give / mention / …", "no source says", "none of
 * the facts we hold give") and that states no figure is read as such, and each thing it says
 * they lack (upfront, royalties, milestones, equity, fees, investment, total or worth, terms,
 * date; only money words that name none of these stand for any amount at all) must be missing
 * from every fact of the deal and from its value: "The sources do not mention an upfront" fails
 * on a deal with one, cited or not. A clause of it that fails this is read as a negation, as
 * before ("their terms are not recorded" supports "the sources do not record their terms").
 */
const SILENCE_VERB =
  '(?:say|says|said|give|gives|gave|state|states|stated|mention|mentions|mentioned|record|records|recorded|disclose|discloses|disclosed|report|reports|reported|show|shows|showed|specify|specifies|specified|include|includes|included|detail|details|detailed|provide|provides|provided|reveal|reveals|revealed|break\\s+down|breaks\\s+down|broke\\s+down|break|breaks|broke)';
const SILENCE_WHO = '(?:sources?|facts)(?:\\s+(?:we|I)\\s+(?:hold|have))?(?:\\s+(?:available|here|on\\s+file))?';
const SILENCE_RE = new RegExp(
  `\\b(?:the\\s+)?(?:available\\s+)?${SILENCE_WHO}\\s+(?:(?:do|does|did)\\s+not|(?:do|does|did)n't|never)\\s+(?:(?:explicitly|actually|specifically|clearly)\\s+)?${SILENCE_VERB}\\b` +
    `|\\b(?:no|none\\s+of\\s+the)\\s+${SILENCE_WHO}\\s+${SILENCE_VERB}\\b` +
    // "The sources we hold give no breakdown of the $18 million."
    `|\\b(?:the\\s+)?${SILENCE_WHO}\\s+(?:give|gives|gave|record|records|recorded|provide|provides|contain|contains|offer|offers)\\s+no\\b` +
    // "The sources we hold give the $42 million upfront without saying who paid it."
    `|\\b(?:the\\s+)?${SILENCE_WHO}\\s+[^.;:!?]{0,80}?\\bwithout\\s+(?:saying|stating|naming|giving|specifying|mentioning|recording|disclosing|detailing|breaking\\s+down)\\b`,
  'gi',
);
/** What a silence may say is missing that a deal records outside its money: its areas, an earlier deal. */
const DISEASE_AREAS_RE = /\b(?:(?:disease|therapeutic|therapy)\s+areas?|indications?|which\s+diseases?|what\s+diseases?)\b/i;
const BEFORE_RE = /\b(?:worked|collaborated|partnered|teamed\s+up|dealt)\b[^.;:]*\b(?:before|previously|earlier)\b|\b(?:previous|earlier|prior)\s+(?:collaboration|partnership|deal|ties|relationship|work)\b/i;
/** "the royalty rate is not specified in the sources we hold", "no exclusivity is described in our facts". */
const PASSIVE_SILENCE_RE = new RegExp(
  `\\b(?:is|are|was|were)\\s+(?:not|n't)\\s+(?:specified|described|given|stated|recorded|disclosed|broken\\s+down|mentioned|reported|detailed)\\s+(?:in|by)\\s+(?:the|our)\\s+${SILENCE_WHO}\\b`,
  'gi',
);
/** What a silence says is missing, and where a deal has it. */
const SILENCE_TOPICS: { topic: string; re: RegExp; value: readonly string[] }[] = [
  { topic: 'upfront', re: /\bup[- ]?front\b/i, value: ['upfront', 'near_term'] },
  { topic: 'royalties', re: /\broyalt(?:y|ies)\b/i, value: ['royalties'] },
  {
    topic: 'milestones',
    re: /\bmilestones?\b/i,
    value: ['development_milestones', 'commercial_milestones', 'milestones', 'near_term'],
  },
  { topic: 'equity', re: /\b(?:equity|stakes?|shares?|shareholdings?)\b/i, value: ['equity'] },
  { topic: 'fees', re: /\bfees?\b/i, value: ['fees'] },
  // "an upfront payment for the Beijing investment": the investment names the deal.
  {
    topic: 'investment',
    re: /(?<!\b(?:for|of|in|on|to|from|under|about|behind)\s+(?:(?:the|this|that|its|their)\s+)?(?:\p{Lu}[\p{L}.'’-]*\s+){0,3})\binvest(?:s|ed|ing|ments?|ors?)?\b/iu,
    value: ['investment'],
  },
  { topic: 'total', re: /\b(?:worth|valu(?:e|es|ed|ation)|totals?|headline|in all|overall)\b/i, value: ['total'] },
  { topic: 'terms', re: /\b(?:terms|financials?|financial details?)\b/i, value: [] },
  { topic: 'date', re: /\b(?:dates?|dated|when)\b/i, value: [] },
];
const GENERIC_MONEY = 'amount';

const dealTopicCache = new WeakMap<Deal, Set<string>>();

/** The topics a deal's facts or value give (or so much as mention). */
function dealTopics(deal: Deal): Set<string> {
  let out = dealTopicCache.get(deal);
  if (out) return out;
  out = new Set<string>();
  const value = deal.value as Record<string, unknown>;
  const valueKeys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (valueKeys.length > 0) out.add('terms').add(GENERIC_MONEY);
  if (deal.announced.precision !== 'unknown') out.add('date');
  for (const fact of deal.facts) {
    const text = cleanText(fact.text);
    const figures = extractFigures(text);
    const tq = topicQuantity(fact.topic);
    if (tq) valueKeys.push(tq);
    if (tq || figures.some((g) => g.kind === 'money')) out.add('terms').add(GENERIC_MONEY);
    if (fact.topic === 'date' || figures.some((g) => g.kind === 'date' || g.kind === 'year' || g.kind === 'period')) out.add('date');
    for (const { topic, re } of SILENCE_TOPICS) if (topic !== 'date' && re.test(text)) out.add(topic);
    if (/\bdates?\b/i.test(text)) out.add('date');
  }
  for (const { topic, value: keys } of SILENCE_TOPICS) if (keys.some((k) => valueKeys.includes(k))) out.add(topic);
  if (valueKeys.some((k) => k !== 'royalties')) out.add(GENERIC_MONEY);
  dealTopicCache.set(deal, out);
  return out;
}

/**
 * Kinds of payment a sentence says the deal has: "The deal included milestones, worth up to $840
 * million in all" on a deal whose facts and value give no milestones invents them, though its
 * one figure is the fact's. An upfront or milestones mentioned on a deal that has none, cited or
 * not, fails, unless the sentence says the sources lack it. (Royalties need a cited fact about
 * royalties, a stricter rule of their own; fees, stakes and investments are read as the deal's
 * kind, or are too often other words: "upfront fee", "shares in the model".)
 */
const PAYMENT_KINDS = SILENCE_TOPICS.filter(({ topic }) => topic === 'upfront' || topic === 'milestones').map(({ topic, re }) => ({
  topic,
  re: new RegExp(re.source, 'giu'),
}));

/**
 * A fee or payment named by what it is for: "an option fee", "exercise fees", "licence fees",
 * "research funding", "access fees". Fees in general are left to the deal's kind (see above), but
 * a named one is a payment kind: its naming word must be in a cited fact that speaks of money
 * ("fees for licensing data" names licence fees; the options fact, with no money, names no option
 * fee).
 */
const NAMED_FEE_RE =
  /\b(option|exercise|licen[cs]e|licensing|access|subscription|maintenance|research|FTE|success|technology|platform|annual|data)[- ](?:exercise[- ])?(?:fees?|funding|payments?|charges?)\b/giu;
const FACT_MONEY_RE = /\b(?:fees?|pay\w*|funding|million|billion)\b|\$/i;

function checkNamedFees(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NAMED_FEE_RE)) {
    if (saidMissing(silent, m.index)) continue;
    const stem = m[1]!.toLowerCase().replace(/^licen[cs]e$|^licensing$/, 'licen').replace(/e$/, '');
    const named = new RegExp(`\\b${stem}`, 'i');
    if (cited.some((f) => FACT_MONEY_RE.test(f.text) && named.test(f.text))) continue;
    const reason = `"${m[0]}" names a payment no cited fact gives`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

function checkPaymentKinds(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const deal = cited[0]?.deal;
  if (!deal) return [];
  const has = dealTopics(deal);
  return [
    ...PAYMENT_KINDS.filter(({ topic, re }) => !has.has(topic) && [...text.matchAll(re)].some((m) => !saidMissing(silent, m.index))).map(
      ({ topic }) => `mentions ${topic === 'upfront' ? 'an upfront payment' : 'milestones'}, which no fact of the deal gives`,
    ),
    ...checkNamedFees(text, cited, silent),
  ];
}

/**
 * What aspect of a payment a silence is about. "The sources do not say when the milestones fall
 * due" is about their timing, not their existence: it is true where no fact about milestones
 * gives a date or a schedule, though facts give the milestones themselves. So too who pays or
 * receives ("who pays it"), a breakdown ("how the $200 million divides between …", "break the
 * $18 million down into …") and the royalty rate ("the royalty rates"). A figure named as what it
 * is about ("how the $2.5 billion is spread") is checked as every figure is; the words naming the
 * parts of a breakdown are parts asked about, not claims.
 */
type AspectKind = 'who pays' | 'who receives' | 'when' | 'breakdown' | 'rate' | 'tiers' | 'exercise' | 'share';
interface Aspect {
  kind: AspectKind;
  /** Where, in the clause after the verb, what it is about starts and ends. */
  whatFrom: number;
  whatTo: number;
}

/** "who receives", "which party pays": a question of who pays, after a silence verb. */
const WHO_PAYS_RE =
  /^\s+(?:who|which\s+(?:party|company|side|partner))\s+(?:(?:will|would|is\s+to|has\s+to|must|is|was|gets\s+to)\s+)?(?:(pays?|paid|funds?|provides?|owes?)|receives?|received|gets?|got|earns?|earned|is\s+paid|was\s+paid)\b/i;
/** "the payer of the $42 million", "the recipient of the fees" (a passive silence's subject). */
const WHO_NOUN_RE = /^\s+(?:the\s+)?(?:(payers?|funders?)|recipients?|receivers?|beneficiar(?:y|ies))\s+of\b/i;
/** "when the milestone payments fall due", "when the $110 million is paid". */
const WHEN_RE =
  /^(\s+(?:exactly\s+)?(?:when|by\s+when|on\s+what\s+dates?|at\s+what\s+(?:point|stage))\s+)(.+?)\s+(?:(?:is|are|was|were|will|would|could|might|may)\s+(?:be\s+|become\s+|fall\s+)?|(?:fall|falls|fell|come|comes|came|become|becomes|became|get|gets)\s+)(?:due|paid|payable|owed|triggered|made|released)\b/i;
/** "whether the $110 million upfront has already been paid": whether it is paid yet, a matter of timing. */
const WHETHER_PAID_RE =
  /^(\s+whether\s+)(.+?)\s+(?:(?:has|have)\s+(?:already\s+|yet\s+)?been|(?:is|are|was|were)\s+(?:already\s+)?)\s*(?:paid|received|made|disbursed|transferred)\b/i;
/** "the timing of the milestones", "a schedule for the $2.5 billion". */
const TIMING_OF_RE = /^(\s+(?:the\s+|any\s+|a\s+)?(?:timing|schedule|payment\s+schedule|due\s+dates?|payment\s+dates?)\s+(?:of|for)\s+)(.+)$/i;
/** "how the $2.5 billion is spread across …", "how the $200 million divides between …". */
const HOW_SPLIT_RE =
  /^(\s+how\s+)(.+?)\s+(?:(?:is|are|was|were|will\s+be|would\s+be|gets?)\s+)?(?:split|splits|spread|divided|divides|allocated|distributed|broken\s+down|breaks\s+down|apportioned|phased|shared\s+out)\b/i;
/** "a breakdown of the $18 million (into …)". */
const BREAKDOWN_OF_RE = /^(\s+(?:(?:a|any|the)\s+)?(?:breakdown|split|division|allocation)\s+of\s+)(.+?)(?=\s+(?:into|by|between|across|among|over)\b|$)/i;
/** After "break down": "the $18 million (into …)"; after "break": "the $18 million down (into …)". */
const BROKEN_DOWN_RE = /^(\s+)(.+?)(?=\s+(?:into|by|between|across|among)\b|$)/i;
const BREAK_DOWN_RE = /^(\s+)(.+?)\s+down\b/i;
/** "the royalty rate(s)", "the rate of the royalties". */
const RATE_RE =
  /^\s+(?:the\s+|any\s+|an?\s+)?(?:exact\s+|actual\s+|specific\s+|precise\s+)?(?:royalty\s+(?:rates?|percentages?)|(?:rates?|percentages?)\s+(?:of|for)\s+(?:the\s+)?royalt(?:y|ies))\b/i;

/** "the royalty tiers", "at what sales levels the royalty tiers change", "what the tiers of the royalties are". */
const TIERS_RE =
  /^\s+(?:(?:what|which|how|where|at\s+what(?:\s+[\p{L}-]+){1,3}|the\s+(?:thresholds?|levels?|breakpoints?)\s+(?:of|for|at\s+which))\s+)?(?:the\s+|any\s+)?(?:royalty\s+(?:tiers?|thresholds?|bands?|brackets?)|tiers?\s+(?:of|for)\s+(?:the\s+)?royalt(?:y|ies))\b/iu;
/**
 * What an option costs to exercise: "what AstraZeneca would pay to exercise its options", "the
 * option exercise fees". Not the deal's money in general, which other facts may give.
 */
const EXERCISE_RE =
  /^\s+(?:(?:what|how\s+much)\s+(?:[\p{L}.-]+\s+){0,3}?(?:(?:would|will|must|could|has\s+to|have\s+to|is\s+to|needs?\s+to)\s+)?(?:pay|owe|spend)\s+(?:to\s+exercise|for\s+exercising|on\s+exercis(?:e|ing))|(?:the\s+|any\s+|an?\s+)?(?:option\s+)?(?:exercise\s+(?:fees?|prices?|payments?|costs?)|option\s+fees?))\b/iu;

/** "how many of the about 1,700 people …": a part of a count, named by the count and its noun. */
const HOW_MANY_OF_RE = /^(\s+how\s+many\s+of\s+)(the\s+(?:(?:about|around|roughly|approximately|some)\s+)?\d[\d,.]*\s+[\p{L}-]+)/iu;
/** Where the question about such a part starts: its verb ("… in Beijing | will work at the centre"). */
const SHARE_VERB_RE = /\b(?:will|would|could|might|may|are|were|work|works|worked|be)\b/i;

/** What aspect the clause after a silence (`verb`, the words matched) asks about, if one of these. */
function silenceAspect(verb: string, rest: string): Aspect | undefined {
  const who = WHO_PAYS_RE.exec(rest) ?? WHO_NOUN_RE.exec(rest);
  if (who) return { kind: who[1] ? 'who pays' : 'who receives', whatFrom: who[0].length, whatTo: rest.length };
  const rate = RATE_RE.exec(rest);
  if (rate) return { kind: 'rate', whatFrom: 0, whatTo: rate[0].length };
  const tiers = TIERS_RE.exec(rest);
  if (tiers) return { kind: 'tiers', whatFrom: 0, whatTo: tiers[0].length };
  const exercise = EXERCISE_RE.exec(rest);
  if (exercise) return { kind: 'exercise', whatFrom: 0, whatTo: exercise[0].length };
  const shaped: [AspectKind, RegExpExecArray | null][] = [
    ['when', WHEN_RE.exec(rest)],
    ['when', TIMING_OF_RE.exec(rest)],
    ['when', WHETHER_PAID_RE.exec(rest)],
    ['breakdown', HOW_SPLIT_RE.exec(rest)],
    ['breakdown', BREAKDOWN_OF_RE.exec(rest)],
    ['breakdown', /\bbr(?:eaks?|oke)\s+down$/i.test(verb) ? BROKEN_DOWN_RE.exec(rest) : null],
    ['breakdown', /\bbr(?:eaks?|oke)$/i.test(verb) ? BREAK_DOWN_RE.exec(rest) : null],
    ['share', HOW_MANY_OF_RE.exec(rest)],
  ];
  for (const [kind, m] of shaped) {
    if (m) return { kind, whatFrom: m[1]!.length, whatTo: m[1]!.length + m[2]!.length };
  }
  return undefined;
}

/** Payment topics a silence may be about the timing or breakdown of. */
const PAYMENT_TOPICS = SILENCE_TOPICS.filter(({ topic }) => topic !== 'terms' && topic !== 'date');
/** Words that give a payment's timing. */
const TIMING_WORDS_RE =
  /\b(?:due|instal(?:l)?ments?|schedul(?:e|ed)|within|upon|over\s+(?:the\s+)?(?:next\s+)?[\p{L}\d-]+\s+(?:years?|months?|quarters?)|(?:a|per|each|every)\s+(?:year|month|quarter)|annually|yearly|monthly|quarterly|on\s+(?:signing|closing|approval|completion)|at\s+(?:signing|closing))\b/iu;

interface DealPayments {
  /** Every money amount its facts state or its value records. */
  amounts: number[];
  /** The deal's facts, as prepared. */
  facts: CitedFact[];
}
const dealPaymentsCache = new WeakMap<Deal, DealPayments>();

function dealPayments(deal: Deal, p: Prepared): DealPayments {
  let out = dealPaymentsCache.get(deal);
  if (out) return out;
  const facts = [...p.facts.values()].filter((f) => f.deal === deal);
  const amounts = facts.flatMap((f) => f.figures.flatMap((g) => (g.kind === 'money' ? [g.amount] : [])));
  for (const c of Object.values(deal.value as Record<string, unknown>)) {
    const amount = (c as { amount?: { amount?: unknown } } | undefined)?.amount?.amount;
    if (typeof amount === 'number') amounts.push(amount);
  }
  dealPaymentsCache.set(deal, (out = { amounts, facts }));
  return out;
}

/** The value components of `topics`, with their notes ("over five years"). */
function valueNotes(deal: Deal, topics: readonly string[]): { amounts: number[]; notes: string[] } {
  const value = deal.value as Record<string, { amount?: { amount?: number }; note?: string; text?: string } | undefined>;
  const keys = SILENCE_TOPICS.filter(({ topic }) => topics.includes(topic)).flatMap(({ value: v }) => v);
  const parts = keys.map((k) => value[k]).filter((c) => c !== undefined);
  return {
    amounts: parts.flatMap((c) => (typeof c.amount?.amount === 'number' ? [c.amount.amount] : [])),
    notes: parts.flatMap((c) => [c.note ?? '', c.text ?? '']),
  };
}

/** True when `deal` gives the aspect of what is asked about (its money figures and topics). */
function aspectKnown(kind: AspectKind, deal: Deal, p: Prepared, amounts: readonly number[], topics: readonly string[]): boolean {
  const pay = dealPayments(deal, p);
  const about = pay.facts.filter(
    (f) =>
      f.figures.some((g) => g.kind === 'money' && amounts.includes(g.amount)) ||
      PAYMENT_TOPICS.some(({ topic, re }) => topics.includes(topic) && re.test(f.text)),
  );
  const own = valueNotes(deal, topics);
  switch (kind) {
    case 'who pays':
    case 'who receives': {
      const roles = kind === 'who pays' ? PAYING_ROLES : RECEIVING_ROLES;
      if (deal.parties.some((party) => roles.has(party.role))) return true;
      return pay.facts.some((f) => factFlows(f).some((g) => (kind === 'who pays' ? g.payers : g.receivers).size > 0));
    }
    // The tiers are given by a rate too, or by a sales level (an amount), in a fact about royalties.
    case 'rate':
    case 'tiers':
      return (
        pay.facts.some((f) => f.mentionsRoyalties && f.figures.some((g) => g.kind === 'percent' || (kind === 'tiers' && g.kind === 'money'))) ||
        valueNotes(deal, ['royalties']).notes.some((n) => /\d|percent/i.test(n))
      );
    case 'exercise':
      return pay.facts.some((f) => /\bexercis|\boption\s+fees?\b/i.test(f.text) && f.figures.some((g) => g.kind === 'money'));
    // A part of a count: another number or a share beside it in a fact that states it.
    case 'share':
      return pay.facts.some(
        (f) =>
          f.figures.some((g) => g.kind === 'number' && amounts.includes(g.value)) &&
          f.figures.some((g) => g.kind === 'percent' || (g.kind === 'number' && !amounts.includes(g.value))),
      );
    case 'when':
      return (
        about.some((f) => f.figures.some((g) => g.kind === 'date' || g.kind === 'year' || g.kind === 'period') || TIMING_WORDS_RE.test(f.text)) ||
        own.notes.some((n) => TIMING_WORDS_RE.test(n))
      );
    case 'breakdown': {
      // Parts of the whole: another, smaller amount of the deal, or a share of it.
      const wholes = [...amounts, ...own.amounts, ...about.flatMap((f) => f.figures.flatMap((g) => (g.kind === 'money' ? [g.amount] : [])))];
      const whole = Math.max(...wholes);
      return pay.amounts.some((a) => a < whole) || new Set(wholes).size > 1 || about.some((f) => f.figures.some((g) => g.kind === 'percent'));
    }
  }
}

/**
 * "The sources we hold say CSPC receives the $110 million but do not say who pays it": a
 * silence whose subject, the sources, comes before "but" / "and".
 */
const SOURCES_SAY_RE = new RegExp(`\\b${SILENCE_WHO}\\s+(?:say|says|give|gives|state|states|mention|mentions|record|records|show|shows)\\b`, 'i');
const CARRIED_SILENCE_RE = new RegExp(
  `(?<=\\b(?:but|and|yet)\\s+)(?:do\\s+not|don't)\\s+(?:(?:explicitly|actually|specifically|clearly)\\s+)?${SILENCE_VERB}\\b`,
  'gi',
);

/** What a false silence of this aspect says is missing, for the reason ("who pays" either way). */
function aspectLabel(kind: AspectKind, what: string): string {
  if (kind === 'breakdown') return `a breakdown of ${what}`;
  if (kind === 'when') return `the timing of ${what}`;
  if (kind === 'who receives') return 'who receives';
  if (kind === 'tiers') return 'the royalty tiers';
  if (kind === 'exercise') return 'what exercising the options costs';
  if (kind === 'share') return `a part of ${what}`;
  return kind === 'rate' ? 'the royalty rate' : 'who pays';
}

/** A question right before `at` ("What's the upfront? The sources …"): where it starts and ends. */
function questionBefore(text: string, at: number): { from: number; to: number } | undefined {
  const before = text.slice(0, at);
  if (!/\?\s*$/.test(before)) return undefined;
  const end = before.lastIndexOf('?');
  const from = Math.max(...['.', '!', '?'].map((c) => before.lastIndexOf(c, end - 1))) + 1;
  return { from, to: end + 1 };
}

/** The clauses of `text` that say what the sources do not, with what of it the deal has. */
function silences(text: string, figures: readonly Figure[], cited: readonly CitedFact[], p: Prepared): Silence[] {
  const deals = [...new Set(cited.map((f) => f.deal))];
  if (deals.length === 0) return [];
  const breaks = [...text.matchAll(NEGATION_BREAK_RE)];
  const out: Silence[] = [];
  const said = SOURCES_SAY_RE.exec(text);
  const carried = said ? [...text.matchAll(CARRIED_SILENCE_RE)].filter((m) => m.index > said.index) : [];
  /**
   * One silence: from `from` (its subject), what is said to be missing is `rest`, from `verbEnd`
   * to `to`. For a passive one ("the royalty rate is not specified in the sources") the missing
   * thing comes first: `verbEnd` is the clause's start and `to` the end of the verb phrase.
   */
  const read = (from: number, verb: string, verbEnd: number, to: number, passive: boolean): void => {
    const inside = figures.filter((g) => g.start < to && g.end > from);
    // A passive silence's subject may open the sentence: read it as the words after a verb are, after a space.
    const lead = passive ? ' ' : '';
    const rest = lead + text.slice(verbEnd, passive ? to - verb.length : to);
    const flag = passive ? { passive: true } : {};
    let aspect = silenceAspect(verb, rest);
    // Tiers are asked about only where the deal's royalties have them; else it is the royalties.
    if (aspect?.kind === 'tiers' && !deals.some((d) => dealPayments(d, p).facts.some((f) => f.mentionsRoyalties && /\btier/i.test(f.text)))) aspect = undefined;
    if (aspect) {
      const whatFrom = verbEnd + aspect.whatFrom - lead.length;
      const whatTo = verbEnd + aspect.whatTo - lead.length;
      const what = text.slice(whatFrom, whatTo);
      const share = aspect.kind === 'share';
      const within = inside.filter((g) => g.start >= whatFrom && g.end <= whatTo);
      const amounts = within.flatMap((g) => (share ? (g.kind === 'number' ? [g.value] : []) : g.kind === 'money' ? [g.amount] : []));
      const topics = share ? [] : PAYMENT_TOPICS.filter(({ re }) => re.test(what)).map(({ topic }) => topic);
      // Timing and breakdown need something to be of: a figure or a payment, and a part a
      // count; any figure of the clause is checked as every figure is.
      const of = aspect.kind === 'when' || aspect.kind === 'breakdown' || share ? amounts.length > 0 || topics.length > 0 : true;
      if (of) {
        const known = deals.some((d) => aspectKnown(aspect.kind, d, p, amounts, topics));
        const label = aspectLabel(aspect.kind, what.trim());
        // The words of a part's question, from its verb on, are asked about, not claimed.
        const asked = share ? SHARE_VERB_RE.exec(text.slice(whatTo, to)) : null;
        const partsFrom = aspect.kind === 'breakdown' ? whatTo : asked ? whatTo + asked.index : undefined;
        out.push({ from, verbEnd, to, missing: known ? [label] : [], ...flag, ...(partsFrom !== undefined ? { partsFrom } : {}) });
        return;
      }
    }
    // Any other figure in it is checked as any denied figure is.
    if (inside.length > 0) return;
    const topics = SILENCE_TOPICS.filter(({ re }) => re.test(rest)).map(({ topic }) => topic);
    if (topics.length === 0 && CLAIM_WORDS.some(({ key, re }) => key !== 'date' && re.test(rest))) topics.push(GENERIC_MONEY);
    // "What's the upfront? The sources we hold do not say.": the question says what is missing.
    const question = topics.length === 0 ? questionBefore(text, from) : undefined;
    if (question) {
      const asked = text.slice(question.from, question.to);
      topics.push(...SILENCE_TOPICS.filter(({ re }) => re.test(asked)).map(({ topic }) => topic));
    }
    const missing = topics.filter((t) => deals.some((d) => dealTopics(d).has(t)));
    // "do not mention exclusivity", "do not say whether the rights are worldwide": a scope the
    // deal's facts give (cited or not) makes the silence false.
    const falseScope = [...scopeClaims(rest)]
      .filter(([family]) => deals.some((d) => dealPayments(d, p).facts.some((f) => factScopeFamilies(f.fact, f.text).has(family))))
      .map(([, words]) => words);
    // "do not say which disease areas …" where the deal records its areas; "do not say whether
    // they had worked together before" where a fact says the deal extends an earlier one.
    if (DISEASE_AREAS_RE.test(rest) && deals.some((d) => d.areas.length + d.indications.length > 0)) falseScope.push('disease areas');
    if (BEFORE_RE.test(rest) && deals.some((d) => d.facts.some((f) => factFamilies(f).has('extends')))) falseScope.push('an earlier collaboration');
    out.push({ from, verbEnd, to, missing, ...flag, ...(falseScope.length > 0 ? { falseScope } : {}) });
    if (question) out.push({ from: question.from, verbEnd: question.from, to: question.to, missing, asked: true });
  };
  for (const m of [...text.matchAll(SILENCE_RE), ...carried]) {
    const verbEnd = m.index + m[0].length;
    read(m.index, m[0], verbEnd, breaks.find((b) => b.index >= verbEnd)?.index ?? text.length, false);
  }
  for (const m of text.matchAll(PASSIVE_SILENCE_RE)) {
    const clause = breaks.filter((b) => b.index + b[0].length <= m.index).pop();
    const from = clause ? clause.index + clause[0].length : 0;
    read(from, m[0], from, m.index + m[0].length, true);
  }
  return out;
}

/**
 * A figure named as what a breakdown is of, read without the parts after it: in "do not break
 * the $18 million down into upfront, milestones …" the $18 million is not an upfront.
 */
function unbrokenFigure(text: string, figure: Figure, silent: readonly Silence[]): Figure {
  const s = silent.find((x) => x.partsFrom !== undefined && figure.start >= x.verbEnd && figure.end <= x.partsFrom);
  if (!s || figure.kind !== 'money') return figure;
  return extractFigures(text.slice(0, s.partsFrom)).find((g) => g.start === figure.start) ?? figure;
}

/** A question a silence answers, where the deal has what it asks about: the silence is false. */
function checkAsked(silent: readonly Silence[]): string[] {
  return silent
    .filter((s) => s.asked && s.missing.length > 0)
    .map((s) => `says the sources do not give ${s.missing.map((t) => `"${t}"`).join(', ')}, which the deal's facts or value do`);
}

/**
 * What a count, percentage or ordinal is of: "80% of the rights" is not "80% of CSPC's revenue",
 * nor "1,700 scientists" "1,700 people", nor "second worldwide" "second in China". The noun
 * after the figure (after "of", determiners, possessives and a few modifiers) must be a word of
 * a cited fact that states the figure; singular and plural are the same word, and so are the
 * words for a number of people (`PEOPLE_WORDS`). A capitalised
 * possessive skipped on the way ("80% of AstraZeneca's revenue") must be a name that fact
 * mentions, or an alias of a party it names. A figure with no noun after it ("80%, roughly, of
 * …", "80% of which") is left alone.
 */
const NOUN_SKIP = new Set(
  `of the a an its their his her our this that these those all total annual yearly global worldwide overall net
  gross combined entire whole current estimated expected`.split(/\s+/),
);
/** Words that end the search: what follows the figure is no noun. */
const NOT_NOUNS = new Set(
  `in on at to from by for with and or but nor as is are was were be been being will would can could may might shall
  should which who whom whose that it them they what than per more less over under each every such so if when where
  while after before since until into onto via about around`.split(/\s+/),
);
/** "an 80% share of revenue": the share is of the revenue. */
const SHARE_WORDS = new Set(['share', 'portion', 'proportion', 'part', 'fraction']);
/** Where an ordinal ranks: "second in China", "sixth worldwide". */
const SCOPE_WORDS = new Set(['worldwide', 'global', 'globally', 'world', 'international', 'internationally']);
const PLACE_PREPOSITIONS = new Set(['in', 'across', 'outside', 'within']);

/**
 * Words for a number of people, which count the same thing: "1,700 staff" restates "a headcount
 * of 1,700 people". Not "jobs" (posts, which may be new) nor any job title ("scientists").
 */
const PEOPLE_WORDS = new Set(
  'people person persons staff staffers employee employees worker workers headcount workforce'.split(' '),
);

/** Words for "across the world", which rank the same way: "sixth worldwide" is "sixth globally". */
const WORLD_WORDS = new Set(['worldwide', 'global', 'globally', 'world']);

function nounForms(word: string): string[] {
  if (PEOPLE_WORDS.has(word)) return [...PEOPLE_WORDS];
  if (WORLD_WORDS.has(word)) return [...WORLD_WORDS];
  const out = [word, `${word}s`, `${word}es`];
  if (word.endsWith('s')) out.push(word.slice(0, -1));
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('y')) out.push(`${word.slice(0, -1)}ies`);
  return out;
}

/** The words after a figure, up to the end of its clause (at most `n`). */
function wordsAfter(text: string, end: number, n: number): string[] {
  const rest = text.slice(end).split(/[,;:()!?"]|\.(?:\s|$)/)[0] ?? '';
  return rest
    .split(/\s+/)
    .map((w) => w.replace(/\.$/, ''))
    .filter(Boolean)
    .slice(0, n);
}

/**
 * The words that say what the figure counts (and, for an ordinal, where it ranks), and the
 * capitalised possessives before them: whose it is ("80% of CSPC's revenue").
 */
function figureNouns(text: string, f: Figure): { nouns: string[]; owners: string[] } {
  const ordinal = f.kind === 'ordinal';
  const owners: string[] = [];
  // "second-largest" is a claim word (see below); "five-year" counts years.
  if (text[f.end] === '-' && ordinal) return { nouns: [], owners };
  const words = wordsAfter(text, f.end, 8).flatMap((w, i) => (i === 0 && !ordinal ? w.split(/-/).filter(Boolean) : [w]));
  if (f.kind === 'percent' && SHARE_WORDS.has(words[0]?.toLowerCase() ?? '') && words[1]?.toLowerCase() === 'of') words.shift();
  const out: string[] = [];
  for (let i = 0; i < words.length && i < 5; i++) {
    const w = words[i]!;
    const lower = w.toLowerCase();
    if (/'s?$/.test(w)) {
      if (/^\p{Lu}/u.test(w)) owners.push(w.replace(/'s?$/, ''));
      continue;
    }
    if (w.includes('&') || NOUN_SKIP.has(lower)) continue;
    if (ordinal && PLACE_PREPOSITIONS.has(lower)) continue;
    if (NOT_NOUNS.has(lower) || /\d/.test(w)) break;
    out.push(w);
    // A name used as a modifier: "five Beijing sites", "80% of CSPC profits".
    const next = words[i + 1];
    if (/^\p{Lu}/u.test(w) && next && /^\p{Ll}+$/u.test(next) && !NOT_NOUNS.has(next)) out.push(next);
    break;
  }
  if (ordinal) {
    // Where it ranks, anywhere in the next words: "second R&D centre in China", "sixth worldwide";
    // up to a conjunct of its own ("sixth worldwide and its second in China").
    let scope = words.slice(0, 6);
    const conjunct = scope.findIndex((w, k) => /^(?:and|or|but|while|whereas)$/i.test(w) && /^(?:its|their|the|a|an|his|her)$/i.test(scope[k + 1] ?? ''));
    if (conjunct >= 0) scope = scope.slice(0, conjunct);
    scope.forEach((w, k) => {
      const lower = w.toLowerCase();
      if (SCOPE_WORDS.has(lower)) out.push(w);
      const next = scope[k + 1]?.toLowerCase() === 'the' ? scope[k + 2] : scope[k + 1];
      if (PLACE_PREPOSITIONS.has(lower) && next && !/\d/.test(next)) out.push(next);
    });
  }
  return { nouns: [...new Set(out)], owners };
}

/** True when fact `f` names `owner`, or a party `owner` is a name or alias of. */
function factNames(f: CitedFact, owner: string): boolean {
  const named = (name: string): boolean => {
    const parts = normalize(name).split(' ').filter(Boolean);
    return parts.length > 0 && parts.every((p) => f.words.has(p));
  };
  if (named(owner)) return true;
  const party = f.deal.parties.find((p) => [p.name, ...p.aliases].some((n) => normalize(n) === normalize(owner)));
  return party !== undefined && [party.name, ...party.aliases].some(named);
}

/**
 * "One programme is …" opening a sentence restates a cited fact's "One of the programmes is …",
 * where "one" is no count (see `quantifyingOne` in figures.ts); so does "in one programme"
 * opening a clause ("chronic diseases and, in one programme, immunological diseases"). Nothing
 * wider: "covers one programme" counts.
 */
const ONE_OPENS_RE = /(?:^|[,;:]\s+|[,;:]?\s*\b(?:and|but)\s*,\s*)(?:in\s+)?$/i;

function oneOfThem(text: string, f: Figure, cited: readonly CitedFact[]): boolean {
  if (f.kind !== 'number' || f.value !== 1 || !ONE_OPENS_RE.test(text.slice(0, f.start))) return false;
  const noun = /^one\s+([\p{L}-]+)/iu.exec(text.slice(f.start))?.[1]?.toLowerCase();
  if (!noun) return false;
  const forms = nounForms(noun).map(escapeRegExp).join('|');
  const re = new RegExp(`\\bone of the (?:${forms})\\b`, 'iu');
  return cited.some((c) => re.test(c.text));
}

/** Nouns that name the list itself, not things in the world ("two laboratories: …" is a claim). */
const LIST_NOUN_RE = /^\s+(?:(?:payment|revenue|value|money)\s+)?(?:numbers|figures|amounts|parts|pieces|components|elements|items|points|things|streams|strands|tranches|kinds|types)\b/i;

/** "the two companies", "the three partners": a count of the deal's own parties, by a word for them. */
const PARTY_COUNT_NOUN_RE = /^[\s-]+(?:companies|partners|parties|firms|groups|sides|collaborators|organi[sz]ations)\b/i;
/** What stands before such a count: "the two companies", "all three partners", "the other two partners" (not "acquired two companies"). */
const PARTY_COUNT_BEFORE_RE = /\b(?:the|these|those|all)\s+(other\s+)?$/i;

/**
 * "The two companies announced …", "the three partners will share the model": a count of the
 * parties, where it is the number the deal has, is no new figure. Only a plain count (2 to 10)
 * after "the" / "these" / "those" / "all" and directly before a word for the parties ("acquired
 * two companies" counts something else), and only when the sentence is about one deal.
 */
function countsTheParties(text: string, f: Figure, deals: ReadonlySet<string>, cited: readonly CitedFact[]): boolean {
  if (f.kind !== 'number' || f.qualifier !== 'exact' || f.value < 2 || f.value > 10 || deals.size !== 1) return false;
  const before = PARTY_COUNT_BEFORE_RE.exec(text.slice(0, f.start));
  if (!before || !PARTY_COUNT_NOUN_RE.test(text.slice(f.end))) return false;
  // "each of the other two partners": the parties but the one just named.
  return cited.length > 0 && cited[0]!.deal.parties.length - (before[1] ? 1 : 0) === f.value;
}

/**
 * "Two numbers for Beijing: $2.5bn …, and a headcount of about 1,700", "The money comes in three
 * parts: $100 million upfront, up to $1.92 billion …, and tiered royalties": a count before the
 * sentence's colon that is the number of items the sentence then lists is no new figure. Only a
 * plain count (2 to 10) of a noun that names the list ("numbers", "parts", not "laboratories"),
 * the sole figure of its clause before the colon, and a list after it with a serial comma
 * (", and" / ", or" before the last item), so that "and" inside an item ("development and
 * commercialisation milestones") cannot be taken for a break between items; any other count is
 * checked as usual.
 */
function countsTheList(text: string, f: Figure, figures: readonly Figure[]): boolean {
  if (f.kind !== 'number' || f.qualifier !== 'exact' || f.value < 2 || f.value > 10) return false;
  if (!LIST_NOUN_RE.test(text.slice(f.end))) return false;
  const colon = text.indexOf(': ', f.end);
  if (colon < 0) return false;
  const head = text.slice(0, colon);
  const from = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '), head.lastIndexOf('; ')) + 1;
  if (f.start < from || figures.some((g) => g !== f && g.start >= from && g.start < colon)) return false;
  const list = text.slice(colon + 2).replace(/\.\s*$/, '');
  if (/[:;?!]|\.\s/.test(list)) return false;
  const items = list.split(/,\s+/);
  if (items.length < 2 || !/^(?:and|or)\s+\S/i.test(items[items.length - 1]!)) return false;
  return items.every((item) => /\S/.test(item)) && items.length === f.value;
}

function checkFigureNouns(text: string, s: Figure, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  if (s.kind !== 'percent' && s.kind !== 'number' && s.kind !== 'ordinal') return [];
  const stating = cited.filter((f) => f.figures.some((g) => g.kind === s.kind && g.value === s.value));
  if (stating.length === 0) return [];
  const reasons: string[] = [];
  const { nouns, owners } = figureNouns(text, s);
  for (const owner of owners) {
    if (!stating.some((f) => factNames(f, owner))) reasons.push(`${describeFigure(s)} is given as ${owner}'s, which no cited fact stating it names`);
  }
  for (const noun of nouns) {
    const parts = normalize(noun).split(' ').filter(Boolean);
    if (parts.length === 0) continue;
    const known = stating.some((f) => parts.every((p) => nounForms(p).some((form) => f.words.has(form))));
    if (!known) reasons.push(`${describeFigure(s)} is given for "${noun}", which no cited fact stating it mentions`);
  }
  // "The new centre will employ about 1,700 people": a headcount put at a place (a centre, a
  // site, a lab) in its clause needs a cited fact stating it that names that place.
  if (s.kind === 'number' && nouns.some((n) => PEOPLE_WORDS.has(n.toLowerCase()))) {
    const { from } = clauseAround(text, s.start, s.end);
    // "how many of the 1,700 people … will work at the centre": a place asked about is no claim.
    const asked = silent.find((x) => x.missing.length === 0 && x.partsFrom !== undefined && s.start >= x.verbEnd && s.end <= x.partsFrom);
    const to = asked?.partsFrom ?? clauseAround(text, s.start, s.end).to;
    for (const m of text.slice(from, to).matchAll(WORKPLACE_RE)) {
      const place = m[0].toLowerCase();
      if (!stating.some((f) => nounForms(place).some((form) => f.words.has(form)))) {
        reasons.push(`${describeFigure(s)} is given as the headcount of the ${place}, which no cited fact stating it says`);
      }
    }
  }
  return reasons;
}

/** Places a headcount may be put at: "the centre's 1,700 staff", "1,700 people at the site". */
const WORKPLACE_RE = /\b(?:centre|center|hub|site|facility|campus|lab|laboratory|office|plant|headquarters)\b/gi;

/**
 * An approximation inside another qualifier: "up to about $5.3 billion", "more than roughly 80%"
 * read as a ceiling or a floor, yet "about" is added to a figure the cited facts give firmly. The
 * approximation word right before the figure needs a cited fact giving the same figure
 * approximately.
 */
const APPROX_BEFORE_RE = /(?:\b(?:about|around|approximately|approx|roughly|some|circa|an estimated|estimated)|~)\s*$/i;

function sameFigureValue(g: Figure, s: Figure): boolean {
  if (g.kind === 'money' && s.kind === 'money') return g.amount === s.amount;
  if ((g.kind === 'percent' && s.kind === 'percent') || (g.kind === 'number' && s.kind === 'number')) return g.value === s.value;
  return false;
}

function checkInnerApproximations(text: string, figures: readonly Figure[], cited: readonly CitedFact[]): string[] {
  const reasons: string[] = [];
  for (const s of figures) {
    if (s.kind !== 'money' && s.kind !== 'percent' && s.kind !== 'number') continue;
    if (s.qualifier === 'approximately' || !APPROX_BEFORE_RE.test(text.slice(0, s.start))) continue;
    const approximate = cited.some((f) => {
      return f.figures.some(
        (g) => sameFigureValue(g, s) && ((g.kind === s.kind && 'qualifier' in g && g.qualifier === 'approximately') || APPROX_BEFORE_RE.test(f.text.slice(0, g.start))),
      );
    });
    if (!approximate) reasons.push(`figure ${describeFigure(s)} is given as an approximation, but the cited facts give it firmly`);
  }
  return reasons;
}

/**
 * Words that state a quantity without digits — superlatives (with any ordinal before them),
 * multipliers and shares of a whole ("the bulk of", "the majority of", "the lion's share", "most
 * of", "the greater part": a share of a figure the facts do not give). Each phrase must appear in a cited fact: "second-largest" is fine when the fact
 * says it; "largest" is not, and neither is "the largest deal" in general.
 */
/** "record" as a superlative ("a record", "record-high", "record deal"), not the verb ("do not record"). */
const RECORD =
  '(?<=\\b(?:a|an|new|all-time)\\s+)record|record(?=[- ](?:highs?|lows?|levels?|sums?|deals?|amounts?|values?|payments?|upfronts?|fees?|figures?|sizes?|prices?|valuations?|years?|breaking|setting)\\b|\\s+(?:US)?[$€£¥])';
/**
 * Order in time is a ranking too: "its latest China deal", "the newest centre", "its
 * longest-running AI collaboration"; so are growth and peaks ("its fastest-growing", "a new high"). Not "at the latest" / "at the earliest", which bound a date
 * (a time word, below).
 */
const IN_TIME = String.raw`(?<!\bat\s+the\s+)(?:latest|newest|oldest|earliest)|(?:longest|shortest)(?:[- ](?:running|standing|lived|lasting))?|(?:fastest|slowest)(?:[- ]growing)?|(?:new|all-time)\s+(?:highs?|lows?|peaks?)`;
const CLAIM_PHRASE_RE = new RegExp(
  String.raw`\b(?:(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))[- ])?(${IN_TIME}|largest|biggest|highest|lowest|smallest|greatest|strongest|costliest|priciest|richest|heftiest|broadest|widest|record-breaking|${RECORD}|first-ever|unprecedented|unrivalled|unrivaled|unmatched|pre-eminent|preeminent|best-in-class|doubles?(?![- ]digit)|doubled|doubling|triples?|tripled|tripling|quadruple[sd]?|twice|thrice|half|halved?|halving|bulk|majority|minority|lion['’]s share|most(?= of\b)|(?:greater|larger|smaller|better|lesser) part)\b`,
  'gi',
);

/**
 * Rankings in words: "most" / "least" with an adjective ("among AstraZeneca's most significant AI
 * collaborations"; not "at most", which is a ceiling, nor "most of"), and "leading", "top",
 * "only", "sole", "foremost", "premier", "flagship", "best" after an article or a possessive
 * ("a leading partner", "its only AI deal", "AstraZeneca's top partner"; not "not only", "the
 * best part of", "leading to").
 */
const RANKING_RE =
  /(?<!\bat\s)\b(?:most|least)\s+(?!of\b|likely\b)\p{L}[\p{L}-]*|(?<=\b(?:a|an|the|its|their|his|her|our|one)\s+|\p{L}['’]s\s+|\p{L}s['’]\s+)(?:leading(?!\s+(?:to|up|into)\b)|top(?:-tier|-ranked)?|only|sole|foremost|premier|flagship|best(?!\s+part\b))\b/giu;

/**
 * An amount told as all there is: "all CSPC receives is $110 million" says there is no other
 * payment. ("Only $110 million", "a mere $18 million" judge the size, and are left to the figure
 * checks: the labelled set passes them.)
 */
const ONLY_AMOUNT_RE = new RegExp(
  String.raw`\ball\s+(?:that\s+)?(?:[\p{L}'-]+\s+){1,4}?(?:receives?|gets?|earns?|pays?|received|got|earned|paid)\s+(?:is|was|are|were)(?=\s+(?:(?:US|HK|NZ|NT|[CAS])?\$|[€£¥]|(?:USD|EUR|GBP|CHF|RMB)\s?)?\d)`,
  'giu',
);

/**
 * A comparison with no amount after "than": "worth more than its sales milestones", "a larger
 * upfront than the collaboration". (With an amount, "more than $X" is the figure's qualifier.)
 */
const COMPARED_RE =
  /\b(?:larger|bigger|smaller|higher|lower|greater|more|less|fewer|cheaper|richer)\b(?:\s+[\p{L}-]+){0,2}?\s+than\b(?!\s+(?:the\s+|its\s+|their\s+)?(?:up to\s+|about\s+|around\s+|roughly\s+)?(?:(?:US|HK|NZ|NT|[CAS])?[$€£¥]|\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|a|an)\b))/giu;

/** "A single agreement", "a single candidate": a count of one. */
const A_SINGLE_RE = /\ba single\b(?![- ]digit)/gi;

/** The claim phrases of `text`, but for words inside a period the figures read ("the second half of 2024"). */
function claimPhrases(text: string, figures: readonly Figure[] = extractFigures(text)): string[] {
  const periods = figures.filter((f) => f.kind === 'period');
  const amounts = figures.filter((f) => f.kind === 'money' || f.kind === 'percent');
  // A comparison of amounts: with an amount later in its clause, the relations check reads it
  // ("are larger than the development milestones of up to $1.62 billion"); without money words
  // it compares no amounts ("in more detail than").
  const comparisons = [...text.matchAll(COMPARED_RE)].filter((m) => {
    const { from, to } = clauseAround(text, m.index, m.index + m[0].length);
    if (amounts.some((f) => f.start >= m.index + m[0].length && f.end <= to)) return false;
    return /\b(?:upfront|milestones?|fees?|royalt(?:y|ies)|payments?|value|worth|amounts?|investment|price|paid|pays?)\b/i.test(text.slice(from, to));
  });
  return [...text.matchAll(CLAIM_PHRASE_RE), ...text.matchAll(RANKING_RE), ...text.matchAll(ONLY_AMOUNT_RE), ...text.matchAll(A_SINGLE_RE), ...comparisons]
    .filter((m) => !periods.some((f) => m.index >= f.start && m.index + m[0].length <= f.end))
    // "biggest" is "largest": "second-biggest market" restates a fact's "second-largest market".
    .map((m) => m[0].toLowerCase().replace(/\s+/g, '-').replace(/biggest$/, 'largest'));
}

/**
 * Time words a date figure does not carry, each of which must be in the cited facts: parts of a
 * month or quarter ("late June", "the last week of June", "mid-Q2"), parts of a year other than
 * the quarters, halves and "early / mid / late 2023" the figures read ("the end of 2023", "the
 * closing months of 2023", "late in 2023", "end-2023"), seasons, weekdays, time told from today
 * ("yesterday", "last year", "two years ago"), and "before" / "after" a date ("announced after
 * 13 June 2025" is not "on 13 June 2025").
 */
const MONTH = '(?:january|february|march|april|may|june|july|august|september|october|november|december|q[1-4]|h[12])';
const YEAR = '(?:19|20)\\d{2}\\b';
const TIME_WORD_RES: RegExp[] = [
  new RegExp(`\\b(?:early|mid|late|(?:the\\s+)?(?:end|beginning|start|middle|rest)\\s+of)[\\s-]+${MONTH}\\b`, 'gi'),
  new RegExp(
    `\\b(?:the\\s+)?(?:first|second|third|fourth|last|final|closing|opening|latter|early|later|same)\\s+(?:week|weeks|days|part|half|fortnight)\\s+of\\s+${MONTH}\\b`,
    'gi',
  ),
  /\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+the\s+(?:month|quarter|year)\b/gi,
  // A part of a quarter or half: "the end of the second quarter", "late in the first half".
  /\b(?:(?:the\s+)?(?:end|beginning|start|middle|close|tail\s+end)\s+of|early|late|(?:early|late)\s+in)\s+the\s+(?:first|second|third|fourth|last|final)\s+(?:quarter|half)\b/gi,
  new RegExp(`\\b(?:the\\s+)?(?:end|beginning|start|middle|rest|close|turn|dawn|tail end)\\s+of\\s+${YEAR}`, 'gi'),
  new RegExp(
    `\\b(?:the\\s+)?(?:first|last|final|closing|opening|early|earliest|later|latter|dying|waning|same)\\s+(?:few\\s+)?(?:weeks?|days|months?|part|stages?)\\s+of\\s+${YEAR}`,
    'gi',
  ),
  new RegExp(`\\b(?:early|late|later|earlier)\\s+(?:on\\s+)?in\\s+${YEAR}|\\b(?:end|start|year[\\s-]end)-?\\s*${YEAR}`, 'gi'),
  /\b(?:spring|summer|autumn|fall|winter)\b(?=\s+(?:of\s+)?\d{4}|\s*,)/gi,
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/gi,
  // Time told from today: a reader sees it days or years after the answer was written, and a
  // fact never says when "today" was.
  /\b(?:yesterday|today|tonight|tomorrow|recently|lately|just\s+(?:announced|signed|agreed|unveiled|struck)|(?:earlier|later)\s+this\s+(?:week|month|quarter|year)|(?:this|last|next|past|this\s+past|the\s+current|the\s+previous)\s+(?:week|month|quarter|year|spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december)|the\s+year\s+before\s+last|the\s+year\s+just\s+(?:ended|gone)|recent|(?:a|an|one|two|three|a few|several|some|\d+)\s+(?:days?|weeks?|months?|years?)\s+(?:after|before|earlier|later|on)|back\s+in|just\s+now|(?:in\s+)?(?:the\s+|early\s+|late\s+|mid-?)(?:spring|summer|autumn|fall|winter)(?!\s+(?:of\s+)?\d)|in\s+recent\s+(?:days|weeks|months|years)|in\s+the\s+(?:last|past)\s+(?:few\s+|several\s+|\d+\s+)?(?:days|weeks|months|years)|(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several|some|\d+)\s+)?(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|back))\b/gi,
  /\b(?:before|after|prior to|ahead of|earlier than|later than|no later than|no earlier than|pre-|post-)\s*(?=\d|(?:the\s+)?\d|(?:january|february|march|april|may|june|july|august|september|october|november|december)\b)/gi,
  // Around or by a day or month ("around 21 March 2025", "by March 2025"); not "around 80%", nor
  // "since 2021", which the facts' "began in 2021" says.
  /\b(?:around|about|on or (?:about|around)|by|until|till|within (?:a|one|two|three|\d+) (?:days?|weeks?|months?) of)\s+(?=(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|(?:january|february|march|april|may|june|july|august|september|october|november|december)\b)/gi,
  /\bat the (?:earliest|latest)\b/gi,
  // A fiscal year is the company's own calendar, which no date of a fact gives: "fiscal 2025",
  // "the financial year 2024", "FY25".
  /\b(?:fiscal|financial)\s+(?:year\b|(?=\d{4}\b))|\bFY\s?['’]?\d{2}(?:\d{2})?\b/gi,
];

/** One spelling for each part of a year: "end-2023", "year-end 2023", "the close of 2023" are "end of 2023". */
function yearPart(w: string): string {
  return w
    .replace(/^(?:year end|end|close|tail end) (?:of )?(\d{4})$/, 'end of $1')
    .replace(/^(?:start|beginning|dawn|turn) (?:of )?(\d{4})$/, 'start of $1');
}

function timeWords(text: string): string[] {
  return TIME_WORD_RES.flatMap((re) =>
    [...text.matchAll(re)].map((m) => yearPart(m[0].toLowerCase().replace(/^the\s+/, '').replace(/[\s-]+/g, ' ').trim())),
  );
}

function checkTimeWords(text: string, cited: readonly CitedFact[]): string[] {
  const supported = new Set(cited.flatMap((f) => timeWords(f.text)));
  return [...new Set(timeWords(text))]
    .filter((w) => !supported.has(w))
    .map((w) => `"${w}" says more about when than the cited facts do`);
}

/**
 * "The only figure reported is $18 million", "the only amount the sources give": "only" said of
 * what the sources hold, which is true when the sentence states every amount the deal's facts
 * give (and its figures are checked as usual).
 */
const SOURCED = '(?:reported|recorded|disclosed|stated|published|known)';
const ONLY_IN_SOURCES_RE = new RegExp(
  `\\bonly\\s+(?:${SOURCED}\\s+(?:figures?|amounts?|numbers?|values?|sums?|terms?)\\b|(?:figures?|amounts?|numbers?|values?|sums?|terms?)\\b(?=[^.;]*\\b(?:${SOURCED}|sources?|we hold)\\b))`,
  'gi',
);

/** How many "only"s of `text` speak of what the sources give, and may stand (none unless true). */
function onlysAboutSources(text: string, figures: readonly Figure[], p: Prepared): number {
  const about = text.match(ONLY_IN_SOURCES_RE)?.length ?? 0;
  if (about === 0) return 0;
  const stated = figures.filter((f): f is MoneyFigure => f.kind === 'money');
  if (stated.length === 0) return 0;
  for (const fact of p.facts.values()) {
    for (const g of fact.figures) {
      if (g.kind === 'money' && !stated.some((f) => f.amount === g.amount && (!f.currency || !g.currency || f.currency === g.currency))) return 0;
    }
  }
  return about;
}

const factClaimPhraseCache = new WeakMap<Fact, string[]>();

/** A fact's claim phrases, read once per fact. */
function factClaimPhrases(fact: Fact): string[] {
  let phrases = factClaimPhraseCache.get(fact);
  if (!phrases) {
    phrases = claimPhrases(cleanText(fact.text));
    factClaimPhraseCache.set(fact, phrases);
  }
  return phrases;
}

function checkClaimWords(text: string, figures: readonly Figure[], cited: readonly CitedFact[], p: Prepared): string[] {
  const out: string[] = [];
  const said = claimPhrases(text, figures);
  if (said.length === 0) return out;
  const supported = new Set(cited.flatMap((f) => factClaimPhrases(f.fact)));
  // Each "only" about the sources excuses one "only", not every one ("… its only partner").
  let excused = said.includes('only') ? onlysAboutSources(text, figures, p) : 0;
  for (const phrase of said) {
    if (supported.has(phrase)) continue;
    if (phrase === 'only' && excused > 0) {
      excused--;
      continue;
    }
    const reason = `"${phrase}" states a quantity or ranking the cited facts do not`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

/**
 * Quantities the extractor cannot read as figures, which would otherwise pass unchecked: digits
 * of other scripts ("$١٢٠ million"), Chinese numerals, and amounts in words without digits ("a
 * billion dollars", "hundreds of millions", "zero upfront", "fiftyfold"). Such a sentence fails
 * unless its cited facts use the same words (numerals in a party's name are allowed).
 */
const OTHER_DIGITS_RE = /(?![0-9])\p{N}+/gu;
const HAN_NUMERALS_RE = /[〇零一二三四五六七八九十廿卅卌百千万萬亿億兆两兩壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]+/gu;
const VAGUE_AMOUNT_RE =
  /\b(?:hundreds?|thousands?|millions?|billions?|trillions?|multi-?(?:m|b|tr)illions?|bn|mn|mln|bln|tn|dozens?|zero|nil|nought|naught|nothing|couple|handful|score|scores|quarter|decades?|ago|order of magnitude|[a-z]+-?fold|no (?:up-?front|milestone|royalt|payment|fee)\w*)\b/giu;
/** "-fold" words that are not multipliers. */
const NOT_MULTIPLIERS = new Set(['scaffold', 'scaffolds', 'manifold', 'unfold', 'enfold']);

function checkUnreadable(blanked: string, cited: readonly CitedFact[], p: Prepared): string[] {
  const reasons: string[] = [];
  const inFacts = (run: string): boolean => p.partyText.includes(run) || cited.some((f) => f.text.includes(run));
  for (const m of blanked.matchAll(OTHER_DIGITS_RE)) {
    if (!inFacts(m[0])) reasons.push(`"${m[0]}" is a number in characters the checker cannot read`);
  }
  for (const m of blanked.matchAll(HAN_NUMERALS_RE)) {
    if (!inFacts(m[0])) reasons.push(`"${m[0]}" may be a number in Chinese numerals, which the checker cannot read`);
  }
  for (const m of blanked.matchAll(VAGUE_AMOUNT_RE)) {
    const word = m[0].toLowerCase();
    if (NOT_MULTIPLIERS.has(word.replace(/-/g, ''))) continue;
    if (cited.some((f) => new RegExp(`\\b${word.replace(/\s+/g, '\\s+')}\\b`).test(f.leftover))) continue;
    reasons.push(`"${m[0]}" states an amount in words the cited facts do not use`);
  }
  return [...new Set(reasons)];
}

// ---------------------------------------------------------------------------------------------
// Rule 3: names

/** Capitalised words that are not names of companies or other parties. */
const NAME_ALLOWLIST = new Set([
  'ai', 'ml', 'rd', 'bd', 'jv', 'ipo', 'cfo', 'cso', 'coo', 'usd', 'eur', 'gbp', 'cny', 'rmb', 'jpy', 'chf', 'ceo', 'q1', 'q2',
  'q3', 'q4', 'h1', 'h2', 'i', 'ii', 'iii', 'iv', 'phase', 'bn', 'mn', 'mln', 'bln',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
]);

/** Nationality adjectives accepted when their country is in the vocabulary. */
const DEMONYMS = wordTable<string[]>({
  chinese: ['china'],
  british: ['uk', 'britain', 'british'],
  american: ['us', 'usa', 'america'],
  swiss: ['switzerland'],
  japanese: ['japan'],
  indian: ['india'],
  israeli: ['israel'],
  korean: ['korea'],
  german: ['germany'],
  french: ['france'],
  european: ['europe', 'eu'],
});

/**
 * Common English words that may open a sentence or clause capitalised. An opening word not
 * listed here (and not in the facts) is treated as a possible name: "Novartis pays …" fails.
 */
const COMMON_WORDS = new Set(
  `a about above according across additionally after afterwards again against ahead all along alongside also although
  among an and announced another any are as at based be because before behind being below beside besides beyond both
  but by can collectively combined could currently despite details development do does down during each earlier either
  else elsewhere even every except financial financially first following for formally from further furthermore
  given going had has have having he headline her here hers herein his how however if in including initially inside
  instead into is it its just later latest less like likely many may meanwhile milestone milestones more moreover most
  much must near nearly neither never nevertheless next no none nor not notably now of off on once one only or other
  others otherwise our out outside over overall own partly per plus previously prior rather regarding reported
  reportedly reports royalties royalty sales separately several she should similarly since so some still subject such
  taken terms than that the their theirs them themselves then there thereafter therefore these they this those though
  through throughout thus to together total under unless unlike until up upfront upon us value via was we were what
  whatever when where whereas whether which while who whom whose why will with within without would yet you your
  eligible importantly specifically beyond deal deals agreement agreements collaboration partnership licence license
  payment payments investment fees under in-licensing analysts market markets company companies partners partner
  preclinical oral small clinical scope territory worldwide global immunology oncology cardiovascular
  rare chronic research discovery drug drugs candidate candidates programme programmes program programs platform model
  data patient patients trials trial asset assets note roughly approximately around almost close shy key main notable crucially
  today yesterday recently last new aside apart highlights summary background context stage modality areas location
  history parties date signed pays paid totals regulatory commercial whilst equity rights it's that's there's here's
  both potential potentially expected expect sources source`.split(/\s+/).filter(Boolean),
);

/**
 * Sentence openers shaped like ordinary English (adverbs, gerunds, participles, abstract nouns)
 * are not taken for names — "Roughly", "Spending", "Announced", "Potential" — except for these
 * company names that happen to share the shape.
 */
const COMMON_SHAPE_RE = /(ly|ing|ed|tion|tions|ment|ments|al|ally|ive|ous|ance|ence|ity|ness|less|ful)$/;
const NAMES_WITH_COMMON_SHAPE = new Set(['lilly']);

interface WordAt {
  word: string;
  index: number;
}

function wordsOf(text: string): WordAt[] {
  const out: WordAt[] = [];
  const re = /[\p{L}\p{N}](?:[\p{L}\p{N}&.'\-]*[\p{L}\p{N}])?/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ word: m[0], index: m.index });
  return out;
}

/** True when the word opens the sentence or a clause after ":" / ";" / a quote / a bullet. */
function opensClause(text: string, index: number): boolean {
  const before = text.slice(0, index).replace(/[\s"'(\[*_•·>-]+$/u, '');
  return before === '' || /[.:;!?]$/.test(before);
}

function isNameLike(part: string): boolean {
  if (part.length < 2) return false;
  if (/^\d+$/.test(part)) return false;
  if (/^\p{Lu}/u.test(part)) return true;
  // "iPhone", "YS2302018" style: mixed case or letters with digits.
  return /\p{L}/u.test(part) && (/\d/.test(part) || /\p{Lu}/u.test(part.slice(1)));
}

function isCommonOpener(word: string): boolean {
  if (COMMON_WORDS.has(word)) return true;
  return word.length > 4 && COMMON_SHAPE_RE.test(word) && !NAMES_WITH_COMMON_SHAPE.has(word);
}

/**
 * Answer words: a reply in a thread opens "Yes, …", "No: …", "Right, …". Only with punctuation
 * straight after, so "Yes Biotech paid …" is still read as a name.
 */
const ANSWER_WORDS = new Set(
  'yes yeah yep no nope not sure correct right true false indeed exactly absolutely partly partially ok okay'.split(' '),
);

/**
 * Common verbs in their base form, which open a reply as an imperative or a noun ("Use cases in
 * the trials: …", "Note that …", "See the terms …"). Words that are also company names in this
 * field (Relay, Generate, Beam, Exact, Compass, Summit, Verge …) are left out on purpose.
 */
const COMMON_VERBS = new Set(
  `use uses see note consider compare think take make get give say tell know look keep ask read check find put set
  bear remember mind count start begin end add hold pay buy sell show run call try let help need want mean
  work cover`.split(/\s+/).filter(Boolean),
);

/**
 * An ordinary English word opening a clause: an answer word followed by punctuation, or a
 * common verb; words the cited facts use are known already. A capitalised word straight after a
 * verb ("Use Biotech", "Note Pharma") makes the pair a name.
 */
function isOrdinaryOpener(text: string, end: number, n: string): boolean {
  const after = text.slice(end);
  if (LABEL_WORDS.has(n) && LABEL_AFTER_RE.test(after)) return true;
  if (ANSWER_WORDS.has(n)) return /^\s*[,:;.!—–]/.test(after);
  return COMMON_VERBS.has(n) && !/^\s+[\p{Lu}\p{N}]/u.test(after) && !SUBJECT_VERB_AFTER_RE.test(after);
}

/**
 * Labels opening a reply or a digest line: "Short answer: …", "Digest: …", "Bottom line — …".
 * Only with a colon or a spaced dash after the label's words.
 */
const LABEL_WORDS = new Set('short quick brief digest summary answer update recap tldr takeaway takeaways bottom verdict caveat correction reminder'.split(' '));
const LABEL_AFTER_RE = /^(?:\s+[a-z]+){0,2}\s*(?::|\s[—–-]\s)/;

/**
 * A deal verb straight after a common verb makes the verb a subject, so a name: "Start paid
 * $110 million" (an imperative is never followed by a finite verb). Only verbs of paying,
 * agreeing and owning: "Work has begun" is ordinary English.
 */
const SUBJECT_VERB_AFTER_RE =
  /^\s+(?:paid|pays|receives|received|agreed|agrees|signed|signs|committed|commits|invested|invests|acquired|acquires|licensed|licenses|licences|licenced|owns|owned|retains|retained|gains|gained|will\s+(?:pay|receive|get|own))\b/i;

function checkNames(text: string, cited: readonly CitedFact[], p: Prepared): string[] {
  const known = (w: string): boolean => {
    if (NAME_ALLOWLIST.has(w) || p.dealWords.has(w)) return true;
    for (const f of cited) if (f.words.has(w) || f.publisherWords.has(w)) return true;
    return false;
  };
  return [...unknownNames(text, known), ...unknownCompanies(text, cited, p)].map(
    (w) => `name "${w}" is not a party of the deal(s) in question and is not named in the cited facts`,
  );
}

/**
 * Words that make the capitalised words before them a company's name: "Sales Pharma", "Option
 * Bio". Each word of such a name can be known on its own ("sales" from a fact, "pharma" from the
 * party "CSPC Pharma") while the company is invented, so the name is checked as a whole.
 */
const COMPANY_WORDS = new Set([
  // The search's corporate words ("inc", "group", "pharma", …), but "the", and the words of biotech names.
  ...[...CORPORATE_WORDS].filter((w) => w !== 'the'),
  ...`biopharma biopharmaceutical biopharmaceuticals bio biotech biotechnology bioscience biosciences biologics
  therapeutics sciences medicines genomics labs laboratories`.split(/\s+/).filter(Boolean),
]);

/** A company name's core: its words but company words, normalised and run together ("CSPC Pharmaceutical Group" → "cspc"). */
function companyCore(words: readonly string[]): string {
  return words
    .map((w) => normalize(w.replace(/'s$/i, '')).replace(/\s+/g, ''))
    .filter((w) => w && !COMPANY_WORDS.has(w))
    .join('');
}

/**
 * Company names ("<Capitalised words> Pharma") that name no party of the deals in question and
 * that no cited fact names: the core must be a party name's or alias's core ("CSPC Pharma",
 * "Verge Genomics Inc"), or a cited fact must write it before a company word ("Syneron Bio").
 * A common word opening the sentence may be dropped from the core ("In CSPC Pharma's case"),
 * but is the core when nothing else is ("Sales Pharma paid …").
 */
function unknownCompanies(text: string, cited: readonly CitedFact[], p: Prepared): string[] {
  const out: string[] = [];
  const words = wordsOf(text);
  let run: WordAt[] = [];
  const flush = () => {
    for (let i = 1; i < run.length; i++) {
      const suffix = normalize(run[i]!.word.replace(/'s$/i, ''));
      if (!COMPANY_WORDS.has(suffix)) continue;
      const before = run.slice(0, i).filter(({ word }) => !COMPANY_WORDS.has(normalize(word)));
      if (before.length === 0) continue;
      let name = before.map(({ word }) => word);
      let ok = false;
      for (;;) {
        const core = companyCore(name);
        if (p.partyCores.has(core) || cited.some((f) => namesCompany(f.text, name))) {
          ok = true;
          break;
        }
        if (name.length < 2 || !COMMON_WORDS.has(name[0]!.toLowerCase())) break;
        name = name.slice(1);
      }
      const shown = `${name.join(' ')} ${run[i]!.word.replace(/'s$/i, '')}`;
      if (!ok && !out.includes(shown)) out.push(shown);
    }
    run = [];
  };
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    const prev = run[run.length - 1];
    // A run is capitalised words with only spaces between them; a possessive ends it.
    const joined = prev !== undefined && /^ +$/.test(text.slice(prev.index + prev.word.length, w.index)) && !/'s$/i.test(prev.word);
    if (!joined) flush();
    if (isNameLike(w.word)) run.push(w);
    else flush();
  }
  flush();
  return out;
}

/**
 * True when `text` names the company `name`: written as it is (the same capitals), and followed
 * by a company word ("Syneron Bio") unless it is more than one ordinary word ("Harbour BioMed").
 * "Sales milestones …" does not make "Sales Pharma" a company.
 */
function namesCompany(text: string, name: readonly string[]): boolean {
  const alone = name.length > 1 || !COMMON_WORDS.has(name[0]!.toLowerCase());
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${name.map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}])(?:\\s+([\\p{L}]+))?`, 'gu');
  for (const m of text.matchAll(re)) if (alone || (m[1] !== undefined && COMPANY_WORDS.has(normalize(m[1])))) return true;
  return false;
}

/** The name-like words of `text` (capitalised, mixed case, letters with digits) that `known` does not know, normalised. */
function unknownNames(text: string, known: (normalised: string) => boolean): string[] {
  const unknown: string[] = [];
  for (const { word, index } of wordsOf(text)) {
    const stem = word.replace(/'s$/i, '');
    const parts = stem.split(/[-.&'/]/).filter(Boolean);
    parts.forEach((part, i) => {
      if (!isNameLike(part)) return;
      const n = normalize(part).replace(/\s+/g, '');
      if (!n || known(n)) return;
      if (i === 0 && opensClause(text, index)) {
        if (isCommonOpener(n)) return;
        if (parts.length === 1 && isOrdinaryOpener(text, index + word.length, n)) return;
      }
      const demonym = DEMONYMS[n];
      if (demonym && demonym.some(known)) return;
      if (!unknown.includes(part)) unknown.push(part);
    });
  }
  return unknown;
}

/**
 * Names in a figure's own clause. "AstraZeneca also formed a $2.5 billion vaccine joint venture
 * with BioKangtai", citing the investment fact and the joint-venture fact: each name is in a
 * cited fact, and so is the figure, but the $2.5 billion is the investment's. A name in the
 * clause of a money figure, percentage or count, other than a party's, must be in a cited fact
 * stating that figure ("China … accounts for roughly 80% of its revenue" fails where the 80% is
 * CSPC's); a money figure's clause may also name the deal's own title, asset, place or rights. The clause is the one a negation is read in (commas, semicolons, "but", …), so a
 * name in an aside ("CSPC, based in China, receives $110 million") is not the figure's.
 */
const partyWordCache = new WeakMap<Deal, Set<string>>();

/** The words of a deal's party names and aliases, read once. */
function partyWordsOf(deal: Deal): Set<string> {
  let words = partyWordCache.get(deal);
  if (!words) partyWordCache.set(deal, (words = new Set(deal.parties.flatMap((party) => [...wordSet([party.name, ...party.aliases].join(' '))]))));
  return words;
}

function checkFigureNames(namesText: string, figures: readonly Figure[], cited: readonly CitedFact[], p: Prepared): string[] {
  const deal = cited[0]?.deal;
  if (!deal) return [];
  const parties = partyWordsOf(deal);
  const reasons: string[] = [];
  for (const f of figures) {
    if (f.kind !== 'money' && f.kind !== 'percent' && f.kind !== 'number') continue;
    const value = figureValue(f);
    const stating = cited.filter((c) => c.figures.some((g) => figureValue(g) === value));
    // A figure no cited fact states has failed already.
    if (stating.length === 0) continue;
    const { from, to } = clauseAround(namesText, f.start, f.end);
    // A deal's money may be told with its own title, asset and place ("licensed YS2302018 for
    // $100 million"); a percentage or count only with what the fact stating it names.
    const own = f.kind === 'money' ? p.dealWords : parties;
    const known = (w: string): boolean =>
      NAME_ALLOWLIST.has(w) || parties.has(w) || own.has(w) || stating.some((c) => c.words.has(w) || c.publisherWords.has(w));
    for (const name of unknownNames(namesText.slice(from, to), known)) {
      const reason = `name "${name}" is in the clause of ${describeFigure(f)}, but not in a cited fact stating it`;
      if (!reasons.includes(reason)) reasons.push(reason);
    }
  }
  return reasons;
}

/**
 * Names in the clause of a royalty: "tiered royalties on sales of AZD0780" (the royalties are on
 * the licensed candidate's sales), "royalties on annual net sales in China" (no fact gives them
 * a territory). Beside a party's, a name there must be in a cited fact about royalties or in the
 * deal's title (which names its asset); the deal's place is no territory of its royalties.
 */
const titleWordCache = new WeakMap<Deal, Set<string>>();

function checkRoyaltyNames(namesText: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const deal = cited[0]?.deal;
  if (!deal || !/\broyalt/i.test(namesText)) return [];
  const parties = partyWordsOf(deal);
  let title = titleWordCache.get(deal);
  if (!title) titleWordCache.set(deal, (title = wordSet(deal.title)));
  const facts = cited.filter((f) => f.mentionsRoyalties);
  const known = (w: string): boolean => NAME_ALLOWLIST.has(w) || parties.has(w) || title.has(w) || facts.some((c) => c.words.has(w));
  const reasons: string[] = [];
  // "Any royalties? Yes, …": a question echoed claims nothing.
  const asked = [...namesText.matchAll(QUESTION_RE)].map((q) => ({ from: q.index, to: q.index + q[0].length }));
  for (const r of namesText.matchAll(/\broyalt(?:y|ies)\b/gi)) {
    if (saidMissing(silent, r.index) || asked.some((q) => r.index >= q.from && r.index < q.to)) continue;
    const { from, to } = clauseAround(namesText, r.index, r.index + r[0].length);
    for (const name of unknownNames(namesText.slice(from, to), known)) {
      const reason = `name "${name}" is in the clause of the royalties, but not in a cited fact about them`;
      if (!reasons.includes(reason)) reasons.push(reason);
    }
  }
  return reasons;
}

// ---------------------------------------------------------------------------------------------
// Rule 4: hygiene

const INJECTION_RES: RegExp[] = [
  /\b(ignore|disregard|forget|override)\b[^.]{0,40}\b(instructions?|prompts?|rules?|guidelines|above|previous|prior|facts|sources|context)\b/i,
  /\bsystem\s+(prompt|message)\b/i,
  /\b(you are now|new instructions|developer mode|jailbreak)\b/i,
  /\b(as an ai|language model)\b/i,
];
const SLACK_CONTROL_RE = /<[!@#]|<https?:|<mailto:|(^|\s)@(channel|here|everyone)\b/i;
/**
 * Slack links bare addresses and many bare domains by itself, so a model could post a working
 * link without writing `<…>`. Sources are linked by the bot; a domain-shaped name is allowed only
 * as a whole token that the deals, the cited facts or their sources' publishers write ("Qure.ai",
 * "China.org.cn").
 */
const WEB_ADDRESS_RE = /\b(?:https?:\/\/|www\.)\S*|(?<![\p{L}\p{N}.\/@-])(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?![\p{L}\p{N}])/giu;

/** The words of a text split at spaces, trimmed of punctuation and a possessive: "Qure.ai's" → "Qure.ai". */
function tokensOf(text: string): string[] {
  return cleanText(text)
    .split(/\s+/)
    .map((t) => t.replace(/^[("'“‘]+|[)"'”’.,;:!?]+$/gu, '').replace(/'s$/i, ''))
    .filter(Boolean);
}

function checkWebAddresses(clean: string, cited: readonly CitedFact[], p: Prepared): string[] {
  let named: Set<string> | undefined;
  for (const m of clean.matchAll(WEB_ADDRESS_RE)) {
    const token = m[0].replace(/[.,;:!?)'"]+$/, '');
    if (!/^(https?:|www\.)/i.test(token)) {
      // A name the deals, the cited facts or their sources' publishers write this way ("Qure.ai",
      // "China.org.cn"), whole: not a part of one ("ure.ai").
      named ??= new Set(
        [p.partyText, ...cited.flatMap((f) => [f.text, ...f.deal.sources.filter((s) => f.fact.sources.includes(s.id)).map((s) => s.publisher)])]
          .flatMap(tokensOf)
          .flatMap((t) => t.split(/-(?=\p{Lu})/u))
          .map((t) => t.toLowerCase()),
      );
      if (named.has(token.toLowerCase())) continue;
    }
    return [`contains a web address ("${token}"); sources are linked by the bot, not the model`];
  }
  return [];
}

function checkHygiene(original: string, clean: string): string[] {
  const reasons: string[] = [];
  INVISIBLE_RE.lastIndex = 0;
  if (INVISIBLE_RE.test(original)) reasons.push('contains hidden (zero-width or bidirectional) characters');
  if (SLACK_CONTROL_RE.test(clean)) reasons.push('contains a Slack mention, broadcast or link sequence');
  if (INJECTION_RES.some((re) => re.test(clean))) reasons.push('contains instruction-like text (possible prompt injection)');
  return reasons;
}

// ---------------------------------------------------------------------------------------------
// Who does what, and whether it is settled (see `agents.ts`)

/**
 * A deed (run, discover, develop, hold, …) the sentence gives a party that no cited fact gives
 * it, where a cited fact names who does it: "AstraZeneca runs the research" citing "CSPC runs
 * the AI-led research itself"; "co-discovered by CSPC and AstraZeneca" citing "discovered by
 * CSPC". A verb no cited fact gives a party is left alone.
 */
const factDeedCache = new WeakMap<Fact, { parties: Deal['parties']; deeds: ReturnType<typeof deeds> }>();

/** A fact's deeds read with `parties` (its own deal's, unless a sentence cites two deals), once. */
function factDeeds(f: CitedFact, parties: Deal['parties']): ReturnType<typeof deeds> {
  const cached = factDeedCache.get(f.fact);
  if (cached?.parties === parties) return cached.deeds;
  const read = deeds(f.text, parties);
  factDeedCache.set(f.fact, { parties, deeds: read });
  return read;
}

function checkDeeds(text: string, cited: readonly CitedFact[]): string[] {
  const parties = cited[0]?.deal.parties;
  if (!parties) return [];
  const given = cited.flatMap((f) => factDeeds(f, parties));
  const reasons: string[] = [];
  for (const d of deeds(text, parties)) {
    const same = given.filter((g) => g.lemma === d.lemma);
    if (same.length === 0) continue;
    const agents = new Set(same.flatMap((g) => [...g.agents]));
    const names = (xs: Iterable<number>): string => [...xs].map((i) => parties[i]!.name).join(' and ');
    const others = [...d.agents].filter((i) => !agents.has(i));
    // "CSPC runs the research, with AstraZeneca scientists embedded": a party taking part.
    const joining = [...helpers(text, parties, d.end)].filter((i) => !d.agents.has(i) && !agents.has(i));
    if (others.length > 0) {
      reasons.push(`gives "${d.verb}" to ${names(others)}, but the cited facts give it to ${names(agents)} only`);
    } else if (d.co && agents.size < 2 && !same.some((g) => g.co)) {
      reasons.push(`says "${d.verb}" (with another party), but the cited facts give it to ${names(agents)} alone`);
    } else if (joining.length > 0) {
      reasons.push(`has ${names(joining)} take part in "${d.verb}", but the cited facts give it to ${names(agents)} only`);
    }
  }
  return reasons;
}

const EXCLUSIVE_WORD_RE = /\b(?:only|alone|sole|solely|exclusive|exclusively)\b/i;

/**
 * Certain or possible, as the facts give a figure: "CSPC will earn up to $1.62 billion" for "can
 * earn", "is set to receive" or "is due" for "is eligible for", "headcount will reach about
 * 1,700" or "now employs" for "expects … to reach" make a possible figure certain; "could also
 * receive tiered royalties" for "will also receive" makes a certain one possible. Read in the
 * figure's clause, before the figure, against the clause of each cited fact stating it; a
 * sentence without such words ("up to $1.62 billion in development milestones") is left alone.
 */
const CERTAIN_BEFORE_RE =
  /\b(?:will|shall)\s+(?:also\s+|still\s+|then\s+)?(?:earn|receive|get|collect|be\s+paid|reach|employ|total|have|hit)\b|\b(?:is|are)\s+(?:set|due|guaranteed|assured|poised|certain|bound)\b|\bguaranteed\b|\b(?:now|currently|already)\s+(?:employs?|has|have|counts?|stands?|numbers?|totals?)\b|\bha(?:s|ve)\s+(?:reached|hit)\b/i;
const POSSIBLE_RE =
  /\b(?:can|could|may|might)\s+(?:also\s+|still\s+|potentially\s+)?(?:earn|receive|get|collect|be\s+paid|reach|total|have)\b|\beligib(?:le|ility)\b|\bpotential(?:ly)?\b|\b(?:expects?|expected|plans?|planned|aims?|intends?|anticipates?|anticipated|targets?|hopes?|forecasts?|projected)\b/i;
/** A royalty rate is a term: "will receive single-digit royalties" restates it; "is due" makes them owed. */
const DUE_RE = /\b(?:is|are)\s+(?:due|guaranteed|assured)\b|\bguaranteed\b/i;
const VIEW_BEFORE_RE = /\b(?:in\s+[\p{L}.'’ ]+\s+view|according\s+to|believes?|sees?|thinks?|estimates?|reckons?)\b/iu;
const MODAL_POSSIBLE_RE = /\b(?:can|could|may|might)\s+(?:also\s+|still\s+|potentially\s+)?(?:earn|receive|get|collect|be\s+paid)\b/i;
const FACT_CERTAIN_RE = /\b(?:will|shall)\s+(?:also\s+)?(?:receive|pay|earn|get)\b|\b(?:receives|pays|earns|gets|received|paid)\b/i;

function checkCertainty(text: string, figures: readonly Figure[], cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const reasons: string[] = [];
  for (const f of figures) {
    if (f.kind !== 'money' && f.kind !== 'descriptor' && f.kind !== 'number' && f.kind !== 'percent') continue;
    if (saidMissing(silent, f.start)) continue;
    const value = figureValue(f);
    const stating = cited.flatMap((c) => c.figures.filter((g) => figureValue(g) === value).map((g) => {
      const { from } = clauseAround(c.text, g.start, g.end);
      return c.text.slice(from, g.start);
    }));
    if (stating.length === 0) continue;
    // The words that govern this figure: from its clause's start, or from the figure before it
    // ("can earn up to $1.62 billion … on top of the $110 million upfront": the "can" is the first's).
    const { from } = clauseAround(text, f.start, f.end);
    const prev = figures.filter((g) => g.end <= f.start && g.end > from).pop();
    const before = text.slice(prev ? prev.end : from, f.start);
    // A view or an expectation anywhere before it ("In AstraZeneca's view, … will reach") is possible.
    const hedged = POSSIBLE_RE.test(text.slice(0, f.start)) || VIEW_BEFORE_RE.test(text.slice(0, f.start));
    const certain = (f.kind === 'descriptor' ? DUE_RE : CERTAIN_BEFORE_RE).exec(before);
    if (certain && !hedged && stating.every((t) => POSSIBLE_RE.test(t))) {
      reasons.push(`"${certain[0]}" makes ${describeFigure(f)} certain, where the cited facts give it as possible or expected`);
      continue;
    }
    const possible = MODAL_POSSIBLE_RE.exec(before);
    if (possible && stating.every((t) => FACT_CERTAIN_RE.test(t) && !POSSIBLE_RE.test(t))) {
      reasons.push(`"${possible[0]}" makes ${describeFigure(f)} only possible, where the cited facts give it as certain`);
    }
  }
  return reasons;
}

const factTenseCache = new WeakMap<Fact, { done: Set<string>; toCome: Set<string> }>();

/**
 * Done, not to come: a sentence telling something as already done ("have built the model",
 * "headcount has reached 1,700", "already runs a laboratory") needs a cited fact telling that verb
 * as done or going on. Where the cited facts tell it only as to come or hedged ("will build",
 * "expects … to reach"), or tell only plans and nothing as done ("plans to apply", "is meant to
 * help"), it fails. Where a cited fact tells other things as done, a new verb is
 * left alone: it may be the fact's deed in other words.
 */
function checkCompletions(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const told = completions(text).filter((c) => !saidMissing(silent, c.at));
  if (told.length === 0 || cited.length === 0) return [];
  const tenses = cited.map((f) => {
    let t = factTenseCache.get(f.fact);
    if (!t) factTenseCache.set(f.fact, (t = doneAndToCome(f.text)));
    return t;
  });
  const reasons: string[] = [];
  for (const c of told) {
    if (tenses.some((t) => t.done.has(c.lemma))) continue;
    const toCome = tenses.some((t) => t.toCome.has(c.lemma));
    const onlyPlans = tenses.every((t) => t.done.size === 0) && tenses.some((t) => t.toCome.size > 0);
    if (!toCome && !onlyPlans) continue;
    const reason = `"${c.words}" tells as done what the cited facts tell only as planned or to come`;
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

/**
 * A term in quotation marks ("its "dual-engine" platform") is the sources' own word: it must be in
 * a cited fact, or in the deal's title, names or rights.
 */
const QUOTED_RE = /"([^"]{2,60})"/g;

function checkQuotedTerms(text: string, cited: readonly CitedFact[]): string[] {
  const reasons: string[] = [];
  for (const m of text.matchAll(QUOTED_RE)) {
    const term = m[1]!.trim().toLowerCase();
    if (!/\p{L}/u.test(term)) continue;
    const inDeal = (d: Deal): boolean => [d.title, ...d.rights, ...d.parties.flatMap((p) => [p.name, ...p.aliases])].some((t) => cleanText(t).toLowerCase().includes(term));
    if (cited.some((f) => f.text.toLowerCase().includes(term) || inDeal(f.deal))) continue;
    reasons.push(`quotes "${m[1]}", which no cited fact says`);
  }
  return reasons;
}

/**
 * Who took a licence from whom ("CSPC took an exclusive licence from AstraZeneca"): where the
 * cited facts or the deal's party roles say who the licensee or the licensor is, a sentence may
 * not make another party that. Swapping the two is the error this catches. Where nothing says
 * (a collaboration), it is not judged here: the deal-kind check reads the word "licence".
 */
function checkLicences(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const deal = cited[0]?.deal;
  if (!deal) return [];
  const told = licences(text, deal.parties).filter((c) => !saidMissing(silent, c.at));
  if (told.length === 0) return [];
  const given = cited.flatMap((f) => licences(f.text, deal.parties));
  const named = (role: 'licensee' | 'licensor'): Set<number> =>
    new Set([...deal.parties.flatMap((p, i) => (p.role === role ? [i] : [])), ...given.flatMap((g) => (g[role] === undefined ? [] : [g[role]]))]);
  const licensees = named('licensee');
  const licensors = named('licensor');
  const fits = (i: number | undefined, known: Set<number>): boolean => i === undefined || known.size === 0 || known.has(i);
  const reasons: string[] = [];
  for (const c of told) {
    if (fits(c.licensee, licensees) && fits(c.licensor, licensors)) continue;
    const parts = [
      c.licensee !== undefined ? `${deal.parties[c.licensee]!.name} the licensee` : '',
      c.licensor !== undefined ? `${deal.parties[c.licensor]!.name} the licensor` : '',
    ].filter(Boolean);
    const reason = `makes ${parts.join(' and ')}, which the cited facts or the deal's party roles contradict`;
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

/**
 * Together, alone, whose (see `agents.ts`): a joint claim ("jointly building", "co-develops",
 * "pooled store") needs a cited fact telling something done jointly (a "jointly", "together",
 * "joint", "pooled" or "co-" word, or a deed given to two parties at once); "only <party>" or
 * "<party> alone" a cited fact giving that party something alone ("only", "sole", "exclusive",
 * "alone" in a fact naming it); "<party>'s <thing>" no cited fact giving the same thing to
 * another party by a possessive, unless one gives it to this party too.
 */
function checkTogetherAlone(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const parties = cited[0]?.deal.parties;
  if (!parties) return [];
  const reasons: string[] = [];
  // By position: the same word may stand both inside a silence and, later, as a claim.
  const joint = jointClaims(text).filter((w) => !saidMissing(silent, w.at));
  if (joint.length > 0) {
    // What the cited facts tell as shared: lemmas of their joint words and of deeds given to two parties at once.
    const shared = new Set<string | undefined>(cited.flatMap((f) => [
      ...jointClaims(f.text, true).map((w) => w.lemma),
      ...pluralDeeds(f.text),
      ...factDeeds(f, parties).filter((d) => d.agents.size > 1 || d.co).map((d) => d.lemma),
    ]));
    for (const w of joint) {
      const ok = w.lemma === undefined ? shared.size > 0 : shared.has(w.lemma);
      if (!ok) reasons.push(`says "${w.word}" (done jointly), but no cited fact tells ${w.lemma === undefined ? 'anything' : `"${w.lemma}"`} as done jointly`);
    }
  }
  for (const i of exclusives(text, parties)) {
    const party = parties[i]!;
    // A fact giving the party something alone, or something exclusive ("an exclusive licence to
    // AstraZeneca" supports "only AstraZeneca holds a licence"): the party named as a whole word.
    const ok = cited.some((f) => exclusives(f.text, parties).has(i) || (EXCLUSIVE_WORD_RE.test(f.text) && namesParty(f.text, parties, i)));
    if (!ok) reasons.push(`gives something to ${party.name} alone, which no cited fact does`);
  }
  const owned = possessions(text, parties);
  if (owned.length > 0) {
    const given = cited.flatMap((f) => possessions(f.text, parties));
    for (const o of owned) {
      const others = given.filter((g) => samePossession(g.phrase, o.phrase) && g.party !== o.party);
      if (others.length > 0 && !given.some((g) => samePossession(g.phrase, o.phrase) && g.party === o.party)) {
        reasons.push(`gives "${o.phrase}" to ${parties[o.party]!.name}, but the cited facts give it to ${parties[others[0]!.party]!.name}`);
      }
    }
  }
  return reasons;
}

/**
 * A verb the cited facts only hedge ("may be developed", "plans to develop") told as settled
 * ("will be developed", "is developing"), where no cited fact tells it as settled.
 */
const factVerbCache = new WeakMap<Fact, { hedged: string[]; settled: string[] }>();

/** The lemmas a fact hedges and tells as settled, read once. */
function factVerbs(fact: Fact): { hedged: string[]; settled: string[] } {
  let verbs = factVerbCache.get(fact);
  if (!verbs) factVerbCache.set(fact, (verbs = { hedged: [...hedges(cleanText(fact.text)).values()], settled: [...settled(cleanText(fact.text)).keys()] }));
  return verbs;
}

function checkHedged(text: string, cited: readonly CitedFact[]): string[] {
  const hedged = new Set(cited.flatMap((f) => factVerbs(f.fact).hedged));
  if (hedged.size === 0) return [];
  const factSettled = new Set(cited.flatMap((f) => factVerbs(f.fact).settled));
  const reasons: string[] = [];
  for (const [l, words] of settled(text)) {
    if (hedged.has(l) && !factSettled.has(l)) reasons.push(`tells "${words}" as settled, but the cited facts only say it may happen`);
  }
  return reasons;
}

/**
 * A choice a cited fact leaves open ("may be developed on its own or combined with AZD0780")
 * told as one of its branches: a sentence about the combination that names neither the other
 * branch ("alone", "on its own") nor a possibility ("may", "could", "possibly", "option") says
 * the combination is chosen ("plans to develop it in combination with AZD0780").
 */
const OPEN_CHOICE_RE = /\b(?:alone|on\s+its\s+own|by\s+itself|as\s+(?:a\s+)?monotherapy)\s+or\s+(?:in\s+combination|combined)\b/i;
const COMBINATION_RE = /\b(?:in\s+combination|combined|combining|combines?|combination\s+with)\b/i;
const OPEN_IN_SENTENCE_RE = /\b(?:alone|on\s+its\s+own|by\s+itself|monotherapy|may|might|could|can|possibl[ey]|potential(?:ly)?|options?|either|whether)\b/i;

function checkOpenChoice(text: string, cited: readonly CitedFact[]): string[] {
  if (!COMBINATION_RE.test(text) || OPEN_IN_SENTENCE_RE.test(text)) return [];
  if (!cited.some((f) => OPEN_CHOICE_RE.test(f.text))) return [];
  if (cited.some((f) => COMBINATION_RE.test(f.text) && !OPEN_CHOICE_RE.test(f.text))) return [];
  return ['tells the combination as chosen, but the cited facts leave it open (alone or combined)'];
}

/**
 * Who said, confirmed, denied, expects or sees it (see `voices` in `agents.ts`). A statement
 * ("said", "announced", "confirmed", "according to") by someone needs a cited fact giving a
 * statement or a view of the same holder; a view ("expects", "believes", "sees … as") a cited
 * fact giving a view of theirs; a denial a denial; a negated one ("did not disclose") a negated
 * one. Holders match by party, by name ("Morningstar" for "Morningstar analysts"), or by role
 * ("analysts" for "Morningstar analysts"; "the company" or "the partners" for any party; "it"
 * for anyone a cited fact gives a voice). Where a cited fact tells an announcement with no one
 * ("the collaboration was announced"), the deal's parties may be said to have announced it.
 * Reports ("reports put", "according to reports") and a publisher of a cited fact's source
 * ("Reuters reported") may be said to report, say, put or describe what the fact says: that is
 * where the facts come from. With no holder, a confirmation or denial ("the value was confirmed")
 * and a passive view ("is seen as a benchmark") need a cited fact with a word of that family.
 */
const voiceCache = new WeakMap<Fact, { parties: Deal['parties']; voices: Voice[] }>();

function factVoices(f: CitedFact, parties: Deal['parties']): Voice[] {
  const cached = voiceCache.get(f.fact);
  if (cached?.parties === parties) return cached.voices;
  const read = voices(f.text, parties);
  voiceCache.set(f.fact, { parties, voices: read });
  return read;
}

/** Families a report or a source's publisher may be said to do. */
const REPORTING = new Set(['say', 'state', 'report', 'put', 'describe', 'suggest', 'note', 'estimate']);

/** The words of the publishers of a fact's sources, lower case, as written: "xinhua", "china.org.cn". */
function publisherWordsOf(f: CitedFact): Set<string> {
  const ids = new Set(f.fact.sources);
  return new Set(f.deal.sources.filter((s) => ids.has(s.id)).flatMap((s) => s.publisher.toLowerCase().split(/\s+/)));
}

function sameHolder(s: Holder, f: Holder): boolean {
  // "It confirmed …": "it" / "they" is one of the deal's parties at most, never a report or an analyst.
  if (s.pronoun) return f.parties.size > 0 || [...f.roles].some((r) => PARTY_ROLES.has(r));
  if (s.parties.size > 0) return [...s.parties].every((i) => f.parties.has(i));
  const partyRoles = [...s.roles].filter((r) => PARTY_ROLES.has(r));
  if (partyRoles.length > 0 && s.names.size === 0) return f.parties.size > 0 || [...f.roles].some((r) => PARTY_ROLES.has(r));
  if (![...s.names].every((n) => f.names.has(n))) return false;
  return [...s.roles].every((r) => f.roles.has(r));
}

function kindSupports(fact: Voice, sentence: Voice): boolean {
  if (fact.negated !== sentence.negated) return false;
  // A confirmation or an admission claims more than a statement: only the same act supports it.
  if (sentence.family === 'confirm' || sentence.family === 'acknowledge') return fact.family === sentence.family;
  if (sentence.kind === 'statement') return fact.kind === 'statement' || fact.kind === 'view';
  return fact.kind === sentence.kind;
}

function describeHolder(h: Holder | undefined, parties: Deal['parties']): string {
  if (!h) return 'no one named';
  if (h.pronoun) return '"it" / "they"';
  return `"${[...[...h.parties].map((i) => parties[i]!.name), ...h.names, ...h.roles].join(' ')}"`;
}

/** Whether a deal records a part of its value as undisclosed (`undisclosed` in its seed). */
function valueUndisclosed(deal: Deal): boolean {
  return Object.values(deal.value).some((c) => typeof c === 'object' && c !== null && 'status' in c && c.status === 'undisclosed');
}

const WITHHELD_RE = /\b(?:undisclosed|unannounced|confidential|withh(?:e|o)ld(?:s|ing)?|under\s+wraps|kept\s+(?:private|secret|quiet))\b/gi;

/** "An undisclosed sum", "confidential terms", "kept under wraps": the parties withheld it, which a cited fact must say. */
function checkUndisclosed(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const parties = cited[0]?.deal.parties ?? [];
  const reasons: string[] = [];
  // Every such word outside a silence, not only the first: one inside "the sources do not say
  // whether … is undisclosed" leaves a later "confidential" a claim of its own.
  for (const m of text.matchAll(WITHHELD_RE)) {
    if (saidMissing(silent, m.index)) continue;
    const word = m[0].toLowerCase().replace(/\s+/g, '\\s+');
    const family = word === 'unannounced' ? 'announce' : 'disclose';
    const ok =
      cited.some((f) => new RegExp(`\\b${word}\\b`, 'i').test(f.text) || factVoices(f, parties).some((v) => v.negated && v.family === family)) ||
      (family === 'disclose' && cited.some((f) => valueUndisclosed(f.deal)));
    const reason = `says "${m[0]}", but no cited fact says the parties withheld it`;
    if (!ok && !reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

/**
 * A question: the clause that ends in "?", from the last full stop, "?", "!", comma, semicolon,
 * colon or dash before it. Only that clause asks: in "CSPC confirmed it receives $110 million, so
 * why worry?" the confirmation is still stated. A match may start only after such a mark (or at
 * the start), so each clause is read once, not once from every letter.
 */
const QUESTION_RE = /(?<=^|[.?!,;:—–])[^.?!,;:—–]*\?/g;

function checkVoices(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const parties = cited[0]?.deal.parties;
  if (!parties) return [];
  // A question states nothing ("When was it announced?"), and what the sources are said to lack
  // is read by the silence checks ("do not say when AstraZeneca expects …").
  const questions = [...text.matchAll(QUESTION_RE)].map((m) => ({ from: m.index, to: m.index + m[0].length }));
  const said = voices(text, parties).filter(
    (v) => !questions.some((q) => v.at >= q.from && v.at < q.to) && !saidMissing(silent, v.at),
  );
  if (said.length === 0) return [];
  const given = cited.flatMap((f) => factVoices(f, parties).map((v) => ({ v, f })));
  const reasons: string[] = [];
  for (const s of said) {
    const phrase = text.slice(s.at, s.at + s.verb.length);
    const h = s.holder;
    let ok: boolean;
    if (!h) {
      // "The terms were not disclosed", "has not yet been announced": what the parties did not do,
      // which a cited fact must say (or, for terms, the deal's value recorded as undisclosed); a
      // source that gives no terms or no date says nothing of the parties.
      if (s.negated && (s.family === 'disclose' || s.family === 'announce')) {
        ok = given.some(({ v }) => v.negated && v.family === s.family) || (s.family === 'disclose' && cited.some((f) => valueUndisclosed(f.deal)));
        if (!ok) reasons.push(`"${phrase}" says the parties did not ${s.family === 'disclose' ? 'disclose' : 'announce'} it, which no cited fact says`);
        continue;
      }
      // With no holder only a confirmation, a denial or a view claims anything ("was announced",
      // "was reported" say what every fact's source does).
      if (s.family !== 'confirm' && s.kind === 'statement') continue;
      if (s.kind === 'view' && s.family !== 'regard') continue;
      ok = given.some(({ v }) => v.family === s.family && v.negated === s.negated);
    } else {
      ok = given.some(({ v }) => v.holder && kindSupports(v, s) && sameHolder(h, v.holder));
      // "AstraZeneca and CSPC announced it" where a fact says it "was announced".
      const partyHeld = h.parties.size > 0 || h.pronoun || [...h.roles].some((r) => PARTY_ROLES.has(r));
      if (!ok && partyHeld && s.family === 'announce' && !s.negated) ok = given.some(({ v }) => !v.holder && v.family === 'announce');
      // Reports, and the publishers of a cited fact's sources, report what the facts say.
      if (!ok && !s.negated && REPORTING.has(s.family) && h.parties.size === 0 && !h.pronoun) {
        const reports = h.names.size === 0 && [...h.roles].some((r) => REPORT_ROLES.has(r)) && [...h.roles].every((r) => REPORT_ROLES.has(r));
        const publisher = h.names.size > 0 && [...h.roles].every((r) => REPORT_ROLES.has(r)) && cited.some((f) => [...h.names].every((n) => publisherWordsOf(f).has(n)));
        ok = reports || publisher;
      }
    }
    if (ok) continue;
    const what = s.kind === 'view' ? 'a view' : s.kind === 'denial' ? 'a denial' : 'a statement';
    reasons.push(`"${phrase}" gives ${what}${s.negated ? ' (negated)' : ''} to ${describeHolder(h, parties)}, which no cited fact gives them`);
  }
  return reasons;
}

// ---------------------------------------------------------------------------------------------
// Verification

/**
 * Verifies one sentence against the facts it cites. The verdict's `text` is the cleaned text
 * that was checked (NFKC, plain quotes and dashes): post that, not the raw model string.
 */
export function verifySentence(s: ModelSentence, ctx: VerifyContext): SentenceVerdict {
  const rawText = typeof s?.text === 'string' ? s.text : '';
  const rawFacts: unknown[] = Array.isArray(s?.facts) ? (s.facts as unknown[]) : [];
  const facts = rawFacts.filter((f): f is string => typeof f === 'string');
  const text = cleanText(rawText).replace(/ {2,}/g, ' ').trim();
  const p = prepare(ctx);
  const reasons: string[] = [];

  if (!text) reasons.push('is empty');
  reasons.push(...checkHygiene(rawText, text));

  const { cited, reasons: citationReasons } = checkCitations(rawFacts, p);
  reasons.push(...citationReasons);
  reasons.push(...checkWebAddresses(text, cited, p));

  const figures = extractFigures(text);
  const silent = silences(text, figures, cited, p);
  for (const figure of figures) {
    if (oneOfThem(text, figure, cited) || countsTheList(text, figure, figures) || countsTheParties(text, figure, p.dealIds, cited)) continue;
    if (refersToQualified(text, figure, figures, cited)) continue;
    const why = checkFigure(unbrokenFigure(text, figure, silent), cited);
    if (why) reasons.push(why);
    else reasons.push(...checkFigureNouns(text, figure, cited, silent));
  }
  // Who pays whom, read once: the direction check and the negation check both use it.
  const flows = cited.length > 0 ? moneyFlows(text, figures, cited[0]!.deal.parties) : [];
  reasons.push(...checkFlows(flows, cited));
  reasons.push(...checkRates(text, figures, cited));
  reasons.push(...checkCurrencyWords(text, figures, cited, silent));
  reasons.push(...checkPaidAtStart(text, figures, cited, silent));
  reasons.push(...checkRanges(text, figures, cited));
  reasons.push(...checkTailWords(text, figures, cited, silent));
  reasons.push(...checkRoyaltyTerms(text, cited, silent));
  reasons.push(...checkDateEvents(text, figures, cited));
  reasons.push(...checkCountChanges(text, figures, cited));
  reasons.push(...checkCountTense(text, figures, cited, silent));
  reasons.push(...checkOtherDeal(text, cited, ctx.deals));
  reasons.push(...checkBorrowedTerms(text, cited, ctx.deals));
  reasons.push(...checkRelations(text, figures, cited));
  reasons.push(...checkNegations(text, figures, flows, cited, silent));
  reasons.push(...checkAsked(silent).filter((r) => !reasons.includes(r)));
  for (const x of silent) {
    if (x.falseScope) reasons.push(`says the sources do not give ${x.falseScope.map((w) => `"${w}"`).join(', ')}, which the deal's facts do`);
  }
  // "royalties", or a percentage "of (annual) net sales": a royalty rate. A true "the sources do
  // not mention royalties" needs no fact about them.
  const trueSilence = (i: number): boolean => silent.some((s) => s.missing.length === 0 && i >= s.verbEnd && i < s.to);
  const aboutRoyalties = /\broyalt/i.test(text);
  if (aboutRoyalties || /%\s*(?:of|on)\s+(?:the\s+)?(?:annual\s+|global\s+|worldwide\s+)?(?:net\s+)?sales\b/i.test(text)) {
    const royaltyFacts = cited.filter((f) => f.mentionsRoyalties);
    const unsaid = [...text.matchAll(/\broyalt/gi)].every((m) => trueSilence(m.index));
    if (aboutRoyalties && royaltyFacts.length === 0 && !unsaid) reasons.push('mentions royalties but cites no fact about royalties');
    // In a sentence about royalties a percentage reads as a royalty rate: it must be one.
    for (const f of figures) {
      if (f.kind === 'percent' && !royaltyFacts.some((r) => r.figures.some((g) => g.kind === 'percent' && g.value === f.value))) {
        reasons.push(`percentage ${describeFigure(f)} is not a royalty rate in the cited facts`);
      }
    }
  }
  reasons.push(...checkPaymentKinds(text, cited, silent));
  reasons.push(...checkCertainty(text, figures, cited, silent));
  // Figures are checked above; blank them so "$110M" is not read as a name.
  const namesText = blankFigures(text, figures);
  reasons.push(...checkUnreadable(namesText, cited, p));
  reasons.push(...checkInnerApproximations(text, figures, cited));
  reasons.push(...checkClaimWords(text, figures, cited, p));
  reasons.push(...checkScienceWords(text, cited, silent));
  reasons.push(...checkPaymentEvents(text, figures, cited, silent));
  reasons.push(...checkPastPayment(text, figures, cited, silent));
  const aboutMoney = CLAIM_WORDS.some(({ key, re }) => key !== 'date' && re.test(text));
  reasons.push(...checkPurposes(text, figures, aboutMoney, cited, silent));
  const stating = (f: Figure): CitedFact[] => cited.filter((c) => c.figures.some((g) => figureValue(g) === figureValue(f)));
  reasons.push(...checkSources(text, figures, stating, cited, silent));
  reasons.push(...checkPlaces(text, cited, silent));
  reasons.push(...checkRankMeasures(text, cited, silent));
  reasons.push(...checkLimits(text, figures, stating, cited, silent));
  reasons.push(...checkBetween(text, cited, silent));
  reasons.push(...checkDroppedPrefixes(text, cited));
  reasons.push(...checkToolsAndUses(text, cited, silent));
  reasons.push(...checkLicensedAssets(text, cited, silent));
  reasons.push(...checkDealKinds(text, figures, cited, silent));
  reasons.push(...checkScopeWords(text, cited, silent));
  reasons.push(...checkDealStatus(text, cited, silent));
  reasons.push(...checkRightsTerritory(text, cited, silent));
  reasons.push(...checkPlurality(text, cited, silent));
  reasons.push(...checkAddedWords(text, cited, silent));
  reasons.push(...checkRelationWords(text, cited, silent, ctx.deals[0]));
  reasons.push(...checkTimeWords(text, cited));
  reasons.push(...checkDeeds(text, cited));
  reasons.push(...checkTogetherAlone(text, cited, silent));
  reasons.push(...checkLicences(text, cited, silent));
  reasons.push(...checkCompletions(text, cited, silent));
  reasons.push(...checkQuotedTerms(text, cited));
  reasons.push(...checkHedged(text, cited));
  reasons.push(...checkOpenChoice(text, cited));
  reasons.push(...checkVoices(text, cited, silent));
  reasons.push(...checkUndisclosed(text, cited, silent));
  reasons.push(...checkNames(namesText, cited, p));
  reasons.push(...checkFigureNames(namesText, figures, cited, p));
  reasons.push(...checkRoyaltyNames(namesText, cited, silent));

  return reasons.length === 0 ? { text, facts, ok: true } : { text, facts, ok: false, reasons };
}

/**
 * "In the 2024 licence, CSPC received $100 million upfront. In that deal, CSPC can also earn up to
 * $1.62 billion …", the second citing the 2025 deal: "that deal" points back at the sentence
 * before, whose deal is another. Each sentence is checked alone, so this is read across them.
 */
const THAT_DEAL_RE = new RegExp(`\\b(?:that|the same|said)\\s+(?:${DEAL_NOUN}|investment)\\b`, 'i');
/** "Its upfront payment was $110 million", "Under it, …", right after a sentence about the earlier deal. */
const OPENS_WITH_IT_RE = /^\s*(?:its|under it|in it|there|it)\b/i;

function sentenceDeals(s: ModelSentence): Set<string> {
  const refs: unknown[] = Array.isArray(s?.facts) ? s.facts : [];
  return new Set(refs.flatMap((r) => (typeof r === 'string' ? [parseFactRef(r)?.dealId] : [])).filter((id): id is string => id !== undefined));
}

function pointsBackAtAnotherDeal(sentences: readonly ModelSentence[], k: number, asked: string | undefined): string | undefined {
  if (k === 0 || typeof sentences[k]?.text !== 'string') return undefined;
  const text = cleanText(sentences[k]!.text);
  const before = sentenceDeals(sentences[k - 1]!);
  const own = sentenceDeals(sentences[k]!);
  const other = [...before].find((id) => !own.has(id));
  if (!other || own.size === 0) return undefined;
  // "that deal" always points back; a sentence opening with "its" or "under it" does when the
  // sentence before spoke only of an earlier deal and this one cites the deal asked about.
  const pronoun = asked !== undefined && !before.has(asked) && own.has(asked) && OPENS_WITH_IT_RE.test(text);
  return THAT_DEAL_RE.test(text) || pronoun ? `points back at the deal of the sentence before (${other}) but cites the facts of another` : undefined;
}

/** Verifies every sentence of a model output. */
export function verifyAnswer(output: ModelOutput, ctx: VerifyContext): AnswerVerification {
  const sentences = Array.isArray(output?.sentences) ? output.sentences : [];
  const verdicts = sentences.map((s, k): SentenceVerdict => {
    const verdict = verifySentence(s, ctx);
    const back = pointsBackAtAnotherDeal(sentences, k, ctx.deals[0]?.id);
    if (!back) return verdict;
    return { text: verdict.text, facts: verdict.facts, ok: false, reasons: [...(verdict.ok ? [] : verdict.reasons), back] };
  });
  return {
    verdicts,
    passed: verdicts.filter((v) => v.ok).map(({ text, facts }) => ({ text, facts })),
    failed: verdicts.filter((v): v is FailedSentence => !v.ok),
  };
}

// ---------------------------------------------------------------------------------------------
// Policy

/** What kinds of figure a question asks for, read from its words. */
interface QuestionFocus {
  money: boolean;
  date: boolean;
  percent: boolean;
  count: boolean;
  royalty: boolean;
  quantities: Set<Quantity>;
}

function questionFocus(question: string): QuestionFocus {
  const q = cleanText(question).toLowerCase();
  return {
    money:
      /\b(how much|worth|value|valued|paid|pay|pays|paying|payments?|upfront|up-front|milestones?|fees?|total|price|cost|amount|invest\w*|equity|dollars?|million|billion|economics|financials?|terms)\b|\$/.test(
        q,
      ),
    date: /\b(when|date|dated|announced|signed|year|month)\b/.test(q),
    percent: /\b(percent|percentage|rate|share)\b|%/.test(q),
    count: /\bhow many\b/.test(q),
    royalty: /\broyalt/.test(q),
    quantities: quantitiesIn(q),
  };
}

function answersFocus(text: string, focus: QuestionFocus): boolean {
  for (const f of extractFigures(text)) {
    if (f.kind === 'money' && focus.money) {
      if (focus.quantities.size === 0 || !f.quantity) return true;
      if (focus.quantities.has(f.quantity) || ACCEPTS[f.quantity].some((q) => focus.quantities.has(q))) return true;
    }
    if ((f.kind === 'date' || f.kind === 'year' || f.kind === 'period') && focus.date) return true;
    if (f.kind === 'percent' && (focus.percent || focus.royalty)) return true;
    if (f.kind === 'descriptor' && focus.royalty) return true;
    if ((f.kind === 'number' || f.kind === 'ordinal') && focus.count) return true;
  }
  return focus.royalty && /\broyalt/i.test(text);
}

/**
 * The posting policy, kept deliberately simple:
 * 1. No sentences, or none passed → fall back.
 * 2. With a question: fall back when the sentence that answers it failed — the first sentence
 *    (models answer first), or any failed sentence carrying the kind of figure asked about
 *    ("how much upfront?" and a failed sentence with an upfront amount).
 * 3. More than half of the sentences failed → fall back (the output is not trustworthy).
 * 4. Otherwise post the passing sentences in order; `dropped` tells the caller how many were
 *    removed so it can add a note.
 * A fallback means: show the deterministic, card-based answer with a short note instead.
 */
export function decideAnswer(verdicts: readonly SentenceVerdict[], question?: string): AnswerDecision {
  if (verdicts.length === 0) return { kind: 'fallback', reason: 'the model returned no sentences' };
  const passed = verdicts.filter((v) => v.ok);
  const failed = verdicts.filter((v): v is FailedSentence => !v.ok);
  if (passed.length === 0) {
    return { kind: 'fallback', reason: `no sentence could be verified against its cited facts (${failed[0]!.reasons[0]})` };
  }
  if (question && question.trim()) {
    const first = verdicts[0]!;
    if (!first.ok) {
      return { kind: 'fallback', reason: `the opening sentence failed verification (${first.reasons[0]})` };
    }
    const focus = questionFocus(question);
    const answering = failed.find((v) => answersFocus(v.text, focus));
    if (answering) {
      return {
        kind: 'fallback',
        reason: `a sentence answering the question failed verification (${answering.reasons[0]})`,
      };
    }
  }
  if (failed.length * 2 > verdicts.length) {
    return { kind: 'fallback', reason: `${failed.length} of ${verdicts.length} sentences failed verification` };
  }
  return { kind: 'post', sentences: passed.map(({ text, facts }) => ({ text, facts })), dropped: failed.length };
}
