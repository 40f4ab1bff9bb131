import path from 'node:path';
import { Catalog, loadCatalog } from '../../../src/deals/catalog';
import { compareDealsByDate, DealIndex, indexedDealOf, typoWordLists } from '../../../src/deals/search';
import { mulberry32 } from '../../../bench/rng';
import type { Deal } from '../../../src/deals/schema';
import { editDistance, normalize } from '../../../src/deals/text';
import { lookupDeals } from '../../../src/services/lookup';
import { makeDeal } from '../../helpers/deal-factory';

const indexed = (deals: Deal[]) => deals.map(indexedDealOf);

const seeds = loadCatalog(path.join(__dirname, '../../../seeds/deals'));
const ids = (q: string) => seeds.index.search(q).ids;

describe('normalize and editDistance', () => {
  it('folds case, accents and punctuation', () => {
    expect(normalize('  Åstra-Zenéca, PLC.  ')).toBe('astra zeneca plc');
    expect(normalize('Qure.ai')).toBe('qure ai');
  });
  it('reads ASCII text exactly as the Unicode definition does (its fast path)', () => {
    // The definition: NFKD, combining marks dropped, lower case, & as "and", runs of anything
    // but letters and digits as one space.
    const definition = (t: string) =>
      t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, ' and ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const rand = mulberry32(7);
    const alphabet = 'aZ09 &-.,_\t\n/()\'"&&  \u0000\u007f';
    for (let n = 0; n < 3000; n++) {
      let t = '';
      const length = Math.floor(rand() * 14);
      for (let k = 0; k < length; k++) {
        t += rand() < 0.5 ? alphabet[Math.floor(rand() * alphabet.length)] : String.fromCharCode(Math.floor(rand() * 128));
      }
      expect([t, normalize(t)]).toEqual([t, definition(t)]);
    }
    expect(normalize(' R&D, Inc. ')).toBe('r and d inc');
    expect(normalize('&&x&')).toBe('and and x and');
    expect(normalize('...')).toBe('');
  });
  it('counts a transposition as one edit and stops past the budget', () => {
    expect(editDistance('astrazenca', 'astrazeneca', 2)).toBe(1);
    expect(editDistance('cspc', 'cpsc', 1)).toBe(1);
    expect(editDistance('novartis', 'astrazeneca', 2)).toBe(3);
  });
});

describe('party lookup on the curated seeds', () => {
  it.each([
    ['astrazeneca cspc'],
    ['CSPC AstraZeneca'],
    ['astrazenca cspc'],
    ['AZ cspc'],
    ['Astra Zeneca CSPC Pharma'],
    ['astra zeneca & cspc pharmaceutical group'],
    ['ÅSTRAZENÉCA, CSPC!'],
  ])('%s finds both AstraZeneca–CSPC deals, newest first', (q) => {
    expect(ids(q)).toEqual(['az-cspc-2025', 'az-cspc-2024']);
  });

  it('finds every deal of one party with an alias', () => {
    const found = ids('AZ');
    expect(found).toHaveLength(7);
    expect(found[0]).toBe('az-cspc-2025');
    // Unknown dates rank last.
    expect(found.slice(-2).sort()).toEqual(['az-immunai', 'az-qure-ai']);
  });

  it('orders by date respecting precision: a year-only date never outranks a known later day', () => {
    const found = ids('AZ');
    expect(found.indexOf('az-cspc-2024')).toBeLessThan(found.indexOf('az-verge-2023'));
  });

  it('matches a distinctive word of a multi-word name and names with punctuation', () => {
    expect(ids('verge')).toEqual(['az-verge-2023']);
    expect(ids('qure.ai')).toEqual(['az-qure-ai']);
    expect(ids('pathos astrazeneca')).toEqual(['tempus-az-pathos-2025']);
  });
});

describe('filters', () => {
  it('filters by year, since:, type, area and minimum value', () => {
    expect(ids('astrazeneca cspc 2024')).toEqual(['az-cspc-2024']);
    expect(ids('az since:2025-04')).toEqual(['az-cspc-2025', 'tempus-az-pathos-2025']);
    expect(ids('az licence')).toEqual(['az-cspc-2024']);
    expect(ids('oncology').sort()).toEqual(['az-immunai', 'tempus-az-pathos-2025']);
    expect(ids('az >1b')).toEqual(['az-cspc-2025', 'az-beijing-2025', 'az-cspc-2024']);
    expect(ids('az >5.3b')).toEqual(['az-cspc-2025']);
  });

  it('filters by the stage at signing, as the card shows it, in the ways people write it', () => {
    // Both CSPC deals were preclinical; the Verge deal was discovery; the Beijing centre has no stage.
    expect(ids('astrazeneca preclinical')).toEqual(['az-cspc-2025', 'az-cspc-2024']);
    expect(ids('pre-clinical az')).toEqual(['az-cspc-2025', 'az-cspc-2024']);
    expect(ids('preclinical')).toEqual(['az-cspc-2025', 'az-cspc-2024']);
    expect(ids('az discovery')).toEqual(['az-verge-2023']);
    expect(ids('az preclinical discovery')).toEqual(['az-cspc-2025', 'az-cspc-2024', 'az-verge-2023']);
    for (const q of ['az phase 2', 'az phase ii', 'az phase2']) {
      const r = seeds.index.search(q);
      expect([q, r.filters.stages, r.unknown, r.ids]).toEqual([q, ['phase_2'], [], []]);
    }
    // No deal of the companies at that stage: their deals, without the filter; and when no deal
    // names both companies, the deals naming either.
    expect(seeds.index.search('cspc phase 1').unfiltered.ids).toEqual(['az-cspc-2025', 'az-cspc-2024']);
    expect(seeds.index.search('cspc verge phase 3').unfiltered).toEqual({ ids: ['az-cspc-2025', 'az-cspc-2024', 'az-verge-2023'], total: 3, some: true });
  });

  it('reads a phase however it is written, a range as either phase, and a topic phrase starting with a stage word as the topic', () => {
    const atStage = (id: string, stage: Deal['stage'], more: Partial<Parameters<typeof makeDeal>[0]> = {}): Deal => ({
      ...makeDeal({ id, parties: ['AstraZeneca', `${id} Bio`], announced: '2025-01-02', ...more }),
      stage,
    });
    const catalog = new Catalog([
      ...seeds.all(),
      atStage('az-p2', 'phase_2'),
      atStage('az-p3', 'phase_3'),
      atStage('az-platform', 'discovery', { modalities: ['discovery platform'] }),
    ]);
    const found = (q: string) => catalog.index.search(q);
    for (const q of ['az phase 2', 'az phase ii', 'az phase2', 'az phaseII', 'az phase 2b', 'az Phase IIa', 'az ph 2', 'az phase two', 'az phase 1/2']) {
      expect([q, found(q).ids, found(q).unknown]).toEqual([q, ['az-p2'], []]);
    }
    for (const q of ['az phase 2/3', 'az phase II/III', 'az phase 2 3', 'az phase 2 and 3', 'az phase 2 or 3']) expect([q, found(q).ids.sort()]).toEqual([q, ['az-p2', 'az-p3']]);
    // "Drug discovery" is the work, not the stage; "phi" is no phase.
    expect(found('ai drug discovery').filters.stages).toEqual([]);
    expect(found('phi').filters.stages).toEqual([]);
    expect(found('az phase 1 to 3').filters.stages).toEqual(['phase_1', 'phase_2', 'phase_3']);
    expect(found('az preclinical stage').ids).toEqual(['az-cspc-2025', 'az-cspc-2024']);
    // "Phase" alone, or a phase that does not exist, is a word left out, said so.
    expect(found('az phase 4').unknown).toEqual(['phase', '4']);
    expect(found('discovery platform')).toMatchObject({ ids: ['az-platform'], filters: { topics: ['discovery platform'], stages: [] } });
  });

  it('compares a minimum with the stated total, else the largest stated payment in US dollars, of any kind', () => {
    const index = new DealIndex(indexed([
      makeDeal({ id: 'dev-only', parties: ['Acme'], value: { development_milestones: { amount: '$2 billion', qualifier: 'up_to' } } }),
      makeDeal({ id: 'split', parties: ['Acme'], value: { upfront: { amount: '$50 million' }, commercial_milestones: { amount: '$1.5 billion', qualifier: 'up_to' } } }),
      makeDeal({ id: 'euro', parties: ['Acme'], value: { total: { amount: '€5 billion' } } }),
      makeDeal({ id: 'small-total', parties: ['Acme'], value: { total: { amount: '$800 million' }, milestones: { amount: '$1.2 billion', qualifier: 'up_to' } } }),
    ]));
    expect(index.search('acme >1b').ids.sort()).toEqual(['dev-only', 'split']);
  });

  it('does not compare a minimum in another currency, and says so', () => {
    const { filters } = seeds.index.search('az >€1b');
    expect(filters.minValue).toBeUndefined();
    expect(filters.notCompared).toBe('>€1b');
    const reply = JSON.stringify(lookupDeals(seeds, 'az >€1b'));
    expect(reply).toContain('"notCompared":">€1b"');
  });

  it('narrows with every filter given twice: either year, the latest since:, the highest minimum', () => {
    expect(ids('az 2024 2025').sort()).toEqual(['az-beijing-2025', 'az-cspc-2024', 'az-cspc-2025', 'tempus-az-pathos-2025']);
    expect(ids('az >1b >5b')).toEqual(['az-cspc-2025']);
    expect(ids('az >5b >1b')).toEqual(['az-cspc-2025']);
    expect(ids('az since:2024 since:2025-04')).toEqual(['az-cspc-2025', 'tempus-az-pathos-2025']);
    // A space between ">" and the amount.
    expect(ids('az > 5b')).toEqual(['az-cspc-2025']);
  });

  it('reads after: as after, and says which date filters it could not read rather than drop them quietly', () => {
    // The 7 Oct 2024 licence is not after 2024; the 13 Jun 2025 collaboration is not after June 2025.
    expect(ids('az after:2024').sort()).toEqual(['az-beijing-2025', 'az-cspc-2025', 'tempus-az-pathos-2025']);
    expect(ids('az after:2025-05')).toEqual(['az-cspc-2025']);
    expect(ids('az after:2025-06')).toEqual([]);
    for (const bad of ['since:2025-13', 'since:yesterday', 'since:2025-06-13', 'after:2025-00']) {
      expect(seeds.index.search(`az ${bad}`).filters.unreadDates).toEqual([bad]);
      expect(JSON.stringify(lookupDeals(seeds, `az ${bad}`))).toContain(`"unreadDates":["${bad}"]`);
    }
  });

  it('reads a minimum written with spaces as one: "> 1 billion" is $1 billion, not $1', () => {
    expect(seeds.index.search('az > 1 billion').filters.minValue).toBe(1e9);
    expect(seeds.index.search('az >$2.5 bn').filters.minValue).toBe(2.5e9);
    expect(ids('az > 1 billion')).toEqual(['az-cspc-2025', 'az-beijing-2025', 'az-cspc-2024']);
  });

  it('keeps the deals of the parties named when the filters leave none of them, and only then', () => {
    expect(seeds.index.search('immunai 2025').unfiltered).toEqual({ ids: ['az-immunai'], total: 1 });
    expect(seeds.index.search('az 2019').unfiltered).toEqual({ ids: ['az-cspc-2025', 'tempus-az-pathos-2025', 'az-beijing-2025', 'az-cspc-2024', 'az-verge-2023', 'az-immunai', 'az-qure-ai'], total: 7 });
    expect(seeds.index.search('az cspc 2024').unfiltered).toEqual({ ids: [], total: 0 });
    expect(seeds.index.search('zyzzogen 2024').unfiltered).toEqual({ ids: [], total: 0 });
  });

  it('keeps a year-only date out of a since: filter it may not satisfy', () => {
    const index = new DealIndex(indexed([
      makeDeal({ id: 'year-only', parties: ['Acme'], announced: 2025 }),
      makeDeal({ id: 'day', parties: ['Acme'], announced: '2025-06-01' }),
    ]));
    expect(index.search('acme since:2025-03').ids).toEqual(['day']);
    expect(index.search('acme since:2025').ids.sort()).toEqual(['day', 'year-only']);
  });
});

describe('words that are names of JavaScript object properties', () => {
  it('are words like any other: "constructor" is no deal type', () => {
    const r = seeds.index.search('astrazeneca constructor');
    expect(r.filters.types).toEqual([]);
    expect(r.unknown).toEqual(['constructor']);
    expect(r.ids).toEqual(ids('astrazeneca'));
  });
});

describe('ranking and partial matches', () => {
  const index = new DealIndex(indexed([
    makeDeal({ id: 'a-b-old', parties: ['Alpha Bio', 'Beta Therapeutics'], announced: '2020-01-01' }),
    makeDeal({ id: 'a-c-new', parties: ['Alpha Bio', 'Gamma Pharma'], announced: '2024-05' }),
    makeDeal({ id: 'a-b-new', parties: ['Alpha Bio', 'Beta Therapeutics'], announced: '2023' }),
    makeDeal({ id: 'b-only', parties: ['Beta Therapeutics'], announced: '2025-02-02' }),
  ]));

  it('puts deals naming all parties first, newest first', () => {
    expect(index.search('beta alpha').ids).toEqual(['a-b-new', 'a-b-old']);
  });

  it('when no deal has every named party, offers those with some of them', () => {
    const r = index.search('gamma beta');
    expect(r.ids).toEqual([]);
    expect(r.partialIds).toEqual(['b-only', 'a-c-new', 'a-b-new', 'a-b-old']);
  });
});

describe('building the index does not depend on the order deals arrive in', () => {
  const deals = [
    makeDeal({ id: 'pella-2020', parties: [{ name: 'Pella Bio', aliases: ['PB', 'Pella'] }, 'Orion'], announced: '2020-02-02' }),
    makeDeal({ id: 'quill-2024', parties: [{ name: 'Quill Pharma', aliases: ['PB'] }, 'Orion'], announced: '2024-04-04' }),
    makeDeal({ id: 'pella-2022', parties: [{ name: 'PELLA BIO', aliases: ['PB'] }], announced: '2022-01-01' }),
  ];

  it('same results, names and labels whichever file comes first', () => {
    const forward = new Catalog(deals);
    const backward = new Catalog([...deals].reverse());
    for (const q of ['pb', 'pella', 'orion', 'quill orion', 'pb orion']) {
      expect(backward.index.search(q)).toEqual(forward.index.search(q));
      expect(lookupDeals(backward, q)).toEqual(lookupDeals(forward, q));
    }
    // The most recent deal's spelling and its alias come first.
    expect(forward.index.party('pella bio')?.name).toBe('PELLA BIO');
    const outcome = lookupDeals(forward, 'pb');
    expect(outcome.kind === 'found' && outcome.othersLabel).toBe('More Quill Pharma / PELLA BIO deals');
  });
});

describe('announcedBetween', () => {
  const index = new DealIndex(indexed([
    makeDeal({ id: 'mar-10', parties: ['Alpha Bio'], announced: '2025-03-10' }),
    makeDeal({ id: 'mar-month', parties: ['Alpha Bio'], announced: '2025-03' }),
    makeDeal({ id: 'mar-31', parties: ['Alpha Bio'], announced: '2025-03-31' }),
    makeDeal({ id: 'apr-01', parties: ['Alpha Bio'], announced: '2025-04-01' }),
    makeDeal({ id: 'feb-28', parties: ['Alpha Bio'], announced: '2025-02-28' }),
    makeDeal({ id: 'year', parties: ['Alpha Bio'], announced: '2025' }),
    makeDeal({ id: 'unknown', parties: ['Alpha Bio'] }),
  ]));

  it('lists deals dated to a day inside the range, both ends included, newest first', () => {
    expect(index.announcedBetween(20250301, 20250331)).toEqual(['mar-31', 'mar-10']);
    expect(index.announcedBetween(20250228, 20250401)).toEqual(['apr-01', 'mar-31', 'mar-10', 'feb-28']);
  });

  it('leaves out deals dated only to a month or year, and ranges with nothing in them', () => {
    expect(index.announcedBetween(20250101, 20251231)).not.toContain('year');
    expect(index.announcedBetween(20250301, 20250301)).toEqual([]);
    expect(index.announcedBetween(20260101, 20261231)).toEqual([]);
  });
});

describe('no match', () => {
  it('suggests the nearest party names for a word too far for typo matching', () => {
    const r = seeds.index.search('astrzanecca');
    expect(r.ids).toEqual([]);
    expect(r.suggestions).toContain('AstraZeneca');
  });

  it('suggests a name only when it shares the first four letters and is of a like length', () => {
    expect(seeds.index.search('astrzanecca').suggestions).toEqual(['AstraZeneca']);
    // "general" is not Verge Genomics, "immunological" not Immunai, "beigene" not the Beijing bodies.
    for (const word of ['general', 'immunological', 'beigene']) expect(seeds.index.search(word).suggestions).toEqual([]);
  });

  it('reports unknown words and finds nothing for gibberish', () => {
    const r = seeds.index.search('zzzqq');
    expect(r.ids).toEqual([]);
    expect(r.unknown).toEqual(['zzzqq']);
  });
});

describe('lookupDeals', () => {
  it('returns help for an empty query or "help"', () => {
    expect(lookupDeals(seeds, '').kind).toBe('help');
    expect(lookupDeals(seeds, ' help ').kind).toBe('help');
  });

  it('returns the best deal with the others labelled by the parties', () => {
    const outcome = lookupDeals(seeds, 'astrazeneca cspc');
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    expect(outcome.deal.id).toBe('az-cspc-2025');
    expect(outcome.others.map((d) => d.id)).toEqual(['az-cspc-2024']);
    expect(outcome.othersLabel).toBe('Also between AstraZeneca and CSPC Pharmaceutical Group');
    expect(outcome.ignored).toEqual([]);
  });

  it('tells which words were left out instead of silently ignoring them', () => {
    const outcome = lookupDeals(seeds, 'astrazeneca novartis');
    expect(outcome.kind === 'found' && outcome.ignored).toEqual(['novartis']);
  });

  it('gives no match for a word that is no party or filter beside filters alone, and lists what the filters match as such', () => {
    const outcome = lookupDeals(seeds, 'pfizer >1b');
    expect(outcome).toMatchObject({ kind: 'none', ignored: ['pfizer'], list: { label: 'Deals matching the rest of the query', total: 3 } });
    expect(lookupDeals(seeds, 'pfizer 2024').kind).toBe('none');
    // Words asking for what the search gives anyway (the most recent first) are not such words.
    expect(lookupDeals(seeds, 'show me the latest ai deals')).toMatchObject({ kind: 'found', deal: { id: 'az-cspc-2025' }, ignored: [] });
  });

  it('tells which words were read as the nearest party name', () => {
    expect(lookupDeals(seeds, 'verve')).toMatchObject({ kind: 'found', corrected: [{ typed: 'verve', names: ['Verge Genomics'] }] });
    expect(lookupDeals(seeds, 'astrazeneca cspc')).toMatchObject({ kind: 'found', corrected: [] });
  });

  it('reports a partial match when named parties never dealt together', () => {
    const catalog = new Catalog([
      makeDeal({ id: 'x', parties: ['Alpha Bio'] }),
      makeDeal({ id: 'y', parties: ['Beta Therapeutics'] }),
    ]);
    const outcome = lookupDeals(catalog, 'alpha beta');
    expect(outcome.kind).toBe('partial');
  });
});

describe('typo indexes built by a helper', () => {
  const deals = [
    makeDeal({ id: 'kestrel-2024', parties: [{ name: 'Kestrel Bay Therapeutics', aliases: ['Kestrel'] }, 'Orion Pharma'], announced: '2024-04-04' }),
    makeDeal({ id: 'pella-2022', parties: [{ name: 'Pella Bio', aliases: ['PB'] }, 'Orion Pharma'], announced: '2022-01-01' }),
  ];
  /** A helper that hands back `lists` of words, each with an empty deletion index (no typo can match). */
  const emptyIndexes = (change: (lists: [string[], string[]]) => void = () => {}) => {
    let lists: [string[], string[]] | undefined;
    return {
      start: (names: readonly string[], words: readonly string[]) => {
        lists = typoWordLists(names, words) as [string[], string[]];
        change(lists);
      },
      finish: () => lists!.map((words) => ({ words, index: { hashes: new Uint32Array(0), ids: new Uint32Array(0) } })),
    };
  };

  it('are used when they cover exactly the words the index holds', () => {
    expect(new DealIndex(indexed(deals)).search('kestral').ids).toEqual(['kestrel-2024']);
    // The helper's (empty) indexes were taken: no typo matches at all.
    expect(new DealIndex(indexed(deals), emptyIndexes()).search('kestral').ids).toEqual([]);
  });

  it('are refused for any other words, and the index builds its own', () => {
    const missing = emptyIndexes((lists) => lists[0].pop());
    expect(new DealIndex(indexed(deals), missing).search('kestral').ids).toEqual(['kestrel-2024']);
  });
});

describe('ranking order', () => {
  it('is compareDealsByDate: most recent first, the more precise date on a tie, then the id', () => {
    const rng = mulberry32(99);
    // Ties across precisions: 2025 ranks as 2025-01-01, 2025-03 as 2025-03-01.
    const dates = ['2025-03-10', '2025-03', '2025-03-01', '2025', '2025-01', '2025-01-01', '2024-12-31', '2024', undefined, '0099-01-01', '9999-12-31'];
    const deals = Array.from({ length: 400 }, (_, i) =>
      makeDeal({ id: `d-${Math.floor(rng() * 1e6)}-${i}`, parties: ['Alpha Bio'], announced: dates[Math.floor(rng() * dates.length)] }),
    );
    const expected = [...deals].sort(compareDealsByDate).map((d) => d.id);
    expect(new DealIndex(indexed(deals)).ids).toEqual(expected);
    expect(new DealIndex(indexed([...deals].reverse())).ids).toEqual(expected);
  });
});
