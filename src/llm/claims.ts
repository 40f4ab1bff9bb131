/**
 * Word-family claim checks of the grounding verifier (see `verify.ts`, rule 2): science words,
 * what became of a payment, exclusivity and territory, and the kind of deal. Each word a sentence
 * uses from one of these families needs a cited fact (or, where said, the deal's record or type)
 * with a word of the same family.
 */
import type { Deal, DealType, Fact, Party } from '../deals/schema';
import { MARKET } from '../deals/markets';
import { wholeWordsPattern } from '../regexp';
import { cleanText, type Figure } from './figures';
import { CLAIM_WORDS, saidMissing, type CitedFact, type Silence } from './cited';
import { wordTable } from '../word-table';

/**
 * Science words: therapeutic areas, indications, modalities, routes, development stages and
 * mechanism verbs, in a small controlled vocabulary. Each family a sentence uses must be used by
 * a cited fact (or the cited deal's record), in any of the family's forms: "cancer" is
 * "oncology", "heart disease" is "cardiovascular", "small-molecule" is "small molecule", "Phase
 * II" is "Phase 2". Synonyms are few and listed here; a word outside the vocabulary is not read. Capitalised targets ("PCSK9",
 * "Lp(a)") are names, rule 3.
 */
/** Diseases a sentence may name, each a family of its own: a fact naming lupus backs no psoriasis. */
const NAMED_DISEASES: [string, string][] = [
  ['lupus', 'lupus'],
  ['psoriasis', 'psoria\\w*'],
  ['arthritis', 'arthritis'],
  ['colitis', 'colitis'],
  ["crohn's disease", 'crohn\\W?s'],
  ['inflammatory bowel disease', 'inflammatory bowel|ibd'],
  ['dermatitis', 'eczema|dermatitis'],
  ['copd', 'copd'],
  ['multiple sclerosis', 'multiple sclerosis'],
  ['epilepsy', 'epilep\\w*'],
  ['schizophrenia', 'schizophreni\\w*'],
  ['depression', 'depressi(?:on|ve)'],
  ['migraine', 'migraines?'],
  ['hiv', 'hiv'],
  ['covid-19', 'covid(?:-19)?'],
  ['influenza', 'influenza'],
  ['rsv', 'rsv'],
  ['sickle cell disease', 'sickle[- ]cell'],
  ['haemophilia', 'ha?emophilia'],
  ['cystic fibrosis', 'cystic fibrosis'],
  ['muscular dystrophy', 'muscular dystroph\\w*'],
  ['mash', 'mash|nash'],
  ['fibrosis', 'fibros[ie]s'],
  ['sepsis', 'sepsis'],
  ['anaemia', 'ana?emia'],
  ['gout', 'gout'],
];

const SCIENCE_WORDS: { family: string; re: string; fact?: string }[] = [
  // Areas and indications.
  { family: 'oncology', re: 'oncolog\\w*|cancers?|tumou?rs?|carcinomas?|leuka?emias?|lymphomas?' },
  { family: 'cardiovascular', re: 'cardiovascular|heart (?:disease|failure|attack)s?|cardiac|cardiology' },
  // Narrower than their area: each needs a fact naming it ("heart failure" is cardiovascular too,
  // but a lipid-lowering treatment for cardiovascular disease is not one for heart failure).
  { family: 'heart failure', re: 'heart failure' },
  { family: 'cardiovascular events', re: 'heart attacks?|myocardial infarctions?|strokes?|cardiovascular events?|thrombo\\w*|atheroscleros\\w*|hypertension' },
  { family: 'hypercholesterolaemia', re: '(?:familial\\s+)?hypercholesterol(?:a)?emi(?:a|c)|hyperlipid(?:a)?emi(?:a|c)|dyslipid(?:a)?emi(?:a|c)' },
  { family: 'prevention', re: 'prevent(?:s|ed|ing|ion|ive)?|prophyla\\w*' },
  { family: 'immuno-oncology', re: 'immuno-?oncology|checkpoint inhibitors?' },
  ...NAMED_DISEASES.map(([family, re]) => ({ family, re })),
  { family: 'cardiometabolic', re: 'cardio-?metabolic' },
  { family: 'metabolic', re: 'metabolic|metabolism' },
  { family: 'lipid', re: 'lipids?|lipid-lowering' },
  { family: 'cholesterol', re: 'cholesterol' },
  { family: 'lipoprotein', re: 'lipoproteins?' },
  { family: 'obesity', re: 'obes(?:e|ity)|anti-obesity|weight[- ](?:loss|management|reduction)' },
  { family: 'diabetes', re: 'diabet(?:es|ic)' },
  { family: 'immunology', re: 'immunolog\\w*|immune|immuno-?\\w*' },
  { family: 'autoimmune', re: 'auto-?immun\\w*' },
  { family: 'inflammation', re: '(?:anti-)?inflammat\\w*' },
  { family: 'respiratory', re: 'respiratory|lungs?|pulmonary|asthma' },
  { family: 'rare', re: 'rare|orphan' },
  { family: 'chronic', re: 'chronic' },
  { family: 'neuroscience', re: 'neuro(?:sciences?|log\\w*|degenerat\\w*|psychiatr\\w*)|cns|brain|alzheimer\\w*|parkinson\\w*' },
  { family: 'infection', re: 'infectio(?:n|ns|us)|anti-?(?:viral|bacterial|infective)s?|viral|bacterial' },
  { family: 'vaccine', re: 'vaccin\\w*' },
  { family: 'renal', re: 'renal|kidneys?|nephrolog\\w*' },
  { family: 'liver', re: 'liver|hepat\\w*' },
  // What a tool, map or model is used for in trials and care.
  { family: 'dose', re: 'dos(?:e|es|ed|ing|ages?)' },
  { family: 'biomarker', re: 'biomarkers?' },
  { family: 'mechanism of action', re: 'mechanisms? of action|moa' },
  { family: 'responders', re: '(?:non-)?responders?' },
  { family: 'patient selection', re: 'patient (?:selection|stratification|enrol(?:l)?ment|recruitment)|select(?:s|ed|ing)? (?:which )?patients|enrol(?:l)?(?:s|ed|ing)?|recruit(?:s|ed|ing)? patients' },
  { family: 'diagnosis', re: 'diagnos\\w*' },
  { family: 'imaging', re: 'imaging|x-rays?|radiolog\\w*|ct scans?|mri' },
  { family: 'safety', re: 'toxicit(?:y|ies)|safety|side[- ]effects?|adverse (?:events?|effects?)' },
  // Whose biology: a map of the human immune system is not one of the mouse's.
  { family: 'human', re: 'humans?' },
  { family: 'animal', re: 'mouse|mice|murine|rodents?|rats?|animals?|primates?|canine|porcine' },
  // Which patients: "for patients with high Lp(a) who do not respond to statins".
  { family: 'patients', re: 'patients?\\s+(?:with|whose)|refractory|treatment-(?:naive|experienced)|(?:do|does|did)\\s+not\\s+respond\\s+to', fact: 'patients?' },
  { family: 'statin', re: 'statins?' },
  // How often it is taken: "once-daily".
  { family: 'dosing frequency', re: '(?:once|twice|thrice)[- ](?:a[- ])?(?:daily|day|weekly|week|monthly|month)|(?:daily|weekly|monthly)[- ](?:dos\\w*|pills?|tablets?|injections?)' },
  // Modalities.
  { family: 'small molecule', re: 'small[- ]molecules?' },
  { family: 'antibody', re: 'antibod(?:y|ies)|monoclonal|mabs?' },
  { family: 'adc', re: 'adcs?|antibody-drug conjugates?' },
  { family: 'cell therapy', re: 'cell[- ]therap(?:y|ies)|car-t' },
  { family: 'gene therapy', re: 'gene[- ](?:therap(?:y|ies)|editing)' },
  { family: 'mrna', re: 'mrna' },
  { family: 'sirna', re: 'sirna|rnai' },
  { family: 'oligonucleotide', re: 'oligonucleotides?|antisense' },
  { family: 'peptide', re: 'peptides?' },
  { family: 'protein', re: 'proteins?' },
  { family: 'biologic', re: 'biologics?' },
  { family: 'radiopharmaceutical', re: 'radio(?:pharmaceutical|ligand|conjugate)s?' },
  { family: 'bispecific', re: 'bispecifics?' },
  // Routes.
  { family: 'oral', re: 'oral(?:ly)?|pills?|tablets?|capsules?' },
  { family: 'injectable', re: 'injectables?|injections?|injected' },
  { family: 'subcutaneous', re: 'subcutaneous(?:ly)?' },
  { family: 'intravenous', re: 'intravenous(?:ly)?' },
  { family: 'inhaled', re: 'inhal(?:ed|ation|er)s?' },
  { family: 'topical', re: 'topical(?:ly)?' },
  // Development stages ("Phase 2" is also a number, checked as a figure).
  { family: 'preclinical', re: 'pre-?clinical' },
  // "drug discovery" is work, not a stage: only "discovery stage" claims one; a fact's
  // "discovery" supports it.
  { family: 'discovery', re: 'discovery[- ](?:stage|phase)', fact: 'discovery' },
  { family: 'clinical', re: 'clinic|clinical(?:ly)?' },
  { family: 'phase 1', re: 'phase[- ]?(?:1|i|one)[ab]?' },
  { family: 'phase 2', re: 'phase[- ]?(?:2|ii|two)[ab]?|phase[- ]?(?:1|i)[ab]?\\s*/\\s*(?:2|ii)[ab]?' },
  { family: 'phase 3', re: 'phase[- ]?(?:3|iii|three)[ab]?|phase[- ]?(?:2|ii)[ab]?\\s*/\\s*(?:3|iii)[ab]?' },
  { family: 'early-stage', re: 'early[- ]stage' },
  { family: 'late-stage', re: '(?:late|mid)[- ]stage|pivotal (?:trials?|stud(?:y|ies))|registrational' },
  { family: 'approved', re: 'approv(?:ed|al|als)|licensed (?:drug|medicine|product)s?' },
  { family: 'marketed', re: 'marketed|on the market|commercially available' },
  // Mechanisms.
  { family: 'inhibitor', re: 'inhibit\\w*' },
  { family: 'disruptor', re: 'disrupt(?:s|ed|ing|ors?)?' },
  { family: 'agonist', re: 'agonists?|agonism' },
  { family: 'antagonist', re: 'antagonists?|antagonism' },
  { family: 'degrader', re: 'degraders?|degrad(?:es|ation)' },
  { family: 'blocker', re: 'blockers?|blockade' },
];
const wordRe = (re: string): RegExp => new RegExp(`(?<![\\p{L}\\p{N}])(?:${re})(?![\\p{L}\\p{N}])`, 'giu');
const SCIENCE_RES = SCIENCE_WORDS.map(({ family, re, fact }) => ({ family, re: wordRe(re), factRe: wordRe(fact ?? re) }));
/** Whether a word is one of the science vocabulary's, which `checkScienceWords` reads by family ("cancer" for oncology). */
const SCIENCE_WORD_RE = new RegExp(`^(?:${SCIENCE_WORDS.map(({ re }) => re).join('|')})$`, 'iu');
export function isScienceWord(word: string): boolean {
  return SCIENCE_WORD_RE.test(word);
}
/** "early-stage" is preclinical, discovery, "early-stage" or Phase 1 in a fact. */
const EARLY_FAMILIES = ['preclinical', 'discovery', 'phase 1'];
const STAGE_FAMILIES = new Set(['preclinical', 'discovery', 'clinical', 'phase 1', 'phase 2', 'phase 3', 'early-stage', 'late-stage', 'approved', 'marketed']);

/**
 * Asset codes ("YS2302018", "AZD0780"). A modality, route or mechanism is said of the nearest
 * code in its sentence, unless a word that joins or sets apart another thing stands between
 * them: in "combined with AZD0780, AstraZeneca's oral PCSK9 inhibitor" the "oral" is AZD0780's; in
 * "YS2302018 may be combined with an oral PCSK9 inhibitor" it is no code's.
 */
export const ASSET_CODE_RE = /(?<![\p{L}\p{N}])\p{Lu}{1,5}\d{3,}(?![\p{L}\p{N}])/gu;
const APART_RE = /\b(?:with|and|or|alongside|plus|than|versus|vs|like|unlike|while|whereas|besides)\b|[;(]/i;

/** What a molecule is (modality, route, mechanism), rather than what it is for or how far it is. */
const MOLECULE_FAMILIES = new Set(SCIENCE_WORDS.slice(SCIENCE_WORDS.findIndex((w) => w.family === 'small molecule')).map((w) => w.family).filter((w) => !STAGE_FAMILIES.has(w)));

/** Each family `text` uses, with the codes it is said of ('' for none). */
type Said = Map<string, Set<string>>;
const factScienceCache = new WeakMap<Fact | Deal, Said>();

/** The families `text` uses, as a sentence (`skip`: spans where a stage claims nothing) or as a fact. */
function scienceFamilies(text: string, asFact: boolean, skip: readonly { from: number; to: number }[] = []): Said {
  const out: Said = new Map();
  const codes = [...text.matchAll(ASSET_CODE_RE)].map((m) => ({ code: m[0], from: m.index, to: m.index + m[0].length }));
  for (const { family, re, factRe } of SCIENCE_RES) {
    for (const m of text.matchAll(asFact ? factRe : re)) {
      if (STAGE_FAMILIES.has(family) && skip.some((s) => m.index >= s.from && m.index < s.to)) continue;
      const end = m.index + m[0].length;
      const gap = (c: { from: number; to: number }): string => (c.to <= m.index ? text.slice(c.to, m.index) : text.slice(end, c.from));
      const nearest = [...codes].sort((a, b) => gap(a).length - gap(b).length)[0];
      const code = nearest && MOLECULE_FAMILIES.has(family) && !APART_RE.test(gap(nearest)) ? nearest.code : '';
      let set = out.get(family);
      if (!set) out.set(family, (set = new Set()));
      set.add(code);
    }
  }
  return out;
}

function cachedFamilies(key: Fact | Deal, text: () => string): Said {
  let families = factScienceCache.get(key);
  if (!families) factScienceCache.set(key, (families = scienceFamilies(cleanText(text()), true)));
  return families;
}

/**
 * Checks the science words of a sentence against its cited facts and, for what describes the
 * whole deal, the cited deals' own title, stage, modalities, areas and indications: each family
 * must be there, and a word said of an asset code must be said there of the same code (or of
 * none). A stage in what "the sources do not say …" is about ("… when it enters clinical
 * trials") claims nothing; other words there still need support.
 */
const NOT_YET_CLINICAL_RE = /\b(?:not|n't|never|yet to|before|prior to|ahead of)\b[^.;:!?]{0,30}\bclinic(?:al)?\b/i;

export function checkScienceWords(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const skip = silent.map((s) => ({ from: s.verbEnd, to: s.to }));
  const said = scienceFamilies(text, false, skip);
  if (said.size === 0) return [];
  const supported: Said = new Map();
  const add = (from: Said): void => {
    for (const [w, codes] of from) {
      const set = supported.get(w) ?? new Set<string>();
      for (const c of codes) set.add(c);
      supported.set(w, set);
    }
  };
  for (const f of cited) add(cachedFamilies(f.fact, () => f.text));
  for (const d of new Set(cited.map((f) => f.deal))) {
    // The record describes the deal's asset: the code in its title, if it names one.
    const asset = d.title.match(ASSET_CODE_RE)?.[0] ?? '';
    const record = cachedFamilies(d, () => [d.title, (d.stage ?? '').replace(/_/g, ' '), ...d.modalities, ...d.areas, ...d.indications].join('; '));
    add(new Map([...record].map(([w, codes]) => [w, new Set([...codes].map((c) => c || asset))])));
  }
  const early = EARLY_FAMILIES.flatMap((w) => [...(supported.get(w) ?? [])]);
  if (early.length) add(new Map([['early-stage', new Set(early)]]));
  const out: string[] = [];
  for (const [w, codes] of said) {
    const has = supported.get(w);
    // "had not reached the clinic", "before clinical trials": what a preclinical asset is not.
    if (!has && w === 'clinical' && supported.has('preclinical') && NOT_YET_CLINICAL_RE.test(text)) continue;
    if (!has) out.push(`"${w}" (area, modality, stage or mechanism) is not in the cited facts`);
    else for (const c of codes) if (c && !has.has(c) && !has.has('')) out.push(`"${w}" is said of ${c}, but the cited facts say it of another`);
  }
  return out;
}

/**
 * What became of a payment, or where it stands, in words no figure carries: "the $110 million
 * upfront was waived", "CSPC had to refund it", "CSPC lacks the $110 million", "has already
 * earned", "received in full", "is still pending", "paid in instalments", "subject to approval";
 * and when it is paid or what it is for: "paid out over the term", "spread over five years",
 * "annually", "in equal parts", "is to fund", "the money funds", "will pay for", "earmarked for",
 * "the $18 million covers" (a fact saying "fees for licensing data" says what they are for).
 * The figure is the fact's, but the claim around it is not: in a sentence about money (a money
 * figure, or a money word such as upfront, pay or receive) each such word needs a cited fact with
 * a word of the same family. A plain past tense ("CSPC received $110 million") claims nothing
 * more than a fact in the plain present, and is left alone here (see checkPastPayment).
 */
const PAYMENT_EVENT_WORDS: { family: string; re: RegExp }[] = [
  ['waived', 'waiv(?:e|es|ed|ing|ers?)'],
  ['cancelled', 'cancel(?:s|led|ed|ling|ing|lations?)?'],
  ['forfeited', 'forfeit(?:s|ed|ing|ures?)?'],
  ['refunded', 'refund(?:s|ed|ing|able)?'],
  ['repaid', 'repa(?:y|ys|id|ying|yments?|yable)'],
  // Not "in return for", nor financial "returns on".
  ['returned', '(?<!\\bin\\s)return(?:s|ed|ing)?(?!\\s+on\\b)'],
  ['clawed back', 'claw(?:s|ed|ing)?[- ]back|clawbacks?'],
  ['scrapped', 'scrap(?:s|ped|ping)?'],
  ['terminated', 'terminat(?:e|es|ed|ing|ion)'],
  ['rescinded', 'rescind(?:s|ed|ing)?|rescission'],
  ['withdrawn', 'withdr(?:aw|aws|awn|ew|awing|awal)'],
  ['withheld', 'withh(?:eld|old|olds|olding)'],
  ['rejected', 'reject(?:s|ed|ing|ion)?'],
  ['declined', 'declin(?:e|es|ed|ing)'],
  ['forgone', 'fore?go(?:es|ne|ing)?|fore?went'],
  ['lost', 'los(?:e|es|t|ing)'],
  ['lacks', 'lack(?:s|ed|ing)?'],
  ['failed', 'fail(?:s|ed|ing|ures?)?'],
  ['missed', 'miss(?:es|ed|ing)'],
  ['reduced', 'reduc(?:e|es|ed|ing|tions?)|slash(?:es|ed|ing)?'],
  ['revised', 'revis(?:e|es|ed|ing|ions?)|renegotiat(?:e|es|ed|ing|ions?)|amend(?:s|ed|ing|ments?)?|restructur(?:e|es|ed|ing)'],
  ['disputed', 'disput(?:e|es|ed|ing)'],
  ['delayed', 'dela(?:y|ys|yed|ying)|defer(?:s|red|ring|rals?)?|postpon(?:e|es|ed|ing|ement)'],
  ['pending', 'pending|outstanding|overdue|unpaid'],
  // The present perfect of paying says the payment is made: "has been paid", "has received".
  [
    'already',
    'already|so far|to date|yet to|still|(?:has|have)\\s+(?:now\\s+)?(?:been\\s+(?:paid|disbursed|spent|invested)|paid|received|earned|collected|pocketed|banked|spent|invested)',
  ],
  ['completed', 'complet(?:e|es|ed|ing|ion)|disburs(?:e|es|ed|ing|ements?)'],
  ['in full', 'in full|fully (?:paid|received|funded|settled)'],
  ['in instalments', 'instal?l?ments?|tranches?'],
  // A schedule: "paid out over the term", "spread over five years", "over the life of the deal".
  [
    'over time',
    '(?:paid|pays?|paying|payable|spent|spend(?:s|ing)?|spread|disburs(?:ed|es|ing)|released|phased|staggered|distributed|doled|rolled)\\s+(?:out\\s+)?(?:over|across)|' +
      'over\\s+(?:the\\s+|a\\s+|its\\s+|their\\s+)?(?!(?:years|past|last|previous|recent)\\b)(?:[a-z\\d-]+\\s+){0,2}?(?:years?|months?|quarters?|term|period|life(?:time)?|duration|course)',
  ],
  // A rate of payment, which "over five years" does not give: "annually", "each year", "in equal parts".
  ['yearly', 'annually|yearly|per (?:year|annum)|(?:each|every|a) year(?![a-z-]|\\s+(?:after|before|later|earlier|ago|on)\\b)|in (?:equal\\s+)?(?:stages|phases|parts|portions|shares)'],
  // What the money is for: "to fund", "the money funds", "will pay for", "earmarked for", "covers".
  [
    'funds',
    '(?:to|will|would|can|could|may|might|should|must|helps?(?:\\s+to)?)\\s+(?:help\\s+)?(?:fund|finance|bankroll|cover|pay\\s+for)|' +
      // With the money as subject only: "the money funds", "the $18 million covers" (not "the licence covers").
      '(?=funds|funded|finances|financed|bankrolls|bankrolled|cover|go)(?<=\\b(?:money|sum|amount|cash|investment|commitment|payments?|fees?|upfront|million|billion|bn|m|deal)\\s+(?:(?:will|would|can|could|may|might|is\\s+to|are\\s+to|also|partly|largely|mainly)\\s+)*)' +
      '(?:funds|funded|finances|financed|bankrolls|bankrolled|covers|covered|cover|goes\\s+towards|go\\s+towards)|' +
      'pays?\\s+for|paid\\s+for|paying\\s+for|earmark(?:s|ed|ing)?|set\\s+aside\\s+for|allocated\\s+(?:to|for)',
  ],
  // A condition or trigger: "subject to approval", "once sales pass agreed thresholds" (not "tied
  // to sales", which restates "sales-related").
  // Also when an event sets it off: "after regulatory clearance", "paid on announcement", "when
  // the deal closes" (not "at signing", which is an upfront's: checkPaidAtStart).
  [
    'conditional',
    'subject to|conditional|contingent|(?:payable|due) (?:on|upon)|once|upon|provided(?: that)?|as soon as|triggered by|dependent on|depending on|on (?:reaching|achieving|hitting|meeting)|thresholds?|' +
      // Not what royalties are paid on ("paid on annual net sales").
      '(?:paid|payable|due|released|disbursed|received)\\s+(?:on|after|following|when)(?!\\s+(?:the\\s+|its\\s+)?(?:(?:annual|net|gross|future|product)\\s+)*(?:sales|revenues?|profits?|income)\\b)|' +
      '(?:after|following|pending|on|before)\\s+(?:the\\s+|a\\s+|an\\s+|its\\s+|their\\s+|any\\s+)?(?:[a-z-]+\\s+){0,2}?(?:approvals?|clearances?|closing|completion|consents?|sign-?off|filings?|launch(?:es)?|announcement|exercise|authori[sz]ations?)|' +
      '(?:after|when|if)\\s+(?:the\\s+)?(?:deal|collaboration|agreement|licen[cs]e|transaction|investment)\\s+(?:closes|completes|is\\s+(?:approved|cleared|completed|closed|signed))',
  ],
  // A condition told of anything, money or not: "may use the model, but only after Tempus approves".
  ['only if', 'only\\s+(?:after|if|once|when|upon|on\\s+condition)|unless|(?:as|so)\\s+long\\s+as|on\\s+condition\\s+(?:that|of)|provided\\s+that|subject\\s+to|conditional\\s+(?:on|upon)|contingent\\s+(?:on|upon)'],
  ['creditable', 'creditable|credit(?:s|ed)? against|(?:offset|set off|deducted|deductible)(?:\\s+in\\s+full)?\\s+(?:against|from)'],
  // An option exercised; not what one "can" or "would" do ("would pay to exercise its options").
  ['exercised', '(?<!\\b(?:to|can|could|may|might|would|will|should|must)\\s+(?:be\\s+)?)exercis(?:e|es|ed|ing)'],
].map(([family, body]) => ({ family: family!, re: new RegExp(`\\b(?:${body})\\b`, 'i') }));

/** What a family other than a payment's fate says, for the reason given. */
const EVENT_SAYS = wordTable<string>({ 'over time': 'when the money is paid', yearly: 'when the money is paid', funds: 'what the money is for' });

const factEventCache = new WeakMap<Fact, Set<string>>();

/** A fact that says what a payment is for in a plain shape: "fees for licensing data", "payments for developing …". */
const PAID_FOR_RE = /\b(?:fees?|payments?|money|investment|funding)\s+for\s+[a-z]+ing\b/i;

function paymentEvents(text: string): Set<string> {
  const out = new Set(PAYMENT_EVENT_WORDS.filter(({ re }) => re.test(text)).map(({ family }) => family));
  if (PAID_FOR_RE.test(text)) out.add('funds');
  return out;
}

/** Rights, options and licences, whose fate ("returned", "exercised") is read as a payment's is. */
const RIGHTS_RE = /\b(?:rights?|options?|(?:(?:in|out|sub)-?)?licen[cs](?:e|es|ed|ing|or|ors|ee|ees))\b/i;
/** Where things stand, "still", "so far", and schedules and purposes: read only in a sentence about money ("still preclinical" is no fate of a licence). */
const MONEY_ONLY_EVENTS = new Set(['already', 'over time', 'yearly', 'funds']);
/** Read in any sentence, about money, rights or neither. */
const EVERY_SENTENCE_EVENTS = new Set(['only if']);

export function checkPaymentEvents(text: string, figures: readonly Figure[], cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const aboutMoney = figures.some((f) => f.kind === 'money') || CLAIM_WORDS.some(({ key, re }) => key !== 'date' && re.test(text));
  const aboutRights = aboutMoney || RIGHTS_RE.test(text);
  // "The sources do not say whether AstraZeneca has exercised its options" claims no event.
  const said = PAYMENT_EVENT_WORDS.flatMap(({ family, re }) =>
    [...text.matchAll(new RegExp(re.source, 'gi'))]
      .filter((m) => !saidMissing(silent, m.index))
      .map((m) => ({ family, words: m[0] })),
  ).filter(({ family }) => EVERY_SENTENCE_EVENTS.has(family) || (aboutRights && (aboutMoney || !MONEY_ONLY_EVENTS.has(family))));
  const claimed = new Map(said.reverse().map(({ family, words }) => [family, words]));
  if (claimed.size === 0) return [];
  const supported = new Set<string>();
  for (const f of cited) {
    let events = factEventCache.get(f.fact);
    if (!events) factEventCache.set(f.fact, (events = paymentEvents(f.text)));
    for (const e of events) supported.add(e);
  }
  return [...claimed]
    .filter(([e]) => !supported.has(e))
    .map(([e, words]) => `"${words}" says ${EVENT_SAYS[e] ?? 'what became of the money or rights'}, which no cited fact says`);
}

/**
 * A payment told as made ("Tempus received $200 million", "AstraZeneca paid …", "was paid")
 * where every cited fact with money says it is still to come ("is to receive", "will pay",
 * "can earn", "eligible for"): the fact says the money is owed, the sentence that it changed
 * hands. A fact in the plain present ("CSPC receives an upfront payment") states a term and
 * leaves the tense open, as `checkPaymentEvents` reads it.
 */
const PAST_PAYMENT_RE =
  /\b(?:(?:was|were)\s+(?:paid|handed|given|awarded)|received|got|collected|earned|pocketed|banked|netted|raked\s+in)\b|(?<=\b(?:[A-Z][\w&.'’-]*|it|they)\s+)paid\b/g;
const PROSPECTIVE_RE =
  /\b(?:(?:is|are)\s+(?:(?:set|due|expected|slated|poised)\s+)?to|will|would|could|can|may|might|shall)\s+(?:also\s+|potentially\s+)?(?:receive|pay|get|earn|collect|be\s+paid)\b|\beligible\b|\bpotential(?:ly)?\b|\bentitled\b/i;
const FACT_PAST_RE = /\b(?:(?:was|were|has|have)\s+(?:been\s+)?(?:paid|received)|received|paid|collected|earned)\b/i;

export function checkPastPayment(text: string, figures: readonly Figure[], cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  if (!figures.some((f) => f.kind === 'money')) return [];
  const told = [...text.matchAll(PAST_PAYMENT_RE)].find((m) => !saidMissing(silent, m.index));
  if (!told) return [];
  const withMoney = cited.filter((f) => f.moneyCount > 0);
  if (withMoney.length === 0 || !withMoney.every((f) => PROSPECTIVE_RE.test(f.text) && !FACT_PAST_RE.test(f.text))) return [];
  return [`"${told[0]}" tells the money as paid, where the cited facts say it is still to come`];
}

/**
 * Exclusivity and territory: "an exclusive worldwide licence" where the fact records no
 * territory, "options outside China" where it says worldwide, "exclusive rights" to a model the
 * partners share. Each such word needs a cited fact with a word of the same family (exclusive;
 * non-exclusive; worldwide, global; "outside / ex- / excluding / except <Place>" with the same
 * place), unless the sentence says the sources lack it. "Exclusive of" is an amount excluded.
 */
const SCOPE_FAMILIES: { family: string; re: RegExp }[] = [
  { family: 'exclusive', re: /(?<!\b(?:non|co|semi)-?)\bexclusiv(?:e|ely|ity)\b(?!\s+of\b)/gi },
  { family: 'non-exclusive', re: /\bnon-?exclusiv(?:e|ely|ity)\b/gi },
  // Shared exclusivity is neither: "co-exclusive licences".
  { family: 'co-exclusive', re: /\b(?:co|semi)-?exclusiv(?:e|ely|ity)\b/gi },
  // Open to anyone, the opposite of exclusive: "released open-source", "publicly available".
  { family: 'open', re: /\b(?:open[- ]sourced?|publicly\s+(?:available|released|accessible|shared)|freely\s+(?:available|shared)|in\s+the\s+public\s+domain)\b/gi },
  { family: 'worldwide', re: /\b(?:world-?wide|global(?:ly)?|(?:across|around) the (?:world|globe))\b/gi },
  // What the rights may be used for: "in all fields of use", "for all indications".
  // What the rights may be used for, or where: "in all fields of use", "across all chronic
  // diseases", "in all markets".
  {
    family: 'field of use',
    re: /\b(?:fields?\s+of\s+use|all\s+(?:[\p{L}-]+\s+)?(?:indications|uses|fields|therapeutic\s+areas|diseases|markets|territories|countries|regions)|every\s+(?:market|territory|country|region))\b/giu,
  },
];
const OUTSIDE_RE = /\b(?:[Oo]utside(?:\s+of)?\s+|[Ee]x-|[Ee]xcluding\s+|[Ee]xcept(?:\s+(?:in|for))?\s+)(?:the\s+)?(?:mainland\s+)?(\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)*)/gu;

/** The scope families `text` uses, with the words that say each first. */
export function scopeClaims(text: string, skip = (_at: number): boolean => false): Map<string, string> {
  const out = new Map<string, string>();
  for (const { family, re } of SCOPE_FAMILIES) {
    for (const m of text.matchAll(re)) if (!skip(m.index) && !out.has(family)) out.set(family, m[0]);
  }
  for (const m of text.matchAll(OUTSIDE_RE)) {
    const key = `outside ${m[1]!.toLowerCase()}`;
    if (!skip(m.index) && !out.has(key)) out.set(key, m[0]);
  }
  return out;
}

const factScopeCache = new WeakMap<Fact, Set<string>>();

/** The scope families a fact's text uses (exclusive, non-exclusive, worldwide, outside <Place>), read once. */
export function factScopeFamilies(fact: Fact, text: string): Set<string> {
  let words = factScopeCache.get(fact);
  if (!words) factScopeCache.set(fact, (words = new Set(scopeClaims(text).keys())));
  return words;
}

export function checkScopeWords(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const claimed = scopeClaims(text, (at) => saidMissing(silent, at));
  if (claimed.size === 0) return [];
  const supported = new Set<string>();
  for (const f of cited) for (const w of factScopeFamilies(f.fact, f.text)) supported.add(w);
  return [...claimed]
    .filter(([key]) => !supported.has(key))
    .map(([, words]) => `"${words}" says how exclusive or where the rights are, which no cited fact says`);
}

/**
 * A territory given to rights: "options to take exclusive licences … in China", "a licence for
 * the US", where the fact says worldwide or gives no territory. In a clause with a rights word, a
 * market after "in", "for", "across", … must be named by a cited fact. Markets are a short list,
 * so "in Shijiazhuang" (where the work is done) and "for CSPC" are not read.
 */
const RIGHTS_TERRITORY_RE = new RegExp(
  `\\b(?:rights?|options?|licen[cs](?:e|es|ed|ing)|commerciali[sz](?:e|es|ed|ing|ation)|market(?:s|ed|ing)?|sell|sales)\\b[^,;.]{0,80}?\\b(?:in|for|across|throughout|within|covering|to)\\s+(?:the\\s+)?(${MARKET})\\b(?![\\p{L}-])`,
  'gu',
);

/** A market one party keeps: "while CSPC keeps China", "retaining rights in Greater China". */
const KEPT_TERRITORY_RE = new RegExp(
  `\\b(?:keeps?|keeping|kept|retains?|retaining|retained|reserves?|reserving|reserved)\\s+(?:(?:the\\s+)?(?:rights?|commercial\\s+rights)\\s+(?:in|to|for)\\s+)?(?:the\\s+)?(${MARKET})\\b(?![\\p{L}-])`,
  'gu',
);

export function checkRightsTerritory(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const out: string[] = [];
  for (const m of [...text.matchAll(RIGHTS_TERRITORY_RE), ...text.matchAll(KEPT_TERRITORY_RE)]) {
    const at = m.index + m[0].length - m[1]!.length;
    if (saidMissing(silent, at)) continue;
    // "in China as well as elsewhere", "including China": one market of worldwide rights.
    const after = text.slice(m.index + m[0].length);
    if (/^\s*,?\s*(?:as\s+well\s+as|and|or)\s+(?:elsewhere|everywhere\s+else|other\s+markets|the\s+rest\s+of\s+the\s+world)\b/i.test(after) || /\bincluding\s+(?:the\s+)?$/i.test(text.slice(0, at))) {
      if (cited.some((f) => factScopeFamilies(f.fact, f.text).has('worldwide'))) continue;
    }
    const place = m[1]!.replace(/^(?:mainland|Greater)\s+/, '');
    if (cited.some((f) => new RegExp(`\\b${place.replace(/[.]/g, '\\.').replace(/\s+/g, '\\s+')}\\b`).test(f.text))) continue;
    const reason = `"${m[1]}" gives the rights a territory, which no cited fact gives`;
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

/**
 * Words that claim what kind of deal it is, or what a payment buys: a company acquired, bought
 * or taken over ("acquired Immunai", "Immunai was bought", "the takeover"), a merger, a licence
 * ("licensed", "in-license", "licensing"), an equity stake, an investment or a joint venture. In
 * any sentence (not only one about money), each needs a deal type that says so or a cited fact
 * using a word of the same family. Read from words, narrowly: verbs of buying count only with a
 * party (or "the AI company <party>") as their object, never a party's possession ("bought
 * CSPC's YS2302018"); "acquisition of rights / licences / options / data" is none; "invest",
 * "merge" and "shares in" count only with the deal's money or a party ("invested $X", "put $X
 * into Immunai", "investment in Immunai", "merges with CSPC"), not in their everyday senses
 * ("investment in China", "merges CSPC's platform with …", "each partner shares in the model");
 * a kind word right after "not a", "no", "rather than" claims nothing, and one inside "option(s)
 * to …" claims only an option to it, which needs a cited fact saying the same.
 */
type DealKind = 'acquisition' | 'merger' | 'licence' | 'equity' | 'investment' | 'joint_venture';
const KIND_TYPES: Record<DealKind, readonly DealType[]> = {
  acquisition: ['acquisition'],
  merger: ['merger'],
  licence: ['licence', 'data_licensing'],
  equity: ['equity'],
  investment: ['investment', 'equity'],
  joint_venture: ['joint_venture'],
};
const KIND_LABEL: Record<DealKind, string> = {
  acquisition: 'an acquisition',
  merger: 'a merger',
  licence: 'a licence',
  equity: 'an equity stake',
  investment: 'an investment',
  joint_venture: 'a joint venture',
};
/** An asset code as the kind patterns read it ("YS2302018", "AZD0780"); see ASSET_CODE_RE. */
const ASSET_CODE = '\\p{Lu}{1,5}\\d{3,}';
/** Stands for each money figure in the text the kind patterns read. */
const MONEY_MARK = 'MONEYAMT';
const BUY_VERB = `(?:acquir(?:e|es|ed|ing)|buy(?:s|ing)?(?: out)?|bought(?: out)?|purchas(?:e|es|ed|ing)(?: of)?|(?:take|takes|took|taken|taking) over|snap(?:s|ped|ping)? up)`;
const BOUGHT = `(?:acquired|bought(?: out)?|purchased|taken over|snapped up|sold(?: off)?)`;
/** "the AI company", "data-science firm", "New York-based": words naming a company before its name. */
const COMPANY_NOUN = `(?:(?:the|an?)\\s+)?(?:(?!(?:from|of|to|in|on|for|with|by|at|and|or|rights?|licen[cs]\\w*|options?|data|access|stakes?|shares?)\\b)[\\p{L}\\p{N}-]+\\s+){0,2}?(?:compan(?:y|ies)|firms?|start-?ups?|biotechs?|developers?|groups?|specialists?|business(?:es)?|players?|outfits?|subsidiar(?:y|ies)|rivals?|makers?|providers?|[\\p{L}-]+-based)\\s+`;
const NOT_POSSESSED = `(?!['’]s\\b)`;
const NEGATED_KIND_RE =
  /(?:\bnot(?:\s+(?:an?|any))?|\brather than(?:\s+(?:an?|any))?|\binstead of(?:\s+(?:an?|any))?|\bwithout(?:\s+(?:an?|any))?|\bno)\s+(?:(?:outright|full|formal|real)\s+)?$/i;
/**
 * "options to take exclusive licences …", "can take exclusive licences …" (a right to take one is
 * an option): what an option is to, up to the end of its clause.
 */
const OPTION_SPAN_RE = /\b(?:options?\s+(?:to|of|on|for|over|cover(?:s|ing)?)|(?:can|could|may|might)\s+(?:(?:choose|opt|elect|decide)\s+to\s+|also\s+)?(?:take|obtain|acquire|secure|gain)|(?:the\s+)?rights?\s+to\s+(?:take|obtain|acquire|licen[cs]e|in-licen[cs]e))\b[^,;.]*/gi;
const KIND_WORD_RES: { kind: DealKind; re: RegExp }[] = [
  {
    kind: 'acquisition',
    re: /\b(?:acquisitions?|buy-?outs?|takeovers?|take-overs?)\b(?!\s+of\s+(?:(?:the|an?|its|their|exclusive|global|worldwide|non-exclusive)\s+)*(?:rights?\b|licen[cs]\w*|options?\b|data(?![\p{L}-]|\s+(?!(?:from|of|on|for|to|in|and|or|with|at|by|under|rights)\b)\p{L})))/giu,
  },
  { kind: 'merger', re: /\bmergers?\b/gi },
  { kind: 'licence', re: /\b(?:(?:in|out|sub)-?)?licen[cs](?:e|es|ed|ing|or|ors|ee|ees)\b/gi },
  // Rights to a product are what a licence gives ("gives AstraZeneca the rights to all
  // candidates" where it holds options to licences); inside "options to …" only an option.
  { kind: 'licence', re: /(?<!\boptions?\s)\brights\b/gi },
  {
    kind: 'equity',
    re: /\bequity\b|(?<!\bat\s)\bstakes?\b(?!\s+in\s+(?:(?:the|its|their|[\p{Lu}][\p{L}-]*['’]s)\s+)?(?:[\p{L}-]+\s+)?(?:future|success|outcome|growth|prospects?|ambitions?|race)\b)|\bshare-?holders?\b|\bshareholdings?\b|\b(?:minority|majority|controlling|ownership)\s+(?:interests?|holdings?|positions?)\b/giu,
  },
  { kind: 'joint_venture', re: /\bjoint[- ]ventures?\b|\bJVs?\b/g },
];
/** Kind patterns that need the deal's parties, per party list. */
const partyKindRes = new WeakMap<readonly Party[], { kind: DealKind; re: RegExp }[]>();
function partyKindPatterns(parties: readonly Party[]): { kind: DealKind; re: RegExp }[] {
  let res = partyKindRes.get(parties);
  if (!res) {
    const party = wholeWordsPattern(parties.flatMap((p) => [p.name, ...p.aliases]));
    const object = `(?:${COMPANY_NOUN})?${party}${NOT_POSSESSED}`;
    const amount = `(?:[\\p{L}-]+\\s+){0,3}?${MONEY_MARK}`;
    const re = (src: string): RegExp => new RegExp(src, 'giu');
    res = [
      // "acquired (the AI company) Immunai", "Immunai was sold", "Immunai, acquired by AstraZeneca", "Immunai, which AstraZeneca bought"
      { kind: 'acquisition', re: re(`\\b${BUY_VERB}\\s+(?:all of\\s+|the whole of\\s+)?${object}`) },
      { kind: 'acquisition', re: re(`\\b${BUY_VERB}\\s+${party}['’]s\\s+(?:parent|owners?|holding company|business|operations)\\b`) },
      // A licensed asset told as bought: "acquired YS2302018", "purchased the resulting
      // candidates", "bought the rights outright" (rights bought, not outright, are a licence's).
      { kind: 'acquisition', re: re(`\\b${BUY_VERB}\\s+(?:all\\s+(?:of\\s+)?)?(?:(?:the|its|their|${party}['’]s)\\s+)?(?:[\\p{L}\\p{N}()-]+\\s+){0,2}?(?:${ASSET_CODE}|candidates?|assets?|programmes?|programs?|drugs?|molecules?|compounds?|medicines?|products?)(?![\\p{L}\\p{N}-])`) },
      { kind: 'acquisition', re: re(`\\b${BUY_VERB}\\s+[^,;.]{0,60}?\\boutright\\b`) },
      { kind: 'acquisition', re: re(`${party}\\s+(?:(?:was|is|were|are|has been|had been|will be|would be|to be|being)\\s+)${BOUGHT}\\b`) },
      {
        kind: 'acquisition',
        re: re(`${party},?\\s+(?:(?:which|that)\\s+(?:was|is|has been|had been)\\s+)?(?:\\p{L}+ly\\s+)?${BOUGHT}\\s+(?:by|to)\\s+${party}`),
      },
      { kind: 'acquisition', re: re(`${party},?\\s+(?:which|that|whom)\\s+${party}\\s+(?:has\\s+|had\\s+|\\p{L}+ly\\s+)?(?:acquired|bought|purchased|took over|snapped up)\\b`) },
      // "CSPC and AstraZeneca merged", "merges with CSPC", "the merger"
      {
        kind: 'merger',
        re: re(`${party}${NOT_POSSESSED}\\s+(?:(?:and\\s+${party}|will|would|is|are|was|were|has|have|had|to|agreed|agree|plans?|planned|be|been|set)\\s+)*merg(?:e|es|ed|ing)\\b`),
      },
      { kind: 'merger', re: re(`\\bmerg(?:e|es|ed|ing)\\s+(?:with\\s+|into\\s+)?${object}`) },
      // "shares in Immunai", "a share in the company"
      { kind: 'equity', re: re(`\\bshares?\\s+(?:in|of)\\s+${object}`) },
      { kind: 'equity', re: re(`\\bshares?\\s+(?:in|of)\\s+(?:the\\s+|a\\s+)?(?:[\\p{L}-]+\\s+)?(?:compan(?:y|ies)|firm|start-?up|biotech|business)\\b`) },
      // "invested $X", "a $X investment", "investment in Immunai", "put $X into Immunai", "backed Immunai with $X"
      { kind: 'investment', re: re(`\\binvest(?:s|ed|ing|ment|ments)?\\s+(?:of\\s+)?(?:(?!(?:in|into|on|at|for|to|from|by|with)\\s)${amount})`) },
      { kind: 'investment', re: re(`${MONEY_MARK}\\s+(?:[\\p{L}-]+\\s+){0,2}?(?:investments?\\b|(?:(?:was|were|is|are|has been|had been|will be|to be)\\s+)?invested\\b)`) },
      { kind: 'investment', re: re(`\\binvest(?:s|ed|ing|ment|ments|or|ors)?\\s+(?:${MONEY_MARK}\\s+)?in(?:to)?\\s+${object}`) },
      {
        kind: 'investment',
        re: re(`\\b(?:put|puts|putting|pour(?:s|ed|ing)?|inject(?:s|ed|ing)?|plough(?:s|ed|ing)?|sink(?:s|ing)?|sank|sunk)\\s+${amount}\\s+into\\s+${object}`),
      },
      { kind: 'investment', re: re(`\\bback(?:s|ed|ing)?\\s+${object}\\s+with\\s+${amount}`) },
    ];
    partyKindRes.set(parties, res);
  }
  return res;
}

/** A kind of deal a text claims: the kind, whether only as what an option is to, and the words. */
interface KindClaim {
  kind: DealKind;
  option: boolean;
  words: string;
}
const claimKey = (c: { kind: DealKind; option: boolean }): string => `${c.option ? 'option:' : ''}${c.kind}`;

/** The kinds of deal a text claims, keyed by kind (and option), each with the words that claim it first. */
function dealKinds(text: string, parties: readonly Party[], money: readonly Figure[], skip = (_at: number): boolean => false): Map<string, KindClaim> {
  let marked = text;
  for (const f of [...money].filter((g) => g.kind === 'money').sort((a, b) => b.start - a.start)) {
    marked = `${marked.slice(0, f.start)}${MONEY_MARK}${marked.slice(f.end)}`;
  }
  const options = [...marked.matchAll(OPTION_SPAN_RE)].map((m) => ({ from: m.index, to: m.index + m[0].length }));
  const out = new Map<string, KindClaim>();
  for (const { kind, re } of [...partyKindPatterns(parties), ...KIND_WORD_RES]) {
    for (const m of marked.matchAll(re)) {
      if (skip(m.index) || NEGATED_KIND_RE.test(marked.slice(0, m.index))) continue;
      const option = options.some((o) => m.index >= o.from && m.index < o.to);
      const claim = { kind, option, words: m[0].replace(MONEY_MARK, '…') };
      if (!out.has(claimKey(claim))) out.set(claimKey(claim), claim);
    }
  }
  return out;
}

export function checkDealKinds(text: string, figures: readonly Figure[], cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const deal = cited[0]?.deal;
  if (!deal) return [];
  // "The sources do not say whether AstraZeneca took equity": a kind the sources are said to lack is claimed by no one.
  const claimed = dealKinds(text, deal.parties, figures, (at) => saidMissing(silent, at));
  if (claimed.size === 0) return [];
  const inFacts = new Set(cited.flatMap((f) => [...dealKinds(f.text, f.deal.parties, f.figures).keys()]));
  const reasons: string[] = [];
  for (const [key, { kind, option, words }] of claimed) {
    if (inFacts.has(key) || (!option && KIND_TYPES[kind].some((t) => deal.types.includes(t)))) continue;
    const what = option ? `an option to ${KIND_LABEL[kind].replace(/^an? /, '')}` : KIND_LABEL[kind];
    reasons.push(
      `"${words}" calls the deal ${what}, which neither its type (${deal.types.join(', ').replace(/_/g, ' ')}) nor the cited facts say`,
    );
  }
  return reasons;
}

/**
 * Where a deal stands: "has closed", "was completed", "finalised", "a definitive / binding
 * agreement", "received antitrust clearance", "took effect". Every seed records an announcement,
 * and an announced deal may still be renegotiated, blocked or never closed; a summary that calls
 * it done states what no source said. In any sentence, each family needs a cited fact with a word
 * of it (or, for completion and termination, the deal's recorded status). Read narrowly:
 * "close to $2 billion", "closely", "the closing months of 2023" and an amount "exclusive of" are
 * not status; "the sources do not say whether the deal has closed" claims nothing.
 */
const STATUS_FAMILIES: { family: string; re: RegExp; status?: string }[] = [
  {
    family: 'closed',
    re: /(?<![\p{L}-])(?:clos(?:es|ed|ure)|closing(?!\s+(?:months?|weeks?|days?|stages?|part|quarter|date\s+of\s+20))|close(?=\s*(?:[.,;]|$)|\s+(?:in|on|by|later|this|next|within|before|after|once|when|soon)\b))(?![\p{L}-])/giu,
    status: 'completed',
  },
  // Not "the completed model", "completed trials": a thing finished, not the deal.
  {
    family: 'completed',
    re: /(?<![\p{L}-])(?:complet(?:ed(?!\s+(?:models?|maps?|work|research|stud(?:y|ies)|trials?|centres?|centers?|labs?|laborator(?:y|ies)|platforms?|products?|datasets?|data|sites?|buildings?|programmes?|programs?))|es|ion)|consummat(?:e|es|ed|ing|ion))(?![\p{L}-])/giu,
    status: 'completed',
  },
  // Also in slang: "a done deal", "signed and sealed", "set in stone", "the ink is dry" (not a
  // bare "sealed", which headlines use for "agreed").
  {
    family: 'finalised',
    re: /(?<![\p{L}-])(?:finali[sz](?:e|es|ed|ing|ation)|final\s+(?:agreements?|deals?|contracts?|terms)|done\s+deal|signed,?\s+(?:and\s+)?sealed|sealed,?\s+and\s+delivered|set\s+in\s+stone|a\s+sure\s+thing|ink\s+(?:is|was|has)\s+(?:now\s+|long\s+)?(?:dry|dried))(?![\p{L}-])/giu,
  },
  { family: 'definitive', re: /(?<![\p{L}-])definitive(?:ly)?(?![\p{L}-])/giu },
  { family: 'binding', re: /(?<![\p{L}-])(?<!non-?)binding(?![\p{L}-])|legally\s+bound/giu },
  { family: 'non-binding', re: /(?<![\p{L}-])non-?binding(?![\p{L}-])/giu },
  // A step before an agreement: "a memorandum of understanding", "a term sheet", "agreed in principle".
  {
    family: 'preliminary',
    re: /(?<![\p{L}-])(?:preliminary|memorand(?:um|a)\s+of\s+understanding|MoUs?|term\s+sheets?|in\s+principle|letters?\s+of\s+intent|LoIs?|heads\s+of\s+(?:terms|agreement)|framework\s+agreements?)(?![\p{L}-])/giu,
  },
  {
    family: 'approved',
    re: /(?<![\p{L}-])(?:approv(?:e|es|ed|al|als)|clear(?:ed|ance)|ratif(?:y|ies|ied|ication)|green[- ]?light(?:s|ed)?|sign(?:ed)?[- ]off|antitrust)(?![\p{L}-])/giu,
  },
  {
    family: 'in effect',
    re: /(?<![\p{L}-])(?:t(?:ake|akes|ook|aken)\s+effect|(?:c(?:ame|ome|omes)|g(?:o|oes|one|oing)|went|enter(?:s|ed)?|put)\s+into\s+(?:effect|force)|in\s+force|(?:became|become|becomes|is|was|are|were)\s+effective|effective\s+(?:from|as\s+of|immediately|on))(?![\p{L}-])/giu,
  },
  // A site or centre working already: "now open", "operational", "up and running" ("opened" is
  // read as an event of its own).
  {
    family: 'operating',
    re: /(?<![\p{L}-])(?:(?:fully\s+|already\s+|now\s+)?operational|up\s+and\s+running|in\s+operation|(?:now|already)\s+open|(?:is|are|was|were|now|already)\s+live(?!\s+(?:in|on|with|from))|go(?:es|ne)?\s+live|went\s+live|(?:is|are)\s+(?:now\s+|already\s+)?open(?=\s*(?:[.,;]|$)|\s+(?:for|in|since)\b))(?![\p{L}-])/giu,
  },
  { family: 'pending', re: /(?<![\p{L}-])(?:pending|awaiting|yet\s+to\s+(?:close|complete|be\s+(?:approved|cleared|signed|finali[sz]ed)))(?![\p{L}-])/giu },
  {
    family: 'ended',
    re: /(?<![\p{L}-])(?:expir(?:e|es|ed|y|ation)|lapsed|terminat(?:e|es|ed|ion)|wound\s+down|dissolved)(?![\p{L}-])/giu,
    status: 'terminated',
  },
];

const factStatusCache = new WeakMap<Fact, Set<string>>();

/** The families of `families` that `text` uses, each with the first words that say it (outside `skip`). */
function familiesIn(families: readonly { family: string; re: RegExp }[], text: string, skip = (_at: number): boolean => false): Map<string, string> {
  const out = new Map<string, string>();
  for (const { family, re } of families) {
    for (const m of text.matchAll(re)) {
      if (skip(m.index)) continue;
      out.set(family, m[0]);
      break;
    }
  }
  return out;
}

/** The families the cited facts' texts use, each fact read once (`cache`). */
function citedFamilies(families: readonly { family: string; re: RegExp }[], cache: WeakMap<Fact, Set<string>>, cited: readonly CitedFact[]): Set<string> {
  const out = new Set<string>();
  for (const f of cited) {
    let found = cache.get(f.fact);
    if (!found) cache.set(f.fact, (found = new Set(familiesIn(families, f.text).keys())));
    for (const family of found) out.add(family);
  }
  return out;
}

export function checkDealStatus(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const claimed = familiesIn(STATUS_FAMILIES, text, (at) => saidMissing(silent, at));
  if (claimed.size === 0) return [];
  const supported = citedFamilies(STATUS_FAMILIES, factStatusCache, cited);
  for (const f of cited) {
    for (const { family, status } of STATUS_FAMILIES) if (status !== undefined && f.deal.status === status) supported.add(family);
  }
  return [...claimed]
    .filter(([family]) => !supported.has(family))
    .map(([, words]) => `"${words}" says where the deal stands (closed, approved, binding …), which no cited fact says`);
}

/**
 * Plurality a fact does not give: "several CSPC candidates" where the fact licenses one candidate,
 * "multiple programmes" where no fact speaks of programmes, "a series of foundation models" for
 * "a multimodal foundation model". A plural quantifier (several, multiple, numerous, many,
 * various, a series / number / range … of) before a plural noun, within three words, needs a
 * cited fact using that noun in the plural, or in the singular before a plural noun of its own
 * ("milestone payments" for "several milestones" is not that; "several targets" is the fact's).
 */
const PLURAL_QUANTIFIER_RE =
  /(?<![\p{L}-])(several|multiple|numerous|many|various|an?\s+(?:series|number|range|host|suite|portfolio|raft|slew|handful|pipeline|string|wave|family|set|collection|array|battery|slate|stable|line-?up)\s+of)\s+((?:[\p{L}\p{N}'’-]+\s+){0,3}?)(\p{L}[\p{L}-]*?(?:ies|es|s))(?![\p{L}-])/giu;

/** The noun's forms a fact may use for its plural: "programmes" → programmes, programme; "therapies" → therapies, therapy. */
function nounForms(plural: string): { plural: string; singular: string[] } {
  const lower = plural.toLowerCase();
  const singular = [lower.slice(0, -1)];
  if (lower.endsWith('ies')) singular.push(`${lower.slice(0, -3)}y`);
  if (lower.endsWith('es')) singular.push(lower.slice(0, -2));
  return { plural: lower, singular };
}

export function checkPlurality(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLURAL_QUANTIFIER_RE)) {
    if (saidMissing(silent, m.index)) continue;
    const noun = m[3]!;
    // Not a noun the quantifier counts: "several of", possessives, and words that only end in s.
    if (/(?:ss|us|is)$/i.test(noun)) continue;
    const { plural, singular } = nounForms(noun);
    const said = cited.some((f) => {
      const words = f.text.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? [];
      return words.some((w, i) => w === plural || (singular.includes(w) && /(?:ies|es|s)$/.test(words[i + 1] ?? '') && !/(?:ss|us|is)$/.test(words[i + 1] ?? '')));
    });
    if (!said) out.push(`"${m[0]}" counts more than one, which no cited fact says of "${noun}"`);
  }
  return out;
}

/**
 * Words that add to the facts without a figure, in families, each needing a cited fact with a
 * word of it: qualities and judgements (a site "purpose-built" for the deal, a "state-of-the-art"
 * centre, "novel" targets, a "landmark" deal, "small by industry standards", a "vast" store of
 * data); a form or split of the money no fact gives ("split development costs", "a share of
 * profits", "revenue share", "bonuses", "lend"); a motive, strategy or cause ("as part of its
 * strategy to expand in China", "to fill a gap in its pipeline", "despite geopolitical
 * tensions"); and people or roles ("CSPC's chief scientific officer"). A model that adds them
 * tells the reader something the sources did not.
 */
type AddedKind = 'quality' | 'money' | 'motive' | 'person';
const ADDED_FAMILIES: { family: string; kind: AddedKind; re: RegExp }[] = [
  {
    family: 'purpose-built',
    kind: 'quality',
    re: /(?<![\p{L}-])(?:purpose-?built|custom-?built|built\s+(?:specifically\s+|especially\s+)?for\s+(?:the|this|that|their)\s+(?:collaboration|deal|partnership|agreement|work|programme|project)|dedicated(?!\s+to\b))(?![\p{L}-])/giu,
  },
  { family: 'state of the art', kind: 'quality', re: /(?<![\p{L}-])(?:state[- ]of[- ]the[- ]art|cutting[- ]edge|world[- ]class|best[- ]in[- ]class|first[- ]in[- ]class|next[- ]generation|leading[- ]edge)(?![\p{L}-])/giu },
  { family: 'novel', kind: 'quality', re: /(?<![\p{L}-])(?:novel|undrugged|undruggable|previously\s+untargeted|untapped|innovative|breakthrough|unique)(?![\p{L}-])/giu },
  { family: 'valuable', kind: 'quality', re: /(?<![\p{L}-])(?:high[- ](?:value|potential|priority)|promising|attractive|lucrative|blockbuster|valuable)(?![\p{L}-])/giu },
  // A place or team shared where a fact gives the work to one party: "a joint AstraZeneca-CSPC
  // lab" ("the three companies will jointly build" what the fact has them build is theirs).
  { family: 'joint', kind: 'quality', re: /(?<![\p{L}-])(?:(?:joint|shared|common)\s+(?:[\p{L}-]+\s+){0,2}?(?:labs?|laborator(?:y|ies)|sites?|facilit(?:y|ies)|centres?|centers?|teams?|units?|hubs?|offices?)|co-run|co-located)(?![\p{L}-])/giu },
  { family: 'extent', kind: 'quality', re: /(?<![\p{L}-])(?:vast|comprehensive|extensive|exhaustive|sweeping|wide-ranging|unrivalled|unparalleled|unprecedented|rich|robust)(?![\p{L}-])/giu },
  {
    family: 'judgement',
    kind: 'quality',
    re: /(?<![\p{L}-])(?:landmark|watershed|transformative|transformational|game[- ]chang(?:er|ing)|modest|sizeable|sizable|substantial|hefty|bumper|generous|paltry|meagre|meager|whopping|massive|huge|tiny|mega-?deal)(?![\p{L}-])/giu,
  },
  {
    family: 'comparison',
    kind: 'quality',
    re: /(?<![\p{L}-])(?:by\s+(?:[\p{L}'’]+\s+){0,2}standards|(?:above|below|in\s+line\s+with)\s+(?:the\s+)?(?:industry|market|sector)\s+(?:average|norms?)|than\s+(?:usual|average|typical|expected)|for\s+a\s+company\s+of\s+its\s+size)(?![\p{L}-])/giu,
  },
  {
    family: 'cost sharing',
    kind: 'money',
    re: /(?<![\p{L}-])(?:cost[- ]shar\w*|(?:share|shares|shared|sharing|split|splits|splitting|divide|divides|divided)\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:[\p{L}-]+\s+)?costs?|cover(?:s|ed|ing)?\s+(?:all\s+|the\s+|its\s+)?(?:[\p{L}-]+\s+)?costs|co-?fund\w*|jointly\s+fund\w*|bear(?:s|ing)?\s+(?:all\s+|the\s+)?(?:[\p{L}-]+\s+)?costs)(?![\p{L}-])/giu,
  },
  { family: 'profit share', kind: 'money', re: /(?<![\p{L}-])(?:profits?|profit[- ]shar\w*|revenue[- ]shar\w*|(?:share|split)\s+of\s+(?:the\s+)?(?:net\s+)?(?:profits?|revenues?|earnings))(?![\p{L}-])/giu },
  { family: 'split', kind: 'money', re: /(?<![\p{L}-])(?:equally|evenly|50[\/-]50|fifty-fifty|in\s+equal\s+(?:parts|shares|measure)|pro\s+rata|(?:share|split)\s+(?:the\s+)?(?:[\p{L}-]+\s+)?(?:fees?|payments?|money|proceeds))(?![\p{L}-])/giu },
  { family: 'bonus', kind: 'money', re: /(?<![\p{L}-])(?:bonus(?:es)?|kickers?|sweeteners?)(?![\p{L}-])/giu },
  { family: 'loan', kind: 'money', re: /(?<![\p{L}-])(?:loans?|lend(?:s|ing)?|lent|credit\s+line|debt|grants?)(?![\p{L}-])/giu },
  { family: 'matching', kind: 'money', re: /(?<![\p{L}-])(?:match(?:es|ed|ing)?\s+(?:the\s+|its\s+|[\p{L}-]+['’]s?\s+)?(?:MONEYAMT|\$|investment|funding|contribution|commitment)|matching\s+funds?)(?![\p{L}-])/giu },
  {
    family: 'strategy',
    kind: 'motive',
    re: /(?<![\p{L}-])(?:strateg(?:y|ies|ic\s+(?:shift|pivot|bet|move|push|priority))|push\s+(?:into|in)|bet\s+on|doubl(?:e|es|ed|ing)\s+down|pivot(?:s|ed|ing)?|signal(?:s|led|ed|ling|ing)?|underscor(?:e|es|ed|ing))(?![\p{L}-])/giu,
  },
  {
    family: 'motive',
    kind: 'motive',
    re: /(?<![\p{L}-])(?:in\s+order\s+to|so\s+as\s+to|to\s+(?:expand|strengthen|bolster|fill|rebuild|diversify|reduce|limit|boost|deepen|broaden|replenish|shore\s+up|gain\s+a\s+foothold|compete|catch\s+up|hedge|de-?risk|offset|counter|secure\s+(?:its|a)\s+(?:position|foothold))|wants?\s+to|seeks?\s+to|looking\s+to|hop(?:e|es|ing)\s+to|keen\s+to|eager\s+to|gaps?\s+in|pipeline\s+gaps?)(?![\p{L}-])/giu,
  },
  { family: 'circumstance', kind: 'motive', re: /(?<![\p{L}-])(?:despite|amid(?:st)?|in\s+the\s+face\s+of|geopolitic\w*|tensions?|headwinds?|turned\s+to|fail(?:s|ed|ure|ures)?)(?![\p{L}-])/giu },
  {
    family: 'person',
    kind: 'person',
    re: /(?<![\p{L}-])(?:chief\s+[\p{L}-]+(?:\s+[\p{L}-]+)?\s+officer|CEO|CFO|CSO|CMO|COO|CTO|chair(?:man|woman|person)?|president|founders?|co-?founders?|head\s+of|vice[- ]president|VP|director|executives?|spokes(?:man|woman|person))(?![\p{L}-])/gu,
  },
];

const ADDED_REASON: Record<AddedKind, (words: string) => string> = {
  quality: (w) => `"${w}" judges or describes the deal in words no cited fact uses`,
  money: (w) => `"${w}" gives the money a form or split (cost sharing, profit share, loan …) that no cited fact gives`,
  motive: (w) => `"${w}" gives a motive, strategy or circumstance that no cited fact gives`,
  person: (w) => `"${w}" names a person or role that no cited fact names`,
};

const factAddedCache = new WeakMap<Fact, Set<string>>();

const ADDED_KIND = new Map(ADDED_FAMILIES.map(({ family, kind }) => [family, kind]));

export function checkAddedWords(text: string, cited: readonly CitedFact[], silent: readonly Silence[]): string[] {
  const claimed = familiesIn(ADDED_FAMILIES, text, (at) => saidMissing(silent, at));
  if (claimed.size === 0) return [];
  const supported = citedFamilies(ADDED_FAMILIES, factAddedCache, cited);
  return [...claimed].filter(([family]) => !supported.has(family)).map(([family, words]) => ADDED_REASON[ADDED_KIND.get(family)!](words));
}
