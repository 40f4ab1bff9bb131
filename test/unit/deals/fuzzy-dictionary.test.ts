/**
 * The typo index answers "which words are within k edits?" from hashed deletion variants.
 * Whatever the hashing does, the answer must be exactly what comparing the query with every
 * word would give.
 */
import { mulberry32 } from '../../../bench/rng';
import { editDistance, FuzzyDictionary, typoBudget } from '../../../src/deals/text';

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

  it('sees words added after a lookup', () => {
    const d = new FuzzyDictionary<string>();
    d.add('astrazeneca', 'az');
    expect(d.near('astrazenecca').map((x) => x.word)).toEqual(['astrazeneca']);
    d.add('astrazenica', 'other');
    expect(d.near('astrazenecca').map((x) => x.word)).toEqual(['astrazeneca', 'astrazenica']);
  });
});
