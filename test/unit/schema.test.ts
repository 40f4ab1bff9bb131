import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  CatalogError,
  formatProblem,
  loadCatalog,
  parseDealFile,
  readDealsDir,
  type SeedProblem,
} from '../../src/deals/catalog';
import type { Deal } from '../../src/deals/schema';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'schema');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const MINIMAL = fixture('minimal.yaml');

/** Parses text that must be valid; fails the test with the problems otherwise. */
function mustParse(text: string, file = 'test.yaml'): Deal {
  const result = parseDealFile(file, text);
  if (!result.deal) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.deal;
}

/** Parses text that must be invalid and returns its problems. */
function problemsOf(text: string, file = 'test.yaml'): SeedProblem[] {
  const result = parseDealFile(file, text);
  expect(result.deal).toBeUndefined();
  expect(result.problems.length).toBeGreaterThan(0);
  return result.problems;
}

/** The minimal fixture as a plain object, changed by `edit`, back to YAML. */
function variant(edit: (doc: Record<string, any>) => void): string {
  const doc = parse(MINIMAL) as Record<string, any>;
  edit(doc);
  return stringify(doc);
}

/** The minimal fixture with its `announced:` line replaced, so the YAML scalar is exactly as written. */
function withAnnounced(raw: string): string {
  const text = MINIMAL.replace(/^announced: .*$/m, `announced: ${raw}`);
  expect(text).toContain(`announced: ${raw}`);
  return text;
}

describe('parseDealFile: a good file', () => {
  it('parses the minimal fixture and fills defaults', () => {
    const deal = mustParse(MINIMAL);
    expect(deal.id).toBe('acme-beta-2025');
    expect(deal.types).toEqual(['licence']);
    expect(deal.status).toBe('announced');
    expect(deal.parties[0]).toEqual({ name: 'Acme Pharma', aliases: [], role: 'licensee' });
    expect(deal.parties[1]?.aliases).toEqual(['Beta']);
    expect(deal.value.upfront).toEqual({
      status: 'disclosed',
      amount: { currency: 'USD', amount: 110_000_000 },
      qualifier: 'exact',
    });
    expect(deal.modalities).toEqual([]);
    expect(deal.areas).toEqual([]);
    expect(deal.conflicts).toEqual([]);
    expect(deal.notes).toEqual([]);
    expect(deal.sources[0]?.published).toEqual({ precision: 'unknown' });
  });

  it('accepts every spelling of money the curators use', () => {
    for (const amount of ['$110 million', 'USD 110m', '110,000,000', '$110M', 110000000]) {
      const deal = mustParse(variant((d) => (d.value.upfront.amount = amount)));
      expect(deal.value.upfront).toMatchObject({ amount: { currency: 'USD', amount: 110_000_000 } });
    }
  });
});

describe('parseDealFile: dates keep their precision', () => {
  it('keeps a full date at day precision', () => {
    expect(mustParse(withAnnounced('2025-06-13')).announced).toEqual({
      precision: 'day',
      year: 2025,
      month: 6,
      day: 13,
    });
  });

  it('keeps "2024-10" at month precision, not 1 October', () => {
    for (const raw of ['2024-10', "'2024-10'"]) {
      const announced = mustParse(withAnnounced(raw)).announced;
      expect(announced).toEqual({ precision: 'month', year: 2024, month: 10 });
      expect(announced).not.toHaveProperty('day');
    }
  });

  it('reads an unquoted 2023 (a YAML number) as year precision', () => {
    expect(parse(withAnnounced('2023')).announced).toBe(2023);
    const announced = mustParse(withAnnounced('2023')).announced;
    expect(announced).toEqual({ precision: 'year', year: 2023 });
    expect(announced).not.toHaveProperty('month');
    expect(mustParse(withAnnounced("'2023'")).announced).toEqual({ precision: 'year', year: 2023 });
  });

  it("keeps 'unknown' as unknown", () => {
    expect(mustParse(withAnnounced('unknown')).announced).toEqual({ precision: 'unknown' });
  });

  it.each(['2024-13', '2023-02-30', '13/06/2025', '2024-1', 'June 2025', '2023.5', 'soon'])(
    'rejects the date %j with a hint',
    (raw) => {
      const problems = problemsOf(withAnnounced(raw));
      expect(problems).toHaveLength(1);
      expect(problems[0]?.field).toBe('announced');
      expect(problems[0]?.message).toMatch(/YYYY-MM-DD|not 01–12|does not exist/);
    },
  );
});

describe('parseDealFile: value components', () => {
  it('names value.upfront.amount for a bad amount and says what is accepted', () => {
    const problems = problemsOf(fixture('broken-amount.yaml'), 'seeds/deals/broken-amount.yaml');
    expect(problems).toEqual([
      expect.objectContaining({ file: 'seeds/deals/broken-amount.yaml', field: 'value.upfront.amount' }),
    ]);
    expect(problems[0]?.message).toMatch(/expected an amount such as/);
    expect(problems[0]?.message).toContain('$110 million');
    expect(problems[0]?.message).toContain('a lot of money');
    expect(formatProblem(problems[0]!)).toMatch(
      /^seeds\/deals\/broken-amount\.yaml: value\.upfront\.amount: expected an amount such as/,
    );
  });

  it.each([['-5'], ['1.2.3'], ['$'], ['abc']])('rejects the amount %j at value.upfront.amount', (amount) => {
    const problems = problemsOf(variant((d) => (d.value.upfront.amount = amount)));
    expect(problems.map((p) => p.field)).toEqual(['value.upfront.amount']);
  });

  it('names value.upfront.qualifier for an unknown qualifier', () => {
    const problems = problemsOf(variant((d) => (d.value.upfront.qualifier = 'roughly')));
    expect(problems.map((p) => p.field)).toEqual(['value.upfront.qualifier']);
    expect(problems[0]?.message).toMatch(/up_to/);
  });

  it('rejects a component that is neither undisclosed nor an amount object', () => {
    const problems = problemsOf(variant((d) => (d.value.upfront = 'TBD')));
    expect(problems.map((p) => p.field)).toEqual(['value.upfront']);
    expect(problems[0]?.message).toMatch(/undisclosed/);
  });

  it('requires a fact on the same topic for every disclosed component', () => {
    const problems = problemsOf(variant((d) => (d.value.total = { amount: '$1.2 billion', qualifier: 'up_to' })));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('value.total');
    expect(problems[0]?.message).toMatch(/value\.total/);
  });

  it.each<[string, (d: Record<string, any>) => void, string]>([
    ['a fact on the topic that gives no figure', (d) => (d.facts[0].text = 'The size of the upfront payment was not disclosed.'), "no fact with topic 'value.upfront' states $110 million"],
    ['a fact with another amount', (d) => (d.facts[0].text = 'Beta receives $100 million upfront.'), "no fact with topic 'value.upfront' states $110 million"],
    ['a fact in another currency', (d) => (d.facts[0].text = 'Beta receives EUR 110 million upfront.'), "no fact with topic 'value.upfront' states $110 million"],
    ['a fact that says "up to" for an exact amount', (d) => (d.facts[0].text = 'Beta receives up to $110 million upfront.'), 'but the fact says up to $110 million: set qualifier: up_to'],
    ['the figure only in a fact on another topic', (d) => (d.facts[0].topic = 'context'), "no fact with topic 'value.upfront' supports this figure"],
    ['the figure as one end of a range', (d) => (d.facts[0].text = 'Beta receives $100 million to $110 million upfront.'), 'only as one end of a range or in a comparison'],
    ['a comparison', (d) => (d.facts[0].text = 'Beta receives less than $110 million upfront.'), 'only as one end of a range or in a comparison'],
  ])('refuses a card figure its facts do not state: %s', (_label, edit, message) => {
    const problems = problemsOf(variant(edit));
    expect(problems.map((p) => p.field)).toEqual(['value.upfront']);
    expect(problems[0]?.message).toContain(message);
  });

  it.each<[string, string]>([
    ['the amount spelled another way', 'Beta receives USD 110m upfront.'],
    ['an unqualified fact for an "up to" figure', 'Beta receives $110 million upfront.'],
    ['the same qualifier', 'Beta receives up to $110 million upfront.'],
  ])('accepts a fact stating the figure: %s', (_label, text) => {
    const deal = mustParse(
      variant((d) => {
        d.value.upfront = { amount: '$110 million', qualifier: 'up_to' };
        d.facts[0].text = text;
      }),
    );
    expect(deal.value.upfront).toMatchObject({ status: 'disclosed', qualifier: 'up_to' });
  });

  it('requires a fact naming the stage the card shows', () => {
    const withStage = (stage: string, factText?: string) =>
      variant((d) => {
        d.stage = stage;
        if (factText) d.facts.push({ id: 'stage', topic: 'stage', text: factText, sources: ['wire'] });
      });
    const problems = problemsOf(withStage('platform'));
    expect(problems.map((p) => p.field)).toEqual(['stage']);
    expect(problems[0]?.message).toBe(`no fact names the stage 'platform' (in words such as "platform"); add one with its sources, or remove the stage`);
    // Named in another stage's words: still unbacked.
    expect(problemsOf(withStage('phase_2', 'The lead asset was in Phase 1 at signing.'))[0]?.message).toContain('"Phase 2"');
    expect(problemsOf(withStage('phase_1', 'The lead asset was in Phase 12 at signing.')).map((p) => p.field)).toEqual(['stage']);
    // Named in any fact, on any topic, in its own words.
    expect(mustParse(withStage('phase_2', 'The lead asset was in Phase II at signing.')).stage).toBe('phase_2');
    expect(mustParse(withStage('discovery', 'The partners apply AI to drug discovery.')).stage).toBe('discovery');
    // "Not applicable" claims no stage.
    expect(mustParse(withStage('not_applicable')).stage).toBe('not_applicable');
  });

  it("requires the card's labels to be in the facts' words", () => {
    const withLabels = (labels: Record<string, unknown>, ...factTexts: string[]) =>
      variant((d) => {
        Object.assign(d, labels);
        factTexts.forEach((text, i) => d.facts.push({ id: `f${i}`, topic: 'context', text, sources: ['wire'] }));
      });
    // A curator's label over facts that say less: the word they lack is named, with the fix.
    const platform = problemsOf(withLabels({ modalities: ['AI platform'] }, 'Beta uses AI to map the immune system.'));
    expect(platform.map((p) => p.field)).toEqual(['modalities.0']);
    expect(platform[0]?.message).toBe(`no fact says "platform" (of 'AI platform'); add a fact that says it, with its sources, or use the facts' own words`);
    expect(mustParse(withLabels({ modalities: ['AI'] }, 'Beta uses AI to map the immune system.')).modalities).toEqual(['AI']);
    // Each field, each item, in its own place.
    const fields = problemsOf(withLabels({ areas: ['oncology', 'rare diseases'], territory: 'worldwide', location: 'Basel', rights: ['co-promotion rights'] }, 'The work is in rare diseases.'));
    expect(fields.map((p) => p.field)).toEqual(['areas.0', 'rights.0', 'territory', 'location']);
    expect(problemsOf(withLabels({ indications: ['lupus'] }, 'Beta works in immunology.')).map((p) => p.field)).toEqual(['indications.0']);
    // Other endings from five letters on; joining words need no fact; words may come from several facts.
    const deal = mustParse(
      withLabels(
        { areas: ['immunology'], indications: ['immunological diseases'], rights: ['exclusive licence to develop BX-1 in Japan'], territory: 'Japan' },
        'Beta licensed BX-1 exclusively for immunological diseases.',
        'Acme will develop it in Japan.',
      ),
    );
    expect(deal.rights).toEqual(['exclusive licence to develop BX-1 in Japan']);
    // A short word must be the word itself or its plural: "AI" is not in "aims", but is in "AIs".
    expect(problemsOf(withLabels({ modalities: ['AI'] }, 'Beta aims to map the immune system.'))[0]?.message).toContain('"AI"');
    expect(mustParse(withLabels({ modalities: ['AI'] }, 'Beta builds AIs for the immune system.')).modalities).toEqual(['AI']);
    // Nor part of another word: "oral" is not in "Coral Bio", "lung" not in "lungwort".
    expect(problemsOf(withLabels({ modalities: ['oral'] }, 'Coral Bio makes it.')).map((p) => p.field)).toEqual(['modalities.0']);
    // A script written without spaces is matched as written.
    expect(mustParse(withLabels({ location: '石药集团, Hebei' }, '石药集团在河北 (Hebei) runs the work.')).location).toBe('石药集团, Hebei');
    // A long label is shortened in the message.
    expect(problemsOf(withLabels({ rights: [`rights to ${'x'.repeat(200)}`] }, 'Acme holds rights.'))[0]?.message.length).toBeLessThan(200);
  });

  it('requires every number in the royalties to be stated by a royalties fact', () => {
    const withRoyalties = (royalties: string, factText: string) =>
      variant((d) => {
        d.value.royalties = royalties;
        d.facts.push({ id: 'royalties', topic: 'value.royalties', text: factText, sources: ['wire'] });
      });
    expect(problemsOf(withRoyalties('15%', 'Royalties are due on sales; the rate was not disclosed.'))[0]?.message).toBe(
      "no fact with topic 'value.royalties' states 15; correct the royalties or the fact",
    );
    expect(problemsOf(withRoyalties('15%', 'Royalties of up to 150% were ruled out.'))[0]?.field).toBe('value.royalties');
    expect(mustParse(withRoyalties('tiered, 8–15%', 'Beta earns tiered royalties of 8% to 15% on net sales.')).value.royalties).toEqual({
      status: 'disclosed',
      text: 'tiered, 8–15%',
    });
    expect(mustParse(withRoyalties('single-digit', 'Royalties are in the single digits.')).value.royalties).toMatchObject({ status: 'disclosed' });
  });

  it('says what to write for amounts it will not guess at', () => {
    const amountProblem = (amount: unknown) =>
      problemsOf(
        variant((d) => {
          d.value.upfront = { amount };
        }),
      ).find((p) => p.field === 'value.upfront.amount')?.message;
    expect(amountProblem('¥10 billion')).toBe("'¥' is used for both yen and yuan: write JPY or CNY (e.g. 'JPY 10 billion'), got '¥10 billion'");
    expect(amountProblem(0.4)).toBe("an amount must be a whole number of currency units, got '0.4'");
    expect(amountProblem('$0.4')).toBe("an amount must be a whole number of currency units, got '$0.4'");
    expect(amountProblem('a lot')).toMatch(/^expected an amount such as/);
  });

  it('keeps undisclosed and absent components distinct', () => {
    const deal = mustParse(
      variant((d) => {
        d.value.milestones = 'undisclosed';
        d.value.royalties = 'undisclosed';
        d.facts.push(
          { id: 'milestones-undisclosed', topic: 'value.milestones', text: 'Milestone terms were not disclosed.', sources: [d.sources[0].id] },
          { id: 'royalties-undisclosed', topic: 'value.royalties', text: 'Royalty terms were not disclosed.', sources: [d.sources[0].id] },
        );
      }),
    );
    expect(deal.value.milestones).toEqual({ status: 'undisclosed' });
    expect(deal.value.royalties).toEqual({ status: 'undisclosed' });
    // Never mentioned: absent, not undisclosed.
    expect(deal.value.total).toBeUndefined();
    expect('total' in deal.value).toBe(false);
    expect(deal.value.commercial_milestones).toBeUndefined();
  });

  it('requires a fact saying so for an undisclosed component, which the card shows as a claim about the sources', () => {
    const problems = problemsOf(
      variant((d) => {
        d.value.milestones = 'undisclosed';
        d.value.royalties = 'undisclosed';
      }),
    );
    expect(problems.map((p) => p.field)).toEqual(['value.milestones', 'value.royalties']);
    expect(problems[0]?.message).toBe("no fact with topic 'value.milestones' says it was not disclosed; add one with its sources");
  });

  it('defaults value to {} when the key is missing', () => {
    const deal = mustParse(
      variant((d) => {
        delete d.value;
        d.facts[0].topic = 'scope';
      }),
    );
    expect(deal.value).toEqual({});
  });

  it('keeps royalties as text', () => {
    const deal = mustParse(
      variant((d) => {
        d.value.royalties = 'single-digit';
        d.facts.push({ id: 'royalties', topic: 'value.royalties', text: 'Royalties are single-digit.', sources: [d.sources[0].id] });
      }),
    );
    expect(deal.value.royalties).toEqual({ status: 'disclosed', text: 'single-digit' });
  });

  it('rejects disclosed royalties without a fact that supports them', () => {
    const problems = problemsOf(variant((d) => (d.value.royalties = 'single-digit')));
    expect(problems.map((p) => p.field)).toContain('value.royalties');
  });
});

describe('parseDealFile: facts and sources', () => {
  it('names facts.N.sources.M for an unknown source id', () => {
    const problems = problemsOf(fixture('broken-source.yaml'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('facts.0.sources.1');
    expect(problems[0]?.message).toContain("'nowhere'");
  });

  it('flags unknown source ids in conflicts', () => {
    const problems = problemsOf(
      variant((d) => {
        d.conflicts = [
          {
            about: 'size',
            readings: [
              { text: 'a', sources: ['wire'] },
              { text: 'b', sources: ['ghost'] },
            ],
          },
        ];
      }),
    );
    expect(problems.map((p) => p.field)).toEqual(['conflicts.0.readings.1.sources.0']);
  });

  it('flags duplicate fact and source ids', () => {
    const problems = problemsOf(
      variant((d) => {
        d.facts.push({ ...d.facts[0] });
        d.sources.push({ ...d.sources[0] });
      }),
    );
    expect(problems.map((p) => p.field).sort()).toEqual(['facts.1.id', 'sources.1.id']);
  });

  it('rejects an unknown fact topic', () => {
    const problems = problemsOf(variant((d) => (d.facts[0].topic = 'value.bonus')));
    expect(problems.map((p) => p.field)).toContain('facts.0.topic');
  });

  it('rejects a source URL that is not http(s)', () => {
    const problems = problemsOf(variant((d) => (d.sources[0].url = 'ftp://example.com/x')));
    expect(problems.map((p) => p.field)).toEqual(['sources.0.url']);
  });
});

describe('parseDealFile: strictness and YAML errors', () => {
  it('rejects an unknown top-level key', () => {
    const problems = problemsOf(variant((d) => (d.headline_total = '$5 billion')));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('');
    expect(problems[0]?.message).toContain('headline_total');
  });

  it('rejects an unknown key inside a component and inside a fact', () => {
    const inComponent = problemsOf(variant((d) => (d.value.upfront.currency = 'USD')));
    expect(inComponent[0]?.message).toContain('currency');
    expect(inComponent[0]?.field).toMatch(/^value\.upfront/);
    const inFact = problemsOf(variant((d) => (d.facts[0].url = 'https://example.com')));
    expect(inFact).toEqual([expect.objectContaining({ field: 'facts.0' })]);
    expect(inFact[0]?.message).toContain('url');
  });

  it('reports invalid YAML against the file, without throwing', () => {
    const text = 'id: broken\ntitle: [unclosed\nfacts: :\n';
    const problems = problemsOf(text, 'seeds/deals/broken.yaml');
    expect(problems[0]).toMatchObject({ file: 'seeds/deals/broken.yaml', field: '' });
    expect(problems[0]?.message).toMatch(/^not valid YAML/);
    expect(formatProblem(problems[0]!)).toMatch(/^seeds\/deals\/broken\.yaml: not valid YAML/);
  });

  it('says on which line the YAML is broken', () => {
    const text = 'id: broken\ntitle: ok\nfacts: [unclosed\nsources: :\n';
    const problems = problemsOf(text, 'broken.yaml');
    expect(problems[0]?.message).toMatch(/line \d+/);
    expect(problems[0]?.message).not.toMatch(/line \?/);
  });

  it('reports an empty file instead of throwing', () => {
    const problems = problemsOf('', 'empty.yaml');
    expect(problems[0]?.file).toBe('empty.yaml');
  });

  it('reports a missing required key by name', () => {
    const problems = problemsOf(variant((d) => delete d.sources));
    expect(problems.map((p) => p.field)).toContain('sources');
  });
});

describe('readDealsDir / loadCatalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'deals-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a directory of good files', () => {
    copyFileSync(path.join(FIXTURES, 'minimal.yaml'), path.join(dir, 'acme-beta-2025.yaml'));
    writeFileSync(path.join(dir, 'README.md'), 'not a deal');
    const { catalog, problems, files } = readDealsDir(dir);
    expect(problems).toEqual([]);
    expect(files).toBe(1);
    expect(catalog.ids).toEqual(['acme-beta-2025']);
    expect(loadCatalog(dir).get('acme-beta-2025')?.title).toBe('Acme × Beta — test licence');
  });

  it('serves every seed deal exactly as validated', () => {
    const seeds = path.join(__dirname, '..', '..', 'seeds', 'deals');
    const { catalog, problems } = readDealsDir(seeds);
    expect(problems).toEqual([]);
    for (const name of readdirSync(seeds).filter((n) => n.endsWith('.yaml'))) {
      const file = path.join(seeds, name);
      const { deal } = parseDealFile(file, readFileSync(file, 'utf8'));
      // Read back from the stored record (the record file, not the objects zod returned).
      expect(catalog.get(deal!.id)).toEqual(deal);
    }
  });

  it('reports the problems of every broken file at once', () => {
    copyFileSync(path.join(FIXTURES, 'minimal.yaml'), path.join(dir, 'acme-beta-2025.yaml'));
    copyFileSync(path.join(FIXTURES, 'broken-amount.yaml'), path.join(dir, 'broken-amount.yaml'));
    copyFileSync(path.join(FIXTURES, 'broken-source.yaml'), path.join(dir, 'broken-source.yml'));
    const { catalog, problems } = readDealsDir(dir);
    expect(catalog.ids).toEqual(['acme-beta-2025']);
    const files = new Set(problems.map((p) => path.basename(p.file)));
    expect(files).toEqual(new Set(['broken-amount.yaml', 'broken-source.yml']));
    expect(problems.map((p) => `${path.basename(p.file)}:${p.field}`)).toEqual(
      expect.arrayContaining(['broken-amount.yaml:value.upfront.amount', 'broken-source.yml:facts.0.sources.1']),
    );

    let thrown: unknown;
    try {
      loadCatalog(dir);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CatalogError);
    const error = thrown as CatalogError;
    expect(error.code).toBe('catalog_invalid');
    expect(error.problems).toEqual(problems);
    expect(error.message).toContain('broken-amount.yaml');
    expect(error.message).toContain('broken-source.yml');
  });

  it('flags a deal id used by two files, naming both', () => {
    copyFileSync(path.join(FIXTURES, 'minimal.yaml'), path.join(dir, 'a.yaml'));
    copyFileSync(path.join(FIXTURES, 'duplicate-id.yaml'), path.join(dir, 'b.yaml'));
    const { catalog, problems } = readDealsDir(dir);
    expect(catalog.size).toBe(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path.join(dir, 'b.yaml'), field: 'id' });
    expect(problems[0]?.message).toContain('acme-beta-2025');
    expect(problems[0]?.message).toContain(path.join(dir, 'a.yaml'));
    expect(() => loadCatalog(dir)).toThrow(CatalogError);
  });

  it('reports an empty directory and a missing one', () => {
    expect(readDealsDir(dir).problems).toEqual([expect.objectContaining({ message: 'no .yaml deal files found' })]);
    const missing = path.join(dir, 'nope');
    expect(readDealsDir(missing).problems).toEqual([
      expect.objectContaining({ file: missing, message: expect.stringContaining('directory not found') }),
    ]);
  });
});
