/**
 * When the bot first saw each deal id, recorded once in the state store and never moved: at
 * start-up for the whole catalogue, and at each hot reload for what it added. A deal first seen
 * after a subscription was created is new for that channel.
 *
 * Recording is retried until it succeeds (the store may be down at start-up): the digest job
 * calls `record` before every run, and it costs nothing once the catalogue in service has been
 * recorded.
 */
import { z } from 'zod';
import type { Catalog } from '../deals/catalog';
import type { StateStore } from '../store/state';

const firstSeenSchema = z.object({ at: z.number() });

/** Deals recorded concurrently (one store round trip each). */
const BATCH = 50;

export interface FirstSeen {
  /** Records `now` for every deal of `catalog` that has no first-seen time yet. Throws if the store fails. */
  record(catalog: Catalog, now: number): Promise<void>;
  /** True once `catalog` has been recorded completely. */
  recorded(catalog: Catalog): boolean;
  /** First-seen times of `ids`; ids never recorded are left out. */
  times(ids: readonly string[]): Promise<Map<string, number>>;
}

export function createFirstSeen(store: StateStore): FirstSeen {
  const ns = store.namespace('deal-first-seen', firstSeenSchema);
  // First-seen times never change once written, so a cache is never stale.
  const cache = new Map<string, number>();
  const done = new WeakSet<Catalog>();
  const inFlight = new WeakMap<Catalog, Promise<void>>();

  async function recordOne(id: string, now: number): Promise<void> {
    if (cache.has(id)) return;
    const existing = await ns.get(id);
    if (existing) {
      cache.set(id, existing.at);
      return;
    }
    // Two replicas may both write here within moments of each other; either time will do.
    await ns.set(id, { at: now });
    cache.set(id, now);
  }

  async function recordAll(catalog: Catalog, now: number): Promise<void> {
    const ids = catalog.deals.map((d) => d.id).filter((id) => !cache.has(id));
    for (let i = 0; i < ids.length; i += BATCH) {
      await Promise.all(ids.slice(i, i + BATCH).map((id) => recordOne(id, now)));
    }
    done.add(catalog);
  }

  return {
    record(catalog, now) {
      if (done.has(catalog)) return Promise.resolve();
      let running = inFlight.get(catalog);
      if (!running) {
        running = recordAll(catalog, now).finally(() => inFlight.delete(catalog));
        inFlight.set(catalog, running);
      }
      return running;
    },
    recorded: (catalog) => done.has(catalog),
    async times(ids) {
      const out = new Map<string, number>();
      const missing: string[] = [];
      for (const id of ids) {
        const at = cache.get(id);
        if (at === undefined) missing.push(id);
        else out.set(id, at);
      }
      for (let i = 0; i < missing.length; i += BATCH) {
        await Promise.all(
          missing.slice(i, i + BATCH).map(async (id) => {
            const found = await ns.get(id);
            if (found) {
              cache.set(id, found.at);
              out.set(id, found.at);
            }
          }),
        );
      }
      return out;
    },
  };
}
