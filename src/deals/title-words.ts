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

  /** Indexes the words of every deal's title, yielding now and then (see slices.ts). */
  static *building(catalog: Catalog): Steps<TitleWords> {
    const lists = new Map<string, number[]>();
    let count = 0;
    let read = 0;
    for (const [position, title] of catalog.titles()) {
      // A title's word is listed once for its deal, however often the title repeats it.
      for (const word of new Set(tokens(title))) {
        let list = lists.get(word);
        if (!list) lists.set(word, (list = []));
        list.push(position);
        count++;
      }
      if (++read % DEALS_PER_STEP === 0) yield;
    }
    // One flat array for every word's list: a few hundred thousand small arrays would each carry
    // an object's overhead for as long as the catalogue is in service.
    const at = new Map<string, number>();
    const start = new Int32Array(lists.size + 1);
    const deals = new Int32Array(count);
    let k = 0;
    let end = 0;
    for (const [word, list] of lists) {
      at.set(word, k);
      start[k++] = end;
      deals.set(list, end);
      // Titles come in the order deals are stored, not best first.
      deals.subarray(end, end + list.length).sort();
      end += list.length;
    }
    start[k] = end;
    return new TitleWords(at, start, deals);
  }
}
