/**
 * The behaviour every state store backend must show. Each backend's test file calls
 * `runStoreContract(name, factory)`; backend-specific behaviour lives in that file.
 */
import { z } from 'zod';
import { firstDelivery, StoreError, type StateStore } from '../../../src/store';
import type { captureLogger } from './support';

export interface StoreHarness {
  store: StateStore;
  logger: ReturnType<typeof captureLogger>;
  /** Lets `ms` pass on the store's clock: a fake clock jumps; Redis (server time) really waits. */
  advance(ms: number): Promise<void>;
  /**
   * The TTL the lease and expiry tests use (default 200 ms). On a real clock it must outlast a
   * few store calls even when the machine stalls, and the tests wait 1.5 times it.
   */
  leaseMs?: number;
  /** Another store over the same data (another replica or process); absent for `memory:`. */
  openPeer?(keyPrefix?: string): Promise<StateStore>;
  /** Plants `text` as the stored form of `namespace`/`key`, bypassing the store. */
  writeRaw?(namespace: string, key: string, text: string): Promise<void>;
  /** Closes everything the harness opened and removes its data. */
  cleanup(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreHarness>;

/** What a backend can show; tests that do not apply to it are not registered. */
export interface ContractFeatures {
  /** Several store instances can share the data (SQLite file, Redis): `openPeer` is set. */
  sharedData: boolean;
  /** Stored text can be planted from outside: `writeRaw` is set. */
  rawWrites: boolean;
}

const subscription = z.object({ channel: z.string(), query: z.string() });
type Subscription = z.infer<typeof subscription>;
const sub = (channel: string, query = 'oncology'): Subscription => ({ channel, query });

export function runStoreContract(name: string, factory: StoreFactory, features: ContractFeatures): void {
  const only = (applies: boolean) => (title: string, fn: () => Promise<void>) => {
    if (applies) test(title, fn);
  };
  const ifShared = only(features.sharedData);
  const ifRaw = only(features.rawWrites);
  describe(`state store contract: ${name}`, () => {
    let h: StoreHarness;
    let LEASE_MS = 200;
    let PAST_LEASE_MS = 300;
    beforeEach(async () => {
      h = await factory();
      LEASE_MS = h.leaseMs ?? 200;
      PAST_LEASE_MS = 1.5 * LEASE_MS;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    describe('namespaces', () => {
      test('get/set/delete round-trips typed values', async () => {
        const subs = h.store.namespace('subscriptions', subscription);
        expect(await subs.get('C1')).toBeUndefined();
        await subs.set('C1', sub('C1'));
        expect(await subs.get('C1')).toEqual(sub('C1'));
        await subs.set('C1', sub('C1', 'obesity'));
        expect(await subs.get('C1')).toEqual(sub('C1', 'obesity'));
        await subs.delete('C1');
        expect(await subs.get('C1')).toBeUndefined();
        await expect(subs.delete('never-set')).resolves.toBeUndefined();
      });

      test('keys may contain separators and unicode', async () => {
        const ns = h.store.namespace('threads', z.string());
        for (const key of ['C1:1700000000.000100', 'a::b', 'ключ ✓', ' ']) await ns.set(key, `v-${key}`);
        for (const key of ['C1:1700000000.000100', 'a::b', 'ключ ✓', ' ']) expect(await ns.get(key)).toBe(`v-${key}`);
      });

      test('namespaces isolate keys, including names that prefix each other', async () => {
        const a = h.store.namespace('sub', z.string());
        const b = h.store.namespace('subs', z.string());
        const c = h.store.namespace('sub.x', z.string());
        await a.set('k', 'from sub');
        await b.set('k', 'from subs');
        await c.set('k', 'from sub.x');
        expect(await a.get('k')).toBe('from sub');
        expect(await b.get('k')).toBe('from subs');
        await a.delete('k');
        expect(await b.get('k')).toBe('from subs');
        expect(await a.entries()).toEqual([]);
        expect(await b.entries()).toEqual([['k', 'from subs']]);
      });

      test('entries() enumerates every live entry of the namespace', async () => {
        const subs = h.store.namespace('subscriptions', subscription);
        const other = h.store.namespace('cursors', z.number());
        for (const ch of ['C1', 'C2', 'C3']) await subs.set(ch, sub(ch));
        await other.set('C1', 42);
        const entries = await subs.entries();
        expect(entries.sort(([x], [y]) => x.localeCompare(y))).toEqual([
          ['C1', sub('C1')],
          ['C2', sub('C2')],
          ['C3', sub('C3')],
        ]);
        expect(await other.entries()).toEqual([['C1', 42]]);
      });

      test('values expire after their TTL; untimed ones stay; overwriting without TTL keeps it', async () => {
        const ns = h.store.namespace('recent', z.string());
        await ns.set('short', 'a', LEASE_MS);
        await ns.set('kept', 'b');
        await ns.set('renewed', 'c', LEASE_MS);
        await ns.set('renewed', 'c2');
        expect(await ns.get('short')).toBe('a');
        await h.advance(PAST_LEASE_MS);
        expect(await ns.get('short')).toBeUndefined();
        expect(await ns.get('kept')).toBe('b');
        expect(await ns.get('renewed')).toBe('c2');
        expect((await ns.entries()).map(([k]) => k).sort()).toEqual(['kept', 'renewed']);
      });

      test('a value that no longer matches the schema reads as absent, with one log line', async () => {
        await h.store.namespace('cursors', z.object({ at: z.string() })).set('C1', { at: 'yesterday' });
        const v2 = h.store.namespace('cursors', z.object({ at: z.number() }));
        expect(await v2.get('C1')).toBeUndefined();
        expect(await v2.get('C1')).toBeUndefined();
        expect(await v2.entries()).toEqual([]);
        const lines = h.logger.matching(/unreadable value/);
        expect(lines).toHaveLength(1);
        expect(lines[0]?.text).toMatch(/cursors:C1/);
        // Writing a fresh value heals it.
        await v2.set('C1', { at: 5 });
        expect(await v2.get('C1')).toEqual({ at: 5 });
      });

      ifRaw('a stored value that is not JSON reads as absent, with one log line', async () => {
        await h.writeRaw!('threads', 'T1', '{"truncated');
        const ns = h.store.namespace('threads', z.string());
        await ns.set('T2', 'fine');
        expect(await ns.get('T1')).toBeUndefined();
        expect(await ns.entries()).toEqual([['T2', 'fine']]);
        expect(h.logger.matching(/unreadable value at threads:T1 \(not valid JSON\)/)).toHaveLength(1);
      });

      test('getMany/setMany read and write many keys at once, in order, with TTLs and namespaces kept', async () => {
        const seen = h.store.namespace('first-seen', z.object({ at: z.number() }));
        const other = h.store.namespace('first-seen.x', z.object({ at: z.number() }));
        expect(await seen.getMany([])).toEqual([]);
        await seen.setMany([]);
        await seen.set('b', { at: 1 });
        await other.set('a', { at: 99 });
        const keys = Array.from({ length: 300 }, (_, i) => `deal-${i}`);
        await seen.setMany(keys.map((k, i) => [k, { at: i }] as const));
        await seen.setMany([['short', { at: 7 }]], LEASE_MS);
        expect(await seen.getMany(['b', 'a', 'deal-299', 'nope', 'deal-0', 'short'])).toEqual([
          { at: 1 },
          undefined, // set in another namespace only
          { at: 299 },
          undefined,
          { at: 0 },
          { at: 7 },
        ]);
        expect((await seen.getMany(keys)).map((v) => v?.at)).toEqual(keys.map((_, i) => i));
        await h.advance(PAST_LEASE_MS);
        expect(await seen.getMany(['short', 'deal-5'])).toEqual([undefined, { at: 5 }]);
        expect(await other.get('a')).toEqual({ at: 99 });
      });

      test('getMany reads a value that no longer matches the schema as absent, with one log line', async () => {
        await h.store.namespace('cursors', z.object({ at: z.string() })).set('C1', { at: 'yesterday' });
        const v2 = h.store.namespace('cursors', z.object({ at: z.number() }));
        await v2.set('C2', { at: 2 });
        expect(await v2.getMany(['C1', 'C2'])).toEqual([undefined, { at: 2 }]);
        expect(await v2.getMany(['C1'])).toEqual([undefined]);
        expect(h.logger.matching(/unreadable value at cursors:C1/)).toHaveLength(1);
      });

      test('setMany and getMany reject bad keys and TTLs before touching the backend', async () => {
        const ns = h.store.namespace('ok', z.string());
        await expect(ns.setMany([['k', 'x'], ['', 'y']])).rejects.toThrow(TypeError);
        await expect(ns.setMany([['k', 'x']], 0)).rejects.toThrow(RangeError);
        await expect(ns.getMany(['k', ''])).rejects.toThrow(TypeError);
        expect(await ns.get('k')).toBeUndefined();
      });

      test('rejects bad names, keys and TTLs before touching the backend', async () => {
        expect(() => h.store.namespace('a:b', z.string())).toThrow(TypeError);
        expect(() => h.store.namespace('claims', z.string())).toThrow(TypeError);
        expect(() => h.store.namespace('', z.string())).toThrow(TypeError);
        const ns = h.store.namespace('ok', z.string());
        await expect(ns.set('', 'x')).rejects.toThrow(TypeError);
        await expect(ns.set('k', 'x', 0)).rejects.toThrow(RangeError);
        await expect(ns.set('k', 'x', Number.NaN)).rejects.toThrow(RangeError);
        await expect(h.store.claim('k', 'o', -1)).rejects.toThrow(RangeError);
        await expect(h.store.claim('k', '', 10)).rejects.toThrow(TypeError);
      });
    });

    describe('claims', () => {
      test('exactly one of 50 concurrent claims by different owners wins', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => h.store.claim('digest:2025-01-06', `replica-${i}`, 10_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      ifShared('exactly one wins across two stores on the same data (two replicas)', async () => {
        const peer = await h.openPeer!();
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 ? h.store : peer).claim('job:1', `replica-${i}`, 10_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      test('is not re-entrant: the holder claiming again gets false', async () => {
        expect(await h.store.claim('k', 'a', 10_000)).toBe(true);
        expect(await h.store.claim('k', 'a', 10_000)).toBe(false);
      });

      test('an expired lease may be taken by another owner', async () => {
        expect(await h.store.claim('k', 'a', LEASE_MS)).toBe(true);
        expect(await h.store.claim('k', 'b', LEASE_MS)).toBe(false);
        await h.advance(PAST_LEASE_MS);
        expect(await h.store.claim('k', 'b', LEASE_MS)).toBe(true);
        // ...and the old holder can no longer confirm or release it.
        expect(await h.store.confirm('k', 'a', 60_000)).toBe(false);
        await h.store.release('k', 'a');
        expect(await h.store.claim('k', 'c', LEASE_MS)).toBe(false);
      });

      test('only the owner releases', async () => {
        expect(await h.store.claim('k', 'a', 10_000)).toBe(true);
        await h.store.release('k', 'b');
        expect(await h.store.claim('k', 'b', 10_000)).toBe(false);
        await h.store.release('k', 'a');
        expect(await h.store.claim('k', 'b', 10_000)).toBe(true);
        await expect(h.store.release('never-claimed', 'a')).resolves.toBeUndefined();
      });

      test('confirm turns a lease into a longer-lived marker, only for the owner', async () => {
        expect(await h.store.claim('posted:C1', 'a', LEASE_MS)).toBe(true);
        expect(await h.store.confirm('posted:C1', 'b', 60_000)).toBe(false);
        expect(await h.store.confirm('posted:C1', 'a', 3 * LEASE_MS)).toBe(true);
        await h.advance(PAST_LEASE_MS); // past the original lease
        expect(await h.store.claim('posted:C1', 'b', LEASE_MS)).toBe(false);
        await h.advance(PAST_LEASE_MS + 100); // past the confirmed TTL
        expect(await h.store.claim('posted:C1', 'b', LEASE_MS)).toBe(true);
      });

      test('claim keys and namespace keys do not collide', async () => {
        const ns = h.store.namespace('k', z.string());
        await ns.set('x', 'value');
        expect(await h.store.claim('k::x', 'a', 10_000)).toBe(true);
        expect(await ns.get('x')).toBe('value');
      });
    });

    test('firstDelivery is true once per id, then false until the TTL passes', async () => {
      expect(await firstDelivery(h.store, 'Ev123', LEASE_MS)).toBe(true);
      expect(await firstDelivery(h.store, 'Ev123', LEASE_MS)).toBe(false);
      expect(await firstDelivery(h.store, 'Ev456', LEASE_MS)).toBe(true);
      await h.advance(PAST_LEASE_MS);
      expect(await firstDelivery(h.store, 'Ev123', LEASE_MS)).toBe(true);
    });

    ifShared('a key prefix separates stores sharing one backend', async () => {
      const other = await h.openPeer!('other:');
      await h.store.namespace('subscriptions', z.string()).set('C1', 'mine');
      expect(await other.namespace('subscriptions', z.string()).get('C1')).toBeUndefined();
      expect(await other.namespace('subscriptions', z.string()).entries()).toEqual([]);
      expect(await other.claim('k', 'b', 10_000)).toBe(true);
      expect(await h.store.claim('k', 'a', 10_000)).toBe(true);
    });

    test('health() is true; after close() calls reject with store_closed; close is idempotent', async () => {
      expect(await h.store.health()).toBe(true);
      const ns = h.store.namespace('x', z.string());
      await h.store.close();
      await h.store.close();
      await expect(ns.get('k')).rejects.toMatchObject({ code: 'store_closed' });
      await expect(h.store.claim('k', 'a', 1000)).rejects.toBeInstanceOf(StoreError);
      await expect(firstDelivery(h.store, 'Ev1', 1000)).rejects.toMatchObject({ code: 'store_closed' });
      expect(await h.store.health()).toBe(false);
    });
  });
}
