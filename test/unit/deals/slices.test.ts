/**
 * A long load run in slices gives the event loop a turn now and then, and can be stopped: a hot
 * reload stops the title indexing of the catalogue it replaces.
 */
import { setImmediate as turn } from 'node:timers/promises';
import { runInSlices, runToEnd, type Steps } from '../../../src/deals/slices';

/** 100 steps that count themselves, and say whether their `finally` ran. */
function counting(state: { steps: number; closed: boolean }): Steps<number> {
  return (function* () {
    try {
      for (let k = 0; k < 100; k++) {
        state.steps++;
        yield;
      }
      return state.steps;
    } finally {
      state.closed = true;
    }
  })();
}

describe('runInSlices', () => {
  it('returns what the steps return, as runToEnd does, with turns of the event loop between slices', async () => {
    const state = { steps: 0, closed: false };
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    try {
      // A slice of 0 ms: a turn after every step.
      expect(await runInSlices(counting(state), 0)).toBe(100);
    } finally {
      clearInterval(ticking);
    }
    expect(turns).toBeGreaterThan(0);
    expect(runToEnd(counting({ steps: 0, closed: false }))).toBe(100);
  });

  it('stops the steps at the next turn once its signal is aborted, runs their finally blocks and rejects with the reason', async () => {
    const state = { steps: 0, closed: false };
    const stop = new AbortController();
    const run = runInSlices(counting(state), 0, stop.signal);
    await turn();
    stop.abort(new Error('replaced by a reload'));
    await expect(run).rejects.toThrow('replaced by a reload');
    expect(state.closed).toBe(true);
    expect(state.steps).toBeGreaterThan(0);
    expect(state.steps).toBeLessThan(100);
  });

  it('does not start steps whose signal is already aborted', async () => {
    const state = { steps: 0, closed: false };
    const stop = new AbortController();
    stop.abort();
    await expect(runInSlices(counting(state), 0, stop.signal)).rejects.toThrow(/abort/i);
    expect(state.steps).toBe(0);
  });
});
