/**
 * The one owner of node-cron. Jobs never overlap themselves (node-cron's `noOverlap`, and a
 * guard of our own for the run at start-up). With a `RunCoordinator`, each cron slot runs on one
 * replica only (`distributed`); that saves the other replicas the work, while correctness of what
 * a job does (e.g. one digest per channel and period) stays with the job's own claims.
 */
import type { Logger } from '@slack/bolt';
import { createTask, type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Job } from './job';

export interface SchedulerOptions {
  jobs: readonly Job[];
  logger: Logger;
  /** Makes every job distributed across replicas sharing the coordinator's store. */
  coordinator?: RunCoordinator;
  /** Lease of a distributed slot. @default 55000 (less than the one-minute tick) */
  distributedLeaseMs?: number;
}

export interface Scheduler {
  start(): void;
  /** Stops scheduling and waits for runs in progress to finish. */
  stop(): Promise<void>;
  /** Runs a job now (skipped if it is already running); resolves when it is done. */
  runNow(name: string): Promise<void>;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { jobs, logger } = options;
  const tasks: ScheduledTask[] = [];
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  function runJob(job: Job): Promise<void> {
    const current = running.get(job.name);
    if (current) {
      logger.debug(`job ${job.name}: still running, this run is skipped`);
      return current;
    }
    const run = job
      .run()
      .catch((err: unknown) => logger.error(`job ${job.name} failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  }

  const cronLogger = {
    info: (m: string) => logger.debug(`node-cron: ${m}`),
    warn: (m: string) => logger.warn(`node-cron: ${m}`),
    error: (m: string | Error) => logger.error(`node-cron: ${m instanceof Error ? m.message : m}`),
    debug: (m: string | Error) => logger.debug(`node-cron: ${m instanceof Error ? m.message : m}`),
  };

  return {
    start() {
      if (stopped || tasks.length > 0) return;
      for (const job of jobs) {
        const task = createTask(job.schedule, () => (stopped ? undefined : runJob(job)), {
          name: job.name,
          noOverlap: true,
          logger: cronLogger,
          ...(options.coordinator
            ? { distributed: true, runCoordinator: options.coordinator, distributedLease: options.distributedLeaseMs ?? 55_000 }
            : {}),
        });
        void task.start();
        tasks.push(task);
        if (job.runOnStart) void runJob(job);
      }
    },
    async stop() {
      stopped = true;
      await Promise.all(tasks.map((t) => t.destroy()));
      tasks.length = 0;
      await Promise.all([...running.values()]);
    },
    runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`no job named ${name}`));
      return runJob(job);
    },
  };
}
