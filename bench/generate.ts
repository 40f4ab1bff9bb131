/**
 * Seeded synthetic deal catalogue, written as YAML files the real loader reads.
 *
 * Party names follow the shape of commercial deal databases: a dozen large pharmas take part
 * in a large share of all deals (thousands at 100k), a few hundred mid-size companies, and a
 * long tail of biotechs (about 0.3 per deal) with multi-word, accented, hyphenated and
 * Chinese-style names, acronym aliases and former names. Dates mix day, month and year
 * precision (and a few unknown), values mix disclosed and undisclosed components in several
 * currencies, and every disclosed figure is backed by a fact citing an existing source, so
 * every file passes the real schema.
 *
 * Labelled queries come from *planted* deals whose right answer is known by construction:
 * seven pharma × biotech pairs with three deals each (2019 licence, 2022-07 option, late-2024
 * collaboration; the biotech appears nowhere else), a latest-of-all deal for each big pharma
 * (dated after every random deal), and a Dec-31 antibody deal. Random names are kept at an
 * edit distance > 2 from every planted word, so typo labels are unambiguous.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mixSeed, mulberry32, pick, weighted, WeightedTable, int, type Rng } from './rng';
import { toYaml, type YamlValue } from './yaml';

/** Bump when the generated data changes shape, so cached catalogues are not reused. */
export const GENERATOR_VERSION = 3;

export type QueryCategory =
  | 'exact'
  | 'alias'
  | 'typo'
  | 'accent'
  | 'word'
  | 'single'
  | 'filter'
  | 'filters'
  | 'nomatch'
  | 'sample';

export interface BenchQuery {
  q: string;
  category: QueryCategory;
  /** The right top-1 deal id; null: nothing should match; undefined: not labelled. */
  expect?: string | null;
}

export interface GeneratedCatalogue {
  dir: string;
  size: number;
  seed: number;
  files: number;
  bytes: number;
  parties: { big: number; mid: number; tail: number };
  ms: number;
  queries: BenchQuery[];
}

interface PartySpec {
  name: string;
  aliases: string[];
}

// ------------------------------------------------------------------ planted entities

const BIG_PHARMA: PartySpec[] = [
  { name: 'Novaxis AG', aliases: ['NVX', 'Novaxis Pharma'] },
  { name: 'AstraLumen PLC', aliases: ['Astra Lumen', 'ALN'] },
  { name: 'Hoffmann-Reinhart AG', aliases: ['Reinhart', 'HRA'] },
  { name: 'Pfeiffer-Lindqvist Pharmaceuticals', aliases: ['PLQ', 'Pfeiffer Lindqvist'] },
  { name: 'Sanorelle S.A.', aliases: ['Sanorelle Pharma', 'SNR'] },
  { name: 'Takemori Pharmaceutical Co., Ltd.', aliases: ['Takemori', 'TKM'] },
  { name: 'Bristow-Myers Quell', aliases: ['BMQ', 'Bristow Myers'] },
  { name: 'GlaxoVance plc', aliases: ['GVX', 'Glaxo Vance'] },
  { name: 'Lilienthal & Co.', aliases: ['Lilienthal', 'LTH'] },
  { name: 'Merkur Healthcare KGaA', aliases: ['Merkur', 'MKR'] },
  { name: 'Daiwa-Sankyo Holdings', aliases: ['Daiwa Sankyo', 'DSH'] },
  { name: 'Boehringer-Østwald GmbH', aliases: ['BOW', 'Boehringer Ostwald'] },
];
const big = (alias: string) => BIG_PHARMA.findIndex((p) => p.aliases.includes(alias));

/** Planted pharma × biotech pairs; the biotech is in no other deal. */
const PAIRS: { pharma: number; biotech: PartySpec; key: string }[] = [
  { pharma: big('NVX'), biotech: { name: 'Kestrel Bay Therapeutics', aliases: ['KBT'] }, key: 'novaxis-kestrel' },
  { pharma: big('ALN'), biotech: { name: 'Brightwater Biosciences Inc.', aliases: ['BWB'] }, key: 'astralumen-brightwater' },
  { pharma: big('HRA'), biotech: { name: 'Société Lumière Thérapeutique SAS', aliases: [] }, key: 'reinhart-lumiere' },
  { pharma: big('GVX'), biotech: { name: 'Halcyon Ridge Medicines', aliases: [] }, key: 'glaxovance-halcyon' },
  { pharma: big('TKM'), biotech: { name: 'Zhejiang Qiantang Biopharma Co., Ltd.', aliases: ['Qiantang Bio'] }, key: 'takemori-qiantang' },
  { pharma: big('PLQ'), biotech: { name: 'Åkerlund Genomics AB', aliases: [] }, key: 'pfeiffer-akerlund' },
  { pharma: big('MKR'), biotech: { name: 'Ironwood Falls Biologics', aliases: [] }, key: 'merkur-ironwood' },
];

/** Partners of each big pharma's latest deal (dated after every random deal). */
const LATEST_PARTNERS = [
  'Orchard Lane Therapeutics',
  'Silverline Biotherapeutics',
  'Copperleaf Bio',
  'Northstar Cove Medicines',
  'Bluefin Sciences',
  'Wildrose Biologics',
  'Redcliff Genomics',
  'Saltmarsh Therapeutics',
  'Foxglove Bio',
  'Larkspur Immunotherapies',
  'Thornbury Biosciences',
  'Emberglow Therapeutics',
];
const ANTIBODY_PARTNER = 'Granite Peak Immunotherapeutics';

/** Words random names must stay more than two edits away from (planted names, no-match words). */
let reserved: string[] | undefined;
function reservedWords(): string[] {
  reserved ??= [
  ...[...BIG_PHARMA, ...PAIRS.map((p) => p.biotech)].flatMap((p) => [p.name, ...p.aliases]),
  ...LATEST_PARTNERS,
  ANTIBODY_PARTNER,
  'Zyzzogen',
  'Qwzxv Plorbt',
  'Novaxsi Glaxovanse Brigthwater Ironwod',
]
    .flatMap((n) => fold(n).split(' '))
    .filter((w) => w.length >= 4 && !GENERIC_WORDS().has(w));
  return reserved;
}

// ------------------------------------------------------------------ vocabularies

export const AREAS = [
  'oncology', 'immunology', 'neuroscience', 'rare diseases', 'cardiovascular', 'metabolic diseases',
  'infectious diseases', 'ophthalmology', 'dermatology', 'respiratory', 'hematology', 'gastroenterology',
  'chronic diseases', 'fibrosis', 'nephrology', 'womens health',
];
const AREA_WEIGHTS = [30, 14, 10, 9, 6, 7, 6, 3, 3, 3, 4, 3, 2, 2, 2, 1];
const MODALITIES = [
  'small molecule', 'antibody', 'ADC', 'bispecific antibody', 'cell therapy', 'gene therapy', 'mRNA',
  'siRNA', 'radiopharmaceutical', 'AI platform', 'PROTAC', 'vaccine', 'peptide', 'oral',
];
const INDICATIONS = [
  'non-small cell lung cancer', 'breast cancer', 'obesity', 'type 2 diabetes', "Alzheimer's disease",
  'psoriasis', 'MASH', 'atopic dermatitis', 'multiple myeloma', 'ulcerative colitis', 'heart failure',
  'Duchenne muscular dystrophy', 'RSV', 'lupus', 'acute myeloid leukaemia', 'idiopathic pulmonary fibrosis',
];
const DEAL_TYPES: [string[], number][] = [
  [['licence'], 30],
  [['research_collaboration'], 14],
  [['research_collaboration', 'option'], 10],
  [['licence', 'co_development'], 8],
  [['acquisition'], 8],
  [['co_development', 'co_commercialisation'], 5],
  [['investment'], 5],
  [['equity', 'research_collaboration'], 4],
  [['option'], 4],
  [['data_licensing'], 3],
  [['merger'], 2],
  [['joint_venture'], 2],
  [['service'], 3],
  [['other'], 2],
];
const TYPE_PHRASE: Record<string, string> = {
  licence: 'licence',
  research_collaboration: 'research collaboration',
  option: 'option deal',
  co_development: 'co-development',
  co_commercialisation: 'co-commercialisation',
  acquisition: 'acquisition',
  merger: 'merger',
  investment: 'investment',
  equity: 'equity deal',
  joint_venture: 'joint venture',
  data_licensing: 'data licensing deal',
  service: 'services agreement',
  other: 'agreement',
};
const STAGES = ['discovery', 'preclinical', 'phase_1', 'phase_2', 'phase_3', 'filed', 'approved', 'marketed', 'platform'];
const STAGE_FACT: Record<string, string> = {
  discovery: 'The work is at the drug discovery stage.',
  preclinical: 'The lead asset was preclinical at signing.',
  phase_1: 'The lead asset was in Phase 1 at signing.',
  phase_2: 'The lead asset was in Phase 2 at signing.',
  phase_3: 'The lead asset was in Phase 3 at signing.',
  filed: 'The lead asset had been filed for approval at signing.',
  approved: 'The lead asset was approved at signing.',
  marketed: 'The lead asset was marketed at signing.',
  platform: 'The deal covers a technology platform rather than one asset.',
};
const PUBLISHERS = ['Company press release', 'Fierce Biotech', 'Endpoints News', 'Reuters', 'BioCentury', 'STAT', 'Pharma Times', 'Nikkei Asia'];
const TERRITORIES = ['worldwide', 'worldwide excluding Greater China', 'Greater China', 'United States', 'Europe', 'Japan', 'ex-US'];

const ONSETS = ['b', 'br', 'c', 'cl', 'd', 'dr', 'f', 'g', 'gr', 'h', 'k', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 'st', 't', 'tr', 'v', 'z', 'th', 'ph', 'qu', 'x', 'j', 'w', 'sk'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ae', 'io', 'y', 'ea', 'ou'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 'x', 'm', 'th', 'nd', 'rk', 'v'];
const ACCENTS: Record<string, string[]> = { a: ['á', 'å', 'ä', 'à'], e: ['é', 'è', 'ë'], o: ['ö', 'ó', 'ø'], u: ['ü', 'ú'], i: ['í'], n: ['ñ'], c: ['ç'] };
const PLACE_WORDS = ['Bay', 'Ridge', 'Point', 'River', 'Harbor', 'Peak', 'Valley', 'Creek', 'Stone', 'Light', 'Field', 'Gate', 'Hill', 'Lake', 'Park', 'Rock', 'Wood', 'Bridge', 'Cross', 'Star'];
const CN_PROVINCES = ['Zhejiang', 'Jiangsu', 'Shanghai', 'Guangzhou', 'Suzhou', 'Hangzhou', 'Chengdu', 'Beijing', 'Shenzhen', 'Wuhan'];
const PINYIN = ['hua', 'xin', 'kang', 'tai', 'heng', 'rui', 'bo', 'sheng', 'yuan', 'tian', 'jin', 'long', 'an', 'ming', 'hai', 'de', 'feng', 'ji', 'zhong', 'yao'];
const SUFFIXES: [string, number][] = [
  ['Therapeutics', 30], ['Bio', 12], ['Biosciences', 10], ['Biotherapeutics', 5], ['Pharmaceuticals', 6],
  ['Pharma', 6], ['Medicines', 5], ['Biologics', 5], ['Genomics', 4], ['Sciences', 4], ['Biotech', 5],
  ['Immunotherapies', 3], ['Labs', 3], ['', 2],
];
const LEGAL: [string, number][] = [
  ['', 38], ['Inc.', 30], ['Ltd.', 8], ['AG', 5], ['GmbH', 5], ['SAS', 4], ['AB', 4], ['plc', 3], ['Corp.', 3],
];

/** Words that must never be a generated name word or alias (filters, fillers, legal forms). */
function GENERIC_WORDS(): Set<string> {
  return new Set([
    'and', 'with', 'between', 'deal', 'deals', 'for', 'the', 'licence', 'license', 'licensing', 'collaboration',
    'collab', 'research', 'option', 'acquisition', 'merger', 'investment', 'equity', 'since', 'from', 'after',
    'inc', 'ltd', 'plc', 'llc', 'corp', 'co', 'ag', 'sa', 'se', 'nv', 'bv', 'gmbh', 'kk', 'pharma', 'group',
    'adc', 'rsv', 'mash', 'jv', 'oral', 'vaccine', 'peptide', 'antibody', 'holding', 'holdings',
    ...AREAS.flatMap((a) => fold(a).split(' ')),
    ...MODALITIES.flatMap((a) => fold(a).split(' ')),
  ]);
}

/** Accent-folded lower-case words, as a reader (not the index) would fold them. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Bounded Levenshtein, independent of src/ (labels must not depend on the code measured). */
function within(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return false;
    prev = cur;
  }
  return prev[b.length]! <= max;
}

// ------------------------------------------------------------------ party universe

interface Universe {
  /** All parties: big pharmas first, then mid-size, then the tail. */
  parties: PartySpec[];
  bigCount: number;
  midCount: number;
  tailCount: number;
  /** Picks a party index for a deal slot. */
  table: WeightedTable;
}

class NameMaker {
  private readonly used = new Set<string>();
  private readonly usedAliases = new Set<string>();
  private readonly generic = GENERIC_WORDS();

  constructor(private readonly rng: Rng) {
    for (const w of reservedWords()) this.used.add(w);
    for (const p of [...BIG_PHARMA, ...PAIRS.map((x) => x.biotech)]) {
      this.used.add(fold(p.name).replace(/ /g, ''));
      for (const a of p.aliases) this.usedAliases.add(fold(a).replace(/ /g, ''));
    }
  }

  private word(accented: boolean): string {
    for (;;) {
      const syllables = int(this.rng, 2, 3);
      let w = '';
      for (let i = 0; i < syllables; i++) {
        w += pick(this.rng, ONSETS) + pick(this.rng, VOWELS) + (i === syllables - 1 ? pick(this.rng, CODAS) : '');
      }
      if (w.length < 4 || w.length > 12 || this.generic.has(w)) continue;
      if (reservedWords().some((r) => within(w, r, 2))) continue;
      if (accented) {
        const positions = [...w].map((ch, i) => (ACCENTS[ch] ? i : -1)).filter((i) => i >= 0);
        if (positions.length > 0) {
          const at = pick(this.rng, positions);
          const chars = [...w];
          chars[at] = pick(this.rng, ACCENTS[chars[at]!]!);
          w = chars.join('');
        }
      }
      return w[0]!.toUpperCase() + w.slice(1);
    }
  }

  /** A fresh, unique company name of the given tier. */
  name(tier: 'mid' | 'tail'): PartySpec {
    for (;;) {
      const rng = this.rng;
      const accented = rng() < 0.12;
      let name: string;
      const shape = tier === 'mid' ? weighted(rng, [['one', 6], ['compound', 3], ['cn', 1]] as const) : weighted(rng, [['one', 35], ['place', 25], ['compound', 18], ['cn', 12], ['two', 10]] as const);
      const suffix = weighted(rng, SUFFIXES);
      switch (shape) {
        case 'one':
          name = `${this.word(accented)} ${suffix}`;
          break;
        case 'place':
          name = `${this.word(accented)} ${pick(rng, PLACE_WORDS)} ${suffix}`;
          break;
        case 'compound':
          name = `${this.word(accented)}${pick(rng, ['gen', 'cure', 'immune', 'thera', 'onc', 'vax', 'bio', 'med'])} ${suffix}`;
          break;
        case 'two':
          name = `${this.word(accented)} ${this.word(false)} ${suffix}`;
          break;
        case 'cn': {
          const brand = pick(rng, PINYIN) + pick(rng, PINYIN);
          name = `${pick(rng, CN_PROVINCES)} ${brand[0]!.toUpperCase()}${brand.slice(1)} ${pick(rng, ['Biotech', 'Pharmaceutical', 'Biopharma', 'Biologics'])} Co., Ltd.`;
          break;
        }
      }
      if (shape !== 'cn') {
        const legal = weighted(rng, LEGAL);
        if (legal) name = `${name.trim()}${legal === 'Inc.' || legal === 'Ltd.' || legal === 'Corp.' ? ',' : ''} ${legal}`;
      }
      name = name.replace(/\s+/g, ' ').trim();
      const key = fold(name).replace(/ /g, '');
      if (this.used.has(key)) continue;
      this.used.add(key);
      return { name, aliases: this.aliases(name, tier) };
    }
  }

  private aliases(name: string, tier: 'mid' | 'tail'): string[] {
    const rng = this.rng;
    const out: string[] = [];
    const words = fold(name).split(' ').filter((w) => !this.generic.has(w));
    if (rng() < (tier === 'mid' ? 0.6 : 0.25) && words.length >= 2) {
      const acronym = words.map((w) => w[0]).join('').toUpperCase().slice(0, 4);
      const key = acronym.toLowerCase();
      if (acronym.length >= 3 && !this.generic.has(key) && !this.usedAliases.has(key) && !reservedWords().includes(key)) {
        out.push(acronym);
      }
    }
    if (rng() < 0.08) {
      const former = `${this.word(false)} ${pick(rng, ['Bio', 'Therapeutics', 'Pharma'])}`;
      const key = fold(former).replace(/ /g, '');
      if (!this.used.has(key)) {
        this.used.add(key);
        out.push(former);
      }
    }
    for (const a of out) this.usedAliases.add(fold(a).replace(/ /g, ''));
    return out;
  }
}

function buildUniverse(size: number, seed: number): Universe {
  const rng = mulberry32(mixSeed(seed, 1));
  const maker = new NameMaker(rng);
  const midCount = 60 + Math.round(size / 500);
  const tailCount = 100 + Math.round(size * 0.3);
  const parties: PartySpec[] = [...BIG_PHARMA];
  for (let i = 0; i < midCount; i++) parties.push(maker.name('mid'));
  for (let i = 0; i < tailCount; i++) parties.push(maker.name('tail'));
  // Slot shares: big pharmas ~30% of all party slots (uneven between them), mid-size ~25%,
  // the tail ~45% with a Zipf-like skew (a few busy biotechs, most in one or two deals).
  const weights: number[] = [];
  const bigWeights = BIG_PHARMA.map((_, i) => 1 / (1 + i * 0.25));
  const bigSum = bigWeights.reduce((a, b) => a + b, 0);
  for (const w of bigWeights) weights.push((0.3 * w) / bigSum);
  const midWeights = Array.from({ length: midCount }, (_, i) => 1 / (1 + i) ** 0.6);
  const midSum = midWeights.reduce((a, b) => a + b, 0);
  for (const w of midWeights) weights.push((0.25 * w) / midSum);
  const tailWeights = Array.from({ length: tailCount }, (_, i) => 1 / (1 + i) ** 0.75);
  const tailSum = tailWeights.reduce((a, b) => a + b, 0);
  for (const w of tailWeights) weights.push((0.45 * w) / tailSum);
  return { parties, bigCount: BIG_PHARMA.length, midCount, tailCount, table: new WeightedTable(weights) };
}

// ------------------------------------------------------------------ deals

type Raw = { [key: string]: YamlValue | undefined };

interface DealParts {
  id: string;
  parties: PartySpec[];
  announced: string | number;
  types: string[];
  areas: string[];
  modalities: string[];
  indications: string[];
  value: Raw;
  stage?: string;
  territory?: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function money(rng: Rng, lo: number, hi: number): { text: string; usd: number } {
  // log-uniform between lo and hi (USD)
  const usd = Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo)));
  const currency = weighted(rng, [['USD', 88], ['EUR', 7], ['CNY', 3], ['GBP', 2]] as const);
  const millions = usd / 1e6;
  const symbol = currency === 'USD' ? '$' : currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : 'RMB ';
  if (millions >= 1000) return { text: `${symbol}${Number((millions / 1000).toFixed(millions >= 10000 ? 0 : 2))} billion`, usd };
  const m = millions >= 100 ? Math.round(millions) : Math.round(millions * 10) / 10;
  return { text: rng() < 0.3 && currency === 'USD' ? `USD ${m}m` : `${symbol}${m} million`, usd };
}

let areaTable: WeightedTable | undefined;

/** The random part of a deal: parties, date, types, value and topics. */
function randomDeal(universe: Universe, seed: number, i: number): DealParts {
  const rng = mulberry32(mixSeed(seed, 2, i));
  const count = weighted(rng, [[2, 85], [3, 9], [1, 6]] as const);
  const chosen = new Set<number>();
  let guard = 0;
  while (chosen.size < count && guard++ < 50) chosen.add(universe.table.sample(rng));
  const parties = [...chosen].map((p) => universe.parties[p]!);
  // More deals in recent years; days never after the 28th (Dec 29–31 are reserved for planted deals).
  const year = 2000 + Math.min(25, Math.floor(26 * Math.sqrt(rng())));
  const month = year === 2025 ? int(rng, 1, 6) : int(rng, 1, 12);
  const precision = weighted(rng, [['day', 70], ['month', 18], ['year', 9], ['unknown', 3]] as const);
  const announced =
    precision === 'day' ? `${year}-${pad(month)}-${pad(int(rng, 1, 28))}` : precision === 'month' ? `${year}-${pad(month)}` : precision === 'year' ? year : 'unknown';
  const types = weighted(rng, DEAL_TYPES);
  areaTable ??= new WeightedTable(AREA_WEIGHTS);
  const table = areaTable;
  const areas = [...new Set(Array.from({ length: int(rng, 1, 2) }, () => AREAS[table.sample(rng)]!))];
  const modalities = rng() < 0.8 ? [...new Set(Array.from({ length: int(rng, 1, 2) }, () => pick(rng, MODALITIES)))] : [];
  const indications = rng() < 0.4 ? [pick(rng, INDICATIONS)] : [];
  const value: Raw = {};
  const r = rng();
  if (r < 0.6) {
    value.upfront = { amount: money(rng, 2e6, 8e8).text, qualifier: 'exact' };
    if (rng() < 0.6) {
      if (rng() < 0.5) value.milestones = { amount: money(rng, 5e7, 5e9).text, qualifier: 'up_to' };
      else {
        value.development_milestones = { amount: money(rng, 2e7, 2e9).text, qualifier: 'up_to' };
        value.commercial_milestones = { amount: money(rng, 5e7, 4e9).text, qualifier: 'up_to' };
      }
    }
    if (rng() < 0.35) value.total = { amount: money(rng, 1e8, 1.2e10).text, qualifier: pick(rng, ['up_to', 'approximately', 'exact']) };
    if (rng() < 0.3) value.royalties = pick(rng, ['tiered', 'single-digit', 'tiered, up to low double-digit', 'mid-single-digit']);
  } else if (r < 0.85) {
    value.upfront = 'undisclosed';
    if (rng() < 0.5) value.total = 'undisclosed';
  } else if (types.includes('investment') || types.includes('equity')) {
    value.investment = { amount: money(rng, 5e6, 5e8).text, qualifier: 'exact' };
  }
  return {
    id: `d${pad(i, 6)}`,
    parties,
    announced,
    types,
    areas,
    modalities,
    indications,
    value,
    stage: rng() < 0.7 ? pick(rng, STAGES) : undefined,
    territory: rng() < 0.5 ? pick(rng, TERRITORIES) : undefined,
  };
}

const ROLES: Record<string, [string, string]> = {
  licence: ['licensee', 'licensor'],
  acquisition: ['acquirer', 'target'],
  merger: ['partner', 'partner'],
  investment: ['investor', 'investee'],
  equity: ['investor', 'investee'],
};

function displayName(p: PartySpec): string {
  return p.name.replace(/,? (Inc\.|Ltd\.|AG|GmbH|SAS|AB|plc|PLC|Corp\.|S\.A\.|Co\., Ltd\.|Holdings|KGaA)$/, '');
}

/** The full YAML document for a deal: facts for every disclosed figure, sources for every fact. */
function dealDocument(d: DealParts, rng: Rng): Raw {
  const roles = ROLES[d.types[0]!] ?? ['collaborator', 'collaborator'];
  const names = d.parties.map(displayName);
  const typePhrase = TYPE_PHRASE[d.types[0]!]!;
  const title = `${names.join(' × ')} — ${typePhrase}${d.areas[0] ? ` in ${d.areas[0]}` : ''}`;
  const sourceCount = weighted(rng, [[1, 45], [2, 40], [3, 15]] as const);
  const sources = Array.from({ length: sourceCount }, (_, k) => {
    const publisher = PUBLISHERS[(k + d.id.length + Math.floor(rng() * PUBLISHERS.length)) % PUBLISHERS.length]!;
    return {
      id: `${publisher.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${k + 1}`,
      title: `${names.join(' and ')} sign ${typePhrase}`,
      publisher,
      url: `https://news.example.org/${d.id}/${k + 1}`,
      published: typeof d.announced === 'string' && d.announced !== 'unknown' ? d.announced : 'unknown',
    };
  });
  const cite = () => [sources[Math.floor(rng() * sources.length)]!.id];
  const all = sources.map((s) => s.id);
  const facts: Raw[] = [
    { id: 'parties', topic: 'parties', text: `${d.parties.map((p) => p.name).join(' and ')} agreed ${/^[aeiou]/.test(typePhrase) ? 'an' : 'a'} ${typePhrase}.`, sources: all },
  ];
  if (d.announced !== 'unknown') facts.push({ id: 'announced', topic: 'date', text: `The deal was announced in ${d.announced}.`, sources: cite() });
  for (const [key, component] of Object.entries(d.value)) {
    if (key === 'royalties') {
      facts.push({ id: 'royalties', topic: 'value.royalties', text: `Royalties are ${String(component)} on net sales.`, sources: cite() });
    } else if (typeof component === 'object' && component !== null && !Array.isArray(component)) {
      const amount = String((component as Raw).amount);
      const q = (component as Raw).qualifier === 'up_to' ? 'up to ' : (component as Raw).qualifier === 'approximately' ? 'about ' : '';
      facts.push({ id: `value-${key.replace(/_/g, '-')}`, topic: `value.${key}`, text: `The ${key.replace(/_/g, ' ')} is ${q}${amount}.`, sources: cite() });
    } else if (component === 'undisclosed') {
      facts.push({ id: `value-${key.replace(/_/g, '-')}`, topic: `value.${key}`, text: `The ${key.replace(/_/g, ' ')} was not disclosed.`, sources: cite() });
    }
  }
  if (d.areas.length > 0) {
    // The card's labels are in the facts' words (check-seeds requires it): the modalities and
    // indications are named here, with no draw from rng, so the rest of the catalogue is unchanged.
    const including = d.indications.length > 0 ? `, including ${d.indications.join(' and ')}` : '';
    const assets = d.modalities.length > 0 ? `, with ${d.modalities.join(' and ')} assets` : '';
    facts.push({ id: 'areas', topic: 'areas', text: `The work covers ${d.areas.join(' and ')}${including}${assets}.`, sources: cite() });
  }
  // The stage the card shows is named by a fact (check-seeds requires it); cited without a draw
  // from rng, so the rest of the catalogue is what it was before stages needed one.
  if (d.stage) facts.push({ id: 'stage', topic: 'stage', text: STAGE_FACT[d.stage]!, sources: [sources[0]!.id] });
  if (d.territory) facts.push({ id: 'territory', topic: 'territory', text: `Rights cover ${d.territory}.`, sources: cite() });
  return {
    id: d.id,
    title,
    types: d.types,
    status: 'announced',
    announced: d.announced,
    parties: d.parties.map((p, k) => {
      const party: Raw = { name: p.name };
      // Curators list aliases on some deals and not others; the index merges them.
      if (p.aliases.length > 0 && (k === 0 || rng() < 0.7)) party.aliases = p.aliases;
      party.role = k === 0 ? roles[0] : roles[1];
      return party;
    }),
    value: Object.keys(d.value).length > 0 ? d.value : undefined,
    stage: d.stage,
    modalities: d.modalities.length > 0 ? d.modalities : undefined,
    areas: d.areas.length > 0 ? d.areas : undefined,
    indications: d.indications.length > 0 ? d.indications : undefined,
    territory: d.territory,
    facts,
    sources,
  };
}

function plantedDeals(): { deals: DealParts[]; ids: Record<string, string> } {
  const deals: DealParts[] = [];
  const ids: Record<string, string> = {};
  PAIRS.forEach((pair, j) => {
    const pharma = BIG_PHARMA[pair.pharma]!;
    const base = { parties: [pharma, pair.biotech], modalities: ['small molecule'], indications: [] as string[] };
    deals.push(
      { ...base, id: `p-${pair.key}-2019`, announced: `2019-03-${pad(10 + j)}`, types: ['licence'], areas: ['immunology'], value: { upfront: { amount: '$45 million', qualifier: 'exact' } } },
      { ...base, id: `p-${pair.key}-2022`, announced: '2022-07', types: ['option'], areas: ['neuroscience'], value: { upfront: 'undisclosed' } },
      {
        ...base,
        id: `p-${pair.key}-2024`,
        announced: `2024-11-${pad(2 + j)}`,
        types: ['research_collaboration', 'co_development'],
        areas: ['oncology'],
        value: { upfront: { amount: '$80 million', qualifier: 'exact' }, total: { amount: '$1.2 billion', qualifier: 'up_to' } },
      },
    );
    ids[`${pair.key}-2019`] = `p-${pair.key}-2019`;
    ids[`${pair.key}-2022`] = `p-${pair.key}-2022`;
    ids[`${pair.key}-2024`] = `p-${pair.key}-2024`;
  });
  BIG_PHARMA.forEach((pharma, k) => {
    const date = new Date(Date.UTC(2025, 6, 5 + k * 9));
    const id = `p-latest-${fold(pharma.name).split(' ')[0]}`;
    deals.push({
      id,
      parties: [pharma, { name: LATEST_PARTNERS[k]!, aliases: [] }],
      announced: date.toISOString().slice(0, 10),
      types: ['licence'],
      areas: ['oncology'],
      modalities: ['ADC'],
      indications: ['breast cancer'],
      value: { upfront: { amount: '$150 million', qualifier: 'exact' }, total: { amount: '$2.4 billion', qualifier: 'up_to' } },
    });
    ids[`latest-${k}`] = id;
  });
  deals.push({
    id: 'p-reinhart-antibody-2024',
    parties: [BIG_PHARMA[big('HRA')]!, { name: ANTIBODY_PARTNER, aliases: [] }],
    announced: '2024-12-31',
    types: ['licence'],
    areas: ['immunology'],
    modalities: ['antibody'],
    indications: ['lupus'],
    value: { upfront: 'undisclosed' },
  });
  return { deals, ids };
}

/** The fixed query mix: labelled queries over planted deals, no-match queries, sampled queries. */
function queryMix(universe: Universe, seed: number, randomCount: number, ids: Record<string, string>): BenchQuery[] {
  const latest = (alias: string) => ids[`latest-${big(alias)}`]!;
  const q: BenchQuery[] = [
    // exact names, any order and case
    { q: 'Novaxis Kestrel Bay Therapeutics', category: 'exact', expect: ids['novaxis-kestrel-2024'] },
    { q: 'AstraLumen Brightwater Biosciences', category: 'exact', expect: ids['astralumen-brightwater-2024'] },
    { q: 'halcyon ridge medicines glaxovance', category: 'exact', expect: ids['glaxovance-halcyon-2024'] },
    { q: 'Takemori Zhejiang Qiantang Biopharma', category: 'exact', expect: ids['takemori-qiantang-2024'] },
    // aliases
    { q: 'NVX KBT', category: 'alias', expect: ids['novaxis-kestrel-2024'] },
    { q: 'Astra Lumen BWB', category: 'alias', expect: ids['astralumen-brightwater-2024'] },
    { q: 'Qiantang Bio TKM', category: 'alias', expect: ids['takemori-qiantang-2024'] },
    // typos (one edit, in the pharma or in the biotech)
    { q: 'Novaxsi Kestrel Bay', category: 'typo', expect: ids['novaxis-kestrel-2024'] },
    { q: 'AstraLumen Brigthwater', category: 'typo', expect: ids['astralumen-brightwater-2024'] },
    { q: 'Glaxovanse Halcyon Ridge', category: 'typo', expect: ids['glaxovance-halcyon-2024'] },
    { q: 'Merkur Ironwod Falls', category: 'typo', expect: ids['merkur-ironwood-2024'] },
    // accents typed without them
    { q: 'Hoffmann-Reinhart Societe Lumiere', category: 'accent', expect: ids['reinhart-lumiere-2024'] },
    { q: 'Akerlund Genomics Pfeiffer-Lindqvist', category: 'accent', expect: ids['pfeiffer-akerlund-2024'] },
    // one distinctive word of a multi-word name
    { q: 'Kestrel Novaxis', category: 'word', expect: ids['novaxis-kestrel-2024'] },
    { q: 'Halcyon GlaxoVance', category: 'word', expect: ids['glaxovance-halcyon-2024'] },
    // a single party with hundreds (at 100k: thousands) of deals
    { q: 'Novaxis', category: 'single', expect: latest('NVX') },
    { q: 'Bristow-Myers Quell', category: 'single', expect: latest('BMQ') },
    { q: 'GVX', category: 'single', expect: latest('GVX') },
    // filters
    { q: 'Novaxis Kestrel 2022', category: 'filter', expect: ids['novaxis-kestrel-2022'] },
    { q: 'AstraLumen Brightwater licence', category: 'filter', expect: ids['astralumen-brightwater-2019'] },
    { q: 'Takemori since:2025-07', category: 'filter', expect: latest('TKM') },
    { q: 'Lilienthal oncology >1b', category: 'filter', expect: latest('LTH') },
    { q: 'Reinhart antibody 2024', category: 'filter', expect: 'p-reinhart-antibody-2024' },
    // filters alone, no company named: thousands of deals at 100k, a dozen shown and the rest counted
    { q: 'oncology', category: 'filters' },
    { q: 'licence', category: 'filters' },
    { q: 'preclinical', category: 'filters' },
    { q: 'phase 2/3 oncology', category: 'filters' },
    { q: '>1b', category: 'filters' },
    { q: 'since:2024-06', category: 'filters' },
    { q: 'antibody 2024 >500m', category: 'filters' },
    // nothing should match
    { q: 'Qwzxv Plorbt', category: 'nomatch', expect: null },
    { q: 'Zyzzogen Therapeutics', category: 'nomatch', expect: null },
  ];
  // Sampled from the random deals (unlabelled): what people look up most, at this size.
  const rng = mulberry32(mixSeed(seed, 3));
  const sampled = new Set<number>();
  while (sampled.size < Math.min(10, randomCount)) sampled.add(Math.floor(rng() * randomCount));
  let k = 0;
  for (const i of sampled) {
    const d = randomDeal(universe, seed, i);
    const names = d.parties.map((p) => (k % 3 === 2 ? displayName(p) : p.name));
    q.push({ q: names.join(' '), category: 'sample' });
    k++;
  }
  q.push({ q: `${pick(rng, BIG_PHARMA).aliases[0]} oncology 2024`, category: 'sample' });
  q.push({ q: 'antibody since:2025-01', category: 'sample' });
  return q;
}

/** Calls `each` with every deal document (planted first, then random), as written to the files. */
export function forEachDeal(size: number, seed: number, each: (doc: Record<string, unknown>, id: string) => void): { universe: Universe; ids: Record<string, string>; randomCount: number } {
  const universe = buildUniverse(size, seed);
  const planted = plantedDeals();
  const randomCount = Math.max(0, size - planted.deals.length);
  const plantedCount = Math.min(size, planted.deals.length);
  planted.deals.slice(0, plantedCount).forEach((d, n) => each(dealDocument(d, mulberry32(mixSeed(seed, 4, 1_000_000 + n))), d.id));
  for (let i = 0; i < randomCount; i++) {
    const d = randomDeal(universe, seed, i);
    each(dealDocument(d, mulberry32(mixSeed(seed, 4, i))), d.id);
  }
  return { universe, ids: planted.ids, randomCount };
}

/**
 * Writes `size` deals (planted + random) as YAML files into `dir` (created if missing).
 * Deterministic for a given (size, seed).
 */
export function generateCatalogue(dir: string, size: number, seed = 42): GeneratedCatalogue {
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  let files = 0;
  const { universe, ids, randomCount } = forEachDeal(size, seed, (doc, id) => {
    const text = `# Synthetic deal (benchmark seed ${seed}); not a real transaction.\n${toYaml(doc as Raw)}`;
    writeFileSync(path.join(dir, `${id}.yaml`), text);
    bytes += Buffer.byteLength(text);
    files++;
  });
  return {
    dir,
    size,
    seed,
    files,
    bytes,
    parties: {
      big: universe.bigCount,
      mid: universe.midCount,
      tail: universe.tailCount + PAIRS.length + LATEST_PARTNERS.length + 1,
    },
    ms: performance.now() - started,
    queries: queryMix(universe, seed, randomCount, ids),
  };
}

/** The query mix of a catalogue of this size and seed, without writing anything. */
export function queriesFor(size: number, seed = 42): BenchQuery[] {
  const universe = buildUniverse(size, seed);
  const planted = plantedDeals();
  return queryMix(universe, seed, Math.max(0, size - planted.deals.length), planted.ids);
}
