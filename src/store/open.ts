/**
 * `openStore(STORE_URL)`: picks the backend from the URL's scheme.
 */
import path from 'node:path';
import type { Backend, StoreLogger } from './backend';
import { StoreError } from './errors';
import { createMemoryBackend } from './memory';
import { openRedisBackend } from './redis';
import { openSqliteBackend } from './sqlite';
import { createStateStore, type StateStore } from './state';

export interface OpenStoreOptions {
  logger: StoreLogger;
  /** Anchors relative `sqlite://` paths. @default process.cwd() */
  cwd?: string;
  /** The store's clock (ms since the epoch) for TTLs and leases on memory and SQLite. @default Date.now */
  now?: () => number;
  /** Prepended to every key (namespaces and claims). @default "" */
  keyPrefix?: string;
  /** SQLite: how long to wait for another process's lock. @default 1000 */
  busyTimeoutMs?: number;
  /** Redis: upper bound for one call and for connecting. @default 750 */
  opTimeoutMs?: number;
}

const ACCEPTED =
  'sqlite://relative/path.sqlite (relative to the working directory), sqlite:///absolute/path.sqlite, ' +
  'redis://host:port[/db] (rediss:// for TLS), or memory:';

/**
 * Opens the state store that `url` (STORE_URL) names:
 * - `sqlite://data/state.sqlite` (relative to `cwd`) or `sqlite:///abs/state.sqlite`: a local file;
 *   its directory is created if missing.
 * - `redis://host:port[/db]`: shared by replicas. Waits up to `opTimeoutMs` for the connection;
 *   if Redis is not answering by then it logs "store unavailable" and returns anyway, and calls
 *   fail fast with `StoreUnavailableError` until Redis answers.
 * - `memory:`: this process only.
 *
 * Rejects with `StoreError` (`store_url_invalid`, `store_locked`, `store_unwritable`,
 * `store_corrupt`) whose message names the path and what to do.
 */
export async function openStore(url: string, options: OpenStoreOptions): Promise<StateStore> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const trimmed = url.trim();

  if (trimmed === 'memory:') {
    return wrap(createMemoryBackend(now), options);
  }

  if (trimmed.startsWith('sqlite://')) {
    const rest = trimmed.slice('sqlite://'.length);
    if (rest === '' || rest === '/' || rest.endsWith('/')) {
      throw invalid(url, 'the sqlite:// URL needs a file path');
    }
    const file = path.resolve(options.cwd ?? process.cwd(), rest);
    const backend = openSqliteBackend({ file, url, now, busyTimeoutMs: options.busyTimeoutMs ?? 1000 });
    const store = wrap(backend, options);
    logger.debug(`store: opened ${store.description}`);
    return store;
  }

  if (trimmed.startsWith('redis://') || trimmed.startsWith('rediss://')) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw invalid(url, 'it is not a valid URL');
    }
    if (!parsed.hostname) throw invalid(url, 'the redis:// URL needs a host');
    if (!/^\/?(\d+)?$/.test(parsed.pathname)) throw invalid(url, 'the database after the host must be a number, as in redis://host:6379/0');
    const backend = await openRedisBackend({ url: trimmed, logger, opTimeoutMs: options.opTimeoutMs ?? 750 });
    const store = wrap(backend, options);
    // Not fatal: replicas should start while Redis restarts. A failed check logs the outage once.
    await store.health();
    return store;
  }

  throw invalid(url, 'unknown scheme');
}

function wrap(backend: Backend, { logger, keyPrefix }: OpenStoreOptions): StateStore {
  try {
    return createStateStore(backend, { logger, keyPrefix });
  } catch (error) {
    void backend.close();
    throw error;
  }
}

function invalid(url: string, why: string): StoreError {
  return new StoreError('store_url_invalid', `STORE_URL=${redactUrl(url)} is not usable (${why}). Accepted forms: ${ACCEPTED}.`);
}

/** Hides a password in a URL quoted back to the user. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
}
