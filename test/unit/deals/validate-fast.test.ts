/**
 * The fast check (validate-fast.ts) must return exactly what the zod schema returns, or
 * decline. A deal it read differently would put figures on a card that the schema never
 * checked; so every seed, a generated catalogue and thousands of mutated documents are
 * compared with zod's reading, key order included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { forEachDeal } from '../../../bench/generate';
import { mulberry32 } from '../../../bench/rng';
import { toYaml } from '../../../bench/yaml';
import { parseDealFile } from '../../../src/deals/parse';
import { dealSchema } from '../../../src/deals/schema';
import { DEAL_KEYS, readValidDeal, VALUE_KEYS } from '../../../src/deals/validate-fast';
import { readSimpleYaml } from '../../../src/deals/yaml-fast';

const seedsDir = path.join(__dirname, '../../../seeds/deals');
const seedDocs = readdirSync(seedsDir)
  .filter((n) => n.endsWith('.yaml'))
  .map((n) => load(readFileSync(path.join(seedsDir, n), 'utf8'), { schema: CORE_SCHEMA }) as Record<string, unknown>);

/** The fast check declines, or agrees with zod (which must then accept). True when it read the document. */
function expectAgreement(doc: unknown): boolean {
  const fast = readValidDeal(structuredClone(doc));
  if (fast === undefined) return false;
  const ref = dealSchema.safeParse(structuredClone(doc));
  if (!ref.success) throw new Error(`fast check accepted a document zod rejects (${ref.error.message}):\n${JSON.stringify(doc, null, 2)}`);
  // Same value and same key order (the catalogue stores deals as JSON).
  expect(JSON.stringify(fast)).toBe(JSON.stringify(ref.data));
  expect(fast).toStrictEqual(ref.data);
  return true;
}

describe('the fast deal check returns what the schema returns', () => {
  it('knows every field of the schema, in its order', () => {
    expect([...DEAL_KEYS]).toEqual(Object.keys(dealSchema.shape));
    const value = dealSchema.shape.value.def.innerType;
    expect([...VALUE_KEYS]).toEqual(Object.keys(value.shape));
  });

  it('every curated seed, without falling back', () => {
    for (const doc of seedDocs) expect(expectAgreement(doc)).toBe(true);
  });

  it('a generated catalogue of 500 deals, without falling back', () => {
    let read = 0;
    forEachDeal(500, 7, (doc) => {
      const text = toYaml(doc as Parameters<typeof toYaml>[0]);
      // As the loader reads it: the fast YAML reader, js-yaml only where it declines.
      if (expectAgreement(readSimpleYaml(text) ?? load(text, { schema: CORE_SCHEMA }))) read++;
    });
    expect(read).toBe(500);
  });

  it('fills in the defaults zod fills in', () => {
    const doc = structuredClone(seedDocs[0]!);
    for (const key of ['status', 'value', 'modalities', 'areas', 'indications', 'rights', 'conflicts', 'notes']) delete doc[key];
    for (const key of Object.keys(doc.value ?? {})) delete (doc.value as Record<string, unknown>)[key];
    for (const fact of doc.facts as Record<string, unknown>[]) if (String(fact.topic).startsWith('value.')) fact.topic = 'context';
    for (const source of doc.sources as Record<string, unknown>[]) delete source.published;
    expect(expectAgreement(doc)).toBe(true);
    const deal = readValidDeal(doc)!;
    expect(deal.status).toBe('announced');
    expect(deal.value).toEqual({});
    expect(deal.sources[0]!.published).toEqual({ precision: 'unknown' });
  });

  it('leaves a deal with unusually many facts to the schema, which reads it the same', () => {
    const doc = structuredClone(seedDocs[0]!);
    const facts = doc.facts as Doc[];
    for (let k = 0; facts.length <= 64; k++) facts.push({ ...structuredClone(facts[0]!), id: `extra-${k}` });
    expect(readValidDeal(doc)).toBeUndefined();
    const viaSchema = parseDealFile('x.yaml', JSON.stringify(doc));
    expect(viaSchema.problems).toEqual([]);
    expect(viaSchema.deal!.facts).toHaveLength(facts.length);
  });

  it.each([
    ['an unknown key', (d: Doc) => (d.extra = 'x')],
    ['a party without a role', (d: Doc) => delete (d.parties as Doc[])[0]!.role],
    ['an empty title', (d: Doc) => (d.title = '')],
    ['an impossible date', (d: Doc) => (d.announced = '2025-02-30')],
    ['a figure no fact backs', (d: Doc) => ((d.facts as Doc[]).forEach((f) => (f.topic = 'context')), d)],
    ['a fact citing an unknown source', (d: Doc) => ((d.facts as Doc[])[0]!.sources = ['nowhere'])],
    ['a duplicate source id', (d: Doc) => (d.sources as Doc[]).push(structuredClone((d.sources as Doc[])[0]!))],
    ['an ftp source', (d: Doc) => ((d.sources as Doc[])[0]!.url = 'ftp://example.org/x')],
    ['a host with a space', (d: Doc) => ((d.sources as Doc[])[0]!.url = 'https://exa mple.org/a')],
    ['an amount that is not money', (d: Doc) => ((d.value as Doc).upfront = { amount: 'a lot' })],
  ])('declines %s, which zod reports', (_label, mutate) => {
    const doc = structuredClone(seedDocs.find((d) => (d.value as Doc | undefined)?.upfront)!);
    mutate(doc);
    expect(readValidDeal(doc)).toBeUndefined();
    expect(parseDealFile('x.yaml', JSON.stringify(doc)).problems.length).toBeGreaterThan(0);
  });

  it('mutated seeds: declined, or read exactly as zod reads them', () => {
    const rng = mulberry32(20261126);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
    const replacements: unknown[] = [
      null, '', ' ', 'x', 'undisclosed', 'unknown', 0, -1, 12.5, 2024, Infinity, NaN, true, [], {}, ['x'], [''], [1],
      '2025-01-31', '2025-02-30', '2025-13', ' 2025-01 ', '2024', 'unknown',
      '$1.5 billion', 'USD 110m', '110,000,000', '€50M', 110000000, '1.5', 'a lot',
      'https://example.org/a', 'http://example.org', ' https://example.org', 'https://exa mple.org', 'http:example.org', 'HTTPS://EXAMPLE.ORG', 'ftp://example.org', 'https://',
      'up_to', 'exact', 'licence', 'licensee', 'phase_2', 'value.upfront', 'value.royalties', 'context', 'a-slug', 'Not A Slug', 's1',
      { amount: '$5 million' }, { amount: '$5 million', qualifier: 'up_to', note: 'over five years' }, { amount: 5 }, { amount: '$5m', extra: 1 },
    ];
    /** Every (container, key) in the document, to mutate one at random. */
    const slots = (node: unknown, out: [Doc | unknown[], string | number][] = []): [Doc | unknown[], string | number][] => {
      if (Array.isArray(node)) node.forEach((v, i) => (out.push([node, i]), slots(v, out)));
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) (out.push([node as Doc, k]), slots(v, out));
      return out;
    };
    let read = 0;
    const runs = 4000;
    for (let i = 0; i < runs; i++) {
      const doc = structuredClone(pick(seedDocs));
      for (let m = 1 + Math.floor(rng() * 2); m > 0; m--) {
        const [container, key] = pick(slots(doc));
        const kind = rng();
        if (kind < 0.25) {
          if (Array.isArray(container)) container.splice(key as number, 1);
          else delete container[key];
        } else if (kind < 0.35 && Array.isArray(container)) {
          container.push(structuredClone(container[key as number]));
        } else if (kind < 0.4 && !Array.isArray(container)) {
          container[pick(['extra', 'status', 'stage', 'note', 'qualifier', 'published', 'aliases', 'territory'])] = pick(replacements);
        } else {
          (container as Record<string | number, unknown>)[key] = structuredClone(pick(replacements));
        }
      }
      if (expectAgreement(doc)) read++;
    }
    // The comparison means something only if many mutants pass the fast check.
    expect(read).toBeGreaterThan(runs * 0.12);
  });
});

type Doc = Record<string, unknown>;
