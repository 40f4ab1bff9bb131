import {
  cleanText,
  extractFigures,
  negationQualifier,
  numberWordValue,
  quantitiesIn,
  type Figure,
  type MoneyFigure,
} from '../../../src/llm/figures';

const money = (text: string): MoneyFigure[] => extractFigures(text).filter((f): f is MoneyFigure => f.kind === 'money');
const kinds = (text: string): string[] => extractFigures(text).map((f) => `${f.kind}:${f.raw}`);
const only = (text: string): Figure => {
  const figs = extractFigures(text);
  expect(figs).toHaveLength(1);
  return figs[0]!;
};

describe('money spellings', () => {
  it.each([
    ['$110M', 110_000_000, 'USD'],
    ['$110 million', 110_000_000, 'USD'],
    ['USD 110m', 110_000_000, 'USD'],
    ['110 million USD', 110_000_000, 'USD'],
    ['$1.62bn', 1_620_000_000, 'USD'],
    ['$1.62B', 1_620_000_000, 'USD'],
    ['US$1.62 billion', 1_620_000_000, 'USD'],
    ['US$ 2bn', 2_000_000_000, 'USD'],
    ['1.62 billion dollars', 1_620_000_000, 'USD'],
    ['110 million US dollars', 110_000_000, 'USD'],
    ['1,620 million dollars', 1_620_000_000, 'USD'],
    ['$3,600,000,000', 3_600_000_000, 'USD'],
    ['€50m', 50_000_000, 'EUR'],
    ['£3.9bn', 3_900_000_000, 'GBP'],
    ['RMB 1 billion', 1_000_000_000, 'CNY'],
    ['2.5-billion USD', 2_500_000_000, 'USD'],
    ['five billion dollars', 5_000_000_000, 'USD'],
    ['$110mn', 110_000_000, 'USD'],
    ['$500k', 500_000, 'USD'],
  ])('%s', (text, amount, currency) => {
    const [m] = money(`They agreed ${text} in the deal.`);
    expect(m).toMatchObject({ amount, currency });
  });

  it('reads amounts without a currency when a scale word or size makes them money', () => {
    expect(money('worth 5.3 billion')[0]).toMatchObject({ amount: 5_300_000_000 });
    expect(money('worth 5.3 billion')[0]!.currency).toBeUndefined();
    expect(money('a payment of 110,000,000')[0]).toMatchObject({ amount: 110_000_000 });
    expect(money('1.62bn')[0]).toMatchObject({ amount: 1_620_000_000 });
  });

  it('does not read counts, years or detached scale letters as money', () => {
    expect(money('about 1,700 people in 2025')).toEqual([]);
    expect(money('5 m away')).toEqual([]);
    expect(money('three companies')).toEqual([]);
  });

  it('keeps the figure span exact (no trailing punctuation)', () => {
    const [m] = money('CSPC receives $110 million.');
    expect(m!.raw).toBe('$110 million');
  });

  it('normalises look-alike characters first', () => {
    expect(money('CSPC receives $\uff11\uff11\uff10 million')[0]).toMatchObject({ amount: 110_000_000 });
    expect(money('CSPC receives $1\u200b10 million')[0]).toMatchObject({ amount: 110_000_000 });
    expect(money('$2.5\u00a0billion')[0]).toMatchObject({ amount: 2_500_000_000 });
  });
});

describe('money qualifiers', () => {
  it.each([
    ['up to $5.3 billion', 'up_to'],
    ['as much as $5.3 billion', 'up_to'],
    ['up-to-$5.3 billion', 'up_to'],
    ['CSPC can earn up to a further $3.6 billion', 'up_to'],
    ['the deal could be worth $840 million', 'up_to'],
    ['potential milestones of $1.62 billion', 'up_to'],
    // A wide ceiling word in an aside does not hedge a payment said to be made; it still hedges
    // the figure's own verb, or a figure nothing says was paid.
    ['CSPC, which may also get royalties, received $1.92 billion in milestones.', 'exact'],
    ['CSPC, eligible for royalties, has been paid $1.92 billion in milestones.', 'exact'],
    ['CSPC could, in time, earn $1.92 billion in milestones.', 'up_to'],
    ['CSPC, which may also get royalties, could receive $1.92 billion.', 'up_to'],
    ['CSPC is eligible for $1.92 billion in milestone payments.', 'up_to'],
    ['more than $5.3 billion', 'at_least'],
    ['at least $5.3 billion', 'at_least'],
    ['over $100 million', 'at_least'],
    ['$5.3 billion or more', 'at_least'],
    ['a $5.3 billion-plus deal', 'at_least'],
    ['$100 million plus up to $1.92 billion', 'exact'],
    ['$110 million-plus upfront', 'at_least'],
    ['AstraZeneca hands over $110 million', 'exact'],
    ['AstraZeneca handed over the $110 million', 'exact'],
    ['AstraZeneca hands over more than $110 million', 'at_least'],
    ['AstraZeneca took over $110 million', 'exact'],
    ['$110 million+ upfront', 'at_least'],
    ['$100 million plus royalties', 'exact'],
    ['$100 million plus upfront payments', 'exact'],
    ['about $5.3 billion', 'approximately'],
    ['nearly $5.3 billion', 'nearly'],
    ['almost $5.3 billion', 'nearly'],
    ['close to $5.3 billion', 'nearly'],
    ['a value approaching $5.3 billion', 'nearly'],
    ['just under $5.3 billion', 'nearly'],
    ['just shy of $5.3 billion', 'nearly'],
    ['just over $5.3 billion', 'just_over'],
    ['slightly more than $5.3 billion', 'just_over'],
    ['barely $18 million', 'nearly'],
    ['nigh on $18 million', 'nearly'],
    ['all but $18 million', 'nearly'],
    ['only just $18 million', 'nearly'],
    ['the deal barely reached $18 million', 'nearly'],
    ['a hair under $18 million', 'nearly'],
    ['a tad less than $18 million', 'nearly'],
    ['the best part of $18 million', 'nearly'],
    ['the better part of $18 million', 'nearly'],
    ['a hair over $18 million', 'just_over'],
    ['a tad more than $18 million', 'just_over'],
    ['only just over $18 million', 'just_over'],
    ['$18 million and change', 'just_over'],
    ['$18 million-odd', 'just_over'],
    ['$18 million odd', 'just_over'],
    ['worth pushing $18 million', 'nearly'],
    ['getting on for $18 million', 'nearly'],
    ['close on $18 million', 'nearly'],
    ['nearing $18 million', 'nearly'],
    ['verging on $18 million', 'nearly'],
    ['bordering on $18 million', 'nearly'],
    ['within a whisker of $18 million', 'nearly'],
    ['virtually $18 million', 'nearly'],
    ['practically $18 million', 'nearly'],
    ['well nigh $18 million', 'nearly'],
    ['$18 million or just under', 'nearly'],
    ['$18 million or slightly less', 'nearly'],
    ['$18 million and then some', 'just_over'],
    ['$18 million and a bit', 'just_over'],
    ['$18 million or a little more', 'just_over'],
    ['$18 million or more', 'at_least'],
    ['AstraZeneca is pushing $2.5 billion into Beijing', 'exact'],
    ['a mere $18 million', 'exact'],
    ['a reported $18 million', 'exact'],
    ['just $18 million', 'exact'],
    ['some $5.3 billion', 'approximately'],
    ['roughly $5.3 billion', 'approximately'],
    ['CSPC receives $110 million', 'exact'],
  ])('%s → %s', (text, qualifier) => {
    expect(money(text)[0]!.qualifier).toBe(qualifier);
  });

  it.each([
    ['not exceeding $5.3 billion', 'up_to'],
    ['the value does not exceed $5.3 billion', 'up_to'],
    ['milestones will not be more than $1.62 billion', 'up_to'],
    ["the upfront won't top $110 million", 'up_to'],
    ['no more than the $110 million', 'up_to'],
    ['no more than roughly $5.3 billion', 'up_to'],
    ['not less than $110 million', 'at_least'],
    ['the upfront is not below $110 million', 'at_least'],
    ['not under $110 million', 'at_least'],
    // Words that change what is negated: the comparison stands.
    ['not much more than $110 million', 'at_least'],
    ['not only more than $110 million', 'at_least'],
  ])('a negated comparison turns round: %s → %s', (text, qualifier) => {
    expect(money(text)[0]!.qualifier).toBe(qualifier);
  });

  it('carries "up to" over a short list, but not across clauses', () => {
    const [a, b] = money('up to $1.62 billion in development and $3.6 billion in sales milestones');
    expect(a!.qualifier).toBe('up_to');
    expect(b!.qualifier).toBe('up_to');
    const [, d] = money('CSPC can earn up to $1.62 billion in development milestones and the headline total is $5.3 billion');
    expect(d!.qualifier).toBe('exact');
  });

  it.each([
    'Of the up-to-$5.3 billion headline, $110 million is paid upfront.',
    'The deal is worth up to $5.3 billion, and CSPC receives $110 million upfront.',
    'The headline value of the Verge deal is up to $840 million, with $42 million upfront.',
    'The up-to-$1.62 billion and $3.6 billion milestones.',
  ])('keeps "up to" off a later figure in its own clause or after a hyphenated ceiling: %s', (text) => {
    const [a, b] = money(text);
    expect(a!.qualifier).toBe('up_to');
    expect(b!.qualifier).toBe('exact');
  });

  it.each([
    'up to $1.62 billion for development, $3.6 billion for sales',
    'up to $1.62 billion in development milestones, or $3.6 billion',
    'up to $1.62 billion and another $3.6 billion',
  ])('still carries "up to" over a list of amounts: %s', (text) => {
    expect(money(text).map((f) => f.qualifier)).toEqual(['up_to', 'up_to']);
  });

  it('reads a wide ceiling word as hedging money, not a count', () => {
    const figs = extractFigures('The model can be used by each of the three partners, who could earn $200 million.');
    expect(figs.map((f) => `${f.raw}:${'qualifier' in f ? f.qualifier : ''}`)).toEqual(['three:exact', '$200 million:up_to']);
    expect(extractFigures('up to three partners')[0]).toMatchObject({ kind: 'number', qualifier: 'up_to' });
  });

  it.each([
    ['not exceeding ', 'up_to'],
    ["n't exceed ", 'up_to'],
    ['no more than roughly ', 'up_to'],
    ['not to exceed ', 'up_to'],
    ['not less than ', 'at_least'],
    ['not quite ', 'nearly'],
    ['not even ', 'below'],
    // A denial, not a qualifier: the words between are more than the comparison allows.
    ['not pay any milestones beyond ', undefined],
    ['not receive ', undefined],
    ['never ', undefined],
  ])('tells the qualifier a negation up to a figure makes: "%s" → %s', (phrase, qualifier) => {
    expect(negationQualifier(phrase)).toBe(qualifier);
  });

  it('reads one amount compared with another as no floor on the second', () => {
    const q = (text: string): string[] => money(text).map((f) => f.qualifier);
    expect(q('The potential milestones, up to $1.92 billion, far exceed the $100 million upfront payment.')).toEqual(['up_to', 'exact']);
    expect(q('The milestones of up to $1.92 billion exceed the $100 million upfront.')).toEqual(['up_to', 'exact']);
    expect(q('$1.92 billion in milestones is more than the $100 million upfront.')).toEqual(['exact', 'exact']);
    expect(q('Milestones of up to $1.92 billion are far larger than the roughly $100 million upfront.')).toEqual([
      'up_to',
      'approximately',
    ]);
    // A floor all the same: no amount is the comparison's subject, or the words say otherwise.
    expect(q('CSPC receives more than the $100 million upfront.')).toEqual(['at_least']);
    expect(q('CSPC gets up to $1.92 billion in milestones and more than the $100 million upfront.')).toEqual(['up_to', 'at_least']);
    expect(q('Besides up to $1.92 billion in milestones, CSPC receives more than the $100 million upfront.')).toEqual([
      'up_to',
      'at_least',
    ]);
    expect(q('Up to $1.92 billion in milestones, with an upfront exceeding the $100 million.')).toEqual(['up_to', 'at_least']);
    // No comma: the comparison is read all the same (a split mid-way hid it).
    expect(q('The milestones of up to $1.92 billion exceed $100 million upfront.')).toEqual(['up_to', 'at_least']);
  });

  it('reads "smaller than the [up to] $Y" after an amount as a comparison, only when the amounts bear it out', () => {
    const q = (text: string): string[] => money(text).map((f) => f.qualifier);
    expect(q('The $100 million upfront is smaller than the up to $1.92 billion in milestones.')).toEqual(['exact', 'up_to']);
    expect(q('The $100 million upfront is far less than the $1.92 billion in milestones.')).toEqual(['exact', 'exact']);
    expect(q('The $1.92 billion milestone total is more than the $100 million upfront.')).toEqual(['exact', 'exact']);
    // False comparisons keep their "below" / floor; no article keeps "below".
    expect(q('The $100 million upfront is larger than the up to $1.92 billion in milestones.')).toEqual(['exact', 'at_least']);
    expect(q('The $1.92 billion in milestones is smaller than the $100 million upfront.')).toEqual(['exact', 'below']);
    expect(q('The $100 million upfront is smaller than $1.92 billion in milestones.')).toEqual(['exact', 'below']);
  });

  it('does not lend one clause\'s "up to" to the previous figure', () => {
    const [up, dev] = money('CSPC receives $110 million upfront and up to $1.62 billion in development milestones.');
    expect(up!.qualifier).toBe('exact');
    expect(dev!.qualifier).toBe('up_to');
  });
});

describe('money quantities', () => {
  it.each([
    ['CSPC receives $110 million upfront.', 'upfront'],
    ['CSPC receives an upfront payment of $110 million.', 'upfront'],
    ['AstraZeneca pays an upfront fee of $110 million.', 'upfront'],
    ['CSPC gets $110 million up front.', 'upfront'],
    ['CSPC can earn up to $1.62 billion in development milestone payments.', 'development_milestones'],
    ['regulatory milestones of up to $1.62 billion', 'development_milestones'],
    ['CSPC can earn up to $3.6 billion more in sales-related milestone payments.', 'commercial_milestones'],
    ['up to $3.6 billion in commercial milestones', 'commercial_milestones'],
    ['up to $1.92 billion in milestone payments tied to development and commercialisation goals', 'all_milestones'],
    ['up to $3.6 billion in clinical and sales milestones', 'all_milestones'],
    ['The upfront payment: up to $1.62 billion.', 'upfront'],
    ['Upfront; up to $3.6 billion.', 'upfront'],
    ['CSPC can get up to $1.62 billion as a down payment.', 'upfront'],
    ['$110 million in cash at closing', 'upfront'],
    ['milestones of up to $1.92 billion', 'milestones'],
    ["Reports put the deal's headline value at up to $5.3 billion.", 'total'],
    ['The deal could be worth up to $840 million in all.', 'total'],
    ['AstraZeneca signed an $18 million deal with Immunai.', 'total'],
    ['a $5.3 billion AI-driven research deal', 'total'],
    ['AstraZeneca committed $2.5 billion to Beijing.', 'investment'],
    ['AstraZeneca will invest $2.5 billion.', 'investment'],
    ['Tempus is to receive $200 million in fees for licensing data and developing the model.', 'fees'],
    ['$200M in data licensing and model development fees', 'fees'],
    ["Tempus's fees total $200 million.", 'fees'],
    ['a $50 million equity stake', 'equity'],
    ['$10 million in royalties', 'royalties'],
  ])('%s → %s', (text, quantity) => {
    expect(money(text)[0]!.quantity).toBe(quantity);
  });

  it('leaves a figure with no quantity words unclassified', () => {
    expect(money('The deal involves $110 million.')[0]!.quantity).toBeUndefined();
    expect(money('Tempus will be paid $200 million for licensing its data.')[0]!.quantity).toBeUndefined();
  });

  it('reads each figure from its own clause', () => {
    const figs = money(
      'On top of $110 million upfront, CSPC can earn up to $1.62 billion in development milestones and up to $3.6 billion in sales milestones, for a total of up to $5.3 billion.',
    );
    expect(figs.map((f) => f.quantity)).toEqual(['upfront', 'development_milestones', 'commercial_milestones', 'total']);
  });

  it('keeps a label to its own sentence part', () => {
    const figs = money('Development milestones: up to $1.62 billion. Sales milestones: up to $3.6 billion.');
    expect(figs.map((f) => f.quantity)).toEqual(['development_milestones', 'commercial_milestones']);
    expect(money('Development milestones: up to $1.62 billion. Sales milestones are separate.')[0]!.quantity).toBe(
      'development_milestones',
    );
  });

  it('prefers the nearest quantity words', () => {
    expect(money('Beyond the upfront, CSPC is eligible for up to $1.62 billion in development milestones.')[0]!.quantity).toBe(
      'development_milestones',
    );
    expect(money('Including milestones, the Verge deal is worth up to $840 million.')[0]!.quantity).toBe('total');
    expect(money('CSPC receives $1.62 billion upfront.')[0]!.quantity).toBe('upfront');
  });

  it('lets words attached after a figure say what it is, over a nearer cue before it', () => {
    expect(money('The deal was worth $18 million in milestones.')[0]!.quantity).toBe('milestones');
    expect(money('The deal was worth $18 million of equity.')[0]!.quantity).toBe('equity');
    expect(money('The deal was worth $18 million in development milestone payments.')[0]!.quantity).toBe(
      'development_milestones',
    );
    expect(money('The deal was worth $18 million as an upfront payment.')[0]!.quantity).toBe('upfront');
    expect(money('The deal is valued at up to $5.3 billion in development, regulatory and sales milestones.')[0]!.quantity).toBe(
      'all_milestones',
    );
    // Not attached: another statement, or a clause that says what the amount includes.
    expect(money('The deal could be worth up to $840 million in all, including milestones.')[0]!.quantity).toBe('total');
    expect(money('The deal is worth up to $5.3 billion in total.')[0]!.quantity).toBe('total');
    expect(money('The deal was worth $18 million to AstraZeneca, with milestones undisclosed.')[0]!.quantity).toBe('total');
  });

  it('attaches no total, nothing "as part of", and nothing across a preposition', () => {
    expect(money('Tempus is to receive fees of $200 million in the multi-year deal.')[0]!.quantity).toBe('fees');
    expect(money('Tempus is to receive fees of $200 million in its deal with AstraZeneca.')[0]!.quantity).toBe('fees');
    expect(money('CSPC receives an upfront payment of $110 million as part of the overall deal.')[0]!.quantity).toBe('upfront');
    expect(money('The deal carried an upfront payment of $42 million as part of its total value.')[0]!.quantity).toBe('upfront');
    expect(money('CSPC receives an upfront payment of $110 million in cash ahead of milestones.')[0]!.quantity).toBe('upfront');
  });

  it('attaches through for / tied to / through / paid and a trailing ", all of it in"', () => {
    expect(money('The deal was worth $18 million for milestones.')[0]!.quantity).toBe('milestones');
    expect(money('The deal was worth $18 million tied to milestones.')[0]!.quantity).toBe('milestones');
    expect(money('The deal was worth $18 million through milestone payments.')[0]!.quantity).toBe('milestones');
    expect(money('The deal was worth $18 million, all of it in milestones.')[0]!.quantity).toBe('milestones');
    expect(money('The deal was worth $18 million, paid upfront.')[0]!.quantity).toBe('upfront');
    expect(money('The deal was worth $18 million, which is a lot for milestones.')[0]!.quantity).toBe('total');
    expect(money('The deal was worth $18 million as a one-time payment.')[0]!.quantity).toBe('upfront');
    expect(money('The deal was worth $18 million in a lump sum.')[0]!.quantity).toBe('upfront');
    expect(money('CSPC gets a one-time milestone payment of $50 million.')[0]!.quantity).toBe('milestones');
  });

  it('attaches nothing across ", and" / ", or" / ", plus": the next list item', () => {
    expect(money('CSPC can earn milestones of up to $3.6 billion for commercial success, and royalties.')[0]!.quantity).toBe(
      'commercial_milestones',
    );
    expect(money('CSPC can earn milestones of up to $3.6 billion in commercial success, or royalties.')[0]!.quantity).toBe(
      'commercial_milestones',
    );
    expect(money('CSPC can earn milestones of up to $3.6 billion for commercial success, plus royalties.')[0]!.quantity).toBe(
      'commercial_milestones',
    );
    // A comma alone still joins modifiers: "in development, regulatory and sales milestones".
    expect(money('up to $5.3 billion in development, regulatory and sales milestones')[0]!.quantity).toBe('all_milestones');
  });

  it('reads "for development" / "for sales" in a list headed by milestones as that kind', () => {
    const figs = money(
      'The deal is structured as an upfront payment of $110 million, milestone payments of up to $1.62 billion for development and up to $3.6 billion for sales, and single-digit royalties.',
    );
    expect(figs.map((f) => f.quantity)).toEqual(['upfront', 'development_milestones', 'commercial_milestones']);
    const swapped = money('Milestone payments of up to $3.6 billion for development and up to $1.62 billion for sales.');
    expect(swapped.map((f) => f.quantity)).toEqual(['development_milestones', 'commercial_milestones']);
    // No list headed by milestones: the kind word alone says nothing.
    expect(money('AstraZeneca pays $110 million upfront and up to $3.6 billion for sales.')[1]!.quantity).not.toBe(
      'commercial_milestones',
    );
  });

  it('reads what a question asks about', () => {
    expect([...quantitiesIn("What's the upfront?")]).toEqual(['upfront']);
    expect(quantitiesIn('How much are the sales milestones worth?').has('commercial_milestones')).toBe(true);
  });
});

describe('percentages, counts and ordinals', () => {
  it('reads percentages in several spellings', () => {
    expect(only('roughly 80% of revenue')).toMatchObject({ kind: 'percent', value: 80, qualifier: 'approximately' });
    expect(only('roughly an 80% share of revenue')).toMatchObject({ kind: 'percent', value: 80, qualifier: 'approximately' });
    expect(only('an 80% share of revenue')).toMatchObject({ kind: 'percent', value: 80, qualifier: 'exact' });
    expect(only('80 percent of revenue')).toMatchObject({ kind: 'percent', value: 80 });
    expect(only('80 per cent of revenue')).toMatchObject({ kind: 'percent', value: 80 });
    expect(only('more than 12.5% royalty')).toMatchObject({ kind: 'percent', value: 12.5, qualifier: 'at_least' });
    expect(only('no more than roughly 80% of revenue')).toMatchObject({ kind: 'percent', value: 80, qualifier: 'up_to' });
    expect(only('not fewer than 1,700 people')).toMatchObject({ kind: 'number', value: 1700, qualifier: 'at_least' });
  });

  it('reads counts in digits and words', () => {
    expect(only('about 1,700 people')).toMatchObject({ kind: 'number', value: 1700 });
    expect(only('over five years')).toMatchObject({ kind: 'number', value: 5 });
    // A span of time, however written; but "in over five years" is more than five.
    for (const span of ['over five years', 'over a five-year period', 'over the five years', 'over its five-year term']) {
      expect(only(span)).toMatchObject({ kind: 'number', value: 5, qualifier: 'exact' });
    }
    for (const floor of ['in over five years', 'for over five years', 'over more than five years']) {
      expect(only(floor)).toMatchObject({ kind: 'number', value: 5, qualifier: 'at_least' });
    }
    expect(only('the three companies')).toMatchObject({ kind: 'number', value: 3 });
    expect(only('twenty-five sites')).toMatchObject({ kind: 'number', value: 25 });
    expect(numberWordValue('forty-two')).toBe(42);
    expect(numberWordValue('dozen')).toBeUndefined();
  });

  it('does not count "one" used as a pronoun', () => {
    expect(extractFigures('One of the programmes is oral.')).toEqual([]);
    expect(extractFigures('after the one in Shanghai')).toEqual([]);
    expect(extractFigures('a one-time payment')).toEqual([]);
    expect(only('only one programme')).toMatchObject({ kind: 'number', value: 1 });
  });

  it('reads ordinals', () => {
    expect(only("AstraZeneca's sixth worldwide")).toMatchObject({ kind: 'ordinal', value: 6 });
    expect(only('second-largest market')).toMatchObject({ kind: 'ordinal', value: 2 });
    expect(only('its 3rd centre')).toMatchObject({ kind: 'ordinal', value: 3 });
    expect(extractFigures('At first, the partners talked.')).toEqual([]);
  });

  it('ignores digits inside identifiers', () => {
    expect(extractFigures('YS2302018 with AZD0780, a PCSK9 inhibitor; COVID-19; GLP-1')).toEqual([]);
  });
});

describe('dates, years and periods', () => {
  it.each([
    ['13 June 2025', { year: 2025, month: 6, day: 13 }],
    ['June 13, 2025', { year: 2025, month: 6, day: 13 }],
    ['13th of June 2025', { year: 2025, month: 6, day: 13 }],
    ['2025-06-13', { year: 2025, month: 6, day: 13 }],
    ['June 2025', { year: 2025, month: 6 }],
    ['Oct. 2024', { year: 2024, month: 10 }],
    ['2024-10', { year: 2024, month: 10 }],
    ['13 June', { month: 6, day: 13 }],
  ])('%s', (text, expected) => {
    const f = only(`announced on ${text}.`);
    expect(f).toEqual(expect.objectContaining({ kind: 'date', ...expected }));
    if (!('day' in expected)) expect(f).not.toHaveProperty('day');
  });

  it('reads a month named on its own, but not the verb "may"', () => {
    expect(only('announced in June')).toMatchObject({ kind: 'date', month: 6 });
    expect(only('announced in May')).toMatchObject({ kind: 'date', month: 5 });
    expect(extractFigures('CSPC may receive royalties. May the deal close.')).toEqual([]);
  });

  it('reads years, but not digits in identifiers', () => {
    expect(only('began in 2021')).toMatchObject({ kind: 'year', year: 2021 });
    expect(kinds('from 2021-2025')).toEqual(['year:2021', 'year:2025']);
  });

  it('reads quarters, halves and early/mid/late years as month spans', () => {
    expect(only('in Q2 2025')).toMatchObject({ kind: 'period', year: 2025, from: 4, to: 6 });
    expect(only('in the second quarter of 2025')).toMatchObject({ kind: 'period', year: 2025, from: 4, to: 6 });
    expect(only('in H1 2024')).toMatchObject({ kind: 'period', year: 2024, from: 1, to: 6 });
    expect(only('in the first half of 2024')).toMatchObject({ kind: 'period', year: 2024, from: 1, to: 6 });
    expect(only('in mid-2025')).toMatchObject({ kind: 'period', year: 2025 });
    expect(only('in early 2023')).toMatchObject({ kind: 'period', year: 2023, from: 1, to: 4 });
  });
});

describe('rate descriptors', () => {
  it.each([
    ['single-digit royalties', { base: 'single-digit' }],
    ['low single-digit royalties', { base: 'single-digit', level: 'low' }],
    ['royalties in the high single digits', { base: 'single-digit', level: 'high' }],
    ['double-digit royalties', { base: 'double-digit' }],
    ['tiered royalties', { base: 'tiered' }],
    ['mid-teens royalties', { base: 'teens', level: 'mid' }],
  ])('%s', (text, expected) => {
    expect(only(text)).toMatchObject({ kind: 'descriptor', ...expected });
  });
});

describe('cleanText', () => {
  it('normalises look-alikes and removes invisible characters', () => {
    expect(cleanText('\uff15\u2009%\u200b – “x” ’s')).toBe('5 % - "x" \'s');
  });
});

it('returns figures in reading order', () => {
  expect(kinds('On 13 June 2025 CSPC got $110 million upfront, its sixth deal, about 80% of 1,700 in 2021.')).toEqual([
    'date:13 June 2025',
    'money:$110 million',
    'ordinal:sixth',
    'percent:80%',
    'number:1,700',
    'year:2021',
  ]);
});
