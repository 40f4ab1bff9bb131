import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schedule, type ScheduledTask, type TaskContext } from 'node-cron';
import { createRunCoordinator, openStore, StoreError } from '../../../src/store';
import { captureLogger, fakeClock, sleep } from './support';

describe('createRunCoordinator (node-cron RunCoordinator on the store)', () => {
  test('two coordinators with different owners on one store: exactly one shouldRun is true', async () => {
    const clock = fakeClock();
    const store = await openStore('memory:', { logger: captureLogger(), now: clock.now });
    const a = createRunCoordinator(store, 'replica-a');
    const b = createRunCoordinator(store, 'replica-b');
    const key = 'digest:2025-01-06T08:00:00.000Z';
    const results = await Promise.all([a.shouldRun(key, 30_000), b.shouldRun(key, 30_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    // A different slot is a different election.
    expect(await b.shouldRun('digest:2025-01-07T08:00:00.000Z', 30_000)).toBe(true);
    await store.close();
  });

  test('a finished slot stays taken after its lease, until completedTtlMs passes', async () => {
    const clock = fakeClock();
    const store = await openStore('memory:', { logger: captureLogger(), now: clock.now });
    const a = createRunCoordinator(store, 'replica-a', { completedTtlMs: 60_000 });
    const b = createRunCoordinator(store, 'replica-b');
    const key = 'digest:2025-01-06T08:00:00.000Z';
    expect(await a.shouldRun(key, 1000)).toBe(true);
    await a.onComplete?.(key);
    clock.advance(5000); // a lagging replica arrives after the lease
    expect(await b.shouldRun(key, 1000)).toBe(false);
    clock.advance(60_000);
    expect(await b.shouldRun(key, 1000)).toBe(true);
    await store.close();
  });

  test('when the store cannot answer, shouldRun rejects (node-cron then skips the slot: fail closed)', async () => {
    const store = await openStore('memory:', { logger: captureLogger() });
    await store.close();
    await expect(createRunCoordinator(store, 'a').shouldRun('k', 1000)).rejects.toBeInstanceOf(StoreError);
  });

  test('node-cron with distributed: true runs each slot once across two replicas sharing a SQLite file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-cron-'));
    const url = `sqlite://${dir}/state.sqlite`;
    const replicas = await Promise.all(['a', 'b'].map(() => openStore(url, { logger: captureLogger() })));
    const runs: Array<{ replica: string; slot: string }> = [];
    const tasks: ScheduledTask[] = replicas.map((store, i) =>
      schedule(
        '* * * * * *',
        (ctx: TaskContext) => {
          runs.push({ replica: `replica-${i}`, slot: ctx.date.toISOString() });
        },
        { name: 'digest', distributed: true, distributedLease: 5000, runCoordinator: createRunCoordinator(store, `replica-${i}`) },
      ),
    );
    try {
      await sleep(2300);
    } finally {
      for (const task of tasks) await task.destroy();
      for (const store of replicas) await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const slots = runs.map((r) => r.slot);
    expect(slots.length).toBeGreaterThanOrEqual(1);
    expect(new Set(slots).size).toBe(slots.length);
  });
});
