/**
 * The real seeds in seeds/deals: the figures analysts will check, and the rule that no text
 * the bot can show states a figure the deal's value components do not hold.
 */
import { readdirSync } from 'node:fs';
import type { Catalog } from '../../src/deals/catalog';
import { formatMoney, parseMoney, type Money } from '../../src/deals/money';
import { VALUE_COMPONENTS, type Deal, type ValueComponent, type ValueComponentKey } from '../../src/deals/schema';
import { SEEDS_DIR, seedCatalog, seedDeal } from '../helpers/seeds';


const EXPECTED_IDS = [
  'az-beijing-2025',
  'az-cspc-2024',
  'az-cspc-2025',
  'az-immunai',
  'az-qure-ai',
  'az-verge-2023',
  'tempus-az-pathos-2025',
];

let catalog: Catalog;
beforeAll(() => {
  catalog = seedCatalog();
});

const deal = seedDeal;

function disclosed(component: ValueComponent | undefined): { amount: Money; qualifier: string; note?: string } {
  if (component?.status !== 'disclosed') throw new Error(`expected a disclosed component, got ${JSON.stringify(component)}`);
  return component;
}

const usd = (amount: number): Money => ({ currency: 'USD', amount });

/**
 * Money figures written in free text: a currency mark with a number ("$110 million", "€50M",
 * "USD 1.2bn") or a number with a scale word ("5.3 billion"). Plain counts ("1,700 people",
 * "80%", "2021") are not money.
 */
const MONEY_MENTION =
  /(?:US\$|\$|€|£|\b(?:USD|EUR|GBP)\s?)\d[\d,]*(?:\.\d+)?(?:\s?(?:trillion|billion|million|thousand|bln|mln|bn|mn|m|k)\b)?|\b\d[\d,]*(?:\.\d+)?\s?(?:trillion|billion|million|bln|mln|bn)\b/gi;

function moneyMentions(text: string): Money[] {
  return [...text.matchAll(MONEY_MENTION)].map((m) => {
    const money = parseMoney(m[0].trim());
    if (!money) throw new Error(`cannot read money figure '${m[0]}' in: ${text}`);
    return money;
  });
}

function disclosedAmounts(d: Deal): Map<ValueComponentKey, Money> {
  const out = new Map<ValueComponentKey, Money>();
  for (const key of VALUE_COMPONENTS) {
    const c = d.value[key];
    if (c?.status === 'disclosed') out.set(key, c.amount);
  }
  return out;
}

const sameMoney = (a: Money, b: Money): boolean => a.currency === b.currency && a.amount === b.amount;

describe('the seeds catalogue loads', () => {
  it('has one valid file per deal, named after its id', () => {
    expect(catalog.all().map((d) => d.id).sort()).toEqual(EXPECTED_IDS);
    const files = readdirSync(SEEDS_DIR).filter((n) => /\.ya?ml$/.test(n)).sort();
    expect(files).toEqual(EXPECTED_IDS.map((id) => `${id}.yaml`));
  });

  it('cites every source it lists', () => {
    for (const d of catalog.all()) {
      const cited = new Set([
        ...d.facts.flatMap((f) => f.sources),
        ...d.conflicts.flatMap((c) => c.readings.flatMap((r) => r.sources)),
      ]);
      for (const s of d.sources) expect({ deal: d.id, source: s.id, cited: cited.has(s.id) }).toMatchObject({ cited: true });
    }
  });
});

describe('az-cspc-2025: AstraZeneca × CSPC AI research collaboration', () => {
  it('is dated 13 June 2025, a research collaboration with options', () => {
    const d = deal('az-cspc-2025');
    expect(d.announced).toEqual({ precision: 'day', year: 2025, month: 6, day: 13 });
    expect(d.types).toEqual(expect.arrayContaining(['research_collaboration', 'option']));
    expect(d.parties.map((p) => p.name)).toEqual(['AstraZeneca', 'CSPC Pharmaceutical Group']);
    expect(d.parties[1]?.aliases).toEqual(expect.arrayContaining(['CSPC', 'CSPC Pharma']));
  });

  it('has $110 million upfront, exact', () => {
    const upfront = disclosed(deal('az-cspc-2025').value.upfront);
    expect(upfront.amount).toEqual(usd(110_000_000));
    expect(upfront.qualifier).toBe('exact');
    expect(formatMoney(upfront.amount)).toBe('$110 million');
  });

  it('has development milestones of up to $1.62 billion', () => {
    const c = disclosed(deal('az-cspc-2025').value.development_milestones);
    expect(c.amount).toEqual(usd(1_620_000_000));
    expect(c.qualifier).toBe('up_to');
    expect(formatMoney(c.amount)).toBe('$1.62 billion');
  });

  it('has commercial (sales) milestones of up to $3.6 billion', () => {
    const c = disclosed(deal('az-cspc-2025').value.commercial_milestones);
    expect(c.amount).toEqual(usd(3_600_000_000));
    expect(c.qualifier).toBe('up_to');
    expect(formatMoney(c.amount)).toBe('$3.6 billion');
  });

  it('has the stated headline of up to $5.3 billion, not a computed sum', () => {
    const d = deal('az-cspc-2025');
    const total = disclosed(d.value.total);
    expect(total.amount).toEqual(usd(5_300_000_000));
    expect(total.qualifier).toBe('up_to');
    expect(formatMoney(total.amount)).toBe('$5.3 billion');
    // 110m + 1.62bn + 3.6bn would be 5.33bn: the record keeps what the sources say.
    expect(total.amount.amount).not.toBe(110_000_000 + 1_620_000_000 + 3_600_000_000);
    const totalFact = d.facts.find((f) => f.topic === 'value.total');
    expect(totalFact?.sources.length).toBeGreaterThan(0);
    expect(d.value.milestones).toBeUndefined();
  });

  it('has single-digit royalties', () => {
    const d = deal('az-cspc-2025');
    expect(d.value.royalties).toMatchObject({ status: 'disclosed', text: expect.stringMatching(/single-digit/) });
    expect(d.facts.some((f) => f.topic === 'value.royalties' && /single-digit/.test(f.text))).toBe(true);
  });

  it('records the research site, stage and worldwide options', () => {
    const d = deal('az-cspc-2025');
    expect(d.location).toMatch(/Shijiazhuang/);
    expect(d.stage).toBe('preclinical');
    expect(d.areas).toEqual(expect.arrayContaining(['immunology', 'chronic diseases']));
    expect(d.modalities).toContain('small molecule');
    expect(d.territory).toBe('worldwide');
  });
});

describe('az-cspc-2024: AstraZeneca × CSPC licence to YS2302018', () => {
  it('has no total, and the milestones unsplit', () => {
    const d = deal('az-cspc-2024');
    expect(d.value.total).toBeUndefined();
    expect(d.facts.some((f) => f.topic === 'value.total')).toBe(false);
    expect(disclosed(d.value.upfront).amount).toEqual(usd(100_000_000));
    const milestones = disclosed(d.value.milestones);
    expect(milestones.amount).toEqual(usd(1_920_000_000));
    expect(milestones.qualifier).toBe('up_to');
    expect(d.value.development_milestones).toBeUndefined();
    expect(d.value.commercial_milestones).toBeUndefined();
    expect(d.value.royalties).toEqual({ status: 'disclosed', text: 'tiered' });
  });

  it('records the conflicting "up to $1.92 billion in total" reading', () => {
    const d = deal('az-cspc-2024');
    expect(d.conflicts).toHaveLength(1);
    const readings = d.conflicts[0]!.readings;
    expect(readings.length).toBeGreaterThanOrEqual(2);
    expect(readings.some((r) => r.sources.includes('regtech-africa'))).toBe(true);
    expect(readings.some((r) => r.sources.includes('rttnews-finanznachrichten'))).toBe(true);
  });

  it('is a preclinical cardiovascular licence announced 7 October 2024', () => {
    const d = deal('az-cspc-2024');
    expect(d.types).toEqual(['licence']);
    expect(d.announced).toEqual({ precision: 'day', year: 2024, month: 10, day: 7 });
    expect(d.stage).toBe('preclinical');
    expect(d.areas).toContain('cardiovascular');
    expect(d.facts.some((f) => f.text.includes('YS2302018'))).toBe(true);
    expect(d.facts.some((f) => f.text.includes('AZD0780'))).toBe(true);
  });
});

describe('the other deals', () => {
  it('az-verge-2023 is dated to the year only, $42 million upfront, up to $840 million', () => {
    const d = deal('az-verge-2023');
    expect(d.announced).toEqual({ precision: 'year', year: 2023 });
    expect(disclosed(d.value.upfront).amount).toEqual(usd(42_000_000));
    const total = disclosed(d.value.total);
    expect(total.amount).toEqual(usd(840_000_000));
    expect(total.qualifier).toBe('up_to');
    expect(d.areas).toContain('rare diseases');
  });

  it('az-immunai has an unknown date and an $18 million total as reported', () => {
    const d = deal('az-immunai');
    expect(d.announced).toEqual({ precision: 'unknown' });
    const total = disclosed(d.value.total);
    expect(total.amount).toEqual(usd(18_000_000));
    expect(total.qualifier).toBe('exact');
    expect(d.areas).toContain('oncology');
  });

  it('az-qure-ai has no value components at all', () => {
    const d = deal('az-qure-ai');
    expect(d.value).toEqual({});
    expect(d.announced).toEqual({ precision: 'unknown' });
    expect(d.facts.some((f) => f.topic.startsWith('value.'))).toBe(false);
  });

  it('az-beijing-2025 is a $2.5 billion investment over five years with Beijing authorities', () => {
    const d = deal('az-beijing-2025');
    expect(d.types).toEqual(['investment']);
    expect(d.announced).toEqual({ precision: 'day', year: 2025, month: 3, day: 21 });
    const investment = disclosed(d.value.investment);
    expect(investment.amount).toEqual(usd(2_500_000_000));
    expect(investment.note).toBe('over five years');
    expect(d.value.total).toBeUndefined();
    expect(d.parties.filter((p) => p.role === 'counterparty').map((p) => p.name)).toEqual([
      'Beijing Municipal Government',
      'Beijing Economic-Technological Development Area',
    ]);
    // The same-day biotech deals are context, not parties.
    const names = d.parties.flatMap((p) => [p.name, ...p.aliases]).join(' ');
    expect(names).not.toMatch(/Harbour|Syneron|BioKangtai/);
  });

  it('tempus-az-pathos-2025 has $200 million in fees and three parties', () => {
    const d = deal('tempus-az-pathos-2025');
    expect(d.announced).toEqual({ precision: 'day', year: 2025, month: 4, day: 23 });
    expect(disclosed(d.value.fees).amount).toEqual(usd(200_000_000));
    expect(d.value.total).toBeUndefined();
    expect(d.parties.map((p) => p.name)).toEqual(['Tempus AI', 'AstraZeneca', 'Pathos AI']);
    expect(d.areas).toContain('oncology');
  });
});

describe('no shown text states a figure the value components do not hold', () => {
  it('the money-mention reader finds what it should and nothing else', () => {
    expect(moneyMentions('CSPC receives $110 million upfront and up to $1.62 billion.')).toEqual([
      usd(110_000_000),
      usd(1_620_000_000),
    ]);
    expect(moneyMentions('a headline of 5.3 billion, €50M and USD 2bn')).toEqual([
      usd(5_300_000_000),
      { currency: 'EUR', amount: 50_000_000 },
      usd(2_000_000_000),
    ]);
    expect(moneyMentions('about 1,700 people; 80% of revenue; since 2021; 13 June 2025')).toEqual([]);
  });

  it("every fact's money figure matches a value component, unless the fact is context", () => {
    for (const d of catalog.all()) {
      const amounts = [...disclosedAmounts(d).values()];
      for (const f of d.facts) {
        const stray = moneyMentions(f.text).filter((m) => !amounts.some((a) => sameMoney(a, m)));
        if (f.topic !== 'context') expect({ deal: d.id, fact: f.id, stray }).toEqual({ deal: d.id, fact: f.id, stray: [] });
      }
    }
  });

  it('each value fact states the figure of its own component', () => {
    for (const d of catalog.all()) {
      const amounts = disclosedAmounts(d);
      for (const f of d.facts) {
        if (!f.topic.startsWith('value.') || f.topic === 'value.royalties') continue;
        const key = f.topic.slice('value.'.length) as ValueComponentKey;
        const component = amounts.get(key);
        const mentions = moneyMentions(f.text);
        expect({ deal: d.id, fact: f.id, hasComponent: component !== undefined }).toMatchObject({ hasComponent: true });
        expect({ deal: d.id, fact: f.id, mentions }).toEqual({ deal: d.id, fact: f.id, mentions: [component] });
      }
      // And every disclosed component has a fact stating exactly its figure.
      for (const [key, amount] of amounts) {
        const backed = d.facts.some(
          (f) => f.topic === `value.${key}` && moneyMentions(f.text).some((m) => sameMoney(m, amount)),
        );
        expect({ deal: d.id, component: key, backed }).toMatchObject({ backed: true });
      }
    }
  });

  it('titles, notes, component notes and conflict readings only repeat component figures', () => {
    for (const d of catalog.all()) {
      const amounts = [...disclosedAmounts(d).values()];
      const texts = [
        d.title,
        ...d.notes,
        ...VALUE_COMPONENTS.map((k) => d.value[k]).flatMap((c) => (c?.status === 'disclosed' && c.note ? [c.note] : [])),
        ...d.conflicts.flatMap((c) => [c.about, ...c.readings.map((r) => r.text)]),
      ];
      for (const text of texts) {
        const stray = moneyMentions(text).filter((m) => !amounts.some((a) => sameMoney(a, m)));
        expect({ deal: d.id, text, stray }).toEqual({ deal: d.id, text, stray: [] });
      }
    }
  });

  it('marks nothing undisclosed: no source says terms were withheld', () => {
    for (const d of catalog.all()) {
      for (const key of VALUE_COMPONENTS) expect(d.value[key]?.status).not.toBe('undisclosed');
      expect(d.value.royalties?.status).not.toBe('undisclosed');
    }
  });
});
