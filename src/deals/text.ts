/**
 * Text normalisation and typo tolerance shared by the search index.
 */

/** Lower-case, accents removed, punctuation to spaces, spaces collapsed: "Pathos-AI, Inc." → "pathos ai inc". */
export function normalize(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return normalizeUnicode(text);
  return normalizeAscii(text);
}

function normalizeUnicode(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * normalizeUnicode for ASCII text, without its NFKD and Unicode-class passes. Every query and
 * party name goes through here; with the CPU caches cold, as they are between two commands
 * under load, the general path cost ~4.7 µs a word and this one ~1 µs.
 */
function normalizeAscii(text: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0x20;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      out = out ? `${out} ${lower.slice(start, i)}` : lower.slice(start, i);
      start = -1;
    }
    if (c === 0x26) out = out ? `${out} and` : 'and';
  }
  return out;
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

/** Rows reused by editDistance (three rows of the DP matrix), grown on demand. */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Compact keys a company name matches under: the whole name run together, and its core words
 * without corporate ones ("CSPC Pharmaceutical Group" → cspcpharmaceuticalgroup, cspc).
 */
export function nameKeys(name: string): string[] {
  return keysOfWords(tokens(name));
}

/** `nameKeys` of a name already split into normalised words (`tokens`). */
export function keysOfWords(words: readonly string[]): string[] {
  if (words.length === 0) return [];
  let whole = '';
  let core = '';
  for (const w of words) {
    whole += w;
    if (!CORPORATE_WORDS.has(w)) core += w;
  }
  return core === '' || core === whole ? [whole] : [whole, core];
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early
 * once it must exceed `max`. Returns max + 1 for "too far". Allocation-free: typo matching
 * calls it for every candidate, and garbage here shows up as GC pauses under load.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  if (rowA.length < n + 1) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
    rowC = new Int32Array(n + 1);
  }
  let prevPrev = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= n; j++) {
    prev[j] = j;
    prevPrev[j] = 0;
  }
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prevPrev[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]!;
}

/** How many typos a word of this length may carry and still match. */
export function typoBudget(length: number): number {
  if (length < 5) return 0;
  if (length < 9) return 1;
  return 2;
}

/** How many variants deleting up to `depth` of `length` characters makes (duplicates included). */
export function variantCount(length: number, depth: number): number {
  return 1 + (depth >= 1 ? length : 0) + (depth >= 2 ? (length * (length - 1)) / 2 : 0);
}

/**
 * The FNV-1a hashes (over UTF-16 code units) of every string made by deleting up to `depth`
 * (at most 2) characters of `word` — SymSpell's deletion neighbourhood — computed without
 * making the strings: the typo index of a 100k-deal catalogue hashes ~1.4M variants, and
 * building them was most of its start-up cost. Written into `out` (room for `variantCount`),
 * each once, in no particular order; returns how many.
 */
export function writeDeletionHashes(word: string, depth: number, out: Uint32Array): number {
  if (depth > 2) throw new RangeError('writeDeletionHashes: depth above 2');
  const n = word.length;
  // Hash of the word without positions a and b (-1: none).
  const without = (a: number, b: number): number => {
    let h = 0x811c9dc5;
    for (let i = 0; i < n; i++) {
      if (i === a || i === b) continue;
      h ^= word.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  };
  let count = 0;
  out[count++] = without(-1, -1);
  if (depth >= 1) for (let a = 0; a < n; a++) out[count++] = without(a, -1);
  if (depth >= 2) for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) out[count++] = without(a, b);
  // Repeated letters make repeated variants: keep one of each.
  const all = out.subarray(0, count).sort();
  let unique = 0;
  for (let k = 0; k < count; k++) if (k === 0 || all[k] !== all[k - 1]) all[unique++] = all[k]!;
  return unique;
}

/**
 * Deletion variants are made from a word's first PREFIX_LENGTH characters only (SymSpell's
 * prefix trick). If two words are within k edits, their prefixes still share a variant made by
 * deleting at most k characters from each (an edit inside the prefix costs one deletion on each
 * side at most; one that shifts characters across the prefix boundary costs one at the end), so
 * no match is lost; candidates are then checked with the full editDistance. This bounds the
 * variants per word at 1 + 7 + 21 instead of ~n²/2 for a long compact name (a 26-letter name
 * had ~350), which is what made the index of a 100k-deal catalogue cost gigabytes.
 */
const PREFIX_LENGTH = 7;

/**
 * Where each run of hashes sharing their top bits starts in a deletion index's sorted hashes,
 * with the number of top bits used: a typo lookup then reads one short run (about 16 hashes,
 * one or two cache lines) instead of binary-searching all of them. At 100k deals the names'
 * index holds ~1.2M hashes: a binary search was ~21 reads spread over 5 MB, most of them cache
 * misses once the bot's other work between two commands has evicted the index. Made on the
 * first typo lookup (a pass over the hashes, a few ms at 100k deals), not during a load.
 */
interface HashRuns {
  starts: Uint32Array;
  shift: number;
}

function hashRuns(hashes: Uint32Array): HashRuns {
  // 2^bits runs for about 16 hashes each, at most 2^16 of them (256 KB).
  const bits = Math.min(16, Math.max(1, Math.ceil(Math.log2(hashes.length / 16))));
  const shift = 32 - bits;
  const runs = 2 ** bits;
  const starts = new Uint32Array(runs + 1);
  let run = 0;
  for (let k = 0; k < hashes.length; k++) {
    const top = hashes[k]! >>> shift;
    while (run <= top) starts[run++] = k;
  }
  while (run <= runs) starts[run++] = hashes.length;
  return { starts, shift };
}

/** The first position in ascending `list` whose value is >= x. */
function lowerBound<T extends number | string>(list: ArrayLike<T>, x: T): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Above this many values per word, duplicate checks use a Set instead of scanning the list. */
const SET_THRESHOLD = 16;

/**
 * Sorts `keys` with `values` alongside, stably, into new arrays: two passes of a 16-bit radix sort. For the
 * ~1.2M entries of a 100k-deal catalogue's name index it takes ~15 ms, where sorting them as
 * doubles (hash and id in one) took ~115 ms of start-up.
 */
export function radixSortByKey(keys: Uint32Array, values: Uint32Array): { hashes: Uint32Array; ids: Uint32Array } {
  const n = keys.length;
  let srcKeys = keys;
  let srcValues = values;
  const counts = new Uint32Array(65536);
  for (const shift of [0, 16]) {
    const dstKeys = new Uint32Array(n);
    const dstValues = new Uint32Array(n);
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[(srcKeys[k]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const key = srcKeys[k]!;
      const at = counts[(key >>> shift) & 0xffff]!++;
      dstKeys[at] = key;
      dstValues[at] = srcValues[k]!;
    }
    srcKeys = dstKeys;
    srcValues = dstValues;
  }
  return { hashes: srcKeys, ids: srcValues };
}

/** A deletion index: variant hashes, sorted, and for each the id (position) of its word. */
export interface DeletionIndex {
  hashes: Uint32Array;
  ids: Uint32Array;
}

/** The deletion index of `words` (ids are positions in `words`). */
export function buildDeletionIndex(words: readonly string[]): DeletionIndex {
  let hashes: Uint32Array = new Uint32Array(Math.max(16, words.length * 8));
  let ids: Uint32Array = new Uint32Array(hashes.length);
  const maxVariants = variantCount(PREFIX_LENGTH, 2);
  const scratch = new Uint32Array(maxVariants);
  let n = 0;
  for (let id = 0; id < words.length; id++) {
    if (n + maxVariants > hashes.length) {
      const bigger = new Uint32Array(hashes.length * 2);
      bigger.set(hashes);
      hashes = bigger;
      const biggerIds = new Uint32Array(ids.length * 2);
      biggerIds.set(ids);
      ids = biggerIds;
    }
    const word = words[id]!;
    const count = writeDeletionHashes(word.slice(0, PREFIX_LENGTH), typoBudget(word.length), scratch);
    for (let k = 0; k < count; k++) {
      hashes[n] = scratch[k]!;
      ids[n++] = id;
    }
  }
  // By hash, then id (ids went in ascending and the sort is stable); exact-size arrays.
  return radixSortByKey(hashes.subarray(0, n), ids.subarray(0, n));
}

/**
 * A typo-tolerant dictionary: exact lookups, and "within k edits" lookups answered from a
 * deletion index (no scan over the vocabulary, so the cost does not grow with its size).
 *
 * The deletion index holds 32-bit hashes of the variants, not the variants: two sorted typed
 * arrays (hash, word id) instead of a Map of ~1.4M short strings at 100k deals (~100 MB of heap
 * and most of the index's build time; now ~12 MB). A hash collision only adds a candidate, and
 * every candidate is checked with editDistance, so no false match can come out of it.
 */
export class FuzzyDictionary<V> {
  private readonly exact = new Map<string, V[]>();
  /** Large value lists' Sets, for duplicate checks (a word like "therapeutics" names thousands). */
  private readonly valueSets = new Map<string, Set<V>>();
  /** Words in insertion order. */
  private readonly wordList: string[] = [];
  /**
   * The deletion index of every word, built on first use after words were added (or handed
   * over ready-made, see `adoptDeletionIndex`), with the words its ids point into.
   */
  private index?: DeletionIndex & { words: readonly string[]; runs?: HashRuns };
  private sortedWords?: string[];

  add(word: string, value: V): void {
    const values = this.exact.get(word);
    if (!values) {
      this.sortedWords = undefined;
      this.index = undefined;
      // A literal, not [] and a push: V8 gives an array's first push room for 17 elements, and
      // most words have one value (~90k lists at 100k deals: 13 MB of heap, most of it empty).
      this.exact.set(word, [value]);
      this.wordList.push(word);
      return;
    }
    if (values[values.length - 1] === value) return;
    const set = this.valueSets.get(word);
    if (set) {
      if (set.has(value)) return;
      set.add(value);
    } else {
      if (values.includes(value)) return;
      if (values.length >= SET_THRESHOLD) this.valueSets.set(word, new Set([...values, value]));
    }
    values.push(value);
  }

  get(word: string): readonly V[] | undefined {
    return this.exact.get(word);
  }

  /** Words within this word's typo budget, nearest first. Exact hits are not included. */
  near(word: string, budget = typoBudget(word.length)): { word: string; distance: number }[] {
    if (budget === 0) return [];
    const found = new Map<string, number>();
    const check = (candidate: string) => {
      if (candidate === word || found.has(candidate)) return;
      const allowed = Math.min(budget, typoBudget(candidate.length));
      if (allowed === 0) return;
      const d = editDistance(word, candidate, allowed);
      if (d <= allowed) found.set(candidate, d);
    };
    const index = this.deletionIndex();
    const { hashes, ids, words } = index;
    const { starts, shift } = (index.runs ??= hashRuns(hashes));
    const variants = new Uint32Array(variantCount(Math.min(word.length, PREFIX_LENGTH), budget));
    const count = writeDeletionHashes(word.slice(0, PREFIX_LENGTH), budget, variants);
    for (let v = 0; v < count; v++) {
      const h = variants[v]!;
      const run = h >>> shift;
      for (let k = starts[run]!; k < starts[run + 1]!; k++) {
        const at = hashes[k]!;
        if (at === h) check(words[ids[k]!]!);
        else if (at > h) break;
      }
    }
    return [...found]
      .map(([w, distance]) => ({ word: w, distance }))
      .sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
  }

  /** Builds the deletion index and what `withPrefix` needs now rather than on the first query. */
  prepare(): void {
    this.sortedWords ??= [...this.exact.keys()].sort();
    this.deletionIndex();
  }

  /**
   * Takes a deletion index built elsewhere (a load worker, see load-pool.ts) over `words`, which
   * must be exactly this dictionary's words, in any order (sorted is best). Returns false,
   * keeping nothing, when they are not: the index is then built here when first needed.
   */
  adoptDeletionIndex(words: readonly string[], index: DeletionIndex): boolean {
    if (words.length !== this.exact.size || !words.every((w) => this.exact.has(w))) return false;
    this.index = { words, hashes: index.hashes, ids: index.ids };
    // Words handed over in order also serve `withPrefix` (the helper sorts them: one sort fewer here).
    if (words.every((w, k) => k === 0 || words[k - 1]! < w)) this.sortedWords = words as string[];
    return true;
  }

  private deletionIndex(): DeletionIndex & { words: readonly string[]; runs?: HashRuns } {
    this.index ??= { words: this.wordList, ...buildDeletionIndex(this.wordList) };
    return this.index;
  }

  /** Up to `limit` words starting with `prefix`, in alphabetical order (binary search). */
  withPrefix(prefix: string, limit: number): string[] {
    this.sortedWords ??= [...this.exact.keys()].sort();
    const words = this.sortedWords;
    const out: string[] = [];
    for (let i = lowerBound(words, prefix); i < words.length && out.length < limit && words[i]!.startsWith(prefix); i++) out.push(words[i]!);
    return out;
  }

  values(word: string): readonly V[] {
    return this.exact.get(word) ?? [];
  }

  get size(): number {
    return this.exact.size;
  }
}
