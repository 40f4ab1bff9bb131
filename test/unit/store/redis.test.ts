import { createClient } from '@keyv/redis';
import { z } from 'zod';
import { firstDelivery, openStore, StoreUnavailableError, type StateStore } from '../../../src/store';
import {
  closedPort,
  deleteKeysWithPrefix,
  describeRedis,
  startRedisProxy,
  startSilentServer,
  uniquePrefix,
  writeRawRedis,
} from '../../helpers/redis';
import { runStoreContract } from './contract';
import { captureLogger, eventually, sleep, timed } from './support';

describeRedis('redis store (REDIS_URL)', (url) => {
  runStoreContract(
    `redis (${url}, own key prefix per test)`,
    async () => {
      const logger = captureLogger();
      const prefix = uniquePrefix();
      // Connected before use: openStore waits for Redis only so long, and a stalled machine can
      // outwait it.
      const open = async (extra = '') => {
        const opened = await openStore(url, { logger, keyPrefix: `${prefix}${extra}`, opTimeoutMs: 500 });
        await eventually(() => opened.health(), 5000, 'the store to connect');
        return opened;
      };
      const store = await open();
      const peers: StateStore[] = [];
      return {
        store,
        logger,
        advance: (ms) => sleep(ms), // PX leases run on the server's clock
        // Real time: a lease must outlast the calls between setting and checking it on a loaded VM.
        leaseMs: 1000,
        async openPeer(keyPrefix) {
          const peer = await open(keyPrefix);
          peers.push(peer);
          return peer;
        },
        writeRaw: (namespace, key, text) => writeRawRedis(url, `${prefix}${namespace}::${key}`, text),
        async cleanup() {
          for (const s of [store, ...peers]) await s.close();
          await deleteKeysWithPrefix(url, prefix);
        },
      };
    },
    { sharedData: true, rawWrites: true },
  );

  describe('redis specifics', () => {
    const prefix = uniquePrefix();
    const raw = createClient({ url });
    beforeAll(async () => {
      raw.on('error', () => {});
      await raw.connect();
    });
    afterAll(async () => {
      raw.destroy();
      await deleteKeysWithPrefix(url, prefix);
    });

    test('TTLs and leases are server-side expiries (PX) on readable keys', async () => {
      const store = await openStore(url, { logger: captureLogger(), keyPrefix: prefix });
      await store.namespace('recent', z.object({ id: z.string() })).set('C1', { id: 'deal-1' }, 5000);
      expect(await raw.get(`${prefix}recent::C1`)).toBe('{"id":"deal-1"}');
      const ttl = await raw.pTTL(`${prefix}recent::C1`);
      expect(ttl).toBeGreaterThan(4000);
      expect(ttl).toBeLessThanOrEqual(5000);
      expect(await store.claim('digest', 'replica-a', 3000)).toBe(true);
      expect(await raw.get(`${prefix}claims::digest`)).toBe('replica-a');
      expect(await raw.pTTL(`${prefix}claims::digest`)).toBeGreaterThan(2000);
      await store.close();
    });

    test('the database number in the URL is used', async () => {
      const db3 = new URL(url);
      db3.pathname = '/3';
      const store = await openStore(db3.toString(), { logger: captureLogger(), keyPrefix: prefix });
      expect(store.description).toMatch(/\/3$/);
      await store.namespace('x', z.number()).set('k', 1);
      const other = createClient({ url: db3.toString() });
      await other.connect();
      expect(await other.get(`${prefix}x::k`)).toBe('1');
      await other.del(`${prefix}x::k`);
      other.destroy();
      await store.close();
    });

    test('a misconfiguration (DB index out of range) is named in the error, not just "offline"', async () => {
      const bad = new URL(url);
      bad.pathname = '/9999';
      const store = await openStore(bad.toString(), { logger: captureLogger(), keyPrefix: prefix });
      try {
        await expect(store.namespace('x', z.number()).get('k')).rejects.toThrow(/DB index is out of range/);
      } finally {
        await store.close();
      }
    });

    test('an outage is logged once, calls fail fast meanwhile, and recovery is logged once', async () => {
      const proxy = await startRedisProxy(url);
      const logger = captureLogger();
      const store = await openStore(proxy.url, { logger, keyPrefix: prefix, opTimeoutMs: 500 });
      const ns = store.namespace('x', z.number());
      try {
        await ns.set('k', 1);
        await proxy.cut();
        for (let i = 0; i < 10; i++) {
          const { ms, result } = await timed(ns.get('k'));
          expect(result.status).toBe('rejected');
          expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
          expect(ms).toBeLessThan(1500);
        }
        expect(logger.matching(/store unavailable/)).toHaveLength(1);
        expect(await store.health()).toBe(false);
        await proxy.restore();
        await eventually(() => store.health(), 5000, 'the store to come back');
        expect(await ns.get('k')).toBe(1);
        expect(logger.matching(/store back/)).toHaveLength(1);
        expect(logger.matching(/store unavailable/)).toHaveLength(1);
      } finally {
        await store.close();
        await proxy.close();
      }
    });
  });
});

// These need no Redis server: they are about what happens when there is none.
describe('redis store without a reachable server', () => {
  const ops = (store: StateStore): Array<() => Promise<unknown>> => {
    const ns = store.namespace('subscriptions', z.string());
    return [
      () => ns.get('C1'),
      () => ns.set('C1', 'x', 1000),
      () => ns.delete('C1'),
      () => ns.getMany(['C1', 'C2']),
      () => ns.setMany([['C1', 'x'], ['C2', 'y']], 1000),
      () => ns.entries(),
      () => store.claim('k', 'a', 1000),
      () => store.confirm('k', 'a', 1000),
      () => store.release('k', 'a'),
    ];
  };

  test('nothing listening: open returns, every call rejects fast with StoreUnavailableError, logged once', async () => {
    const logger = captureLogger();
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const opened = await timed(openStore(url, { logger }));
    expect(opened.result.status).toBe('fulfilled');
    expect(opened.ms).toBeLessThan(1500);
    const store = (opened.result as PromiseFulfilledResult<StateStore>).value;
    try {
      const calls = Array.from({ length: 4 }, () => ops(store)).flat();
      const outcomes = await Promise.all(calls.map((call) => timed(call())));
      for (const { ms, result } of outcomes) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
        expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'store_unavailable' });
        expect(ms).toBeLessThan(1500);
      }
      expect(await store.health()).toBe(false);
      const lines = logger.matching(/store unavailable/);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.level).toBe('error');
      expect(lines[0]?.text).toContain(url.replace('redis://', ''));
      expect(lines[0]?.text).toMatch(/ECONNREFUSED/);
    } finally {
      await store.close();
    }
  });

  test('a server that accepts but never answers: calls time out within 1.5 s, logged once', async () => {
    const silent = await startSilentServer();
    const logger = captureLogger();
    const store = await openStore(silent.url, { logger });
    try {
      const outcomes = await Promise.all(ops(store).map((call) => timed(call())));
      for (const { ms, result } of outcomes) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
        expect(ms).toBeLessThan(1500);
      }
      expect(logger.matching(/store unavailable/)).toHaveLength(1);
    } finally {
      const closing = await timed(store.close());
      expect(closing.ms).toBeLessThan(500);
      await silent.close();
    }
  });

  test('firstDelivery answers true when the store is unavailable (answer rather than drop)', async () => {
    const store = await openStore(`redis://127.0.0.1:${await closedPort()}`, { logger: captureLogger() });
    try {
      expect(await firstDelivery(store, 'Ev1', 60_000)).toBe(true);
      expect(await firstDelivery(store, 'Ev1', 60_000)).toBe(true);
    } finally {
      await store.close();
    }
  });

  test('credentials in the URL never reach the logs or the description', async () => {
    const logger = captureLogger();
    const store = await openStore(`redis://user:s3cret-pw@127.0.0.1:${await closedPort()}/2`, { logger });
    await store.namespace('x', z.string()).get('k').catch(() => undefined);
    await store.close();
    expect(store.description).not.toContain('s3cret');
    expect(logger.lines.map((l) => l.text).join('\n')).not.toContain('s3cret');
  });
});
