/**
 * Money as deal reports write it: "$1.62 billion", "USD 110m", "110,000,000", "€50M".
 *
 * Amounts are kept in whole currency units as integers. Deal values are never quoted below a
 * unit, and integers up to 2^53 comfortably hold any deal (a trillion dollars is 1e12).
 */

export interface Money {
  /** ISO 4217 code, e.g. "USD". */
  currency: string;
  /** Whole currency units, an integer. */
  amount: number;
}

const SYMBOLS: Record<string, string> = {
  $: 'USD',
  us$: 'USD',
  usd: 'USD',
  '€': 'EUR',
  eur: 'EUR',
  '£': 'GBP',
  gbp: 'GBP',
  '¥': 'CNY',
  rmb: 'CNY',
  cny: 'CNY',
  jpy: 'JPY',
  chf: 'CHF',
};

const SCALES: Record<string, number> = {
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
};

// currency prefix? number (with thousands separators) scale? currency suffix?
const AMOUNT_RE =
  /^\s*(us\$|\$|€|£|¥|usd|eur|gbp|cny|rmb|jpy|chf)?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)\s*(thousand|millions?|billions?|trillion|mil|mln|bln|mn|mm|bn|tn|k|m|b|t)?\.?\s*(usd|eur|gbp|cny|rmb|jpy|chf)?\s*$/i;

/** What `parseMoney` accepts, for error messages. */
export const MONEY_FORMAT_HINT =
  "expected an amount such as 110000000, '$110 million', 'USD 110m' or '$1.62 billion'";

/**
 * Parses a money string or number. Returns undefined when the text is not a single amount, or
 * not one a deal could have: the amount must be a whole number of units up to 2^53 - 1 (a
 * figure like "1e300 trillion" would otherwise be stored as Infinity and shown as nonsense).
 * A bare number has no currency; the caller supplies the default.
 */
export function parseMoney(
  input: string | number,
  defaultCurrency = 'USD',
): Money | undefined {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return undefined;
    const amount = Math.round(input);
    return Number.isSafeInteger(amount) ? { currency: defaultCurrency, amount } : undefined;
  }
  const m = AMOUNT_RE.exec(input.replace(/\u00a0/g, ' '));
  if (!m) return undefined;
  const [, prefix, digits, scaleWord, suffix] = m;
  if (prefix && suffix) return undefined;
  const base = Number((digits ?? '').replace(/,/g, ''));
  if (!Number.isFinite(base)) return undefined;
  const scale = scaleWord ? SCALES[scaleWord.toLowerCase()] ?? 1 : 1;
  const code = prefix ?? suffix;
  const currency = code ? SYMBOLS[code.toLowerCase()] ?? defaultCurrency : defaultCurrency;
  // Round away binary noise (1.62 * 1e9 = 1620000000.0000002).
  const amount = Math.round(base * scale);
  return Number.isSafeInteger(amount) ? { currency, amount } : undefined;
}

const CURRENCY_SIGN: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

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
