/**
 * The state store: typed namespaces over keyv plus leases ("claims") for run-once work.
 *
 * Every duration on this interface is in milliseconds. Every read is parsed with the
 * namespace's zod schema; a stored value that no longer parses (corrupt, or written by an older
 * version) is treated as absent and reported with one log line, never thrown.
 */
import { type Deserialize, Keyv, type Serialize } from 'keyv';
import type { z } from 'zod';
import type { Backend, ListableAdapter, StoreLogger } from './backend';
import { StoreError, StoreUnavailableError } from './errors';

/** Typed values under one name. Keys are free-form non-empty strings. */
export interface Namespace<T> {
  readonly name: string;
  /** The value, or undefined when absent, expired or unreadable. */
  get(key: string): Promise<T | undefined>;
  /**
   * Stores `value` (JSON-serialisable). `ttlMs`: milliseconds until it expires; omitted, it is
   * kept until deleted or overwritten. Overwriting replaces the TTL too.
   */
  set(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * The values of `keys`, in order (undefined where absent, expired or unreadable), in one round
   * trip where the backend allows it (Redis MGET).
   */
  getMany(keys: readonly string[]): Promise<Array<T | undefined>>;
  /**
   * Stores every entry, each with `ttlMs` like `set`, in one round trip or transaction where the
   * backend allows it (Redis MULTI, one SQLite transaction).
   */
  setMany(entries: ReadonlyArray<readonly [key: string, value: T]>, ttlMs?: number): Promise<void>;
  /**
   * Every live, readable entry, in no particular order. Meant for small namespaces
   * (subscriptions): it loads them all.
   */
  entries(): Promise<Array<[key: string, value: T]>>;
}

export interface StateStore {
  /** e.g. `sqlite:/abs/path/state.sqlite`, `redis://host:6379/0`, `memory:` (no credentials). */
  readonly description: string;
  /**
   * The namespace `name` (letters, digits, `_ . -`; `claims` is reserved). Cheap: call it once
   * at wiring time and keep the result.
   */
  namespace<T>(name: string, schema: z.ZodType<T>): Namespace<T>;
  /**
   * Takes `key` for `owner` for `leaseMs` ms if nobody holds it (or the previous lease ran out).
   * Atomic across processes sharing the store. Not re-entrant: a second claim by the same owner
   * while the lease runs also returns false.
   */
  claim(key: string, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * While `owner` still holds `key`, makes it expire `ttlMs` ms from now and returns true:
   * renews a lease, or turns it into a long-lived marker (e.g. "already posted") that later
   * claims cannot take. Returns false if the lease was lost (expired or taken over).
   */
  confirm(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Frees `key` if `owner` still holds it; otherwise does nothing. */
  release(key: string, owner: string): Promise<void>;
  /** True when the backend answers now. Never throws. */
  health(): Promise<boolean>;
  /** Idempotent. Later calls reject with `StoreError` code `store_closed`. */
  close(): Promise<void>;
}

export interface StateStoreOptions {
  logger: StoreLogger;
  /** Prepended to every namespace and claim key, e.g. to share one Redis between apps. */
  keyPrefix?: string;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const PREFIX_PATTERN = /^[A-Za-z0-9_.:-]*$/;
const CLAIMS = 'claims';
/** How many distinct unreadable keys are remembered so each is logged once. */
const MAX_REPORTED = 1000;

/** Logs "store unavailable" once when an outage starts and "store back" once when it ends. */
class OutageReporter {
  private down = false;
  constructor(
    private readonly logger: StoreLogger,
    private readonly description: string,
  ) {}

  /** `error.message` names the backend already. */
  failed(error: StoreUnavailableError): void {
    if (this.down) return;
    this.down = true;
    this.logger.error(`store unavailable: ${error.message}. Calls fail fast until it is back.`);
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info(`store back (${this.description})`);
  }
}

// keyv normally wraps values as {value, expires} with expires from Date.now(). Expiry belongs to
// the backend (injected clock for memory/SQLite, server time for Redis), so keyv stores the JSON
// text of the value alone and hands the text back; parsing happens in `readValue`.
function serializeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('state store values must be JSON-serialisable');
  return text;
}
const serialize: Serialize = (data) => serializeValue(data.value);
const deserialize: Deserialize = <Value>(text: string) => ({ value: text as Value });

function assertDuration(what: string, ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`${what} must be a positive number of milliseconds, got ${ms}`);
  return Math.ceil(ms);
}

function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('state store keys must be non-empty strings');
}

function timeout<R>(work: Promise<R>, ms: number | undefined, description: string): Promise<R> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`${description} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function parseStored<T>(schema: z.ZodType<T>, raw: unknown): { ok: true; value: T } | { ok: false; problem: string } {
  if (typeof raw !== 'string') return { ok: false, problem: `expected JSON text, got ${typeof raw}` };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'not valid JSON' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`);
  return { ok: false, problem: `does not match the schema: ${issues.join('; ')}` };
}

/** Builds a `StateStore` over one backend. `openStore` is the usual way in. */
export function createStateStore(backend: Backend, options: StateStoreOptions): StateStore {
  const { logger } = options;
  const keyPrefix = options.keyPrefix ?? '';
  if (!PREFIX_PATTERN.test(keyPrefix)) {
    throw new TypeError(`keyPrefix may only contain letters, digits and _ . : - (got ${JSON.stringify(keyPrefix)})`);
  }
  const outage = new OutageReporter(logger, backend.description);
  const reported = new Set<string>();
  let closed = false;

  async function run<R>(work: () => Promise<R>): Promise<R> {
    if (closed) throw new StoreError('store_closed', `the state store (${backend.description}) is closed`);
    let result: R;
    try {
      result = await timeout(work(), backend.opTimeoutMs, backend.description);
    } catch (error) {
      const mapped = error instanceof StoreError ? error : backend.classify(error);
      if (mapped instanceof StoreUnavailableError) outage.failed(mapped);
      throw mapped;
    }
    outage.succeeded();
    return result;
  }

  function readValue<T>(schema: z.ZodType<T>, where: string, raw: unknown): T | undefined {
    const parsed = parseStored(schema, raw);
    if (parsed.ok) return parsed.value;
    if (!reported.has(where)) {
      if (reported.size >= MAX_REPORTED) reported.clear();
      reported.add(where);
      logger.warn(`store: ignoring unreadable value at ${where} (${parsed.problem}); treating it as absent`);
    }
    return undefined;
  }

  const keyvs = new Map<string, { keyv: Keyv; adapter: ListableAdapter }>();
  function keyvFor(name: string) {
    let entry = keyvs.get(name);
    if (!entry) {
      const adapter = backend.createAdapter();
      const keyv = new Keyv({
        store: adapter,
        namespace: `${keyPrefix}${name}`,
        useKeyPrefix: false,
        throwOnErrors: true,
        serialize,
        deserialize,
      });
      // Errors reach callers as rejections; keyv's error events would only duplicate them.
      keyv.on('error', () => {});
      entry = { keyv, adapter };
      keyvs.set(name, entry);
    }
    return entry;
  }

  const claimKey = (key: string) => {
    assertKey(key);
    return `${keyPrefix}${CLAIMS}::${key}`;
  };
  const assertOwner = (owner: string) => {
    if (typeof owner !== 'string' || owner.length === 0) throw new TypeError('claim owners must be non-empty strings');
  };

  return {
    description: backend.description,

    namespace<T>(name: string, schema: z.ZodType<T>): Namespace<T> {
      if (!NAME_PATTERN.test(name) || name === CLAIMS) {
        throw new TypeError(`invalid namespace name ${JSON.stringify(name)}: use letters, digits and _ . - (not "${CLAIMS}")`);
      }
      const { keyv, adapter } = keyvFor(name);
      return {
        name,
        async get(key) {
          assertKey(key);
          const raw = await run(() => keyv.get(key));
          return raw === undefined ? undefined : readValue(schema, `${name}:${key}`, raw);
        },
        async set(key, value, ttlMs) {
          assertKey(key);
          const ttl = ttlMs === undefined ? undefined : assertDuration('ttlMs', ttlMs);
          await run(() => keyv.set(key, value, ttl));
        },
        async delete(key) {
          assertKey(key);
          await run(() => keyv.delete(key));
        },
        // Straight to the adapter, which prefixes keys itself (useKeyPrefix: false): keyv's own
        // getMany turns a failed read into "absent" when the adapter has no getMany.
        async getMany(keys) {
          keys.forEach(assertKey);
          if (keys.length === 0) return [];
          const raws = await run(async () =>
            adapter.getMany ? ((await adapter.getMany([...keys])) as unknown[]) : Promise.all(keys.map((k) => adapter.get(k))),
          );
          return keys.map((key, i) => {
            const raw = raws[i];
            return raw === undefined || raw === null ? undefined : readValue(schema, `${name}:${key}`, raw);
          });
        },
        async setMany(entries, ttlMs) {
          entries.forEach(([key]) => assertKey(key));
          const ttl = ttlMs === undefined ? undefined : assertDuration('ttlMs', ttlMs);
          if (entries.length === 0) return;
          const rows = entries.map(([key, value]) => ({ key, value: serializeValue(value), ttl }));
          await run(async () => {
            if (adapter.setMany) await adapter.setMany(rows);
            else await Promise.all(rows.map((r) => adapter.set(r.key, r.value, r.ttl)));
          });
        },
        async entries() {
          const raws = await run(async () => {
            const out: Array<[string, unknown]> = [];
            for await (const [key, raw] of adapter.iterator(adapter.namespace)) {
              if (typeof key === 'string') out.push([key, raw]);
            }
            return out;
          });
          const result: Array<[string, T]> = [];
          for (const [key, raw] of raws) {
            const value = raw === undefined ? undefined : readValue(schema, `${name}:${key}`, raw);
            if (value !== undefined) result.push([key, value]);
          }
          return result;
        },
      };
    },

    async claim(key, owner, leaseMs) {
      const k = claimKey(key);
      assertOwner(owner);
      const lease = assertDuration('leaseMs', leaseMs);
      return run(() => backend.claim(k, owner, lease));
    },

    async confirm(key, owner, ttlMs) {
      const k = claimKey(key);
      assertOwner(owner);
      const ttl = assertDuration('ttlMs', ttlMs);
      return run(() => backend.confirm(k, owner, ttl));
    },

    async release(key, owner) {
      const k = claimKey(key);
      assertOwner(owner);
      await run(() => backend.release(k, owner));
    },

    async health() {
      try {
        await run(() => backend.ping());
        return true;
      } catch {
        return false;
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await backend.close();
    },
  };
}
