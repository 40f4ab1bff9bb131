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
  /** With `digestSlot` and `threadTs`: which thread reply of that digest it is (1, 2, …). */
  digestPart?: number;
}

/**
 * Slack's refusals that concern one channel and that retrying will not fix: the channel's digest
 * pauses and whoever set it up is told what to fix (`channel_gone`).
 */
export const CHANNEL_REFUSALS = [
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  /** Posting there is limited (e.g. #general to admins) by workspace or channel settings. */
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  /** Enterprise Key Management: admins revoked access to the channel's content. */
  'ekm_access_denied',
  /** The channel's workspace (in an Enterprise org) has not been granted to the app. */
  'team_access_not_granted',
] as const;
export type ChannelRefusal = (typeof CHANNEL_REFUSALS)[number];

/**
 * Slack's refusals of the bot itself — its token or its install — that retrying will not fix.
 * Every channel would get the same answer, so digests stop as a whole (`app_refused`): no
 * channel is paused and no creator is messaged (see docs/decisions.md).
 */
export const APP_REFUSALS = [
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
  'missing_scope',
  'no_permission',
  'org_login_required',
  'enterprise_is_restricted',
] as const;
export type AppRefusal = (typeof APP_REFUSALS)[number];

/**
 * The app refusals that mean the token itself does not work. Slack's `auth.test` answers them
 * too, so when it accepts the token again they are fixed; it cannot tell whether a scope or an
 * org policy (the other APP_REFUSALS) is fixed: only a post can.
 */
export const TOKEN_REFUSALS: readonly AppRefusal[] = ['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive'];

/** What Slack says of the bot's token (`auth.test`): accepted, refused (an APP_REFUSALS code), or no answer now. */
export type TokenCheck = { kind: 'accepted' } | { kind: 'refused'; code: string } | { kind: 'unknown'; what: string };

/**
 * Why a post failed, as the digest service branches on it:
 * - `channel_gone`: one of `CHANNEL_REFUSALS` — pause, do not retry;
 * - `app_refused`: one of `APP_REFUSALS` — stop every digest until the install is fixed;
 * - `retry_later`: rate limits or server errors outlasted the retries — try again next tick;
 * - `lease_lost`: the slot's claim ran out before posting — another instance owns it now;
 * - `failed`: anything else Slack refused.
 */
export type DigestPostErrorCode = 'channel_gone' | 'app_refused' | 'retry_later' | 'lease_lost' | 'failed';

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
  /** Asks Slack whether it accepts the bot's token (`auth.test`, posts nothing). Never throws. */
  checkToken(): Promise<TokenCheck>;
}
