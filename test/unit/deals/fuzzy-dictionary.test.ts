/**
 * The typo index answers "which words are within k edits?" from hashed deletion variants.
 * Whatever the hashing does, the answer must be exactly what comparing the query with every
 * word would give.
 */
import { mulberry32 } from '../../../bench/rng';
import { buildDeletionIndex, editDistance, FuzzyDictionary, radixSortByKey, typoBudget, variantCount, writeDeletionHashes } from '../../../src/deals/text';

const ALPHABET = 'abcdeilmnorstuvxyz';

function randomWord(rng: () => number, length: number): string {
  let w = '';
  for (let i = 0; i < length; i++) w += ALPHABET[Math.floor(rng() * ALPHABET.length)];
  return w;
}

function mutate(rng: () => number, word: string, edits: number): string {
  let w = word;
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rng() * (w.length + 1));
    const c = ALPHABET[Math.floor(rng() * ALPHABET.length)]!;
    const op = Math.floor(rng() * 3);
    if (op === 0) w = w.slice(0, i) + c + w.slice(i);
    else if (op === 1 && w.length > 1) w = w.slice(0, i) + w.slice(i + 1);
    else w = w.slice(0, i) + c + w.slice(i + 1);
  }
  return w;
}

describe('writeDeletionHashes', () => {
  /** The neighbourhood as strings, the obvious way. */
  function variants(word: string, depth: number): Set<string> {
    let level = new Set([word]);
    const all = new Set(level);
    for (let d = 0; d < depth; d++) {
      const next = new Set<string>();
      for (const w of level) for (let i = 0; i < w.length; i++) next.add(w.slice(0, i) + w.slice(i + 1));
      for (const v of next) all.add(v);
      level = next;
    }
    return all;
  }
  const fnv = (text: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };

  it.each([['astrazeneca', 2], ['cspc', 1], ['aabba', 2], ['société', 2], ['x', 2], ['', 1], ['kestrel', 0]])('%s, depth %d', (word, depth) => {
    const out = new Uint32Array(variantCount(word.length, depth));
    const written = [...out.subarray(0, writeDeletionHashes(word, depth, out))];
    // Each variant once.
    expect(written.length).toBe(new Set(written).size);
    expect(new Set(written)).toEqual(new Set([...variants(word, depth)].map(fnv)));
  });
});

describe('FuzzyDictionary.near', () => {
  const rng = mulberry32(2024);
  // Families of words a typo or two apart, as company names are ("Kestrel", "Kestral",
  // "Kestrell"): many words share deletion variants.
  const bases = Array.from({ length: 500 }, () => randomWord(rng, 4 + Math.floor(rng() * 14)));
  const vocabulary = [...new Set(bases.flatMap((b) => [b, ...Array.from({ length: 4 }, () => mutate(rng, b, 1 + Math.floor(rng() * 2)))]))];
  const dict = new FuzzyDictionary<number>();
  vocabulary.forEach((w, i) => dict.add(w, i));

  it('finds exactly the words a full scan finds, nearest first', () => {
    for (let n = 0; n < 300; n++) {
      const query = mutate(rng, vocabulary[Math.floor(rng() * vocabulary.length)]!, Math.floor(rng() * 3));
      const budget = typoBudget(query.length);
      const expected = vocabulary
        .filter((w) => w !== query)
        .map((w) => ({ word: w, distance: editDistance(query, w, Math.min(budget, typoBudget(w.length))) }))
        .filter((x) => budget > 0 && x.distance <= Math.min(budget, typoBudget(x.word.length)))
        .sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
      expect({ query, found: dict.near(query) }).toEqual({ query, found: expected });
    }
  });

  it('answers the same from a deletion index built elsewhere over its words in another order', () => {
    const shuffled = [...vocabulary].sort(() => rng() - 0.5);
    const adopted = new FuzzyDictionary<number>();
    vocabulary.forEach((w, i) => adopted.add(w, i));
    expect(adopted.adoptDeletionIndex(shuffled, buildDeletionIndex(shuffled))).toBe(true);
    const sorted = new FuzzyDictionary<number>();
    vocabulary.forEach((w, i) => sorted.add(w, i));
    const inOrder = [...vocabulary].sort();
    expect(sorted.adoptDeletionIndex(inOrder, buildDeletionIndex(inOrder))).toBe(true);
    for (let n = 0; n < 200; n++) {
      const query = mutate(rng, vocabulary[Math.floor(rng() * vocabulary.length)]!, Math.floor(rng() * 3));
      expect(adopted.near(query)).toEqual(dict.near(query));
      expect(sorted.near(query)).toEqual(dict.near(query));
      // Suggestions list words by prefix, from the handed-over order when it is sorted.
      const prefix = query.slice(0, 2);
      expect(adopted.withPrefix(prefix, 5)).toEqual(dict.withPrefix(prefix, 5));
      expect(sorted.withPrefix(prefix, 5)).toEqual(dict.withPrefix(prefix, 5));
    }
  });

  it('refuses a deletion index over other words, and builds its own', () => {
    const d = new FuzzyDictionary<string>();
    d.add('astrazeneca', 'az');
    d.add('novartis', 'nv');
    expect(d.adoptDeletionIndex(['astrazeneca'], buildDeletionIndex(['astrazeneca']))).toBe(false);
    expect(d.adoptDeletionIndex(['astrazeneca', 'roche'], buildDeletionIndex(['astrazeneca', 'roche']))).toBe(false);
    expect(d.near('novartsi').map((x) => x.word)).toEqual(['novartis']);
  });

  it('sees words added after a lookup', () => {
    const d = new FuzzyDictionary<string>();
    d.add('astrazeneca', 'az');
    expect(d.near('astrazenecca').map((x) => x.word)).toEqual(['astrazeneca']);
    d.add('astrazenica', 'other');
    expect(d.near('astrazenecca').map((x) => x.word)).toEqual(['astrazeneca', 'astrazenica']);
  });
});

describe('radixSortByKey', () => {
  it('sorts by key, keeps equal keys in their order, and carries each value with its key', () => {
    const rng = mulberry32(7);
    for (const n of [0, 1, 2, 1000, 70_000]) {
      // Few distinct keys (many ties) and keys across the whole 32-bit range.
      const keys = Uint32Array.from({ length: n }, () => (rng() < 0.5 ? Math.floor(rng() * 50) : Math.floor(rng() * 2 ** 32)));
      const values = Uint32Array.from({ length: n }, (_, k) => k);
      const expected = [...keys.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);
      const { hashes, ids } = radixSortByKey(keys, values);
      expect([...ids]).toEqual(expected);
      expect([...hashes]).toEqual(expected.map((k) => keys[k]!));
    }
  });
});
