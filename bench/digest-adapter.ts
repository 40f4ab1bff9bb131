/**
 * The real digest service (issue 5: src/services/digest-service.ts with the Web API poster in
 * src/jobs/slack-poster.ts) behind the fan-out benchmark's `DigestUnderTest` interface.
 *
 * Set-up, so that every channel's digest is due at once and has something new in it:
 * - every deal in the catalogue is recorded as first seen 30 days ago, except a batch of
 *   `NEW_DEALS` spread through the catalogue, first seen 1 day ago;
 * - each channel subscribes 8 days ago, weekly, on the weekday / hour / minute of `dueAt`
 *   (UTC), so its latest slot is `dueAt` and the batch is new for it (filters permitting);
 * - the service runs on the real clock (pacing and Retry-After waits are real), with the real
 *   poster over Bolt's WebClient pointed at the fake Slack.
 *
 * `render` is the service's own `preview` (selection + message building for one channel, posting
 * nothing); `runDue` is one scheduler tick.
 */
import { Catalog } from '../src/deals/catalog';
import { createPosterClient, createSlackPoster } from '../src/jobs/slack-poster';
import { systemClock } from '../src/services/digest-clock';
import { createFirstSeen } from '../src/services/digest-first-seen';
import { WEEKDAYS } from '../src/services/digest-schedule';
import { createDigestService } from '../src/services/digest-service';
import { createSubscriptions } from '../src/services/subscriptions';
import type { DigestFactory } from './digest-fanout';

/** Deals that are new for every channel (before filters). */
export const NEW_DEALS = 60;
const DAY = 86_400_000;

export const createRealDigest: DigestFactory | undefined = async ({ catalog, store, logger, token, slackApiUrl }) => {
  const firstSeen = createFirstSeen(store);
  const now = Date.now();
  // In id order (the generated files' order), so the fresh deals do not depend on how the
  // catalogue orders its ids.
  const ids = [...catalog.ids].sort();
  const step = Math.max(1, Math.floor(ids.length / NEW_DEALS));
  const fresh = new Set(ids.filter((_, i) => i % step === 0).slice(0, NEW_DEALS));
  const older = new Catalog(ids.filter((id) => !fresh.has(id)).map((id) => catalog.get(id)!));
  await firstSeen.record(older, now - 30 * DAY);
  await firstSeen.record(catalog, now - DAY);

  const subscriptions = createSubscriptions(store);
  const poster = createSlackPoster({ client: createPosterClient(token, slackApiUrl, logger), clock: systemClock, logger });
  const service = createDigestService({
    store,
    subscriptions,
    firstSeen,
    poster,
    catalog: () => catalog,
    clock: systemClock,
    logger,
    owner: `bench-${process.pid}`,
  });
  return {
    name: `src/services/digest-service (real), ${fresh.size} new deals`,
    async subscribe(channel, dueAt, filters) {
      const at = new Date(dueAt);
      await subscriptions.upsert(
        {
          channel,
          schedule: {
            cadence: 'weekly',
            weekday: WEEKDAYS[(at.getUTCDay() + 6) % 7]!,
            hour: at.getUTCHours(),
            minute: at.getUTCMinutes(),
            timeZone: 'UTC',
          },
          filters: { parties: [], areas: filters.areas ?? [], types: [], stages: [] },
          ifEmpty: 'skip',
          user: 'U0BENCH',
        },
        now - 8 * DAY,
      );
    },
    async render(channel) {
      const preview = await service.preview(channel);
      const d = preview?.digest;
      return { deals: d ? d.mainIds.length + d.replyIds.reduce((n, ids) => n + ids.length, 0) : 0 };
    },
    async runDue() {
      await service.runDue();
    },
  };
};
