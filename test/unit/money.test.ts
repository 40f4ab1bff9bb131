import { formatMoney, MONEY_FORMAT_HINT, moneyMentions, parseMoney } from '../../src/deals/money';

describe('parseMoney', () => {
  it.each([
    ['$1.62 billion', 'USD', 1_620_000_000],
    ['USD 110m', 'USD', 110_000_000],
    ['110,000,000', 'USD', 110_000_000],
    ['$110M', 'USD', 110_000_000],
    ['$1.62bn', 'USD', 1_620_000_000],
    ['5.3 billion', 'USD', 5_300_000_000],
    ['€50M', 'EUR', 50_000_000],
    ['$110 million', 'USD', 110_000_000],
    ['$840 million', 'USD', 840_000_000],
    ['$42 million', 'USD', 42_000_000],
    ['US$ 2bn', 'USD', 2_000_000_000],
    ['110 mln usd', 'USD', 110_000_000],
    ['£3.9bn', 'GBP', 3_900_000_000],
    ['$2.5\u00a0billion', 'USD', 2_500_000_000],
    ['  $18 million  ', 'USD', 18_000_000],
  ])('parses %j', (text, currency, amount) => {
    expect(parseMoney(text)).toEqual({ currency, amount });
  });

  it('accepts plain numbers as whole units in the default currency', () => {
    expect(parseMoney(110_000_000)).toEqual({ currency: 'USD', amount: 110_000_000 });
    expect(parseMoney(0)).toEqual({ currency: 'USD', amount: 0 });
    expect(parseMoney(50_000_000, 'EUR')).toEqual({ currency: 'EUR', amount: 50_000_000 });
    expect(parseMoney('110000000', 'GBP')).toEqual({ currency: 'GBP', amount: 110_000_000 });
  });

  it.each(['abc', '$', '1.2.3', '-5', '', '   ', '$-5m', '5 apples', '$1.62 billion dollars', '1,00,000', '$5m USD', 'bn'])(
    'rejects %j',
    (text) => {
      expect(parseMoney(text)).toBeUndefined();
    },
  );

  it('never rounds to a whole unit, and will not guess which currency ¥ is', () => {
    expect(parseMoney('$0.4')).toBeUndefined();
    expect(parseMoney(0.4)).toBeUndefined();
    expect(parseMoney(1.5)).toBeUndefined();
    expect(parseMoney('$1.2345678 million')).toBeUndefined();
    expect(parseMoney('$1.234567 million')).toEqual({ currency: 'USD', amount: 1_234_567 });
    expect(parseMoney('$0.4 million')).toEqual({ currency: 'USD', amount: 400_000 });
    expect(parseMoney('1.50 billion')).toEqual({ currency: 'USD', amount: 1_500_000_000 });
    expect(parseMoney('¥10 billion')).toBeUndefined();
    expect(parseMoney('$1,000,000.00')).toEqual({ currency: 'USD', amount: 1_000_000 });
    expect(parseMoney('$1,000,000.50')).toBeUndefined();
    expect(parseMoney('JPY 10 billion')).toEqual({ currency: 'JPY', amount: 10_000_000_000 });
  });

  it('rejects negative and non-finite numbers', () => {
    expect(parseMoney(-5)).toBeUndefined();
    expect(parseMoney(Number.NaN)).toBeUndefined();
    expect(parseMoney(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('rejects amounts beyond exact whole units, written out or as numbers', () => {
    expect(parseMoney(`1${'0'.repeat(300)} trillion`)).toBeUndefined();
    expect(parseMoney('9999999 trillion')).toBeUndefined();
    expect(parseMoney(1e300)).toBeUndefined();
    expect(parseMoney('9000 trillion')).toEqual({ currency: 'USD', amount: 9e15 });
  });

  it('has no floating-point noise: amounts are exact integers', () => {
    // 1.62 * 1e9 is 1620000000.0000002 in binary floating point.
    expect(parseMoney('$1.62bn')?.amount).toBe(1_620_000_000);
    expect(parseMoney('$1.62 billion')?.amount).toBe(1_620_000_000);
    expect(parseMoney('5.3 billion')?.amount).toBe(5_300_000_000);
    expect(parseMoney('$1.92 billion')?.amount).toBe(1_920_000_000);
    expect(parseMoney('$3.6 billion')?.amount).toBe(3_600_000_000);
    for (const text of ['$1.62bn', '5.3 billion', '$0.1 million', '$2.3m', '$4.35bn']) {
      const amount = parseMoney(text)?.amount;
      expect(Number.isSafeInteger(amount)).toBe(true);
    }
  });

  it('documents what it accepts', () => {
    expect(MONEY_FORMAT_HINT).toMatch(/\$110 million/);
  });
});

describe('formatMoney', () => {
  it.each([
    [110_000_000, '$110 million'],
    [1_620_000_000, '$1.62 billion'],
    [840_000_000, '$840 million'],
    [5_300_000_000, '$5.3 billion'],
    [3_600_000_000, '$3.6 billion'],
    [18_000_000, '$18 million'],
    [1_000_000, '$1 million'],
    [999_999, '$999,999'],
  ])('formats %d as %s', (amount, text) => {
    expect(formatMoney({ currency: 'USD', amount })).toBe(text);
  });

  it('uses the currency sign or code', () => {
    expect(formatMoney({ currency: 'EUR', amount: 50_000_000 })).toBe('€50 million');
    expect(formatMoney({ currency: 'GBP', amount: 3_900_000_000 })).toBe('£3.9 billion');
    expect(formatMoney({ currency: 'CHF', amount: 2_000_000 })).toBe('CHF 2 million');
  });

  it.each(['$110 million', '$1.62 billion', '$840 million', '$5.3 billion', '$42 million', '$2.5 billion'])(
    'round-trips %s',
    (text) => {
      const money = parseMoney(text);
      expect(money).toBeDefined();
      expect(formatMoney(money!)).toBe(text);
      expect(parseMoney(formatMoney(money!))).toEqual(money);
    },
  );

  it('round-trips other spellings to the canonical form', () => {
    expect(formatMoney(parseMoney('USD 110m')!)).toBe('$110 million');
    expect(formatMoney(parseMoney('$1.62bn')!)).toBe('$1.62 billion');
    expect(formatMoney(parseMoney('110,000,000')!)).toBe('$110 million');
  });

  it('never rounds away digits of an exact amount', () => {
    for (const amount of [1_234_567, 1_234_567_891, 1_234_567_891_234, 1_000_000_001, 2_500_000_500]) {
      const text = formatMoney({ currency: 'USD', amount });
      expect(parseMoney(text)).toEqual({ currency: 'USD', amount });
    }
  });
});

describe('moneyMentions', () => {
  it('reads the amounts a sentence states, with the qualifier of the words before them', () => {
    const read = (text: string) => moneyMentions(text).map((m) => [m.money.currency, m.money.amount, m.qualifier]);
    expect(read('CSPC can earn up to $1.62 billion in development milestones and $110 million upfront.')).toEqual([
      ['USD', 1_620_000_000, 'up_to'],
      ['USD', 110_000_000, 'exact'],
    ]);
    expect(read('The milestones is up to USD 634m.')).toEqual([['USD', 634_000_000, 'up_to']]);
    expect(read('It pays RMB 12.5 million, about €3bn later, and more than 40 million EUR.')).toEqual([
      ['CNY', 12_500_000, 'exact'],
      ['EUR', 3_000_000_000, 'approximately'],
      ['EUR', 40_000_000, 'at_least'],
    ]);
  });

  it('reads amounts as whole words, with the currency touching them', () => {
    const read = (text: string) => moneyMentions(text).map((m) => [m.money.currency, m.money.amount, m.qualifier]);
    expect(read('a $5 more; US$ 2bn; ~$.5 million; 2.5bn usd, $3m.')).toEqual([
      ['USD', 5, 'exact'],
      ['USD', 2_000_000_000, 'exact'],
      ['USD', 500_000, 'approximately'],
      ['USD', 2_500_000_000, 'exact'],
      ['USD', 3_000_000, 'exact'],
    ]);
    expect(read('x$5, $5x, $1,62 and $5$ are not amounts; nor is $0.4.')).toEqual([]);
    expect(read('It is worth in excess of EUR 2 billion, capped at £1m, some $12m, upward of $1bn, maximum of $3m.')).toEqual([
      ['EUR', 2_000_000_000, 'at_least'],
      ['GBP', 1_000_000, 'up_to'],
      ['USD', 12_000_000, 'approximately'],
      ['USD', 1_000_000_000, 'at_least'],
      ['USD', 3_000_000, 'up_to'],
    ]);
    // The last word must be the whole phrase's: "tomorrow" is not "to", "handover" not "over".
    expect(read('Paid tomorrow $5m after the handover $6m.').map((m) => m[2])).toEqual(['exact', 'exact']);
  });

  it('reads ranges, negations and comparisons as backing no single figure', () => {
    const read = (text: string) => moneyMentions(text).map((m) => [m.money.amount, m.qualifier]);
    expect(read('worth $1.5bn-$2bn')).toEqual([[1_500_000_000, 'other'], [2_000_000_000, 'other']]);
    expect(read('worth $1.5bn to $2bn, or 1.5 to $2 billion')).toEqual([[1_500_000_000, 'other'], [2_000_000_000, 'other'], [2_000_000_000, 'other']]);
    expect(read('between $1bn and $2bn')).toEqual([[1_000_000_000, 'other'], [2_000_000_000, 'exact']]);
    for (const text of ['not more than $5 million', 'less than $5m', 'under $5m', 'below $5m', 'fewer than $5m']) {
      expect(read(text)).toEqual([[5_000_000, 'other']]);
    }
    expect(read('$5m or more, $6m+ and $7m or less')).toEqual([[5_000_000, 'at_least'], [6_000_000, 'at_least'], [7_000_000, 'up_to']]);
    // "up to" is not a range.
    expect(read('up to $2bn')).toEqual([[2_000_000_000, 'up_to']]);
  });

  it('reads the currency written as a word after the amount, or a code touching it', () => {
    const read = (text: string) => moneyMentions(text).map((m) => [m.money.currency, m.money.amount]);
    expect(read('1.2 billion US dollars, 1.2 billion dollars, 40 million euros, EUR1bn and 3m pounds')).toEqual([
      ['USD', 1_200_000_000],
      ['USD', 1_200_000_000],
      ['EUR', 40_000_000],
      ['EUR', 1_000_000_000],
      ['GBP', 3_000_000],
    ]);
    expect(read('Q2 5m, x5 dollars')).toEqual([]);
  });

  it('does not read years, counts or bare numbers as money', () => {
    expect(moneyMentions('In 2024, 1,700 staff and 5 more sites; a 110,000,000 figure.')).toEqual([]);
    expect(moneyMentions('¥10 billion')).toEqual([]);
  });
});
