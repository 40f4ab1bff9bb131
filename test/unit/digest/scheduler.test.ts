import { digestJob } from '../../../src/jobs/digest-job';
import { createScheduler } from '../../../src/jobs/scheduler';
import type { DigestService } from '../../../src/services/digest-service';
import { StoreUnavailableError } from '../../../src/store';
import { silentLogger } from './support';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('scheduler', () => {
  it('runs a run-on-start job at once, never overlaps it, and waits for it on stop', async () => {
    const gate = deferred();
    let runs = 0;
    const scheduler = createScheduler({
      logger: silentLogger(),
      jobs: [{ name: 'tick', schedule: '* * * * *', runOnStart: true, run: async () => { runs++; await gate.promise; } }],
      coordinator: { shouldRun: async () => true },
    });
    scheduler.start();
    expect(runs).toBe(1);
    // A second run while the first is in progress is skipped (it joins the running one).
    const joined = scheduler.runNow('tick');
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    gate.resolve();
    await Promise.all([joined, stopping]);
    expect(stopped).toBe(true);
  });

  it('logs a failed run instead of throwing', async () => {
    const logger = silentLogger();
    const scheduler = createScheduler({ logger, jobs: [{ name: 'bad', schedule: '* * * * *', run: async () => { throw new Error('boom'); } }] });
    await scheduler.runNow('bad');
    expect(logger.lines).toContainEqual({ level: 'error', text: 'job bad failed: boom' });
    await expect(scheduler.runNow('missing')).rejects.toThrow(/no job named missing/);
    await scheduler.stop();
  });
});

describe('digest job', () => {
  const service = (runDue: DigestService['runDue']) => ({ runDue }) as unknown as DigestService;

  it('ticks every minute and runs at start-up (catch-up)', () => {
    const job = digestJob(service(async () => ({ due: 0, outcomes: [] })), silentLogger());
    expect(job).toMatchObject({ schedule: '* * * * *', runOnStart: true });
  });

  it('waits quietly for a store that is down (the store logs the outage itself)', async () => {
    const logger = silentLogger();
    const job = digestJob(service(async () => { throw new StoreUnavailableError('redis down'); }), logger);
    await expect(job.run()).resolves.toBeUndefined();
    expect(logger.lines.filter((l) => l.level !== 'debug')).toEqual([]);
    const failing = digestJob(service(async () => { throw new Error('bug'); }), logger);
    await expect(failing.run()).rejects.toThrow('bug');
  });
});
