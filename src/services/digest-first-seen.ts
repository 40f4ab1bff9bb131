/**
 * When the bot first saw each deal id, recorded once in the state store and never moved: at
 * start-up for the whole catalogue, and at each hot reload for what it added. A deal first seen
 * after a subscription was created is new for that channel.
 *
 * Recording is retried until it succeeds (the store may be down at start-up): the digest job
 * calls `record` before every run, and it costs nothing once the catalogue in service has been
 * recorded.
 *
 * Every time read or written is also kept in memory, in a list sorted by time, so "which deals
 * were first seen after the subscription was created?" is a binary search and a slice of the few
 * deals added since, not a walk over the catalogue for every channel.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { z } from 'zod';
import type { Catalog } from '../deals/catalog';
import type { StateStore } from '../store/state';

const firstSeenSchema = z.object({ at: z.number() });

/**
 * Ids read or written per store call (Redis MGET / MULTI, one SQLite transaction). Small enough
 * that a store answering at once (memory, SQLite) blocks the event loop for a few ms at most.
 */
const BATCH = 500;

export interface FirstSeen {
  /** Records `now` for every deal of `catalog` that has no first-seen time yet. Throws if the store fails. */
  record(catalog: Catalog, now: number): Promise<void>;
  /** True once `catalog` has been recorded completely. */
  recorded(catalog: Catalog): boolean;
  /**
   * Ids first seen strictly after `t` (ms), oldest first: every id this process has recorded or
   * read a time for, so it may include ids that are no longer in the catalogue. Complete for a
   * catalogue once `recorded(catalog)`.
   */
  seenAfter(t: number): string[];
  /**
   * Ids of `catalog` that have no first-seen time in the store. None once `catalog` is recorded;
   * before that (a hot reload still being recorded) the ids missing here are looked up in the
   * store. Throws if the store fails.
   */
  unrecorded(catalog: Catalog): Promise<string[]>;
}

interface Seen {
  at: number;
  id: string;
}

/**
 * Times in memory: which ids have one, and the entries sorted by time. The sorted entries are two
 * parallel arrays (times as unboxed doubles, and ids), not an object per deal: 100k fewer objects
 * for every major GC to mark in a bot serving 100k deals.
 */
class SeenTimes {
  private readonly ids = new Set<string>();
  /** Ascending. */
  private sortedAt: number[] = [];
  /** `sortedIds[i]` was first seen at `sortedAt[i]`. */
  private sortedIds: string[] = [];
  /** Added since the sorted arrays were last brought up to date, in arrival order. */
  private pending: Seen[] = [];

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Keeps the first time seen for `id`: a time never changes once written. */
  add(id: string, at: number): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    this.pending.push({ at, id });
  }

  after(t: number): string[] {
    this.upToDate();
    const at = this.sortedAt;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return this.sortedIds.slice(lo);
  }

  /**
   * Merges what arrived since the last query. Times arrive in any order (read back from the
   * store, or recorded by another replica), so pending entries are sorted, then merged: one
   * pass over the list per batch of additions (a hot reload), not one insertion each.
   */
  private upToDate(): void {
    if (this.pending.length === 0) return;
    const added = this.pending.sort((a, b) => a.at - b.at);
    this.pending = [];
    const oldAt = this.sortedAt;
    const oldIds = this.sortedIds;
    if (oldAt.length === 0 || added[0]!.at >= oldAt[oldAt.length - 1]!) {
      // The usual case: deals recorded at start-up or on a reload, later than everything known.
      for (const s of added) {
        oldAt.push(s.at);
        oldIds.push(s.id);
      }
      return;
    }
    const n = oldAt.length + added.length;
    const at: number[] = new Array(n);
    const ids: string[] = new Array(n);
    let i = 0;
    let j = 0;
    for (let k = 0; k < n; k++) {
      if (j >= added.length || (i < oldAt.length && oldAt[i]! <= added[j]!.at)) {
        at[k] = oldAt[i]!;
        ids[k] = oldIds[i++]!;
      } else {
        at[k] = added[j]!.at;
        ids[k] = added[j++]!.id;
      }
    }
    this.sortedAt = at;
    this.sortedIds = ids;
  }
}

/**
 * Runs `work` on `ids`, `BATCH` at a time, giving the event loop a turn between batches. A store
 * that answers at once resolves every call in the same turn, so without the pause recording
 * 100k deals at start-up was one block (3.9 s on SQLite, `npm run bench`) during which no /deal
 * could be acknowledged.
 */
async function inBatches(ids: readonly string[], work: (batch: string[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    if (i > 0) await nextTurn();
    await work(ids.slice(i, i + BATCH));
  }
}

export function createFirstSeen(store: StateStore): FirstSeen {
  const ns = store.namespace('deal-first-seen', firstSeenSchema);
  // First-seen times never change once written, so this is never stale.
  const seen = new SeenTimes();
  const done = new WeakSet<Catalog>();
  const inFlight = new WeakMap<Catalog, Promise<void>>();
  // Catalogues are recorded one after another (start-up and a reload may overlap): the later one
  // then finds the deals they share already seen, and a shared new deal keeps the first time.
  let queue: Promise<unknown> = Promise.resolve();

  /** Reads the stored times of `ids` into memory; returns the ids the store has none for. */
  async function readTimes(ids: readonly string[]): Promise<string[]> {
    const missing: string[] = [];
    await inBatches(ids, async (batch) => {
      const times = await ns.getMany(batch);
      batch.forEach((id, i) => {
        const time = times[i];
        if (time) seen.add(id, time.at);
        else missing.push(id);
      });
    });
    return missing;
  }

  async function recordAll(catalog: Catalog, now: number): Promise<void> {
    const missing = await readTimes(catalog.ids.filter((id) => !seen.has(id)));
    // Two replicas may both write an id within moments of each other; either time will do.
    await inBatches(missing, async (batch) => {
      await ns.setMany(batch.map((id) => [id, { at: now }] as const));
      for (const id of batch) seen.add(id, now);
    });
    done.add(catalog);
  }

  return {
    record(catalog, now) {
      if (done.has(catalog)) return Promise.resolve();
      let work = inFlight.get(catalog);
      if (!work) {
        work = queue.then(() => (done.has(catalog) ? undefined : recordAll(catalog, now))).finally(() => inFlight.delete(catalog));
        queue = work.catch(() => undefined);
        inFlight.set(catalog, work);
      }
      return work;
    },
    recorded: (catalog) => done.has(catalog),
    seenAfter: (t) => seen.after(t),
    async unrecorded(catalog) {
      return done.has(catalog) ? [] : readTimes(catalog.ids.filter((id) => !seen.has(id)));
    },
  };
}
