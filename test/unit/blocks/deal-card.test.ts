import path from 'node:path';
import { buildDealCard, buildDealList } from '../../../src/blocks/deal-card';
import { buildLookupReply } from '../../../src/blocks/lookup-reply';
import { renderPlainText } from '../../../src/blocks/plain-text';
import { conflictSubject, escapeMrkdwn, formatPartialDate, LIMITS } from '../../../src/blocks/text';
import { Catalog, loadCatalog } from '../../../src/deals/catalog';
import { lookupDeals } from '../../../src/services/lookup';
import { makeDeal } from '../../helpers/deal-factory';

const seeds = loadCatalog(path.join(__dirname, '../../../seeds/deals'));
// As the bot serves it: with its title words indexed (the bot does so once the catalogue loads).
beforeAll(() => seeds.buildTitleWords());
const json = (v: unknown) => JSON.stringify(v);

/** Every text a block carries, for limit checks. */
function texts(blocks: unknown[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

describe('the AstraZeneca × CSPC 2025 card', () => {
  const card = buildDealCard(seeds.get('az-cspc-2025')!, { shareable: true });
  const text = renderPlainText(card);

  it('shows the value split exactly as the sources state it', () => {
    expect(text).toContain('Upfront: $110 million');
    expect(text).toContain('Development milestones: up to $1.62 billion');
    expect(text).toContain('Commercial / sales milestones: up to $3.6 billion');
    expect(text).toContain('Headline value: up to $5.3 billion');
    expect(text).toMatch(/Royalties: single-digit/);
  });

  it('has a header with the parties and deal type, dates at their precision, sources as links', () => {
    expect(card.blocks[0]).toMatchObject({ type: 'header', text: { text: expect.stringContaining('AstraZeneca × CSPC Pharmaceutical Group') } });
    expect(text).toContain('Announced 13 Jun 2025');
    expect(json(card.blocks)).toContain('<https://www.nasdaq.com/articles/');
  });

  it('carries a plain-text fallback with the figures and a Share button', () => {
    expect(card.text).toContain('$110 million');
    expect(card.text).toContain('up to $5.3 billion');
    expect(json(card.blocks)).toContain('"action_id":"share_card"');
  });
});

describe('value labels', () => {
  it('name only the kind of amount, never what the payments are tied to beyond the facts', () => {
    // The 2024 licence's milestones are one amount, and the 2025 collaboration's development
    // milestones are not said to be regulatory too.
    expect(renderPlainText(buildDealCard(seeds.get('az-cspc-2024')!))).toContain('Milestones: up to $1.92 billion');
    for (const deal of seeds.all()) {
      const text = renderPlainText(buildDealCard(deal));
      const factWords = deal.facts.map((f) => f.text.toLowerCase()).join(' ');
      for (const word of ['regulatory']) {
        if (!factWords.includes(word)) expect(`${deal.id}: ${text.match(new RegExp(`.*${word}.*`, 'i'))?.[0] ?? ''}`).toBe(`${deal.id}: `);
      }
    }
  });
});

describe('conflicts', () => {
  it("continue the heading's sentence: the seeds write their subject as a heading", () => {
    expect(renderPlainText(buildDealCard(seeds.get('az-cspc-2024')!))).toContain('Sources differ on what the $1.92 billion figure covers');
    // A name keeps its capitals.
    expect(conflictSubject("AstraZeneca's share of the costs.")).toBe("AstraZeneca's share of the costs");
    expect(conflictSubject('Tempus fees?')).toBe('Tempus fees');
  });
});

describe('undisclosed, not recorded, and never computed', () => {
  it('does not add up a headline: the 2024 licence says the total is not stated', () => {
    const text = renderPlainText(buildDealCard(seeds.get('az-cspc-2024')!));
    expect(text).toContain('Headline value: not stated by our sources');
    expect(text).not.toContain('2.02');
    expect(text).toContain('Sources differ');
  });

  it('shows "Undisclosed" for undisclosed components and nothing for unrecorded ones', () => {
    const deal = makeDeal({ id: 'u', parties: ['Alpha Bio'], value: { upfront: 'undisclosed', total: { amount: '$1 billion', qualifier: 'up_to' } } });
    const text = renderPlainText(buildDealCard(deal));
    expect(text).toContain('Upfront: Undisclosed');
    expect(text).toContain('Headline value: up to $1 billion');
    expect(text).not.toContain('Equity');
    expect(text).not.toContain('Royalties');
  });

  it('says the terms are not recorded when nothing is', () => {
    const text = renderPlainText(buildDealCard(seeds.get('az-qure-ai')!));
    expect(text).toContain('not recorded in our sources');
    expect(text).toContain('Announcement date not recorded');
  });

  it('formats dates at their precision', () => {
    expect(formatPartialDate({ precision: 'month', year: 2024, month: 10 })).toBe('October 2024');
    expect(formatPartialDate({ precision: 'year', year: 2023 })).toBe('2023');
    expect(formatPartialDate({ precision: 'unknown' })).toBeUndefined();
  });
});

describe("Slack's limits", () => {
  const long = 'x'.repeat(4000);
  const deal = makeDeal({
    id: 'big',
    parties: Array.from({ length: 30 }, (_, i) => `Company number ${i} with a long name`),
    rights: Array.from({ length: 40 }, (_, i) => `right ${i} ${long}`),
    sources: 25,
    title: long,
  });
  const others = Array.from({ length: 80 }, (_, i) => makeDeal({ id: `o-${i}`, parties: ['Alpha'] }));
  const card = buildDealCard(deal, { others, othersLabel: 'More', shareable: true });

  it('stays within 50 blocks, 150-char headers and 3000-char sections', () => {
    expect(card.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    const header = card.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(LIMITS.header);
    for (const t of texts(card.blocks)) expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
  });

  it('cuts long lists with "and N more"', () => {
    const text = renderPlainText(card);
    expect(text).toMatch(/and 70 more/);
    expect(text).toMatch(/and \d+ more sources/);
    expect(text).toMatch(/and 32 more/);
  });

  it('a deal list never exceeds its block budget', () => {
    expect(buildDealList('x', others, 12).length).toBeLessThanOrEqual(12);
  });
});

describe('cutting long text', () => {
  /** Half an emoji: a UTF-16 surrogate without its other half. */
  const halfCharacter = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

  it('never splits an emoji when it echoes a long query', () => {
    const reply = buildLookupReply(lookupDeals(seeds, '😀'.repeat(300)));
    expect(texts(reply.blocks)[0]).toContain(`No deal in our catalogue matches “${'😀'.repeat(99)}…”.`);
    for (const t of texts(reply.blocks)) expect(t).not.toMatch(halfCharacter);
  });

  it('never cuts through an escaped “&” in a curated text too long for its block', () => {
    const card = buildDealCard(makeDeal({ id: 'amp', parties: ['Alpha', 'Beta'], title: '&'.repeat(1000) }));
    const title = texts(card.blocks).find((t) => t.startsWith('*&amp;'))!;
    expect(title.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(title).toMatch(/&amp;…$/);
    expect(title).not.toMatch(/&(?!amp;)/);
  });
});

describe('where the sources differ, at length', () => {
  const longSource = (i: number) => ({ id: `s-${i}`, title: `Source ${i}`, publisher: `Publisher number ${i} & Co`, url: `https://news.example.org/${'path/'.repeat(10)}${i}`, published: { precision: 'month' as const, year: 2025, month: 6 } });
  const withConflict = (readings: number, words: string, sourceCount = 3) => {
    const base = makeDeal({ id: 'conflicted', parties: ['Alpha', 'Beta'] });
    const sources = Array.from({ length: sourceCount }, (_, i) => longSource(i));
    return {
      ...base,
      sources: [...base.sources, ...sources],
      conflicts: [{ about: 'what the $1 billion covers', readings: Array.from({ length: readings }, (_, r) => ({ text: `Reading ${r}: ${words}`, sources: sources.map((x) => x.id) })) }],
    };
  };
  const conflictSection = (deal: ReturnType<typeof withConflict>) => texts(buildDealCard(deal).blocks).find((t) => t.includes('Sources differ'))!;
  /** Every link whole: each "<" opens a link closed by ">" before the next "<". */
  const linksWhole = (text: string) => /^[^<>]*(?:<https:[^<>|]+\|[^<>]+>[^<>]*)*$/.test(text);

  it('shortens the readings’ words, never a source link, to stay within a section', () => {
    const text = conflictSection(withConflict(3, 'R&D '.repeat(600)));
    expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(linksWhole(text)).toBe(true);
    for (const r of [0, 1, 2]) expect(text).toContain(`Reading ${r}:`);
    expect(text.match(/<https:/g)).toHaveLength(3 * 3);
  });

  it('leaves out the readings there is no room for, and says how many', () => {
    const text = conflictSection(withConflict(12, 'words '.repeat(100), 8));
    expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(linksWhole(text)).toBe(true);
    expect(text).toMatch(/\nand \d+ more readings$/);
  });

  it('cuts the card’s fallback text after escaping it, so it stays within its limit', () => {
    const card = buildDealCard(makeDeal({ id: 'amp-title', parties: ['Alpha', 'Beta'], title: 'R&D '.repeat(1500) }));
    expect(card.text).toContain('R&amp;D');
    expect(card.text.length).toBeLessThanOrEqual(3000);
  });
});

describe('escaping untrusted text', () => {
  it('turns <!channel> and user mentions into inert text', () => {
    expect(escapeMrkdwn('<!channel> & <@U123>')).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt;');
  });

  it('never echoes a raw broadcast from the query', () => {
    const reply = buildLookupReply(lookupDeals(seeds, '<!channel> <@U999> hello'));
    const raw = json(reply);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<@U999>');
    expect(raw).toContain('&lt;!channel&gt;');
  });

  it('escapes ignored words shown under a card', () => {
    const raw = json(buildLookupReply(lookupDeals(seeds, 'astrazeneca <!here>')));
    expect(raw).not.toContain('<!here>');
  });
});

describe('lookup replies', () => {
  it('lists the October 2024 licence under the 2025 card', () => {
    const text = renderPlainText(buildLookupReply(lookupDeals(seeds, 'astrazeneca cspc')));
    expect(text).toContain('Also between AstraZeneca and CSPC Pharmaceutical Group');
    expect(text).toContain('7 Oct 2024');
  });

  it('lists the deals of some of the companies, without the filters, when none is between them all and the filters leave none', () => {
    const all = texts(buildLookupReply(lookupDeals(seeds, 'cspc verge oncology')).blocks).join('\n');
    expect(all).toContain('No deal between CSPC Pharmaceutical Group and Verge Genomics in our catalogue. Deals with some of them, without the filters');
    expect(all).toContain('AI drug discovery in rare diseases');
  });

  describe('words of a title', () => {
    it('finds the companies\' deals whose title has a word that is no company or filter, and says so', () => {
      // The 2024 licence is AstraZeneca's fourth most recent deal; its title names the candidate.
      for (const q of ['astrazeneca YS2302018', 'az cspc ys2302018', 'astrazeneca lp(a)']) {
        const outcome = lookupDeals(seeds, q);
        expect(outcome.kind === 'found' && outcome.deal.id).toBe('az-cspc-2024');
        expect(renderPlainText(buildLookupReply(outcome))).not.toContain('left out of this search');
      }
      const text = renderPlainText(buildLookupReply(lookupDeals(seeds, 'astrazeneca YS2302018')));
      expect(text).toContain('No company or filter is called “YS2302018”: shown are the deals with it in their title.');
      const centre = lookupDeals(seeds, 'az centre');
      expect(centre.kind === 'found' && [centre.deal.id, centre.othersTotal]).toEqual(['az-beijing-2025', 0]);
      const discovery = lookupDeals(seeds, 'az drug discovery');
      expect(discovery.kind === 'found' && discovery.deal.id).toBe('az-verge-2023');
    });

    it('with no company named, finds the deals whose title has the word among those the filters match, or all', () => {
      for (const [q, id] of [['YS2302018', 'az-cspc-2024'], ['licence disruptor', 'az-cspc-2024'], ['multimodal', 'tempus-az-pathos-2025']]) {
        const alone = lookupDeals(seeds, q!);
        expect(alone.kind === 'found' && alone.deal.id).toBe(id);
      }
      // The Beijing centre is a 2025 deal.
      expect(lookupDeals(seeds, 'centre 2024').kind).toBe('none');
    });

    it('says so when titles have the word but none of those deals is the rest of the query, and lists them as such', () => {
      for (const q of ['astrazeneca YS2302018 2025', 'pathos YS2302018']) {
        const outcome = lookupDeals(seeds, q);
        expect(outcome.kind === 'none' && outcome.list?.deals.map((d) => d.id)).toEqual(['az-cspc-2024']);
        const text = renderPlainText(buildLookupReply(outcome));
        expect(text).toContain(`No deal in our catalogue matches “${q}”.`);
        expect(text).toContain('Deals with “YS2302018” in the title, without the rest of the query:');
        expect(text).not.toContain('left out of this search');
      }
    });

    it('matches title words whole and as spelt, and needs every such word in one title', () => {
      for (const q of ['astrazeneca ys230201', 'astrazeneca ys2302018 centre', 'astrazeneca centr']) {
        const outcome = lookupDeals(seeds, q);
        // The words are left out, as before: the card is AstraZeneca's most recent deal.
        expect(outcome.kind === 'found' && outcome.deal.id).toBe('az-cspc-2025');
        expect(renderPlainText(buildLookupReply(outcome))).toContain('left out of this search');
      }
    });

    it('lists the other deals with the word under a label naming it, counts them all, and escapes what was typed', async () => {
      const deal = (n: number, title: string) =>
        makeDeal({ id: `nova-${n}`, parties: ['Novaxis'], announced: `${2010 + (n % 15)}-01-${String(1 + (n % 28)).padStart(2, '0')}`, title });
      const some = new Catalog([deal(1, 'Novaxis — licence to NX-101'), deal(2, 'Novaxis — option on NX-101'), deal(3, 'Novaxis — research')]);
      await some.buildTitleWords();
      const found = lookupDeals(some, 'novaxis nx-101');
      expect(found.kind === 'found' && [found.deal.id, found.others.map((d) => d.id), found.othersTotal]).toEqual(['nova-2', ['nova-1'], 1]);
      expect(renderPlainText(buildLookupReply(found))).toContain('More Novaxis deals with “nx-101” in the title:');
      const alone = lookupDeals(some, 'nx-101');
      expect(alone.kind === 'found' && alone.othersLabel).toBe('Other matches with “nx-101” in the title');
      // A word typed twice is named once; an emoji is not cut in half.
      const twice = lookupDeals(some, 'novaxis NX-101 nx-101');
      expect(twice.kind === 'found' && twice.othersLabel).toBe('More Novaxis deals with “NX-101” in the title');
      const emoji = lookupDeals(some, `novaxis nx-101${'-'.repeat(51)}😀😀`);
      expect(emoji.kind === 'found' && emoji.othersLabel).toBe(`More Novaxis deals with “nx-101${'-'.repeat(51)}😀😀” in the title`);
      const emojis = lookupDeals(some, `novaxis nx-101${'-'.repeat(51)}${'😀'.repeat(5)}`);
      expect(emojis.kind === 'found' && emojis.othersLabel).toBe(`More Novaxis deals with “nx-101${'-'.repeat(51)}😀😀…” in the title`);
      // A long "word" is cut short in the label, as in the note.
      const long = lookupDeals(some, `novaxis nx-101${'-nx'.repeat(500)}`);
      expect(long.kind === 'found' && long.othersLabel).toBe(`More Novaxis deals with “nx-101${'-nx'.repeat(17)}-n…” in the title`);
      // Many deals with the word: ten listed, all counted.
      const many = new Catalog(Array.from({ length: 600 }, (_, n) => deal(n + 10, n % 2 === 0 ? `Novaxis — licence to NX-101 (${n})` : `Novaxis deal ${n}`)));
      await many.buildTitleWords();
      const big = lookupDeals(many, 'nx-101');
      expect(big.kind === 'found' && [big.others.length, big.othersTotal]).toEqual([10, 299]);
      // What was typed is shown, and escaped: it never becomes a mention.
      const loudCatalog = new Catalog([deal(4, 'Novaxis — channel licence to NX-101')]);
      await loudCatalog.buildTitleWords();
      const loud = buildLookupReply(lookupDeals(loudCatalog, 'novaxis <!channel>nx-101'));
      expect(json(loud)).not.toContain('<!channel>');
      expect(texts(loud.blocks).join('\n')).toContain('“&lt;!channel&gt;nx-101”');
    });

    it('leaves the words out, without promising titles later, when indexing them failed', async () => {
      const failing = loadCatalog(path.join(__dirname, '../../../seeds/deals'));
      // As if the records could not be listed at all (an unexpected error, not a damaged record).
      Object.defineProperty(failing, 'titles', {
        value: function* () {
          throw new Error('disk gone');
        },
      });
      await expect(failing.buildTitleWords()).rejects.toThrow('disk gone');
      const text = renderPlainText(buildLookupReply(lookupDeals(failing, 'astrazeneca YS2302018')));
      expect(text).toContain('Nothing in our catalogue matches “YS2302018”, so it was left out of this search.');
      expect(text).not.toContain('still being indexed');
    });

    it('says titles were not searched while they are still being indexed', async () => {
      const fresh = loadCatalog(path.join(__dirname, '../../../seeds/deals'));
      const before = renderPlainText(buildLookupReply(lookupDeals(fresh, 'astrazeneca YS2302018')));
      expect(before).toContain('Deal titles are still being indexed, so they were not searched for these words: try again in a few seconds.');
      await fresh.buildTitleWords();
      const after = lookupDeals(fresh, 'astrazeneca YS2302018');
      expect(after.kind === 'found' && after.deal.id).toBe('az-cspc-2024');
      // No note about titles for a query without such words.
      expect(renderPlainText(buildLookupReply(lookupDeals(loadCatalog(path.join(__dirname, '../../../seeds/deals')), 'az cspc')))).not.toContain('titles');
    });
  });

  it('uses a stage word as a filter, not as a word it could not match (the card shows the stage)', () => {
    const reply = buildLookupReply(lookupDeals(seeds, 'astrazeneca preclinical'));
    const all = texts(reply.blocks).join('\n');
    expect(all).not.toContain('Nothing in our catalogue matches');
    expect(all).toContain('Stage at signing*\npreclinical');
  });

  it('names each word it did not use once, and only the first 10 of a long paste, within Slack’s 3,000 characters', () => {
    const repeated = buildLookupReply(lookupDeals(seeds, `astrazeneca ${'zz '.repeat(500)}`));
    expect(texts(repeated.blocks)[0]).toBe('Nothing in our catalogue matches “zz”, so it was left out of this search.');

    const words = Array.from({ length: 60 }, (_, i) => `${'q'.repeat(58)}${i}`);
    const pasted = buildLookupReply(lookupDeals(seeds, `astrazeneca ${words.join(' ')} >€1b`));
    const [note] = texts(pasted.blocks);
    expect(note).toContain(`Nothing in our catalogue matches ${words.slice(0, 10).map((w) => `“${w}”`).join(', ')} and 50 more, so they were left out of this search.`);
    expect(note).not.toContain(words[10]);
    expect(note).toContain('“&gt;€1b” was not used');
    for (const t of texts(pasted.blocks)) expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
  });

  it('suggests names when nothing matches', () => {
    const text = renderPlainText(buildLookupReply(lookupDeals(seeds, 'astrzanecca')));
    expect(text).toContain('No deal in our catalogue matches');
    expect(text).toContain('Did you mean AstraZeneca');
  });

  it('shows usage for help', () => {
    expect(renderPlainText(buildLookupReply(lookupDeals(seeds, 'help')))).toContain('/deal astrazeneca cspc');
  });

  it('says which name a misspelt word was read as, on a card and on a partial match', () => {
    // Verve Therapeutics is another company: Verge Genomics' card must not pass for its deal.
    const card = buildLookupReply(lookupDeals(seeds, 'verve'));
    expect(texts(card.blocks)[0]).toBe('Showing *Verge Genomics* for “verve”, the nearest name in our catalogue.');
    const partial = buildLookupReply(lookupDeals(seeds, 'immunai verve'));
    expect(texts(partial.blocks)[0]).toBe('Showing *Verge Genomics* for “verve”, the nearest name in our catalogue.');
    expect(renderPlainText(partial)).toContain('No deal between Immunai and Verge Genomics in our catalogue');
    // Names and aliases as written are no correction.
    expect(renderPlainText(buildLookupReply(lookupDeals(seeds, 'az cspc')))).not.toContain('Showing');
  });

  it('shows the companies’ deals without the filters when the filters left none of them', () => {
    const text = renderPlainText(buildLookupReply(lookupDeals(seeds, 'az cspc 2023')));
    expect(text).toContain('No deal in our catalogue matches “az cspc 2023”.');
    expect(text).toContain('Deals between AstraZeneca and CSPC Pharmaceutical Group without the filters:');
    expect(text).toContain('13 Jun 2025 · AstraZeneca × CSPC');
    expect(text).not.toContain('Try company names');
    expect(renderPlainText(buildLookupReply(lookupDeals(seeds, 'immunai 2025')))).toContain('Immunai deals without the filters:');
  });

  it('names a date filter it could not read, and says what a date filter takes, on a card and on a partial match', () => {
    const note = '“since:2025-06-13” was not used: a date filter takes a year or a month, such as `since:2025-06` or `after:2024`.';
    expect(renderPlainText(buildLookupReply(lookupDeals(seeds, 'az since:2025-06-13')))).toContain(note);
    expect(renderPlainText(buildLookupReply(lookupDeals(seeds, 'immunai verge since:2025-06-13')))).toContain(note);
    // A misspelt name under "no deal matches" is said too.
    expect(renderPlainText(buildLookupReply(lookupDeals(seeds, 'verve 2025')))).toContain('“verve” was read as Verge Genomics, the nearest name in our catalogue.');
  });

  it('names the words that matched nothing when the filters alone would have answered, and lists those deals as such', () => {
    const text = renderPlainText(buildLookupReply(lookupDeals(seeds, 'pfizer >1b')));
    expect(text).toContain('No deal in our catalogue matches “pfizer >1b”.');
    expect(text).toContain('No company, area or filter in our catalogue matches “pfizer”.');
    expect(text).toContain('Deals matching the rest of the query:');
    expect(text).toContain('Check the words named above, or see `/deal help`.');
    expect(text).not.toContain('Upfront: $110 million');
    expect(renderPlainText(buildLookupReply(lookupDeals(seeds, 'pfizer')))).not.toContain('No company, area or filter');
  });
});

describe('list lines', () => {
  it('show the figure a minimum compares, labelled, when no total is stated', () => {
    const reply = renderPlainText(buildLookupReply(lookupDeals(seeds, 'astrazeneca >1b')));
    // The 2024 licence has no stated total: it qualifies through its milestones, and says so.
    expect(reply).toContain('licence · value not stated · milestones up to $1.92 billion (development and commercialisation milestones) · upfront $100 million');
    expect(reply).toContain('investment · value not stated · investment $2.5 billion (over five years)');
  });

  it('say when a minimum in another currency was not used', () => {
    const reply = renderPlainText(buildLookupReply(lookupDeals(seeds, 'astrazeneca >€1b')));
    expect(reply).toContain('“>€1b” was not used: minimum values are compared in US dollars (`>1b`), and deal values are never converted between currencies.');
    expect(renderPlainText(buildLookupReply(lookupDeals(seeds, '>€1b')))).toContain('was not used');
  });
});
