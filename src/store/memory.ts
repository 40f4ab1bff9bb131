/**
 * `memory:` — state in this process only, gone at exit. For tests and throwaway runs.
 *
 * NOTE: keyv's default `Map` store expires entries with `Date.now()` inside keyv, which ignores
 * the injected clock. This backend keeps a plain `Map` but owns expiry itself, with the store's
 * clock, so TTL and lease tests advance a fake clock instead of sleeping.
 */
import { EventEmitter } from 'node:events';
import type { AdapterPair, Backend, ListableAdapter } from './backend';

interface Entry {
  value: string;
  /** Absolute ms (store clock); undefined = no expiry. */
  expiresAt?: number;
}

const SWEEP_INTERVAL_MS = 60_000;

export function prefixedKey(namespace: string | undefined, key: string): string {
  return namespace ? `${namespace}::${key}` : key;
}

export function createMemoryBackend(now: () => number): Backend {
  const data = new Map<string, Entry>();
  const claims = new Map<string, { owner: string; expiresAt: number }>();
  let lastSweep = now();

  const live = (e: { expiresAt?: number } | undefined): boolean =>
    e !== undefined && (e.expiresAt === undefined || e.expiresAt > now());

  // Expired entries are dropped on read; this bounds what is never read again.
  const maybeSweep = () => {
    const t = now();
    if (t - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = t;
    for (const [k, e] of data) if (!live(e)) data.delete(k);
    for (const [k, c] of claims) if (!live(c)) claims.delete(k);
  };

  class MemoryAdapter extends EventEmitter implements ListableAdapter {
    namespace?: string;
    readonly opts = { dialect: 'memory', url: 'memory:' };

    async get<Value>(key: string): Promise<Value | undefined> {
      const k = prefixedKey(this.namespace, key);
      const e = data.get(k);
      if (!live(e)) {
        data.delete(k);
        return undefined;
      }
      return e?.value as Value | undefined;
    }

    async set(key: string, value: unknown, ttl?: number): Promise<void> {
      maybeSweep();
      data.set(prefixedKey(this.namespace, key), {
        value: String(value),
        expiresAt: ttl ? now() + ttl : undefined,
      });
    }

    async delete(key: string): Promise<boolean> {
      return data.delete(prefixedKey(this.namespace, key));
    }

    async clear(): Promise<void> {
      const prefix = prefixedKey(this.namespace, '');
      for (const k of [...data.keys()]) if (k.startsWith(prefix)) data.delete(k);
    }

    async *iterator<Value>(namespace?: string): AsyncGenerator<AdapterPair<Value>, void> {
      const prefix = prefixedKey(namespace, '');
      for (const [k, e] of [...data]) {
        if (k.startsWith(prefix) && live(e)) yield [k.slice(prefix.length), e.value as Awaited<Value>];
      }
    }
  }

  return {
    description: 'memory:',
    createAdapter: () => new MemoryAdapter(),
    async claim(key, owner, leaseMs) {
      maybeSweep();
      if (live(claims.get(key))) return false;
      claims.set(key, { owner, expiresAt: now() + leaseMs });
      return true;
    },
    async confirm(key, owner, ttlMs) {
      const c = claims.get(key);
      if (!live(c) || c?.owner !== owner) return false;
      c.expiresAt = now() + ttlMs;
      return true;
    },
    async release(key, owner) {
      const c = claims.get(key);
      if (!live(c) || c?.owner !== owner) return false;
      claims.delete(key);
      return true;
    },
    async ping() {},
    async close() {
      data.clear();
      claims.clear();
    },
    classify: (error) => error,
  };
}
