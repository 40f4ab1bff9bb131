/**
 * `sqlite://…` — one file on local disk through better-sqlite3 (the project's only SQLite
 * driver), in WAL mode. Several processes on one machine may share the file: claims are single
 * statements, so SQLite's write lock makes them atomic.
 *
 * Expiry times are absolute milliseconds from the store's clock, stored next to each row, so a
 * fake clock drives TTL and lease tests. Expired rows are ignored on read and swept (at most once
 * a minute) on writes.
 *
 * NOTE: better-sqlite3 is synchronous. A write that meets another process's lock blocks the
 * event loop for up to `busyTimeoutMs` before failing with `StoreUnavailableError`.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AdapterPair, Backend, ListableAdapter } from './backend';
import { StoreError, StoreUnavailableError } from './errors';
import { prefixedKey } from './memory';

export interface SqliteBackendOptions {
  /** Absolute path of the database file. */
  file: string;
  /** STORE_URL as configured, quoted in error messages. */
  url: string;
  now: () => number;
  /** How long a statement waits for another connection's lock. */
  busyTimeoutMs: number;
}

const SCHEMA_VERSION = 1;
const SWEEP_INTERVAL_MS = 60_000;

interface KvRow {
  value: string;
  expires_at: number | null;
}

/** Opens (creating if needed) the database. Throws `StoreError` with an actionable message. */
export function openSqliteBackend(options: SqliteBackendOptions): Backend {
  const { file, url, now, busyTimeoutMs } = options;
  ensureDirectory(path.dirname(file), url);

  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  } catch (error) {
    db?.close();
    throw openError(error, file, url, busyTimeoutMs);
  }
  return sqliteBackend(db, options);
}

/**
 * Creates or checks the schema inside BEGIN IMMEDIATE: taking the write lock here makes a file
 * held by another process fail at start-up (store_locked), not on the first request.
 */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        'store_corrupt',
        `was written by a newer version of the bot (schema ${version}, this one knows ${SCHEMA_VERSION})`,
      );
    }
    db.exec(`
      CREATE TABLE IF NOT EXISTS kv (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        expires_at INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS kv_expires_at ON kv (expires_at) WHERE expires_at IS NOT NULL;
      CREATE TABLE IF NOT EXISTS claims (
        key TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS claims_expires_at ON claims (expires_at);
    `);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function sqliteBackend(db: Database.Database, { file, now }: SqliteBackendOptions): Backend {
  const q = {
    get: db.prepare<[string], KvRow>('SELECT value, expires_at FROM kv WHERE key = ?'),
    set: db.prepare<[string, string, number | null]>(
      `INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    ),
    delete: db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
    // Keys of a namespace `ns` are `ns::…`, which sort between `ns::` and `ns:;`.
    clearRange: db.prepare<[string, string]>('DELETE FROM kv WHERE key >= ? AND key < ?'),
    listRange: db.prepare<[string, string, number], { key: string; value: string }>(
      `SELECT key, value FROM kv WHERE key >= ? AND key < ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key`,
    ),
    claim: db.prepare<{ key: string; owner: string; expiresAt: number; now: number }>(
      `INSERT INTO claims (key, owner, expires_at) VALUES (@key, @owner, @expiresAt)
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE claims.expires_at <= @now`,
    ),
    confirm: db.prepare<{ key: string; owner: string; expiresAt: number; now: number }>(
      'UPDATE claims SET expires_at = @expiresAt WHERE key = @key AND owner = @owner AND expires_at > @now',
    ),
    release: db.prepare<[string, string]>('DELETE FROM claims WHERE key = ? AND owner = ?'),
    sweepKv: db.prepare<[number]>('DELETE FROM kv WHERE expires_at <= ?'),
    sweepClaims: db.prepare<[number]>('DELETE FROM claims WHERE expires_at <= ?'),
    ping: db.prepare('SELECT 1'),
  };

  /**
   * A row's value, or undefined when absent or expired. Expired rows are left for the sweep: a
   * read never writes, so it never waits for a lock.
   */
  const liveValue = (row: KvRow | undefined, t: number): string | undefined =>
    row && (row.expires_at === null || row.expires_at > t) ? row.value : undefined;

  const setAll = db.transaction((rows: Array<[string, string, number | null]>) => {
    for (const row of rows) q.set.run(...row);
  });

  let lastSweep = 0;
  const maybeSweep = () => {
    const t = now();
    if (t - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = t;
    q.sweepKv.run(t);
    q.sweepClaims.run(t);
  };

  const rangeOf = (namespace: string | undefined): [string, string] => {
    const low = prefixedKey(namespace, '');
    return [low, `${low.slice(0, -1)};`];
  };

  class SqliteAdapter extends EventEmitter implements ListableAdapter {
    namespace?: string;
    readonly opts = { dialect: 'sqlite', url: `sqlite://${file}` };

    async get<Value>(key: string): Promise<Value | undefined> {
      return liveValue(q.get.get(prefixedKey(this.namespace, key)), now()) as Value | undefined;
    }

    async set(key: string, value: unknown, ttl?: number): Promise<void> {
      maybeSweep();
      q.set.run(prefixedKey(this.namespace, key), String(value), ttl ? now() + ttl : null);
    }

    async getMany<Value>(keys: string[]): Promise<Array<Value | undefined>> {
      const t = now();
      return keys.map((key) => liveValue(q.get.get(prefixedKey(this.namespace, key)), t) as Value | undefined);
    }

    /** One transaction: one commit for the lot instead of one per row. */
    async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
      maybeSweep();
      const t = now();
      setAll(entries.map(({ key, value, ttl }) => [prefixedKey(this.namespace, key), String(value), ttl ? t + ttl : null]));
    }

    async delete(key: string): Promise<boolean> {
      return q.delete.run(prefixedKey(this.namespace, key)).changes > 0;
    }

    async clear(): Promise<void> {
      if (!this.namespace) throw new Error('refusing to clear a SQLite store without a namespace');
      q.clearRange.run(...rangeOf(this.namespace));
    }

    async *iterator<Value>(namespace?: string): AsyncGenerator<AdapterPair<Value>, void> {
      if (!namespace) throw new Error('listing a SQLite store needs a namespace');
      const [low, high] = rangeOf(namespace);
      // .all() rather than .iterate(): an open cursor across `yield` would hold the read lock.
      for (const row of q.listRange.all(low, high, now())) yield [row.key.slice(low.length), row.value as Awaited<Value>];
    }
  }

  return {
    description: `sqlite:${file}`,
    createAdapter: () => new SqliteAdapter(),
    async claim(key, owner, leaseMs) {
      maybeSweep();
      const t = now();
      return q.claim.run({ key, owner, expiresAt: t + leaseMs, now: t }).changes === 1;
    },
    async confirm(key, owner, ttlMs) {
      const t = now();
      return q.confirm.run({ key, owner, expiresAt: t + ttlMs, now: t }).changes === 1;
    },
    async release(key, owner) {
      return q.release.run(key, owner).changes === 1;
    },
    async ping() {
      q.ping.get();
    },
    async close() {
      if (db.open) db.close();
    },
    classify(error) {
      const code = sqliteCode(error);
      if (code) return new StoreUnavailableError(`SQLite ${file}: ${code}: ${messageOf(error)}`, { cause: error });
      return error;
    },
  };
}

/**
 * The SQLITE_* code of a better-sqlite3 error. NOTE: matched by shape, not `instanceof
 * Database.SqliteError` (nor `instanceof Error`): the native addon keeps the error class from the
 * first time the module was loaded, so a re-loaded module (jest's per-file registry and realm)
 * sees a different class.
 */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Creates `dir` and missing parents one level at a time. NOTE: `fs.mkdirSync(…, { recursive })`
 * never returns for a path under /proc (ENOENT from a pseudo-filesystem makes it retry the
 * parent forever), so this walks the levels itself.
 */
function ensureDirectory(dir: string, url: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unwritable(dir, url, error);
    }
    if (stat) {
      if (!stat.isDirectory()) throw unwritable(dir, url, Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' }));
      break;
    }
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(dir, url, error);
    }
  }
}

function unwritable(dir: string, url: string, error: unknown): StoreError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new StoreError(
    'store_unwritable',
    `Cannot create the state store directory ${dir} (${code}) for STORE_URL=${url}. ` +
      'Point STORE_URL at a writable location (e.g. sqlite:///var/lib/deal-bot/state.sqlite), fix the permissions, ' +
      'or use STORE_URL=memory: for a throwaway run.',
    { cause: error },
  );
}

function openError(error: unknown, file: string, url: string, busyTimeoutMs: number): StoreError {
  if (error instanceof StoreError) {
    return new StoreError(error.code, `The state store ${file} (STORE_URL=${url}) ${error.message}.`, { cause: error });
  }
  const code = sqliteCode(error) ?? (error as NodeJS.ErrnoException).code ?? '';
  const detail = `${code || 'error'}: ${messageOf(error)}`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      'store_locked',
      `The state store ${file} (STORE_URL=${url}) is locked by another process (still locked after ${busyTimeoutMs} ms; ${detail}). ` +
        'Another copy of the bot, or a tool holding a transaction, has it open: stop it, ' +
        'or give each instance its own STORE_URL (use redis://… for replicas that share state).',
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(
      'store_corrupt',
      `The state store ${file} (STORE_URL=${url}) is not a readable SQLite database (${detail}). ` +
        'Move it aside (the bot creates a fresh one) or point STORE_URL elsewhere.',
      { cause: error },
    );
  }
  return new StoreError(
    'store_unwritable',
    `Cannot open the state store ${file} (STORE_URL=${url}) for writing (${detail}). ` +
      'Check that the file and its directory are writable by this user (SQLite also creates -wal and -shm files beside it), ' +
      'or point STORE_URL at a writable location.',
    { cause: error },
  );
}
