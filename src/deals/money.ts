/**
 * Money as deal reports write it: "$1.62 billion", "USD 110m", "110,000,000", "€50M".
 *
 * Amounts are kept in whole currency units as integers. Deal values are never quoted below a
 * unit, and integers up to 2^53 comfortably hold any deal (a trillion dollars is 1e12).
 */

import type { Qualifier } from './vocabulary';
import { wordTable } from '../word-table';

export interface Money {
  /** ISO 4217 code, e.g. "USD". */
  currency: string;
  /** Whole currency units, an integer. */
  amount: number;
}

const SYMBOLS = wordTable<string>({
  $: 'USD',
  us$: 'USD',
  usd: 'USD',
  '€': 'EUR',
  eur: 'EUR',
  '£': 'GBP',
  gbp: 'GBP',
  rmb: 'CNY',
  cny: 'CNY',
  // Words after an amount in a sentence ("1.2 billion US dollars"; see moneyMentions).
  'us dollars': 'USD',
  dollars: 'USD',
  euros: 'EUR',
  pounds: 'GBP',
  jpy: 'JPY',
  chf: 'CHF',
});

const SCALES = wordTable<number>({
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  mm: 1e6,
  mil: 1e6,
  mln: 1e6,
  million: 1e6,
  millions: 1e6,
  b: 1e9,
  bn: 1e9,
  bln: 1e9,
  billion: 1e9,
  billions: 1e9,
  t: 1e12,
  tn: 1e12,
  trillion: 1e12,
});

// currency prefix? number (with thousands separators) scale? currency suffix?
const CURRENCY = String.raw`us\$|\$|€|£|¥|usd|eur|gbp|cny|rmb|jpy|chf`;
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+`;
const SCALE = String.raw`thousand|millions?|billions?|trillion|mil|mln|bln|mn|mm|bn|tn|k|m|b|t`;
const CODE = String.raw`usd|eur|gbp|cny|rmb|jpy|chf`;
const AMOUNT_RE = new RegExp(String.raw`^\s*(${CURRENCY})?\s*(${NUMBER})\s*(${SCALE})?\.?\s*(${CODE})?\s*$`, 'i');
/** What `parseMoney` accepts, for error messages. */
export const MONEY_FORMAT_HINT =
  "expected an amount such as 110000000, '$110 million', 'USD 110m' or '$1.62 billion'";

/** Why `raw` is not an amount, more precisely than MONEY_FORMAT_HINT where that helps. */
export function moneyProblem(raw: string | number): string {
  if (typeof raw === 'string' && raw.includes('¥')) return `'¥' is used for both yen and yuan: write JPY or CNY (e.g. 'JPY 10 billion'), got '${raw}'`;
  if (parseMoney(raw, 'USD', { fractions: true })) return `an amount must be a whole number of currency units, got '${raw}'`;
  return `${MONEY_FORMAT_HINT}, got '${raw}'`;
}

/**
 * Parses a money string or number. Returns undefined when the text is not a single amount, or
 * not one a deal could have: the amount must be a whole number of units up to 2^53 - 1 (a
 * figure like "1e300 trillion" would otherwise be stored as Infinity and shown as nonsense),
 * and is never rounded to one ("$0.4" is not $0). `¥` is refused: it is both yen and yuan.
 * A bare number has no currency; the caller supplies the default.
 */
export function parseMoney(
  input: string | number,
  defaultCurrency = 'USD',
  options: { fractions?: boolean } = {},
): Money | undefined {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return undefined;
    if (options.fractions) input = Math.round(input);
    return Number.isSafeInteger(input) ? { currency: defaultCurrency, amount: input } : undefined;
  }
  const m = AMOUNT_RE.exec(input.replace(/\u00a0/g, ' '));
  if (!m) return undefined;
  const [, prefix, digits, scaleWord, suffix] = m;
  if (prefix && suffix) return undefined;
  return moneyOf(prefix ?? suffix, digits!, 0, digits!.length, scaleWord, defaultCurrency, options.fractions ?? false);
}

/**
 * The amount a currency, a number written as text[from, to) and a scale word make, in whole
 * units; undefined when the number is not written as NUMBER allows ("1,62", "1,620.5").
 */
function moneyOf(code: string | undefined, text: string, from: number, to: number, scaleWord: string | undefined, defaultCurrency: string, fractions: boolean): Money | undefined {
  const currency = code ? SYMBOLS[code.length === 1 ? code : code.toLowerCase()] : defaultCurrency;
  if (!currency) return undefined;
  const scale = scaleWord ? SCALES[scaleWord] ?? SCALES[scaleWord.toLowerCase()] ?? 1 : 1;
  // Worked out from the digits, not by multiplying floats (1.62 * 1e9 = 1620000000.0000002):
  // a fraction finer than a unit ("$0.4", "$1.2345678 million") is not a whole amount.
  let whole = 0;
  let group = 0;
  let commas = 0;
  let k = from;
  for (; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x2e) break;
    if (c === 0x2c) {
      // Thousands separators: 1 to 3 digits, then groups of exactly 3.
      if (commas > 0 ? group !== 3 : group === 0 || group > 3) return undefined;
      commas++;
      group = 0;
    } else {
      whole = whole * 10 + c - 0x30;
      group++;
    }
  }
  if (commas > 0 && group !== 3) return undefined;
  let last = to;
  while (last > k + 1 && text.charCodeAt(last - 1) === 0x30) last--;
  let fraction = 0;
  let places = 0;
  for (k++; k < last; k++) {
    fraction = fraction * 10 + text.charCodeAt(k) - 0x30;
    places++;
  }
  const unit = scale / 10 ** places;
  if (unit < 1) {
    if (!fractions) return undefined;
    const amount = Math.round((whole + fraction / 10 ** places) * scale);
    return Number.isSafeInteger(amount) ? { currency, amount } : undefined;
  }
  const amount = whole * scale + fraction * unit;
  return Number.isSafeInteger(amount) ? { currency, amount } : undefined;
}

/** An amount written in a sentence, with the qualifier the words just before it give. */
export interface MoneyMention {
  money: Money;
  /**
   * `exact` when no words qualify it; `other` when they make it something no single figure is
   * backed by: one end of a range ("$1.5bn-$2bn"), "less than", "not more than".
   */
  qualifier: Qualifier | 'other';
}

/**
 * Words before an amount that qualify it, by their last word: "up to $5m" is read by finding
 * "to" just before the amount, then checking the phrase. (Regular expressions anchored at the
 * end of the words before each amount cost ~0.5 µs a fact; this runs on every deal at load.)
 */
const QUALIFYING_PHRASES = new Map<string, [string, MoneyMention['qualifier']][]>();
for (const [qualifier, phrases] of [
  ['up_to', ['up to', 'as much as', 'maximum of', 'no more than', 'capped at', 'at most']],
  ['approximately', ['about', 'approximately', 'around', 'roughly', 'some', 'nearly', 'almost', 'close to', 'circa', 'an estimated', 'estimated at']],
  ['at_least', ['at least', 'more than', 'over', 'in excess of', 'upwards of', 'upward of', 'exceeding', 'minimum of']],
  ['other', ['less than', 'fewer than', 'lower than', 'under', 'below', 'short of', 'between']],
] as const) {
  for (const phrase of phrases) {
    const last = phrase.slice(phrase.lastIndexOf(' ') + 1);
    const list = QUALIFYING_PHRASES.get(last) ?? [];
    list.push([phrase, qualifier]);
    QUALIFYING_PHRASES.set(last, list);
  }
}

/** Words after an amount that qualify it: "$5m or more", "$5m+". */
const QUALIFYING_AFTER: [string, MoneyMention['qualifier']][] = [
  ['+', 'at_least'],
  [' or more', 'at_least'],
  [' or above', 'at_least'],
  [' or higher', 'at_least'],
  [' and above', 'at_least'],
  [' and up', 'at_least'],
  [' or less', 'up_to'],
  [' or below', 'up_to'],
  [' or lower', 'up_to'],
];

/** The qualifier the words ending at `end` give an amount that follows them. */
function qualifierBefore(text: string, end: number): MoneyMention['qualifier'] {
  let k = end;
  while (k > 0 && text.charCodeAt(k - 1) === 0x20) k--;
  if (text.charCodeAt(k - 1) === 0x7e /* ~ */) return 'approximately';
  // The other end of a range: "$1.5bn-$2bn", "$1.5bn to $2bn", "1.5 to $2 billion".
  const dash = text.charCodeAt(k - 1);
  if ((dash === 0x2d || dash === 0x2013 || dash === 0x2014) && endsWithAmount(text, k - 1)) return 'other';
  let w = k;
  while (w > 0 && isLetter(text.charCodeAt(w - 1))) w--;
  if (w === k) return 'exact';
  const word = text.slice(w, k).toLowerCase();
  if (word === 'to' && endsWithAmount(text, w)) return 'other';
  const candidates = QUALIFYING_PHRASES.get(word);
  if (!candidates) return 'exact';
  const before = text.slice(Math.max(0, k - 20), k).toLowerCase();
  for (const [phrase, qualifier] of candidates) {
    const at = before.length - phrase.length;
    if (before.endsWith(phrase) && !isLetter(before.charCodeAt(at - 1))) {
      // "not more than", "not less than": a negated comparison backs no single figure.
      return qualifier !== 'up_to' && before.slice(0, at).trimEnd().endsWith('not') ? 'other' : qualifier;
    }
  }
  return 'exact';
}

/** The qualifier the words from `at` give the amount that ends there, or undefined. */
function qualifierAfter(text: string, at: number): MoneyMention['qualifier'] | undefined {
  let k = at;
  while (text.charCodeAt(k) === 0x20) k++;
  const dash = text.charCodeAt(k);
  // One end of a range: "$1.5bn-$2bn", "$1.5bn to $2bn".
  if ((dash === 0x2d || dash === 0x2013 || dash === 0x2014) && startsAmount(text, k + 1)) return 'other';
  if (text.slice(k, k + 3).toLowerCase() === 'to ' && startsAmount(text, k + 3)) return 'other';
  const rest = text.slice(at, at + 12).toLowerCase();
  for (const [words, qualifier] of QUALIFYING_AFTER) {
    if (rest.startsWith(words) && !isLetter(rest.charCodeAt(words.length))) return qualifier;
  }
  return undefined;
}

/** Whether the text before `end` (spaces aside) ends in a number, with or without a scale word. */
function endsWithAmount(text: string, end: number): boolean {
  let k = end;
  while (k > 0 && text.charCodeAt(k - 1) === 0x20) k--;
  let w = k;
  while (w > 0 && isLetter(text.charCodeAt(w - 1))) w--;
  if (w < k) {
    if (SCALES[text.slice(w, k).toLowerCase()] === undefined) return false;
    k = w;
    if (text.charCodeAt(k - 1) === 0x20) k--;
  }
  return isDigit(text.charCodeAt(k - 1));
}

/** Whether an amount starts at `at` (spaces aside): a digit, or a currency sign or code then one. */
function startsAmount(text: string, at: number): boolean {
  let k = at;
  while (text.charCodeAt(k) === 0x20) k++;
  if (CURRENCY_SIGNS.has(text[k] ?? '')) k++;
  else if (CODES.has(text.slice(k, k + 3).toLowerCase())) k += 3;
  if (text.charCodeAt(k) === 0x20) k++;
  return isDigit(text.charCodeAt(k)) || (text.charCodeAt(k) === 0x2e && isDigit(text.charCodeAt(k + 1)));
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLetter = (c: number) => ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
/** What may not touch an amount in a sentence: letters, digits, `_` (and `.` or `,` before it). */
const isWord = (c: number) => isLetter(c) || isDigit(c) || c === 0x5f;
const CURRENCY_SIGNS = new Set(['$', '€', '£', '¥']);
const CODES = new Set(['usd', 'eur', 'gbp', 'cny', 'rmb', 'jpy', 'chf']);

/**
 * The amounts a sentence states, each with a currency before or after the number (a bare
 * number in a sentence — "1,700 staff", "in 2024" — is not money) and the qualifier of the words
 * before it: what a fact must say to back a figure. Whole words only: "$5m" is an amount, and so
 * is the "$5" of "$5 more". A scan, not a regular expression: it runs on every deal at load.
 */
export function moneyMentions(text: string, defaultCurrency = 'USD'): MoneyMention[] {
  const out: MoneyMention[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let start = i;
    if (text.charCodeAt(start - 1) === 0x2e && !isDigit(text.charCodeAt(start - 2))) start--; // ".5"
    let end = i;
    for (let c = text.charCodeAt(end); end < n && (isDigit(c) || ((c === 0x2c || c === 0x2e) && isDigit(text.charCodeAt(end + 1)))); c = text.charCodeAt(++end));
    i = end;
    const prev = text.charCodeAt(start - 1);
    // Letters may touch the number only as its currency code ("EUR1bn"), checked below.
    if (isDigit(prev) || prev === 0x5f || prev === 0x2c || prev === 0x2e) continue;
    // A scale word right after: "5m", "5 million"; a letter run that is not one is left alone.
    let after = end;
    let scaleWord: string | undefined;
    const w = text.charCodeAt(end) === 0x20 ? end + 1 : end;
    let wEnd = w;
    while (wEnd < n && isLetter(text.charCodeAt(wEnd))) wEnd++;
    if (wEnd > w && SCALES[text.slice(w, wEnd).toLowerCase()] !== undefined && !isWord(text.charCodeAt(wEnd))) {
      scaleWord = text.slice(w, wEnd);
      after = wEnd;
    }
    if (w === end && scaleWord === undefined && isLetter(text.charCodeAt(end))) continue; // "5x", "3rd"
    // The currency: a sign or code just before (one space allowed), or a code just after.
    let code: string | undefined;
    let lead = text.charCodeAt(start - 1) === 0x20 ? start - 1 : start;
    const sign = text[lead - 1];
    if (sign !== undefined && CURRENCY_SIGNS.has(sign)) {
      code = sign;
      lead--;
      if (sign === '$' && text.slice(lead - 2, lead).toLowerCase() === 'us') {
        code = 'us$';
        lead -= 2;
      }
    } else if (lead >= 3 && CODES.has(text.slice(lead - 3, lead).toLowerCase())) {
      code = text.slice(lead - 3, lead);
      lead -= 3;
    }
    if (code !== undefined) {
      const outer = text.charCodeAt(lead - 1);
      if (isWord(outer) || outer === 0x2e || outer === 0x2c) continue;
    } else if (isLetter(prev)) {
      continue; // "x5", "Q2"
    } else if (text.charCodeAt(after) === 0x20 && (code = currencyWordAt(text, after + 1)) !== undefined) {
      after += 1 + code.length;
    } else {
      continue;
    }
    const next = text[after];
    if (next !== undefined && next !== '+' && (isWord(next.charCodeAt(0)) || CURRENCY_SIGNS.has(next))) continue;
    const money = moneyOf(code, text, start, end, scaleWord, defaultCurrency, false);
    if (money) out.push({ money, qualifier: qualifierAfter(text, after) ?? qualifierBefore(text, lead) });
  }
  return out;
}

/** A currency code or word after an amount at `at` ("USD", "US dollars", "euros"), as written. */
function currencyWordAt(text: string, at: number): string | undefined {
  for (const length of [10, 7, 6, 5, 3]) {
    const word = text.slice(at, at + length);
    if (word.length === length && SYMBOLS[word.toLowerCase()] !== undefined && /[a-z]/i.test(word[0]!) && !isWord(text.charCodeAt(at + length))) return word;
  }
  return undefined;
}

const CURRENCY_SIGN = wordTable<string>({ USD: '$', EUR: '€', GBP: '£' });

/**
 * Formats an amount the way analysts write it: "$110 million", "$1.62 billion", "$840 million".
 * Never rounds away information: digits are kept until the amount is exact at that scale.
 */
export function formatMoney(money: Money): string {
  const sign = CURRENCY_SIGN[money.currency];
  const lead = sign ?? `${money.currency} `;
  const { amount } = money;
  for (const [scale, digits, word] of [
    [1e12, 12, 'trillion'],
    [1e9, 9, 'billion'],
    [1e6, 6, 'million'],
  ] as const) {
    if (amount >= scale) {
      return `${lead}${scaled(amount, scale, digits)} ${word}`;
    }
  }
  return `${lead}${amount.toLocaleString('en-US')}`;
}

/** `amount / scale` written exactly, in integer arithmetic: 1234567891 at 1e9 → "1.234567891". */
function scaled(amount: number, scale: number, digits: number): string {
  const whole = Math.floor(amount / scale);
  const fraction = String(amount - whole * scale).padStart(digits, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
