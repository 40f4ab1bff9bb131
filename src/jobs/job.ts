/**
 * A scheduled job as data: what it is called, when it runs (a cron expression), and the work.
 */
export interface Job {
  /** Unique; also names the job's slot claims when it runs distributed. */
  name: string;
  /** node-cron expression, e.g. `* * * * *` for every minute. */
  schedule: string;
  /** The work of one run. Errors are logged by the scheduler, never thrown out of it. */
  run(): Promise<void>;
  /** Also run once as soon as the scheduler starts (catch-up after downtime). @default false */
  runOnStart?: boolean;
}
