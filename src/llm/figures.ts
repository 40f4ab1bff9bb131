/**
 * Figures in deal prose: every amount, percentage, count, ordinal, date and royalty descriptor a
 * sentence states, found the same way in model sentences and in curated fact texts so the two
 * can be compared.
 *
 * Money is normalised to whole currency units ("$1.62bn", "US$1.62 billion", "1,620 million
 * dollars" and "1,620,000,000" are all 1 620 000 000) and carries two readings of the words
 * around it:
 * - its qualifier ("up to", "about", "more than", or none: exact; "$X exceeds the $Y" compares
 *   two amounts and leaves $Y firm), and
 * - the quantity it is given for (upfront, development milestones, total, fees, …), read from the
 *   cue words attached after it ("$X in milestones", "$X as an upfront payment"), else from the
 *   nearest cue words in its own clause; in a list headed by milestones, "$X for development"
 *   and "$X for sales" are those kinds of milestone.
 *
 * The extractor works on `cleanText(text)`: spans index into that string.
 */
import type { Qualifier, ValueComponentKey } from '../deals/schema';
import { wordTable } from '../word-table';

/**
 * What a money figure is an amount of: a value component, royalties, or both kinds of
 * milestone together ("$5 billion in development and sales milestones").
 */
export type Quantity = ValueComponentKey | 'royalties' | 'all_milestones';

/**
 * How a figure is qualified: the schema's qualifiers, `below` for "less than $X" / "under X%",
 * which no firm or "up to" amount supports (it says the amount is not X), and the near misses
 * `nearly` ("almost $X", "just under") and `just_over`, which say it is a little below or above
 * X: neither a firm X nor an approximate one ("about X" may be either side) supports them.
 */
export type FigureQualifier = Qualifier | 'below' | 'nearly' | 'just_over';

interface Span {
  /** Offsets into the cleaned text. */
  start: number;
  end: number;
  /** The figure as written, e.g. "$1.62bn" or "13 June 2025". */
  raw: string;
}

export interface MoneyFigure extends Span {
  kind: 'money';
  /** Whole currency units. */
  amount: number;
  /** ISO code when the text states a currency; absent for "5.3 billion" or "110,000,000". */
  currency?: string;
  qualifier: FigureQualifier;
  /** The quantity the nearest cue words give it; absent when none is near. */
  quantity?: Quantity;
  /**
   * Milestones in general said to be the whole of them ("$X in milestones in total", "milestone
   * payments combined"): only a fact giving it for milestones in general, or for both kinds,
   * supports it, not one giving it for one kind.
   */
  whole?: true;
}

export interface PercentFigure extends Span {
  kind: 'percent';
  value: number;
  qualifier: FigureQualifier;
}

/** A count or bare number: "1,700", "three", "five" (years), "twenty-five". */
export interface NumberFigure extends Span {
  kind: 'number';
  value: number;
  /** "more than 1,700", "fewer than five": read as for money. */
  qualifier: FigureQualifier;
}

/** "sixth", "second", "3rd". */
export interface OrdinalFigure extends Span {
  kind: 'ordinal';
  value: number;
}

export interface YearFigure extends Span {
  kind: 'year';
  year: number;
}

/** A calendar date at the precision written: "13 June 2025", "June 2025", "13 June", "June". */
export interface DateFigure extends Span {
  kind: 'date';
  year?: number;
  month: number;
  day?: number;
}

/** A span of months: "Q2 2025", "first half of 2025", "mid-2025" (months from..to inclusive). */
export interface PeriodFigure extends Span {
  kind: 'period';
  year?: number;
  from: number;
  to: number;
}

/** Royalty-style rate descriptors: "single-digit", "low double-digit", "tiered", "mid-teens". */
export interface DescriptorFigure extends Span {
  kind: 'descriptor';
  base: 'single-digit' | 'double-digit' | 'tiered' | 'teens';
  level?: 'low' | 'mid' | 'high';
}

export type Figure =
  | MoneyFigure
  | PercentFigure
  | NumberFigure
  | OrdinalFigure
  | YearFigure
  | DateFigure
  | PeriodFigure
  | DescriptorFigure;

// ---------------------------------------------------------------------------------------------
// Text cleaning

/**
 * Unicode-normalises text so look-alike characters cannot hide a figure: full-width digits
 * become ASCII (NFKC), exotic spaces become spaces, curly quotes and dashes become plain ones.
 * Invisible characters are removed here; the verifier rejects sentences that contain them.
 */
export function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE_RE, '')
    .replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\r\n]/g, ' ')
    .replace(/[\u2018\u2019\u201b\u02bc\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010\u2011\u2012\u2013\u2212\ufe63]/g, '-');
}

/** Zero-width and bidirectional control characters. */
export const INVISIBLE_RE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

// ---------------------------------------------------------------------------------------------
// Vocabularies

const UNIT_WORDS = wordTable<number>({
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
});
const TEN_WORDS = wordTable<number>({
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
});
const ORDINAL_WORDS = wordTable<number>({
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
  fortieth: 40,
  fiftieth: 50,
  hundredth: 100,
  thousandth: 1000,
});

const SINGLE_DIGIT_WORDS = 'one|two|three|four|five|six|seven|eight|nine';
/** "twenty-five", "forty", "seven", "nineteen". */
const NUMBER_WORD = `(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:${SINGLE_DIGIT_WORDS}))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|${SINGLE_DIGIT_WORDS})`;

/** The value of a number word such as "twenty-five"; undefined when it is not one. */
export function numberWordValue(word: string): number | undefined {
  const w = word.toLowerCase().trim();
  if (w in UNIT_WORDS) return UNIT_WORDS[w];
  const [tens, unit] = w.split(/[- ]/);
  const t = tens === undefined ? undefined : TEN_WORDS[tens];
  if (t === undefined) return undefined;
  if (unit === undefined) return t;
  const u = UNIT_WORDS[unit];
  return u !== undefined && u < 10 ? t + u : undefined;
}

const MONTHS = wordTable<number>({
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
});
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTH = '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?';

const CURRENCY_CODES = wordTable<string>({
  $: 'USD',
  us$: 'USD',
  usd: 'USD',
  dollar: 'USD',
  dollars: 'USD',
  'us dollar': 'USD',
  'us dollars': 'USD',
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  '£': 'GBP',
  gbp: 'GBP',
  pound: 'GBP',
  pounds: 'GBP',
  '¥': 'CNY',
  rmb: 'CNY',
  cny: 'CNY',
  yuan: 'CNY',
  renminbi: 'CNY',
  jpy: 'JPY',
  yen: 'JPY',
  chf: 'CHF',
});

const SCALES = wordTable<number>({
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  millions: 1e6,
  m: 1e6,
  mn: 1e6,
  mm: 1e6,
  mln: 1e6,
  billion: 1e9,
  billions: 1e9,
  b: 1e9,
  bn: 1e9,
  bln: 1e9,
  trillion: 1e12,
  trillions: 1e12,
  tn: 1e12,
});
const SCALE_WORDS = new Set(['thousand', 'million', 'millions', 'billion', 'billions', 'trillion', 'trillions']);

/** A bare number at least this large ("110,000,000") is read as money in deal prose. */
const BARE_MONEY_MIN = 100_000;

// ---------------------------------------------------------------------------------------------
// Extraction

class Claims {
  private readonly taken: Uint8Array;
  constructor(length: number) {
    this.taken = new Uint8Array(length);
  }
  free(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.taken[i]) return false;
    return true;
  }
  claim(start: number, end: number): boolean {
    if (!this.free(start, end)) return false;
    this.taken.fill(1, start, end);
    return true;
  }
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * True when digits at [start, end) belong to an identifier such as "AZD0780", "PCSK9" or
 * "COVID-19" rather than standing alone. Only a capital letter before the dash makes a code:
 * "top-3" states a number. Digits after "2025." or "1," are read too (as in "2025.06.14"):
 * a figure the extractor cannot place must fail the check, not vanish from it.
 */
function inIdentifier(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  if (isWordChar(before) || isWordChar(after)) return true;
  if (before === '-' && /\p{Lu}/u.test(text[start - 2] ?? '')) return true;
  return false;
}

function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    fn(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}

/** Builds a regex that only matches whole words (no letter or digit just outside it). */
function wordRe(body: string, flags = 'giu'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, flags);
}

const DESCRIPTOR_RES: { re: RegExp; base: DescriptorFigure['base'] }[] = [
  { re: wordRe('(?:(low|mid|high)[- ]?)?(?:single)[- ]digits?'), base: 'single-digit' },
  { re: wordRe('(?:(low|mid|high)[- ]?)?(?:double)[- ]digits?'), base: 'double-digit' },
  { re: wordRe('(?:(low|mid|high)[- ]?)?teens'), base: 'teens' },
  { re: wordRe('tiered'), base: 'tiered' },
];

const ORD = '(?:st|nd|rd|th)';
const DATE_RES: { re: RegExp; read: (m: RegExpExecArray) => { year?: string; month?: string; day?: string } }[] = [
  { re: wordRe('(\\d{4})-(\\d{2})-(\\d{2})'), read: (m) => ({ year: m[1], month: m[2], day: m[3] }) },
  // "2025.06.14", "2025/06/14": year first, so the order is not in doubt.
  { re: wordRe('(\\d{4})([./])(\\d{1,2})\\2(\\d{1,2})'), read: (m) => ({ year: m[1], month: m[3], day: m[4] }) },
  { re: wordRe('(\\d{4})-(\\d{2})'), read: (m) => ({ year: m[1], month: m[2] }) },
  {
    re: wordRe(`(\\d{1,2})${ORD}?\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})`),
    read: (m) => ({ day: m[1], month: m[2], year: m[3] }),
  },
  {
    re: wordRe(`${MONTH}\\s+(\\d{1,2})${ORD}?,?\\s+(\\d{4})`),
    read: (m) => ({ month: m[1], day: m[2], year: m[3] }),
  },
  { re: wordRe(`${MONTH},?\\s+(?:of\\s+)?(\\d{4})`), read: (m) => ({ month: m[1], year: m[2] }) },
  { re: wordRe(`(\\d{1,2})${ORD}?\\s+(?:of\\s+)?${MONTH}`), read: (m) => ({ day: m[1], month: m[2] }) },
  { re: wordRe(`${MONTH}\\s+(\\d{1,2})${ORD}?`), read: (m) => ({ month: m[1], day: m[2] }) },
];

const ORDINAL_OR_DIGIT_Q = '(first|second|third|fourth|1st|2nd|3rd|4th)';
const QUARTER_INDEX = wordTable<number>({ first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 });
const PERIOD_RES: { re: RegExp; read: (m: RegExpExecArray) => { year?: string; from: number; to: number } | undefined }[] = [
  {
    re: wordRe('q([1-4])(?:\\s+(\\d{4}))?'),
    read: (m) => {
      const q = Number(m[1]);
      return { year: m[2], from: q * 3 - 2, to: q * 3 };
    },
  },
  {
    re: wordRe(`(?:the\\s+)?${ORDINAL_OR_DIGIT_Q}\\s+quarter(?:\\s+of)?(?:\\s+(\\d{4}))?`),
    read: (m) => {
      const q = QUARTER_INDEX[(m[1] ?? '').toLowerCase()];
      return q === undefined ? undefined : { year: m[2], from: q * 3 - 2, to: q * 3 };
    },
  },
  {
    re: wordRe('h([12])(?:\\s+(\\d{4}))?'),
    read: (m) => (m[1] === '1' ? { year: m[2], from: 1, to: 6 } : { year: m[2], from: 7, to: 12 }),
  },
  {
    re: wordRe('(?:the\\s+)?(first|second|1st|2nd)\\s+half(?:\\s+of)?(?:\\s+(\\d{4}))?'),
    read: (m) => (/^(first|1st)$/i.test(m[1] ?? '') ? { year: m[2], from: 1, to: 6 } : { year: m[2], from: 7, to: 12 }),
  },
  {
    re: wordRe('(early|mid|late)[- ]?(\\d{4})'),
    read: (m) => {
      const w = (m[1] ?? '').toLowerCase();
      const [from, to] = w === 'early' ? [1, 4] : w === 'mid' ? [4, 9] : [9, 12];
      return { year: m[2], from, to };
    },
  },
];

const NUM = '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)';
const MONEY_RE = new RegExp(
  `(?<![\\p{L}\\p{N}$€£¥.,])(?:(us\\s?\\$|\\$|€|£|¥|usd|eur|gbp|cny|rmb|jpy|chf)\\s?)?` +
    `(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+|${NUMBER_WORD})` +
    `(?:(\\s?-?\\s?)(thousand|millions?|billions?|trillions?|mn|mln|mm|bn|bln|tn|m|b|k))?` +
    `(?:\\s+(usd|eur|gbp|cny|rmb|jpy|chf|us\\s+dollars?|dollars?|euros?|pounds?|yuan|renminbi|yen))?` +
    `(?![\\p{L}\\p{N}])`,
  'giu',
);

const PERCENT_RE = new RegExp(
  `(?<![\\p{L}\\p{N}.,])(\\d+(?:\\.\\d+)?|${NUMBER_WORD})\\s?(%|percent|per\\s?cent|pct)(?![\\p{L}\\p{N}])`,
  'giu',
);
const YEAR_RE = /(?<![\p{L}\p{N}])((?:19|20)\d{2})(?![\p{L}\p{N}])/gu;
const DIGIT_ORDINAL_RE = /(?<![\p{L}\p{N}])(\d+)(st|nd|rd|th)(?![\p{L}\p{N}])/giu;
const WORD_ORDINAL_RE = wordRe(Object.keys(ORDINAL_WORDS).join('|'));
const DIGITS_RE = new RegExp(NUM, 'gu');
const NUMBER_WORD_RE = wordRe(NUMBER_WORD);

/**
 * Extracts every figure in a text. The text is cleaned first (see `cleanText`); spans index
 * into the cleaned text. Figures come back in reading order.
 */
export function extractFigures(input: string): Figure[] {
  const text = cleanText(input);
  const claims = new Claims(text.length);
  const out: Figure[] = [];
  const add = (f: Figure): void => {
    if (claims.claim(f.start, f.end)) out.push(f);
  };
  const span = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length, raw: m[0] });

  // 1. Rate descriptors ("single-digit" must not leave a stray "single" or "digit" behind).
  for (const { re, base } of DESCRIPTOR_RES) {
    eachMatch(re, text, (m) => {
      const level = m[1]?.toLowerCase() as DescriptorFigure['level'];
      add({ kind: 'descriptor', base, ...(level ? { level } : {}), ...span(m) });
    });
  }

  // 2. Dates, most precise pattern first.
  for (const { re, read } of DATE_RES) {
    eachMatch(re, text, (m) => {
      const parts = read(m);
      const month = parts.month === undefined ? undefined : monthNumber(parts.month);
      const day = parts.day === undefined ? undefined : Number(parts.day);
      const year = parts.year === undefined ? undefined : Number(parts.year);
      if (month === undefined || month < 1 || month > 12) return;
      if (day !== undefined && (day < 1 || day > 31)) return;
      if (year !== undefined && (year < 1900 || year > 2099)) return;
      // "may 13" in lower case is almost never a date; "May 13" is.
      if (/^may\.?$/i.test(parts.month ?? '') && !m[0].includes('May')) return;
      add({ kind: 'date', month, ...(year !== undefined ? { year } : {}), ...(day !== undefined ? { day } : {}), ...span(m) });
    });
  }
  // A month named on its own ("in June"): full names, capitalised; "May" only after a preposition.
  eachMatch(wordRe(MONTH_NAMES.join('|'), 'gu'), text, (m) => {
    if (m[0] === 'May' && !/\b(in|since|until|till|by|from|through|early|late|mid|of|during)[\s-]+$/i.test(text.slice(0, m.index))) {
      return;
    }
    add({ kind: 'date', month: MONTH_NAMES.indexOf(m[0]) + 1, ...span(m) });
  });

  // 3. Periods: quarters, halves, early/mid/late years.
  for (const { re, read } of PERIOD_RES) {
    eachMatch(re, text, (m) => {
      const p = read(m);
      if (!p) return;
      const year = p.year === undefined ? undefined : Number(p.year);
      add({ kind: 'period', from: p.from, to: p.to, ...(year !== undefined ? { year } : {}), ...span(m) });
    });
  }

  // 4. Money.
  const money: MoneyFigure[] = [];
  eachMatch(MONEY_RE, text, (m) => {
    const [whole, prefix, number, sep, scaleWord, suffix] = m;
    const isWord = !/\d/.test(number ?? '');
    const scaleKey = scaleWord?.toLowerCase();
    const currencyKey = (prefix ?? suffix)?.toLowerCase().replace(/\s+/g, ' ');
    const currency = currencyKey === undefined ? undefined : CURRENCY_CODES[currencyKey];
    const hasScaleWord = scaleKey !== undefined && SCALE_WORDS.has(scaleKey);
    // An abbreviated scale counts when attached ("110m") or after a currency ("USD 110 m").
    const hasScale = scaleKey !== undefined && (hasScaleWord || sep === '' || prefix !== undefined);
    const base = isWord ? numberWordValue(number ?? '') : Number((number ?? '').replace(/,/g, ''));
    if (base === undefined || !Number.isFinite(base)) return;
    if (isWord && !hasScaleWord) return;
    if (prefix && suffix) return;
    let end = m.index + whole.length;
    if (scaleKey !== undefined && !hasScale) {
      // "5 m" with no currency: not money; let the number pass have the digits.
      return;
    }
    const amount = Math.round(base * (hasScale && scaleKey ? SCALES[scaleKey] ?? 1 : 1));
    const isMoney = currency !== undefined || hasScale || (amount >= BARE_MONEY_MIN && /^\d{1,3}(,\d{3})+$|^\d{6,}$/.test(number ?? ''));
    if (!isMoney) return;
    if (!currency && !hasScale && inIdentifier(text, m.index, end)) return;
    // Trailing "." of an abbreviation is not part of the amount.
    if (whole.endsWith('.')) end -= 1;
    const f: MoneyFigure = {
      kind: 'money',
      amount,
      ...(currency ? { currency } : {}),
      qualifier: 'exact',
      start: m.index,
      end,
      raw: text.slice(m.index, end),
    };
    if (claims.claim(f.start, f.end)) {
      out.push(f);
      money.push(f);
    }
  });

  // 5. Percentages.
  const percents: PercentFigure[] = [];
  eachMatch(PERCENT_RE, text, (m) => {
    const n = m[1] ?? '';
    const value = /\d/.test(n) ? Number(n) : numberWordValue(n);
    if (value === undefined) return;
    const f: PercentFigure = { kind: 'percent', value, qualifier: 'exact', ...span(m) };
    if (claims.claim(f.start, f.end)) {
      out.push(f);
      percents.push(f);
    }
  });

  // 6. Years.
  eachMatch(YEAR_RE, text, (m) => {
    const s = span(m);
    if (inIdentifier(text, s.start, s.end)) return;
    add({ kind: 'year', year: Number(m[1]), ...s });
  });

  // 7. Ordinals.
  eachMatch(DIGIT_ORDINAL_RE, text, (m) => {
    add({ kind: 'ordinal', value: Number(m[1]), ...span(m) });
  });
  eachMatch(WORD_ORDINAL_RE, text, (m) => {
    const word = m[0].toLowerCase();
    if (word === 'first') {
      const before = text.slice(0, m.index);
      const after = text.slice(m.index + m[0].length);
      if (/\bat\s+$/i.test(before) || /^\s*(,|of all\b)/i.test(after)) return;
      // "first began collaborating in 2021": an adverb of time before a verb, no rank.
      if (/^\s+(?:began|begun|started|met|signed|worked|teamed|partnered|collaborated|announced|appeared)\b/i.test(after)) return;
    }
    add({ kind: 'ordinal', value: ORDINAL_WORDS[word] ?? 0, ...span(m) });
  });

  // 8. Counts and other numbers.
  eachMatch(DIGITS_RE, text, (m) => {
    const s = span(m);
    if (inIdentifier(text, s.start, s.end)) return;
    add({ kind: 'number', value: Number(m[0].replace(/,/g, '')), qualifier: 'exact', ...s });
  });
  eachMatch(NUMBER_WORD_RE, text, (m) => {
    const value = numberWordValue(m[0]);
    if (value === undefined) return;
    if (value === 1 && !quantifyingOne(text, m.index, m.index + m[0].length)) return;
    add({ kind: 'number', value, qualifier: 'exact', ...span(m) });
  });

  out.sort((a, b) => a.start - b.start);
  classifyMoney(text, money);
  for (const p of percents) p.qualifier = qualifierAround(text, p, 0);
  for (const f of out) {
    if (f.kind !== 'number') continue;
    f.qualifier = qualifierAround(text, f, 0, 'count');
    // "over five years", "over a five-year period" is a span of time, not "more than five".
    if (f.qualifier === 'at_least' && OVER_SPAN_RE.test(text.slice(0, f.start)) && /^(?:\s*|-)(years?|months?|weeks?|days?|quarters?|decades?)\b/i.test(text.slice(f.end))) {
      f.qualifier = 'exact';
    }
  }
  return out;
}

/**
 * "over" with at most an article or possessive before a span of time: "over a five-year
 * period". Not after "in" or "for": "in over five years" is more than five.
 */
const OVER_SPAN_RE = /(?<!\b(?:in|for|after|within|than)\s+)\bover(?:\s+(?:a|an|the|its|their))?\s*$/i;

function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (/^\d+$/.test(w)) return Number(w);
  return MONTHS[w];
}

/** "one" as a pronoun ("one of the programmes", "the one in Shanghai") does not quantify. */
function quantifyingOne(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 12), start).toLowerCase();
  const after = text.slice(end, end + 12).toLowerCase();
  if (/^\s*(of|another|being)\b/.test(after) || /^-(time|off)\b/.test(after) || /^\s+or\s+more\b/.test(after)) return false;
  if (/\b(no|any|each|every|the|this|that|which)\s+$/.test(before)) return false;
  // "a new one in Beijing", "a bigger one.": an adjective's noun, left out; not a count.
  if (/\b(a|an)\s+[a-z]+\s+$/.test(before) && /^(\s*[,.;:!?)]|\s*$|\s+(in|at|on|for|that|which|with|from|based|located|elsewhere)\b)/.test(after)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Qualifiers and quantities of money figures

const FLOOR_RE =
  /\b(at least|at the very least|more than|over|in excess of|upwards? of|exceed(?:s|ed|ing)?|tops|topped|surpass(?:es|ed|ing)?|eclipse[sd]?|outstrip(?:s|ped)?|above|north of|(?:a|the|as a) minimum(?: of)?|minimum of|at (?:a )?minimum|(?:greater|higher|larger|bigger|better) than)\s*$/;
/** "less than $X", "under 80%": the amount is below the figure, which is then not the amount. */
const BELOW_RE =
  /(\b(less than|lesser than|fewer than|under|below|short of|(?:lower|smaller) than|beneath|south of|not even)|\bsub-?)\s*$/;
/** "just", "a hair", "a tad": a little, before "under" / "over". */
const A_LITTLE = '(?:just|a little|a little bit|a bit|slightly|a shade|a hair|a tad|a touch|a whisker|a fraction|a smidgen|fractionally|marginally)';
/**
 * "almost $X", "approaching 80%", "just under 1,700", "a tad under", "the best part of $X": a
 * little below the figure. "barely $X" and "only just $X" (reached, but by a hair) are read
 * here too: either way the amount is not firmly X.
 */
const NEARLY_RE = new RegExp(
  `\\b(nearly|almost|nigh on|well[- ]nigh|all but|close (?:to|on)|approaching|nearing|getting on for|(?:verging|bordering) on|(?:worth|at|valued|now|already|of) pushing|within (?:a whisker|a hair|a shade|a touch|touching distance|sight) of|virtually|practically|not quite|(?:just )?shy of|(?:the )?(?:best|better|greater) part of|(?:barely|scarcely|hardly|only just)(?: (?:reach|hit|make|made|touch|crack|clear|pass)\\w*)?|${A_LITTLE} (?:under|below|less than|short of))\\s*$`,
);
/** "just over $X", "slightly above 80%", "a hair over": a little above the figure. */
const JUST_OVER_RE = new RegExp(`\\b${A_LITTLE} (?:over|above|more than|north of|in excess of)\\s*$`);
/**
 * "$18 million and change", "$18 million-odd", "$18 million odd", "and then some", "and a bit",
 * "or a little more": a little above the figure.
 */
const JUST_OVER_AFTER_RE = new RegExp(
  `^(?:\\s+and change|-odd|\\s+odd|\\s+and then some|\\s+and a (?:bit|little|touch)|,?\\s+or ${A_LITTLE} (?:more|over|above|higher))\\b`,
);
/** "$18 million or just under", "or slightly less": a little below the figure. */
const NEARLY_AFTER_RE = new RegExp(`^,?\\s+or ${A_LITTLE} (?:under|less|below|lower)\\b`);
/** Words that may stand between a qualifier and its figure: "more than the $1.62 billion". */
const FILLER_BEFORE_RE = /(\s+(the|a|an|its|their|his|her|this|that|these|those|roughly|about|around|approximately|some|nearly|almost|up to))+\s*$/i;
const APPROX_RE = /(\b(about|around|approximately|approx|roughly|some|circa|an estimated|estimated|~)|~)\s*$/;
const CEILING_NEAR_RE = /\b(up[- ]to|as much as|as high as|a maximum of|maximum of|at most|potential|potentially)\b/;
/**
 * A negated comparison turns round: "not exceeding $X", "no more than", "won't top" cap the
 * amount (a ceiling); "not less than", "no fewer than", "not below" set a floor. Up to two words
 * may stand between ("will not receive more than", "not to exceed"), but not ones that change
 * what is negated ("not only more than", "not much more than").
 */
const NEGATED = `(?:\\b(?:not|no|never|cannot|nothing)|n't)\\s+(?:(?!(?:only|just|merely|much|far|well|even|simply|slightly|significantly|substantially|a|an|way|lots?)\\s)[a-z']+\\s+){0,2}`;
const NEGATED_FLOOR_RE = new RegExp(
  `${NEGATED}(?:more than|over|above|beyond|in excess of|upwards? of|exceed(?:s|ed|ing)?|top|tops|topped|surpass(?:es|ed|ing)?|north of|(?:greater|higher|larger|bigger) than)\\s*$`,
);
const NEGATED_BELOW_RE = new RegExp(`${NEGATED}(?:less than|fewer than|(?:lower|smaller) than|under|below|beneath|short of|south of)\\s*$`);
const CEILING_WIDE_RE = /\b(up[- ]to|as much as|could|can|may|might|eligible|potential|potentially)\b/;
/**
 * A payment said to have been made, after a comma that closes an aside holding the ceiling word:
 * "CSPC, which may also get royalties, received $X" and "CSPC, eligible for royalties, has been
 * paid $X" state a firm $X ("CSPC could, in time, earn $X" keeps its ceiling).
 */
const FIRM_AFTER_ASIDE_RE =
  /,\s*(?:[a-z]+\s+)?(?:received|got|collected|banked|pocketed|(?:was|were|has been|have been|had been) paid|(?:has|have|had) (?:received|got|collected|banked|earned))(?:\s|$)/;

/**
 * The qualifier made by the words from a negation up to a figure, when they are all one
 * qualifier phrase: "not exceeding" (up_to), "no more than roughly" (up_to), "not less than"
 * (at_least), "not quite" (nearly), "not even" (below); undefined otherwise. The verifier does
 * not read the negation in such a phrase as a denial: the figure's qualifier says it.
 */
export function negationQualifier(phrase: string): FigureQualifier | undefined {
  const lower = ` ${phrase.toLowerCase()}`;
  const forms = [lower, lower.replace(FILLER_BEFORE_RE, '')].map((t) => `${t.trim()} `);
  const whole = (re: RegExp): boolean => forms.some((t) => re.exec(t)?.index === 0);
  if (whole(NEGATED_FLOOR_RE)) return 'up_to';
  if (whole(NEGATED_BELOW_RE)) return 'at_least';
  if (whole(NEARLY_RE)) return 'nearly';
  if (whole(BELOW_RE)) return 'below';
  return undefined;
}

function lastWords(text: string, n: number): string {
  const words = text.trimEnd().split(/\s+/);
  return words.slice(Math.max(0, words.length - n)).join(' ').toLowerCase();
}

/**
 * "hands over $110 million", "signed over": the "over" of a phrasal verb is no comparison of
 * money. Counts and percentages keep it.
 */
const PHRASAL_OVER_RE = /\b((?:hand|turn|sign|pass)(?:s|ed|ing)?|take[sn]?|taking|took)\s+over\b/gi;

/**
 * The qualifier written around a figure ("up to $X", "$X or more"). `from` bounds the
 * look-back (the previous figure's clause must not lend its "up to"). For money the "over" of a
 * phrasal verb is part of the verb; for a count only the words next to it qualify it: a wide
 * ceiling word ("can be used by each of the three partners", "up to $X across three
 * programmes") says what may happen or be paid, not how many there are.
 */
function qualifierAround(
  text: string,
  f: { start: number; end: number },
  from: number,
  kind: 'money' | 'percent' | 'count' = 'percent',
): FigureQualifier {
  const money = kind === 'money';
  const head = text.slice(from, f.start);
  const before = money ? head.replace(PHRASAL_OVER_RE, '$1') : head;
  const near = lastWords(before, 3);
  const wide = lastWords(before, 7);
  // "more than the $1.62 billion", "over roughly 80%": a comparison wins over what follows it.
  const compared = lastWords(` ${before}`.replace(FILLER_BEFORE_RE, ''), 4);
  const after = text.slice(f.end).toLowerCase();
  // Read before the comparisons themselves: "not exceeding" is a ceiling, not "exceeding".
  // "<$110 million", "≥ 80%", "≈$42M": a comparison sign right before the figure.
  const sign = COMPARISON_SIGN_RE.exec(before);
  if (sign) return COMPARISON_SIGNS[sign[1]!]!;
  if (CEILING_BEFORE_RE.test(before)) return 'up_to';
  if (FLOOR_BEFORE_RE.test(before)) return 'at_least';
  if (APPROX_BEFORE_RE.test(before)) return 'approximately';
  const negatable = [lastWords(before, 8), lastWords(` ${before}`.replace(FILLER_BEFORE_RE, ''), 8)];
  if (negatable.some((t) => NEGATED_FLOOR_RE.test(t))) return 'up_to';
  if (negatable.some((t) => NEGATED_BELOW_RE.test(t))) return 'at_least';
  if (JUST_OVER_RE.test(near) || JUST_OVER_RE.test(compared) || JUST_OVER_AFTER_RE.test(after)) return 'just_over';
  if (NEARLY_RE.test(near) || NEARLY_RE.test(compared) || NEARLY_AFTER_RE.test(after)) return 'nearly';
  if (
    FLOOR_RE.test(near) ||
    FLOOR_RE.test(compared) ||
    /^(\s*(or|and) (more|above|higher|greater|over|up|upwards)\b|\s*at (a |the very )?(minimum|least)\b|\s*minimum\b)/.test(after) ||
    FLOOR_AFTER_RE.test(after) ||
    // "$110 million-plus" and "$110 million+" are floors, whatever follows ("-plus upfront");
    // a spaced "plus" adds something else ("plus up to …", "plus royalties").
    /^(\+|-?plus\b)/.test(after)
  ) {
    return 'at_least';
  }
  if (BELOW_RE.test(near) || BELOW_RE.test(compared) || /^\s*or (lower|below|under)\b/.test(after)) return 'below';
  if (/^(\s*\(?\s*or so\b|,?\s*(roughly|approximately|or thereabouts|give or take|more or less)\b|-ish\b|-or-so\b|-odd\b)/.test(after) || APPROX_AFTER_RE.test(after)) return 'approximately';
  if (CEILING_NEAR_RE.test(near) || /^\s*(at most|or less|at the most)\b/.test(after) || CEILING_AFTER_RE.test(after)) return 'up_to';
  // "roughly an 80% share": the article does not undo the approximation.
  if (APPROX_RE.test(near) || APPROX_RE.test(lastWords(before.replace(/\s+an?\s*$/i, ''), 3))) return 'approximately';
  if (kind !== 'count' && CEILING_WIDE_RE.test(wide) && !FIRM_AFTER_ASIDE_RE.test(wide.split(CEILING_WIDE_RE).pop() ?? '')) return 'up_to';
  return 'exact';
}

/**
 * A comparison sign right before a figure, as the qualifier it stands for: "<$110 million" is
 * below it, "≤" a ceiling, ">" and "≥" a floor, "≈" and "∼" an approximation. Slack-escaped signs
 * ("&lt;") read the same.
 */
const COMPARISON_SIGNS = wordTable<FigureQualifier>({
  '<': 'below',
  '&lt;': 'below',
  '<=': 'up_to',
  '&lt;=': 'up_to',
  '≤': 'up_to',
  '⩽': 'up_to',
  '≦': 'up_to',
  '>': 'at_least',
  '&gt;': 'at_least',
  '>=': 'at_least',
  '&gt;=': 'at_least',
  '≥': 'at_least',
  '⩾': 'at_least',
  '≧': 'at_least',
  '≈': 'approximately',
  '≃': 'approximately',
  '∼': 'approximately',
  '±': 'approximately',
  '‹': 'below',
  '›': 'at_least',
  '≲': 'up_to',
  '≳': 'at_least',
});
const COMPARISON_SIGN_RE = /(&lt;=?|&gt;=?|<=?|>=?|[≤⩽≦≥⩾≧≈≃∼±‹›≲≳])\s*$/;
/**
 * Words before a figure that the lists above do not hold: "capped at $110 million" is a ceiling,
 * "as little as $X" a floor, "in the region of", "on the order of", "c." an approximation.
 */
const CEILING_BEFORE_RE = /\b(?:capped(?:\s+at)?|(?:a\s+)?cap(?:\s+of)?|within|no (?:higher|larger|bigger|greater) than|at the (?:very )?most)\s*$/i;
const FLOOR_BEFORE_RE = /\b(?:as little as|as low as|a floor of|no (?:lower|smaller) than)\s*$/i;
const APPROX_BEFORE_RE = /(?:\b(?:in the (?:region|ballpark|neighbou?rhood|vicinity) of|on the order of|something like|in the order of|ca?\.)|\bc\.)\s*$/i;

/**
 * A ceiling or floor a few words after a figure, at the end of its clause, or in brackets:
 * "$110 million upfront at most", "$110 million (or less) upfront", "80% of sales or more".
 */
const CEILING_AFTER_RE =
  /^(?:\s*\(\s*(?:or less|or lower|at most|at the most|max(?:imum)?)\s*\)|(?:\s+[\p{L}-]+){0,3}?,?\s+(?:at most|at the most|or less|or lower|or under|or below|max(?:imum)?|tops)(?=\s*(?:[.,;:)!?]|$)))/iu;
const FLOOR_AFTER_RE =
  /^(?:\s*\(\s*(?:or more|or above|or higher|at least|at (?:a )?minimum)\s*\)|(?:\s+[\p{L}-]+){0,3}?,?\s+(?:or more|or above|or higher|or over|at (?:a |the very )?(?:minimum|least))(?=\s*(?:[.,;:)!?]|$)))/iu;

/**
 * An approximation a few words after a figure, at the end of its clause: "$110 million upfront
 * or so", "$110 million upfront, give or take", "1,700 people, roughly".
 */
const APPROX_AFTER_RE = /^(?:\s+[\p{L}-]+){1,3}?(?:\s+or so|,?\s+(?:roughly|approximately|or thereabouts|give or take|more or less))(?=\s*(?:[.,;:)!?]|$))/iu;

interface Cue {
  quantity: Quantity;
  start: number;
  end: number;
}

const CUE_RES: { quantity: Quantity | 'milestone'; re: RegExp }[] = [
  {
    quantity: 'upfront',
    re: /\bup[- ]?front\b|\binitial payment|\b(?:at|on|upon) (?:signing|signature|closing|the outset)\b|\b(?:signing|closing) (?:fee|payment|bonus)(?:es|s)?\b|\bdown[- ]payments?\b|\bimmediately\b|\blump[- ]sums?\b|\bone-(?:time|off) (?:payment|fee|sum)s?\b/giu,
  },
  { quantity: 'near_term', re: /\bnear[- ]term\b/giu },
  { quantity: 'equity', re: /\bequity\b|\bstakes?\b|\bshares\b/giu },
  {
    quantity: 'investment',
    re: /\binvest(?:s|ed|ing|ment|ments)?\b|\bcommit(?:s|ted|ting|ment|ments)?\b|\bpledge[sd]?\b|\bspen[dt]\b|\bspending\b/giu,
  },
  // "an upfront fee" is the upfront, not fees.
  { quantity: 'fees', re: /(?<!\bup[- ]?front\s)\bfees?\b/giu },
  { quantity: 'royalties', re: /\broyalt(?:y|ies)\b/giu },
  {
    quantity: 'total',
    re: /\btotal(?:s|ling|ing)?\b|\bin all\b|\bheadline\b|\bworth\b|\bvalued?\b|\bvalues\b|\boverall\b|\baggregate\b|\bcombined\b|\ball told\b|\baltogether\b/giu,
  },
  { quantity: 'commercial_milestones', re: /\bsales[- ](?:related|based|linked)\b|\bcommercial payments?\b/giu },
  { quantity: 'milestone', re: /\bmilestones?\b/giu },
];

const DEV_RE = /\b(develop\w*|regulatory|clinical|approvals?|filings?)\b/i;
const COM_RE = /\b(sales|commerciali[sz]\w*|commercial|revenue\w*|launch\w*)\b/i;
/** What ends the words that say which kind a milestone is: "development milestones, with sales …". */
const KIND_BREAK_RE = /[,;:()]|\b(?:with|while|whereas|but|plus|besides|than)\b/i;
/** A payment other than milestones, after which words no longer say the milestones' kind. */
const OTHER_PAYMENT_RE = /\b(?:royalt(?:y|ies)|up[- ]?fronts?|fees?|equity)\b/i;
/** "$5.3 billion deal", "$200M AI-driven research deal": the figure is the deal's value. */
const DEAL_AFTER_RE = /^\s*(?:[\p{L}-]+\s+){0,3}?(deal|agreement|pact|collaboration|partnership|tie-up|transaction)\b/iu;

/**
 * The words between a figure and a cue that say what the figure is an amount of: "$18 million
 * in milestones", "$X of equity", "$X as an upfront payment", "$X for / tied to / through
 * milestones", "$X paid upfront", "$X, all of it in milestones", "$X in development, regulatory
 * and sales milestones". A preposition (or "paid", "tied to"), an optional determiner and at most
 * five modifier words (commas allowed), none of them a verb, a preposition ("in cash ahead of
 * milestones" is no amount of milestones) or a word that starts another statement. "As part of"
 * attaches nothing: "$X as part of the overall deal" is a part, not the total. ", and", ", or"
 * and ", plus" start the next list item: "$X for sales, and single-digit royalties" is no amount
 * of royalties.
 */
const ATTACH_LINK = '(?:in|of|as|for|to|through|via|(?:tied|linked|paid|payable)(?:\\s+(?:to|in|as|for))?)';
const NOT_MODIFIER =
  'is|are|was|were|be|been|being|will|would|has|have|had|to|that|which|who|while|but|with|without|including|excluding|plus|besides|not|' +
  'ahead|before|after|than|of|on|top|in|at|for|from|by|into|onto|upon|over|under|above|below|beyond|within|against|towards?|through|via|across|behind|during|since|until|per|alongside|instead|rather|part';
const ATTACHED_RE = new RegExp(
  `^(?:\\s+|\\s*,\\s+(?:(?:all|most|much|half|part|some)\\s+(?:of\\s+(?:it|which|that|this)\\s+)?)?(?=in\\b|as\\b|paid\\b|payable\\b|tied\\b|linked\\b))` +
    `(?!as\\s+part\\b)${ATTACH_LINK}\\s+(?:(?:an?|the|its|their)\\s+)?(?:(?!(?:${NOT_MODIFIER})[\\s,])(?!(?<=,\\s+)(?:and|or|plus)\\b)[\\p{L}-]+,?\\s+){0,5}$`,
  'iu',
);

/** Words that make an amount the whole of its kind: "in total", "in all", "combined", "altogether". */
const TOTALITY_RE = /\b(?:in total|total(?:s|led|ling|ing)?|in all|combined|altogether|all told|overall|aggregate|in sum)\b/i;

/** Cue words in `text[from, to)`, with the milestone kind refined by nearby modifiers. */
function cuesIn(text: string, from: number, to: number): Cue[] {
  const ctx = text.slice(from, to);
  const cues: Cue[] = [];
  for (const { quantity, re } of CUE_RES) {
    eachMatch(re, ctx, (m) => {
      let q: Quantity;
      if (quantity === 'milestone') {
        const lo = Math.max(0, m.index - 50);
        // The words around the cue, within its own part of the clause.
        const left = ctx.slice(lo, m.index).split(KIND_BREAK_RE).pop() ?? '';
        // Words after another payment noun are that payment's: in "milestones and tiered
        // royalties on sales" the sales are the royalties'.
        const right = ctx.slice(m.index + m[0].length, m.index + m[0].length + 100).split(KIND_BREAK_RE)[0]?.split(OTHER_PAYMENT_RE)[0] ?? '';
        const near = `${left}${m[0]}${right}`;
        const dev = DEV_RE.test(near);
        const com = COM_RE.test(near);
        q = dev && !com ? 'development_milestones' : com && !dev ? 'commercial_milestones' : dev && com ? 'all_milestones' : 'milestones';
      } else {
        q = quantity;
      }
      cues.push({ quantity: q, start: from + m.index, end: from + m.index + m[0].length });
    });
  }
  // "fees total $200 million", "milestone payments totalling …": the verb "total" sums up the
  // noun before it; the quantity is that noun's.
  return cues.filter(
    (c) =>
      !(
        c.quantity === 'total' &&
        /^total/i.test(text.slice(c.start, c.end)) &&
        cues.some((o) => o.quantity !== 'total' && o.end <= c.start && c.start - o.end <= 20)
      ),
  );
}

/**
 * "$1.62 billion for development", "$3.6 billion for sales": one kind word after a figure, in a
 * list of milestone amounts, says which kind of milestone the figure is.
 */
const FOR_KIND_RE = /^\s+for\s+(?:the\s+)?(development|regulatory|clinical|sales|commercial|commerciali[sz]ation)\b(?!\s+[\p{L}-]*(?:milestone|payment|royalt))/iu;
/** What heads such a list: "milestone payments of up to $1.62 billion for development". */
const MILESTONE_HEAD_RE = /^\s*(?:payments?\s+)?(?:of\s+|worth\s+|totall?ing\s+)?(?:(?:up[- ]to|as much as)\s+)?$/i;
/** What joins two items of such a list: "… for development and up to $3.6 billion for sales". */
const MILESTONE_NEXT_RE = /^\s*,?\s*(?:and|or)?\s*(?:(?:up[- ]to|as much as|another|a further)\s+)?$/i;
const MILESTONE_KINDS = new Set<Quantity>(['milestones', 'development_milestones', 'commercial_milestones', 'all_milestones']);

/**
 * "The milestones, up to $1.92 billion, far exceed the $100 million upfront", "$1.92 billion in
 * milestones is more than the $100 million upfront", "The $100 million upfront is smaller than
 * the up to $1.92 billion in milestones": the words from one money figure to the next compare
 * the two amounts, which sets no floor (or "below") on the second; the second keeps the
 * qualifier written after the article ("the up to $1.92 billion"). Only the first figure (with a
 * few attached words or a payment noun, a comma, adverbs, a modal or a copula) may stand before
 * the comparison, and "the" / "its" / "their" after it: "CSPC receives more than the $100
 * million upfront" and "$1.92 billion in milestones and more than $100 million upfront" keep
 * their floors. The comparison must also hold for the two amounts (`comparisonHolds`).
 */
const COMPARE_ADVERB = '(?:far|much|well|easily|significantly|considerably|substantially|vastly|greatly|comfortably|already|dramatically|many times|several times)';
const PAYMENT_NOUN = '(?:up[- ]?front|milestones?|royalt(?:y|ies)|fees?|payments?|investment|commitment|total|headline)';
function amountComparisonRe(compare: string): RegExp {
  return new RegExp(
    `^(?:\\s+${PAYMENT_NOUN}){0,2}(?:\\s+(?:in|of|for)(?:\\s+(?!(?:${NOT_MODIFIER}|and|or|but|then|so|yet)\\b)[\\p{L}-]+){1,4})?\\s*[,)]?\\s*` +
      `(?:(?:would|will|could|may|might|can|do|does)\\s+)?(?:(?:is|are|was|were|be)\\s+)?(?:${COMPARE_ADVERB}\\s+)*` +
      `(?:${compare})\\s+((?:the|its|their)\\s+(?:(?:roughly|about|around|approximately|nearly|almost|up to)\\s+)?)$`,
    'iu',
  );
}
const AMOUNT_COMPARISON_RE = amountComparisonRe(
  'exceeds?|exceeded|surpass(?:es|ed)?|outstrip(?:s|ped)?|eclipse[sd]?|dwarf(?:s|ed)?|tops|topped|(?:more|greater|larger|bigger|higher) than',
);
const AMOUNT_BELOW_COMPARISON_RE = amountComparisonRe('(?:less|smaller|lower) than');

/** The first amount is above (for a floor word) or below (for a "below" word) the second, in one currency. */
function comparisonHolds(first: MoneyFigure, second: MoneyFigure, above: boolean): boolean {
  if (first.currency && second.currency && first.currency !== second.currency) return false;
  return above ? first.amount > second.amount : first.amount < second.amount;
}

/**
 * What may stand between two amounts for the first one's "up to" to carry to the second: at
 * most three words attached after the first ("in development", "for sales") and a list joiner
 * (", ", " and ", ", or ", "and another"), nothing else.
 */
const LIST_CARRY_RE = new RegExp(
  `^(?:\\s+(?:in|for|of)(?:\\s+(?!(?:${NOT_MODIFIER})\\b)[\\p{L}-]+){1,3})?` +
    `(?:\\s*,\\s*(?:(?:and|or)\\s+)?|\\s+(?:and|or)\\s+)(?:(?:another|a further)\\s+)?$`,
  'iu',
);
/** "the up-to-$5.3 billion headline": a compound adjective of its own figure. */
const HYPHENATED_CEILING_RE = /\bup-to-\s*$/i;

/** Words that end one money figure's clause and begin the next one's (and a sentence break). */
const CLAUSE_BREAK_RE =
  /[,;:()]|\.(?=\s)|\b(and|plus|while|whereas|with|as well as|on top of|including|in addition to|but|besides|alongside|of which|then)\b/i;

/**
 * Splits the sentence into one clause per money figure and reads each figure's qualifier and
 * quantity from its own clause only.
 */
function classifyMoney(text: string, money: MoneyFigure[]): void {
  const bounds: { from: number; to: number }[] = money.map(() => ({ from: 0, to: text.length }));
  const lookBack: (number | undefined)[] = [];
  // The first figure's clause starts after the last sentence break before it.
  const first = money[0];
  if (first) {
    const head = text.slice(0, first.start);
    const brk = Math.max(head.lastIndexOf('; '), head.lastIndexOf('. '), head.lastIndexOf(': '));
    bounds[0]!.from = brk >= 0 ? brk + 2 : 0;
  }
  for (let i = 0; i + 1 < money.length; i++) {
    const a = money[i]!;
    const b = money[i + 1]!;
    const gap = text.slice(a.end, b.start);
    const m = CLAUSE_BREAK_RE.exec(gap);
    const split = m ? a.end + m.index : a.end + Math.floor(gap.length / 2);
    bounds[i]!.to = split;
    bounds[i + 1]!.from = m ? split + m[0].length : split;
    // With no break between them, the second figure's qualifier is read from the first figure
    // on: a mid-gap split would cut "exceed the" in "$1.92 billion exceed the $100 million".
    if (!m) lookBack[i + 1] = a.end;
  }
  const listedMilestone: boolean[] = [];
  money.forEach((f, i) => {
    const { from } = bounds[i]!;
    // A clause ends at the end of its sentence part: "Development milestones: up to $1.62
    // billion. Sales milestones: …" does not give the first figure the second one's label.
    const stop = text.indexOf('. ', f.end);
    const to = stop >= 0 ? Math.min(bounds[i]!.to, stop) : bounds[i]!.to;
    // "The upfront payment: up to $1.62 billion": a first figure with no cue words in its own
    // clause takes them from the sentence before its clause.
    const dot = text.lastIndexOf('. ', f.start);
    const sentenceStart = i > 0 ? from : dot >= 0 ? dot + 2 : 0;
    f.qualifier = qualifierAround(text, f, lookBack[i] ?? from, 'money');
    const prev = money[i - 1];
    const above = f.qualifier === 'at_least';
    const compareRe = above ? AMOUNT_COMPARISON_RE : f.qualifier === 'below' ? AMOUNT_BELOW_COMPARISON_RE : undefined;
    const written = prev && compareRe ? compareRe.exec(text.slice(prev.end, f.start)) : null;
    // A comparison the amounts do not bear out keeps its floor (or "below"), and is blocked.
    const comparison = written && prev && comparisonHolds(prev, f, above) ? written : null;
    if (comparison) f.qualifier = qualifierAround(text, f, f.start - comparison[1]!.length, 'money');
    // "up to $1.62 billion in development and $3.6 billion in sales milestones": the "up to"
    // carries over a short list of amounts, not into a clause of its own ("…, and CSPC
    // receives $110 million", "…, with $42 million upfront"); "the up-to-$5.3 billion
    // headline" keeps it to its own figure.
    if (
      f.qualifier === 'exact' &&
      prev?.qualifier === 'up_to' &&
      !comparison &&
      !HYPHENATED_CEILING_RE.test(text.slice(0, prev.start)) &&
      LIST_CARRY_RE.test(text.slice(prev.end, f.start)) &&
      // "headline value up to $5.3bn, $110m upfront": an upfront is a firm amount of its own.
      !/^\s*up[- ]?front\b/i.test(text.slice(f.end))
    ) {
      f.qualifier = 'up_to';
    }
    let cues = cuesIn(text, from, to).filter((c) => c.end <= f.start || c.start >= f.end);
    if (cues.length === 0 && sentenceStart < from) cues = cuesIn(text, sentenceStart, from);
    const after = text.slice(f.end, to);
    const deal = DEAL_AFTER_RE.exec(after);
    if (deal) {
      const at = f.end + deal.index + deal[0].length - (deal[1] ?? '').length;
      cues.push({ quantity: 'total', start: at, end: at + (deal[1] ?? '').length });
    }
    // A cue attached after the figure says what the amount is, whatever stands before it:
    // "worth $18 million in milestones" is milestones, not a total.
    const attached = cues
      // A total is never attached: "fees of $200 million in the multi-year deal" are fees.
      .filter((c) => c.quantity !== 'total' && c.start >= f.end && ATTACHED_RE.test(text.slice(f.end, c.start)))
      .sort((a, b) => a.start - b.start)[0];
    let best: Cue | undefined = attached;
    let bestDistance = attached ? -1 : Infinity;
    for (const c of cues) {
      const d = c.end <= f.start ? f.start - c.end : c.start - f.end;
      // Ties go to the cue after the figure ("$110 million upfront").
      if (d < bestDistance || (d === bestDistance && c.start >= f.end)) {
        best = c;
        bestDistance = d;
      }
    }
    if (best) f.quantity = best.quantity;
    // "milestone payments of up to $1.62 billion for development and up to $3.6 billion for
    // sales": each item of a list headed by milestones takes the kind its own words give.
    const kind = attached ? undefined : FOR_KIND_RE.exec(text.slice(f.end));
    if (kind) {
      const head = cuesIn(text, sentenceStart, f.start).filter((c) => MILESTONE_KINDS.has(c.quantity)).pop();
      const listed =
        (head !== undefined && MILESTONE_HEAD_RE.test(text.slice(head.end, f.start))) ||
        (prev !== undefined &&
          listedMilestone[i - 1] === true &&
          MILESTONE_NEXT_RE.test(text.slice(prev.end, f.start).replace(FOR_KIND_RE, '')));
      if (listed) {
        f.quantity = DEV_RE.test(kind[1]!) ? 'development_milestones' : 'commercial_milestones';
        listedMilestone[i] = true;
      }
    }
    if (f.quantity === 'milestones' && TOTALITY_RE.test(`${text.slice(from, f.start)} ${text.slice(f.end, to)}`)) f.whole = true;
  });
}

/** Cue-word quantities anywhere in a text (used to read what a question asks about). */
export function quantitiesIn(text: string): Set<Quantity> {
  const clean = cleanText(text);
  return new Set(cuesIn(clean, 0, clean.length).map((c) => c.quantity));
}

// ---------------------------------------------------------------------------------------------
// Display

const QUANTITY_LABEL: Record<Quantity, string> = {
  upfront: 'upfront',
  equity: 'equity',
  near_term: 'near-term payments',
  development_milestones: 'development milestones',
  commercial_milestones: 'sales milestones',
  milestones: 'milestones',
  all_milestones: 'development and sales milestones together',
  fees: 'fees',
  investment: 'investment',
  total: 'a total / headline value',
  royalties: 'royalties',
};

export function describeQuantity(q: Quantity): string {
  return QUANTITY_LABEL[q];
}

const QUALIFIER_LABEL: Record<FigureQualifier, string> = {
  exact: 'a firm amount',
  up_to: "'up to' (a ceiling)",
  approximately: 'an approximation',
  at_least: "'at least' / 'more than'",
  below: "'less than' / 'under'",
  nearly: "'nearly' / 'almost' (a little below)",
  just_over: "'just over' (a little above)",
};

export function describeQualifier(q: FigureQualifier): string {
  return QUALIFIER_LABEL[q];
}

/** A short label for a figure in a failure reason: `"$10 billion"`. */
export function describeFigure(f: Figure): string {
  return `"${f.raw.trim()}"`;
}
