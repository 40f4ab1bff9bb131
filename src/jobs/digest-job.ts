/**
 * The digest tick: every minute, post whatever digests are due.
 *
 * One job for all subscriptions rather than a cron task per subscription: subscriptions live in
 * the shared store and change at any time on any replica, and "due" must include slots missed
 * while the bot was down — a question a per-subscription cron task cannot answer. Each tick
 * computes every subscription's most recent slot in its own time zone and posts the ones not
 * yet done (see services/digest-service.ts). Why, at more length: docs/decisions.md.
 */
import type { Logger } from '@slack/bolt';
import type { DigestService } from '../services/digest-service';
import { StoreUnavailableError } from '../store/errors';
import type { Job } from './job';

export const DIGEST_JOB_NAME = 'deal-digests';

export function digestJob(service: DigestService, logger: Logger): Job {
  return {
    name: DIGEST_JOB_NAME,
    schedule: '* * * * *',
    runOnStart: true,
    async run() {
      try {
        const { due, outcomes } = await service.runDue();
        if (due > 0) {
          const summary = outcomes.map((o) => `${o.slot.key}:${o.kind}`).join(', ');
          logger.info(`digest tick: ${due} due (${summary})`);
        }
      } catch (err) {
        // The store logs its own outage once; digests wait for it, none are dropped.
        if (err instanceof StoreUnavailableError) logger.debug(`digest tick postponed: ${err.message}`);
        else throw err;
      }
    },
  };
}
