/**
 * What `state.ts` needs from a storage backend (memory, SQLite, Redis). Internal to src/store:
 * the rest of the app sees only `StateStore`.
 *
 * Values go through keyv (one keyv store adapter per namespace, like @keyv/redis's own
 * namespacing); claims go straight to the backend's atomic primitive, because keyv has no
 * set-if-absent.
 */
import type { KeyvStoreAdapter } from 'keyv';

/** The minimal logger the store writes to; Bolt's `Logger` fits. */
export interface StoreLogger {
  debug(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
}

/**
 * A keyv store adapter that can list its own namespace. keyv only builds `keyv.iterator` for
 * adapters whose dialect is on its allow-list, so the store calls the adapter's iterator itself.
 * Keys are stored as `<namespace>::<key>`; the iterator yields them without the prefix.
 */
export type ListableAdapter = KeyvStoreAdapter & Required<Pick<KeyvStoreAdapter, 'iterator'>>;

/** What an adapter's iterator yields: `[key without namespace, stored text]`. */
export type AdapterPair<Value> = Array<string | Awaited<Value> | undefined>;

export interface Backend {
  /** For log lines and error messages; never contains credentials. */
  readonly description: string;
  /** Set for backends whose calls can hang (Redis): every call is bounded by it. */
  readonly opTimeoutMs?: number;
  /** A fresh adapter for one namespace (keyv sets its `namespace`). */
  createAdapter(): ListableAdapter;
  /** Atomically takes `key` for `owner` if it is free or its lease ran out. */
  claim(key: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Re-arms `key` to expire `ttlMs` from now, only while `owner` still holds it. */
  confirm(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Frees `key`, only while `owner` still holds it. */
  release(key: string, owner: string): Promise<boolean>;
  /** Throws when the backend cannot serve. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Turns an error thrown by this backend into the store's vocabulary: a `StoreUnavailableError`
   * when the backend cannot serve right now; anything else is returned unchanged.
   */
  classify(error: unknown): unknown;
}
