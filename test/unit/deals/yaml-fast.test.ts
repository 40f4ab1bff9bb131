/**
 * The fast reader (yaml-fast.ts) must read every file exactly as js-yaml (core schema) does, or
 * decline it. A file it reads differently would load a different deal than the one a curator
 * checked with any YAML tool; so every seed, generated catalogues, the constructs curators use
 * and thousands of mutated files are compared with js-yaml.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { mulberry32 } from '../../../bench/rng';
import { forEachDeal } from '../../../bench/generate';
import { toYaml } from '../../../bench/yaml';
import { readSimpleYaml } from '../../../src/deals/yaml-fast';

const jsYaml = (text: string) => load(text, { schema: CORE_SCHEMA });
const seedsDir = path.join(__dirname, '../../../seeds/deals');
const seeds = readdirSync(seedsDir)
  .filter((n) => n.endsWith('.yaml'))
  .map((n) => readFileSync(path.join(seedsDir, n), 'utf8'));

/** js-yaml's reading, or the error it throws. */
function reference(text: string): { value: unknown } | { error: unknown } {
  try {
    return { value: jsYaml(text) };
  } catch (error) {
    return { error };
  }
}

/**
 * The fast reader either declines or agrees with js-yaml (which must then not fail), given the
 * text or its UTF-8 bytes; and it declines both or neither.
 */
function expectAgreement(text: string): boolean {
  const fast = readSimpleYaml(text);
  const fromBytes = readSimpleYaml(Buffer.from(text, 'utf8'));
  expect(fromBytes === undefined).toBe(fast === undefined);
  if (fast === undefined) return false;
  const ref = reference(text);
  if ('error' in ref) throw new Error(`fast reader accepted a file js-yaml rejects (${String(ref.error)}):\n${text}`);
  expect(fast).toStrictEqual(ref.value);
  expect(fromBytes).toStrictEqual(ref.value);
  return true;
}

/**
 * Given bytes, the fast reader either declines or agrees with js-yaml on their UTF-8 decoding;
 * and it declines exactly the files it declines as decoded text.
 */
function expectBytesAgreement(bytes: Buffer): boolean {
  const fast = readSimpleYaml(bytes);
  expect(fast === undefined).toBe(readSimpleYaml(bytes.toString('utf8')) === undefined);
  if (fast === undefined) return false;
  const text = bytes.toString('utf8');
  const ref = reference(text);
  if ('error' in ref) throw new Error(`fast reader accepted bytes js-yaml rejects (${String(ref.error)}):\n${text}`);
  expect(fast).toStrictEqual(ref.value);
  return true;
}

describe('the fast YAML reader reads deal files as js-yaml does', () => {
  it('every curated seed, without falling back', () => {
    for (const text of seeds) expect(expectAgreement(text)).toBe(true);
  });

  it('a generated catalogue of 500 deals (accents, quotes, flow lists), without falling back', () => {
    let read = 0;
    forEachDeal(500, 11, (doc) => {
      if (expectAgreement(toYaml(doc as Parameters<typeof toYaml>[0]))) read++;
    });
    expect(read).toBe(500);
  });

  it.each([
    ['dates stay text', 'announced: 2025-03-21\npublished: 2024-10\nyear: 2023\n'],
    ['YAML 1.1 words stay text; core schema null and booleans', 'a: yes\nb: no\nc: on\nd: off\ne: true\nf: ~\ng: null\nh: False\ni:\n'],
    // `Aa` and `BB` share a hash slot in the reader's table of known keys.
    ['keys that share a hash', 'BB: x\nc:\n  Aa: y\n  BB: z\nAa: w\n'],
    ['words that start like null, true or false', 'a: nullable\nb: Trueish\nc: falsey\nd: FALSE\ne: Nulls\nf: The deal\ng: tru\nh: NULL\n'],
    ['numbers', 'a: 12\nb: -3.5\nc: .5\nd: 1e3\ne: 0x1F\nf: 0o17\ng: +7\nh: -0\ni: .inf\nj: .NaN\nk: 1_000\n'],
    ['numbers inside flow lists', 'a: [1, 2.5, -3, "4", x, true, ~]\n'],
    ['quoted text with JSON-style escapes', 'a: "line\\nbreak \\u00e9 \\"q\\" \\/"\nb: \'it\'\'s\'\nc: ""\nd: \'\'\n'],
    ['colons, hashes and dashes inside text', 'url: https://x.org/a#b\nt: AZ × CSPC — $110m upfront, 2024 # comment\nu: a:b\nv: -x\n'],
    ['comments everywhere', '# head\nid: x # trailing\n\n  # indented comment\nlist: # after a key\n  - a # item\n# between\n  - b\n'],
    ['sequences of mappings with nested lists', 'facts:\n  - id: a\n    sources: [s1, s2]\n  -   id: b\n      sources:\n        - s3\n'],
    ['accents and non-Latin names', 'name: Société Générale Biotech — 石药集团\naliases: [石药, "Ünïcode, Inc."]\n'],
    ['empty flow list and trailing spaces', 'a: []   \nb: [ x ,y ]\n'],
  ])('%s', (_label, text) => {
    expect(expectAgreement(text)).toBe(true);
  });

  it.each([
    ['a multi-line plain scalar', 'text: AstraZeneca agreed to pay\n  up to $5.3 billion\n'],
    ['folded and literal blocks', 'a: >\n  one\n  two\nb: |-\n  keep\n'],
    ['anchors and aliases', 'a: &x [1, 2]\nb: *x\n'],
    ['flow mappings', 'a: {amount: $1.5 billion, qualifier: up_to}\n'],
    ['a duplicated key', 'id: a\nid: b\n'],
    ['an unclosed flow list', 'types: [licence\nid: x\n'],
    ['bad indentation', 'parties:\n  - name: A\n - name: B\n'],
    ['text with ": " inside', 't: AZ paid: $110m upfront\n'],
    ['tabs', 'a:\tb\n'],
    ['Windows line ends', 'a: b\r\nc: d\r\n'],
    ['a byte order mark', '\ufeffa: b\n'],
    ['a document marker', '---\na: b\n'],
    ['a tag', 'a: !!str 12\n'],
    ['a sequence at the key column', 'a:\n- x\n- y\n'],
    ['YAML escapes JSON lacks', 'a: "\\x41 \\e"\n'],
  ])('declines %s (js-yaml reads or reports it)', (_label, text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });

  it('given bytes, decodes the values that hold non-ASCII characters, wherever they are', () => {
    const text = [
      'title: AZ × CSPC — licence',
      'names: [Société Générale, "石药集团", \'L\'\'Oréal\', plain]',
      'quoted: "Ünïcode \\"q\\" \\u00e9 — x"',
      "single: 'it''s Ångström'",
      'ascii: after the non-ASCII values',
      'list:',
      '  - name: Ürün # a comment with — in it',
      '    alias: é',
      '',
    ].join('\n');
    const doc = readSimpleYaml(Buffer.from(text, 'utf8'));
    expect(doc).toStrictEqual(jsYaml(text));
    expect(doc?.title).toBe('AZ × CSPC — licence');
    expect((doc?.list as { name: string }[])[0]!.name).toBe('Ürün');
  });

  it.each([
    ['a lone continuation byte', [0x61, 0x3a, 0x20, 0x80, 0x0a]],
    ['a sequence cut short at the end', [0x61, 0x3a, 0x20, 0xe2, 0x80]],
    ['a sequence cut short by ASCII', [0x61, 0x3a, 0x20, 0xe2, 0x80, 0x61, 0x0a]],
    ['an overlong form', [0x61, 0x3a, 0x20, 0xc0, 0xaf, 0x0a]],
    // U+00A9 in three bytes: a character the reader takes, in a form UTF-8 forbids.
    ['an overlong three-byte form', [0x61, 0x3a, 0x20, 0xe0, 0x82, 0xa9, 0x0a]],
    ['a byte that is never UTF-8', [0x61, 0x3a, 0x20, 0xff, 0x0a]],
    ['a C1 control (NEL)', [0x61, 0x3a, 0x20, 0xc2, 0x85, 0x0a]],
    ['an encoded surrogate', [0x61, 0x3a, 0x20, 0xed, 0xa0, 0x80, 0x0a]],
    ['an astral character', [0x61, 0x3a, 0x20, 0xf0, 0x9f, 0x98, 0x80, 0x0a]],
    ['a byte order mark', [0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x20, 0x62, 0x0a]],
    ['a byte order mark inside a value', [...Buffer.from('a: x'), 0xef, 0xbb, 0xbf, ...Buffer.from('y\n')]],
    ['a byte order mark in a comment', [...Buffer.from('a: b # x'), 0xef, 0xbb, 0xbf, 0x0a]],
    ['a non-character', [0x61, 0x3a, 0x20, 0xef, 0xbf, 0xbe, 0x0a]],
    ['a replacement character', [0x61, 0x3a, 0x20, 0xef, 0xbf, 0xbd, 0x0a]],
    ['a control character', [0x61, 0x3a, 0x20, 0x62, 0x01, 0x0a]],
    ['a delete character after non-ASCII', [0x61, 0x3a, 0x20, 0xc3, 0xa9, 0x7f, 0x0a]],
    ['a control character in a comment line', [...Buffer.from('# x'), 0x01, ...Buffer.from('\na: b\n')]],
    ['a byte that is not UTF-8 in a trailing comment', [...Buffer.from('a: b # x'), 0xff, 0x0a]],
    ['a C1 control in a comment after a key', [...Buffer.from('a: # '), 0xc2, 0x85, ...Buffer.from('\n  b: c\n')]],
    ['a control character in double quotes', [...Buffer.from('a: "x'), 0x01, ...Buffer.from('"\n')]],
    ['a byte that is not UTF-8 in single quotes', [...Buffer.from("a: 'x"), 0xff, ...Buffer.from("'\n")]],
    ['a byte that is not UTF-8 in a flow list', [...Buffer.from('a: [x, y'), 0xff, ...Buffer.from(']\n')]],
  ])('given bytes, declines %s (js-yaml reads or reports the decoded text)', (_label, bytes) => {
    expect(readSimpleYaml(Buffer.from(bytes))).toBeUndefined();
  });

  it('mutated bytes: declined, or read exactly as js-yaml reads their UTF-8 decoding', () => {
    const rng = mulberry32(20261127);
    const pieces = [[0x80], [0xbf], [0xc2], [0xc3, 0xa9], [0xe2, 0x80, 0x94], [0xe2, 0x80], [0xe0, 0x82, 0xa9], [0xef, 0xbb, 0xbf], [0xf0, 0x9f, 0x98, 0x80], [0xc2, 0xa0], [0xc2, 0x85], [0xed, 0x9f, 0xbf], [0xee, 0x80, 0x80], [0xef, 0xbf, 0xaf], [0x7f], [0x09], [0x00]];
    let read = 0;
    const runs = 3000;
    for (let i = 0; i < runs; i++) {
      let bytes = Buffer.from(seeds[Math.floor(rng() * seeds.length)]!, 'utf8');
      for (let m = 1 + Math.floor(rng() * 2); m > 0; m--) {
        const at = Math.floor(rng() * bytes.length);
        const piece = Buffer.from(pieces[Math.floor(rng() * pieces.length)]!);
        bytes = rng() < 0.7 ? Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]) : Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
      }
      if (expectBytesAgreement(bytes)) read++;
    }
    expect(read).toBeGreaterThan(runs * 0.2);
  });

  it('reads in time proportional to the text: a 2 MB list of plain words takes well under a second', () => {
    // Guards against a search running past the end of its line (the time grew with the square
    // of the file: ~25 s for this file). The bound leaves a wide margin on any machine.
    const text = `items:\n${'  - plain words with no colon at all\n'.repeat(50_000)}`;
    const started = performance.now();
    const doc = readSimpleYaml(text);
    const elapsed = performance.now() - started;
    expect((doc?.items as unknown[]).length).toBe(50_000);
    // And as bytes, with a non-ASCII character and a comment on every line.
    const bytes = Buffer.from(`items:\n${'  - plain wörds with no colon — at all # é\n'.repeat(50_000)}`, 'utf8');
    const bytesStarted = performance.now();
    const fromBytes = readSimpleYaml(bytes);
    const bytesElapsed = performance.now() - bytesStarted;
    expect((fromBytes?.items as unknown[])[0]).toBe('plain wörds with no colon — at all');
    expect(bytesElapsed).toBeLessThan(1500);
    expect(elapsed).toBeLessThan(1500);
  });

  it('mutated seeds: declined, or read exactly as js-yaml reads them', () => {
    const rng = mulberry32(20261126);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
    const pieces = [':', ': ', ' #', '#', '-', '- ', '[', ']', '{', '}', ',', '"', "'", '\\', '&a ', '*a', '!', '|', '>', '?', '~', ' ', '  ', '\n', '\n  ', '\t', 'null', 'true', '12', '0x1f', '.5', '-0', '2025-01-01', 'é', '石'];
    let read = 0;
    const runs = 4000;
    for (let i = 0; i < runs; i++) {
      let text = pick(seeds);
      for (let m = 1 + Math.floor(rng() * 3); m > 0; m--) {
        const at = Math.floor(rng() * text.length);
        const kind = rng();
        if (kind < 0.5) text = text.slice(0, at) + pick(pieces) + text.slice(at);
        else if (kind < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rng() * 4));
        else {
          // Duplicate or re-indent a line.
          const lines = text.split('\n');
          const k = Math.floor(rng() * lines.length);
          if (rng() < 0.5) lines.splice(k, 0, lines[k]!);
          else lines[k] = (rng() < 0.5 ? ' ' : '') + lines[k]!.replace(/^ /, rng() < 0.5 ? '' : ' ');
          text = lines.join('\n');
        }
      }
      if (expectAgreement(text)) read++;
    }
    // The comparison means something only if many mutants are read by the fast path.
    expect(read).toBeGreaterThan(runs * 0.2);
  });
});
