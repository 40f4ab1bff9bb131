/**
 * The loader reads seeds with js-yaml (core schema) for speed. Curators write YAML 1.2 and
 * may check their files with any YAML tool, so what the loader reads must be what the
 * reference implementation (`yaml`, YAML 1.2) reads: every curated seed, a generated catalogue
 * and the constructs a curator is likely to use are parsed by both and compared.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { parse } from 'yaml';
import { forEachDeal } from '../../../bench/generate';
import { toYaml } from '../../../bench/yaml';
import { parseDealFile } from '../../../src/deals/catalog';
import { readSimpleYaml } from '../../../src/deals/yaml-fast';

const read = (text: string) => load(text, { schema: CORE_SCHEMA });

describe('seeds are read as YAML 1.2 reads them', () => {
  const dir = path.join(__dirname, '../../../seeds/deals');
  it.each(readdirSync(dir).filter((n) => n.endsWith('.yaml')))('%s', (name) => {
    const text = readFileSync(path.join(dir, name), 'utf8');
    expect(read(text)).toEqual(parse(text));
  });

  it('a generated catalogue of 300 deals (accents, quotes, flow lists)', () => {
    let compared = 0;
    forEachDeal(300, 7, (doc) => {
      const text = toYaml(doc as Parameters<typeof toYaml>[0]);
      expect(read(text)).toEqual(parse(text));
      compared++;
    });
    expect(compared).toBe(300);
  });

  it.each([
    ['dates stay text', 'announced: 2025-03-21\npublished: 2024-10\n'],
    ['words YAML 1.1 read as booleans', 'a: yes\nb: no\nc: on\nd: off\ne: true\nf: ~\ng: null\n'],
    ['numbers', 'a: 12\nb: -3.5\nc: .5\nd: 1e3\ne: 0x1F\nf: 0o17\ng: +7\nh: 1_000\n'],
    ['quoted text with escapes', 'a: "line\\nbreak \\u00e9 \\"q\\""\nb: \'it\'\'s\'\n'],
    ['folded and literal blocks', 'a: >\n  one\n  two\n\n  three\nb: |-\n  keep\n   indent\n'],
    ['plain text over several lines', 'text: AstraZeneca agreed to pay\n  up to $5.3 billion — in total\n'],
    ['colons, hashes and dashes inside text', 'url: https://x.org/a#b\nt: AZ × CSPC — $110m upfront, 2024 # comment\n'],
    ['anchors and aliases', 'a: &x [1, 2]\nb: *x\n'],
    ['flow mappings', 'a: {amount: $1.5 billion, qualifier: up_to}\n'],
    ['accents and non-Latin names', 'name: Société Générale Biotech — 石药集团\n'],
  ])('%s', (_label, text) => {
    expect(read(text)).toEqual(parse(text));
  });
});

describe('YAML errors', () => {
  it('text with ": " inside needs quotes for both readers', () => {
    const text = 't: AZ paid: $110m upfront\n';
    expect(() => read(text)).toThrow();
    expect(() => parse(text)).toThrow();
  });

  it.each([
    ['a duplicated key', 'id: a\nid: b\n', 2, /duplicated mapping key/],
    ['an unclosed flow list', 'types: [licence\nid: x\n', 2, /comma|flow/],
    ['bad indentation', 'parties:\n  - name: A\n - name: B\n', 3, /indentation/],
  ])('%s names the line', (_label, text, line, reason) => {
    // As text, and as the file's bytes (what the loader reads): the same report.
    for (const content of [text, Buffer.from(text, 'utf8')]) {
      const { problems } = parseDealFile('seeds/deals/broken.yaml', content);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(new RegExp(`^not valid YAML \\(line ${line}\\): `));
      expect(problems[0]!.message).toMatch(reason);
    }
  });
});

describe('a deal file read as bytes', () => {
  const seed = readFileSync(path.join(__dirname, '../../../seeds/deals', readdirSync(path.join(__dirname, '../../../seeds/deals')).find((n) => n.endsWith('.yaml'))!), 'utf8');

  it('gives the deal its text gives, with accents and dashes intact, by either YAML reader', () => {
    // The title on one line; and over two, which only js-yaml reads.
    const title = 'Société Générale × 石药集团 — licence';
    const oneLine = seed.replace(/^title: .*$/m, `title: "${title}"`);
    const twoLines = seed.replace(/^title: .*$/m, 'title: Société Générale × 石药集团 —\n  licence');
    for (const text of [oneLine, twoLines]) {
      const fromText = parseDealFile('x.yaml', text);
      const fromBytes = parseDealFile('x.yaml', Buffer.from(text, 'utf8'));
      expect(fromText.problems).toEqual([]);
      expect(fromBytes).toStrictEqual(fromText);
      expect(fromBytes.deal!.title).toBe(title);
    }
  });

  it('that is not UTF-8 is read as its decoding reads (a replacement character), not refused', () => {
    const bytes = Buffer.concat([Buffer.from(seed.replace(/^title: .*$/m, 'title: Bad '), 'utf8')]);
    const at = bytes.indexOf('Bad ') + 4;
    const broken = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at)]);
    // The fast reader leaves such a file to js-yaml, which reads the decoded text.
    expect(readSimpleYaml(broken)).toBeUndefined();
    const parsed = parseDealFile('x.yaml', broken);
    expect(parsed.problems).toEqual([]);
    expect(parsed.deal!.title).toBe('Bad \ufffd');
  });
});
