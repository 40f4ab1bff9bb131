/**
 * Errors the state store throws. Callers branch on `code` (stable) or on `instanceof`; the
 * message is for people and names what to do.
 */

export type StoreErrorCode =
  /** STORE_URL is not one of the accepted forms. */
  | 'store_url_invalid'
  /** The SQLite file is locked by another process for longer than the busy timeout. */
  | 'store_locked'
  /** The SQLite file or its directory cannot be created or written. */
  | 'store_unwritable'
  /** The file at the SQLite path is not a SQLite database (or is damaged). */
  | 'store_corrupt'
  /** The store was used after `close()`. */
  | 'store_closed'
  /** The backend cannot serve right now (Redis down or slow, SQLite busy or disk full). */
  | 'store_unavailable';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/**
 * The backend did not answer in time or refused to serve. Transient: the same call may succeed
 * later. Callers decide whether to degrade (answer anyway) or give up.
 */
export class StoreUnavailableError extends StoreError {
  override readonly code = 'store_unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super('store_unavailable', message, options);
    this.name = 'StoreUnavailableError';
  }
}
