/**
 * One place that turns an unexpected failure into a short message for the user and a log line.
 */
import type { Logger } from '@slack/bolt';
import { sectionBlock, type SlackMessage } from '../blocks/deal-card';

export const SORRY: SlackMessage = {
  text: 'Sorry — something went wrong while answering. Please try again in a moment.',
  blocks: [sectionBlock(':warning: Sorry — something went wrong while answering. Please try again in a moment.')],
};

/** Logs the error (message and stack only: payloads may hold user text) and tells the user. */
export async function replyWithError(
  logger: Logger,
  err: unknown,
  reply: (message: SlackMessage) => Promise<unknown>,
): Promise<void> {
  logger.error('listener failed:', err instanceof Error ? err.stack ?? err.message : String(err));
  try {
    await reply(SORRY);
  } catch (replyErr) {
    logger.error('could not tell the user about the failure:', replyErr instanceof Error ? replyErr.message : String(replyErr));
  }
}
