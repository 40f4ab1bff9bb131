/**
 * One request, one answer — across retries and replicas.
 *
 * Slack re-sends an event when the first delivery was slow (`X-Slack-Retry-Num`), possibly to
 * another replica. Before any listener runs, the request's identity (the event's `event_id`,
 * or the `trigger_id` of a slash command or button) is claimed in the shared store; a delivery
 * that finds it already claimed is acknowledged and dropped.
 *
 * If the store cannot be reached the request is handled anyway (see `firstDelivery`).
 *
 * A `/deal` lookup is not claimed. It changes nothing and its answer travels in its own
 * acknowledgement, so a repeated delivery, should one come, is simply answered again (a claim
 * would have acknowledged it empty). What that saves: a store commit on every lookup's way to
 * its acknowledgement (with SQLite, a WAL write per command, a visible share of what the bot
 * paid over a bare Bolt app under load in `npm run bench`).
 */
import type { AnyMiddlewareArgs, Logger, Middleware } from '@slack/bolt';
import { firstDelivery } from '../store';
import type { StateStore } from '../store/state';
import { isLookupCommand } from './commands/deal-command';

/** Long enough to outlast Slack's retries (three, over about five minutes). */
export const DEDUPE_TTL_MS = 60 * 60 * 1000;

/** The identity of a request, or undefined when it has none we can use. */
export function deliveryId(body: Record<string, unknown>): string | undefined {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string') return `trigger:${body.trigger_id}`;
  return undefined;
}

export function dedupeMiddleware(store: StateStore, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const id = isLookupCommand(body) ? undefined : deliveryId(body);
    if (id) {
      const first = await firstDelivery(store, id, DEDUPE_TTL_MS);
      if (!first) {
        logger.debug(`dropping a repeated delivery of ${id}`);
        const ack = (args as { ack?: () => Promise<void> }).ack;
        if (ack) await ack();
        return;
      }
    }
    await args.next();
  };
}
