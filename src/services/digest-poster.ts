/**
 * What the digest service needs from Slack, as an interface: post a message (with the retry,
 * rate-limit and pacing policy inside), and find a digest it may already have posted. The Web
 * API implementation is `src/jobs/slack-poster.ts`; tests can pass their own.
 */
import type { types } from '@slack/bolt';

export interface OutgoingMessage {
  /** A channel id, or a user id for a direct message. */
  channel: string;
  text: string;
  blocks?: types.KnownBlock[];
  threadTs?: string;
  /** Tags the message as the digest for this slot, so a later attempt can find it. */
  digestSlot?: string;
}

/**
 * Why a post failed, as the digest service branches on it:
 * - `channel_gone`: not_in_channel, channel_not_found, is_archived — pause, do not retry;
 * - `retry_later`: rate limits or server errors outlasted the retries — try again next tick;
 * - `lease_lost`: the slot's claim ran out before posting — another instance owns it now;
 * - `failed`: anything else Slack refused.
 */
export type DigestPostErrorCode = 'channel_gone' | 'retry_later' | 'lease_lost' | 'failed';

export class DigestPostError extends Error {
  constructor(
    readonly code: DigestPostErrorCode,
    message: string,
    /** Slack's own error string, e.g. "not_in_channel". */
    readonly slackError?: string,
  ) {
    super(message);
    this.name = 'DigestPostError';
  }
}

export interface DigestPoster {
  /**
   * Posts `message` and returns its ts. `stillMine` is asked before every attempt (including
   * retries after a wait); when it answers false nothing is posted and `lease_lost` is thrown.
   * Throws `DigestPostError`.
   */
  post(message: OutgoingMessage, stillMine?: () => Promise<boolean>): Promise<string>;
  /**
   * The ts of a message tagged as the digest for `slot` in `channel`, posted at or after
   * `since` (ms), or undefined. Throws `DigestPostError` (`retry_later`) when Slack cannot
   * answer now.
   */
  findDigest(channel: string, slot: string, since: number): Promise<string | undefined>;
}
