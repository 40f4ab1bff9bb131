/**
 * Text normalisation and typo tolerance shared by the search index.
 */

/** Lower-case, accents removed, punctuation to spaces, spaces collapsed: "Pathos-AI, Inc." → "pathos ai inc". */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  const n = normalize(text);
  return n ? n.split(' ') : [];
}

/**
 * Words that name a company's legal form or sector rather than the company. They are dropped
 * from names and queries, so "CSPC Pharma" and "CSPC Pharmaceutical Group" both mean "cspc".
 */
export const CORPORATE_WORDS: ReadonlySet<string> = new Set([
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'plc',
  'llc',
  'corp',
  'corporation',
  'co',
  'company',
  'group',
  'holding',
  'holdings',
  'ag',
  'sa',
  'se',
  'nv',
  'bv',
  'gmbh',
  'kk',
  'pharma',
  'pharmaceutical',
  'pharmaceuticals',
  'the',
]);

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early
 * once it must exceed `max`. Returns max + 1 for "too far".
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        v = Math.min(v, prevPrev[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n]!;
}

/** How many typos a word of this length may carry and still match. */
export function typoBudget(length: number): number {
  if (length < 5) return 0;
  if (length < 9) return 1;
  return 2;
}

/** Every string made by deleting up to `depth` characters (SymSpell's deletion neighbourhood). */
export function deletions(word: string, depth: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * A typo-tolerant dictionary: exact lookups, and "within k edits" lookups answered from a
 * deletion index (no scan over the vocabulary, so the cost does not grow with its size).
 */
export class FuzzyDictionary<V> {
  private readonly exact = new Map<string, V[]>();
  private readonly byDeletion = new Map<string, string[]>();
  private sortedWords?: string[];

  add(word: string, value: V): void {
    let values = this.exact.get(word);
    if (!values) {
      values = [];
      this.sortedWords = undefined;
      this.exact.set(word, values);
      for (const del of deletions(word, typoBudget(word.length))) {
        const words = this.byDeletion.get(del);
        if (words) words.push(word);
        else this.byDeletion.set(del, [word]);
      }
    }
    if (!values.includes(value)) values.push(value);
  }

  get(word: string): readonly V[] | undefined {
    return this.exact.get(word);
  }

  /** Words within this word's typo budget, nearest first. Exact hits are not included. */
  near(word: string, budget = typoBudget(word.length)): { word: string; distance: number }[] {
    if (budget === 0) return [];
    const found = new Map<string, number>();
    for (const del of deletions(word, budget)) {
      for (const candidate of this.byDeletion.get(del) ?? []) {
        if (candidate === word || found.has(candidate)) continue;
        const allowed = Math.min(budget, typoBudget(candidate.length));
        const d = editDistance(word, candidate, allowed);
        if (d <= allowed) found.set(candidate, d);
      }
    }
    return [...found]
      .map(([w, distance]) => ({ word: w, distance }))
      .sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
  }

  /** Up to `limit` words starting with `prefix`, in alphabetical order (binary search). */
  withPrefix(prefix: string, limit: number): string[] {
    this.sortedWords ??= [...this.exact.keys()].sort();
    const words = this.sortedWords;
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < words.length && out.length < limit && words[i]!.startsWith(prefix); i++) out.push(words[i]!);
    return out;
  }

  values(word: string): readonly V[] {
    return this.exact.get(word) ?? [];
  }

  get size(): number {
    return this.exact.size;
  }
}
