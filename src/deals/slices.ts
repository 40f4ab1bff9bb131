/**
 * Long loads written once, run two ways. A loading step is a generator that yields now and
 * then (every few hundred deals, say) and returns its result: start-up and tools run it to the
 * end at once (`runToEnd`); a hot reload runs it in slices of a few milliseconds with a turn of
 * the event loop between them (`runInSlices`), so a bot serving a large catalogue keeps
 * acknowledging commands while it reloads.
 */
import { setImmediate as turn } from 'node:timers/promises';

/** A step that yields between pieces of work and returns `T`. */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end on this turn of the event loop. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs `steps` giving the event loop a turn whenever `sliceMs` have passed since the last one.
 * A step that throws rejects the promise (its `finally` blocks have run by then). Once `signal`
 * is aborted, the steps are stopped before they start or at the next turn (their `finally`
 * blocks run) and the promise rejects with the signal's reason.
 */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = 10, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) {
    steps.return(undefined as T);
    throw signal.reason;
  }
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await turn();
      if (signal?.aborted) {
        steps.return(undefined as T);
        throw signal.reason;
      }
      sliceStart = performance.now();
    }
  }
}
