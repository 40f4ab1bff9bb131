/**
 * Small waiting helpers for integration tests: poll a condition until it holds or time runs out.
 */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  /** Give up after this long. @default 5000 */
  timeoutMs?: number;
  /** Poll interval. @default 10 */
  intervalMs?: number;
  /** Names what was awaited in the timeout error. */
  what?: string;
}

/**
 * Polls `probe` until it returns something other than `undefined`, `null` or `false`, and
 * returns that value. Rejects with a descriptive error on timeout.
 */
export async function waitFor<T>(probe: () => T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 5000, intervalMs = 10, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Resolves with the promise's value, or rejects if it takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
