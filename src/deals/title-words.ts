/**
 * Which deals' titles have a word: what `/deal YS2302018` needs at any catalogue size. The search
 * index holds no title words, since a 100k first start cannot afford them (docs/decisions.md,
 * "Words of a title"); this is built after a catalogue is in service, in slices (slices.ts), from
 * each deal's stored record, and a lookup uses it once it is there.
 */
import type { Catalog } from './catalog';
import type { Steps } from './slices';
import { tokens } from './text';

/** Deals read between two yields of the build. */
const DEALS_PER_STEP = 256;

export class TitleWords {
  /**
   * @param at Each word's place in `start`: its deals are `deals[start[k]]` up to `deals[start[k + 1]]`.
   * @param deals Every word's deal positions (in the search index, so in ranking order), ascending.
   */
  private constructor(
    private readonly at: Map<string, number>,
    private readonly start: Int32Array,
    private readonly deals: Int32Array,
    /** Deals whose titles could not be read back from their records, and are not indexed. */
    readonly unread: number,
  ) {}

  /**
   * Positions (in the search index) of the deals whose titles have every one of `words`, as
   * `tokens` normalises them, ascending: best first.
   */
  dealsWithAll(words: Iterable<string>): number[] {
    let acc: number[] | undefined;
    for (const word of words) {
      const k = this.at.get(word);
      if (k === undefined) return [];
      const list = this.deals.subarray(this.start[k]!, this.start[k + 1]!);
      if (acc === undefined) acc = Array.from(list);
      else {
        // Both ascending: one pass over each.
        let j = 0;
        acc = acc.filter((i) => {
          while (j < list.length && list[j]! < i) j++;
          return j < list.length && list[j] === i;
        });
      }
      if (acc.length === 0) return acc;
    }
    return acc ?? [];
  }

  /**
   * Indexes the words of every deal's title, yielding now and then (see slices.ts). It runs in a
   * bot that is serving, so it keeps what it builds off the collector's way: (word, deal) pairs in
   * typed arrays, then sorted by word, instead of a growing array per word, which the young
   * collector would copy into the old generation for a major collection to free later.
   */
  static *building(catalog: Catalog): Steps<TitleWords> {
    const at = new Map<string, number>();
    let words = new Int32Array(4096);
    let positions = new Int32Array(4096);
    let count = 0;
    let read = 0;
    let unread = 0;
    for (const [position, title] of catalog.titles()) {
      if (title === undefined) unread++;
      // A title's word is listed once for its deal, however often the title repeats it.
      for (const word of new Set(tokens(title ?? ''))) {
        let k = at.get(word);
        if (k === undefined) at.set(word, (k = at.size));
        if (count === words.length) {
          words = grown(words);
          positions = grown(positions);
        }
        words[count] = k;
        positions[count++] = position;
      }
      if (++read % DEALS_PER_STEP === 0) yield;
    }
    // Each word's deals together (a counting sort by word), then in order: titles come in the
    // order deals are stored, not best first.
    const start = new Int32Array(at.size + 1);
    for (let i = 0; i < count; i++) start[words[i]! + 1]!++;
    for (let k = 0; k < at.size; k++) start[k + 1]! += start[k]!;
    const next = start.slice(0, at.size);
    const deals = new Int32Array(count);
    for (let i = 0; i < count; i++) deals[next[words[i]!]!++] = positions[i]!;
    for (let k = 0; k < at.size; k++) if (start[k + 1]! - start[k]! > 1) deals.subarray(start[k]!, start[k + 1]!).sort();
    return new TitleWords(at, start, deals, unread);
  }
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
