/** Small pieces shared by the store tests. */
import type { StoreLogger } from '../../../src/store';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  text: string;
}

/** A logger that records lines (debug included) instead of printing them. */
export function captureLogger(): StoreLogger & { lines: LogLine[]; matching(pattern: RegExp): LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (...msg: unknown[]) =>
      lines.push({ level, text: msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ') });
  return {
    lines,
    matching: (pattern) => lines.filter((l) => l.level !== 'debug' && pattern.test(l.text)),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/** A clock that moves only when told to. */
export function fakeClock(start = Date.UTC(2025, 0, 1)): { now: () => number; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it resolves truthy; throws after `timeoutMs`. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Milliseconds `work` took to settle, and how it settled. */
export async function timed<T>(work: Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const start = Date.now();
  const [result] = await Promise.allSettled([work]);
  return { ms: Date.now() - start, result: result as PromiseSettledResult<T> };
}
