/**
 * The digest's way of posting to Slack, with the policy a scheduled job needs and an
 * interactive reply does not:
 * - at most one message per second per channel (Slack's posting limit), paced with the
 *   injected clock;
 * - HTTP 429: wait for `Retry-After`, then try again;
 * - 5xx, network errors and Slack's transient errors: retry with exponential backoff — but a
 *   digest tagged with its slot is first looked for in the channel's history (a thread reply,
 *   tagged with its part too, in its thread), since Slack may have taken the post before the
 *   error;
 * - refusals about the channel that retrying will not fix (not_in_channel, is_archived,
 *   restricted_action, …): give up at once (`channel_gone`), so the caller pauses the
 *   subscription instead of retrying forever;
 * - refusals of the bot's token or install (token_revoked, missing_scope, …): give up at once
 *   (`app_refused`), so the caller stops every digest rather than pausing each channel.
 *
 * It uses its own WebClient with the SDK's retries and rate-limit handling turned off, because
 * those sleep in real time (and for up to half an hour); here every wait goes through `clock`.
 */
import { webApi, type Logger } from '@slack/bolt';
import type { Clock } from '../services/digest-clock';
import { APP_REFUSALS, CHANNEL_REFUSALS, DigestPostError, type DigestPoster, type OutgoingMessage, type TokenCheck } from '../services/digest-poster';

/** Metadata event type that tags a digest message with its slot. */
export const DIGEST_EVENT_TYPE = 'deal_digest';

const CHANNEL_GONE = new Set<string>(CHANNEL_REFUSALS);
const APP_REFUSED = new Set<string>(APP_REFUSALS);
/** Slack platform errors that mean "try again later". */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  /** Too many messages from the workspace's members just now. */
  'message_limit_exceeded',
  /** The workspace is being migrated into an Enterprise org; it answers again afterwards. */
  'team_added_to_org',
]);

export interface SlackPosterOptions {
  client: webApi.WebClient;
  clock: Clock;
  logger: Logger;
  /** Minimum gap between two messages to the same channel. @default 1000 */
  minIntervalMs?: number;
  /** Attempts per message before giving up until the next tick. @default 5 */
  maxAttempts?: number;
  /** First backoff after a server error; doubles each time. @default 1000 */
  backoffMs?: number;
  /** Longest single wait (backoff or Retry-After) we accept. @default 120000 */
  maxWaitMs?: number;
}

/** A WebClient for the poster: no SDK retries, 429s reported rather than slept through. */
export function createPosterClient(token: string, slackApiUrl: string | undefined, logger: Logger): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 30_000,
  });
}

type Classified =
  | { kind: 'rate_limited'; waitMs: number }
  | { kind: 'transient'; what: string }
  | { kind: 'channel_gone'; code: string }
  | { kind: 'app_refused'; code: string }
  | { kind: 'fatal'; what: string };

function classify(err: unknown): Classified {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { kind: 'rate_limited', waitMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
    case webApi.ErrorCode.HTTPError:
      return (e.statusCode ?? 0) >= 500 ? { kind: 'transient', what: `HTTP ${e.statusCode}` } : { kind: 'fatal', what: `HTTP ${e.statusCode}` };
    case webApi.ErrorCode.RequestError:
      return { kind: 'transient', what: e.message ?? 'request failed' };
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (CHANNEL_GONE.has(code)) return { kind: 'channel_gone', code };
      if (APP_REFUSED.has(code)) return { kind: 'app_refused', code };
      if (TRANSIENT.has(code)) return { kind: 'transient', what: code };
      return { kind: 'fatal', what: code };
    }
    default:
      return { kind: 'fatal', what: e.message ?? String(err) };
  }
}

export function createSlackPoster(options: SlackPosterOptions): DigestPoster {
  const { client, clock, logger } = options;
  const minInterval = options.minIntervalMs ?? 1000;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoffMs ?? 1000;
  const maxWait = options.maxWaitMs ?? 120_000;
  /** When each channel was last posted to (or last refused us), on `clock`. */
  const lastPost = new Map<string, number>();
  /** One message at a time per channel, so pacing holds across concurrent callers. */
  const queues = new Map<string, Promise<unknown>>();

  async function pace(channel: string): Promise<void> {
    const last = lastPost.get(channel);
    if (last === undefined) return;
    const wait = last + minInterval - clock.now();
    if (wait > 0) await clock.sleep(wait);
  }

  async function postOnce(message: OutgoingMessage, stillMine?: () => Promise<boolean>): Promise<string> {
    const { channel } = message;
    const firstTry = clock.now();
    for (let attempt = 1; ; attempt++) {
      await pace(channel);
      if (stillMine && !(await stillMine())) {
        throw new DigestPostError('lease_lost', `the claim on this digest was lost before posting to ${channel}`);
      }
      try {
        const res = await client.chat.postMessage({
          channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          ...(message.digestSlot
            ? { metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { slot: message.digestSlot, ...(message.digestPart ? { part: message.digestPart } : {}) } } }
            : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
        lastPost.set(channel, clock.now());
        if (!res.ts) throw new DigestPostError('failed', `chat.postMessage to ${channel} returned no ts`);
        return res.ts;
      } catch (err) {
        lastPost.set(channel, clock.now());
        if (err instanceof DigestPostError) throw err;
        const c = classify(err);
        if (c.kind === 'channel_gone' || c.kind === 'app_refused') {
          throw new DigestPostError(c.kind, `Slack refused the post to ${channel} for good: ${c.code}`, c.code);
        }
        if (c.kind === 'fatal') throw new DigestPostError('failed', `Slack refused the post to ${channel}: ${c.what}`, c.what);
        const wait = c.kind === 'rate_limited' ? c.waitMs : backoff * 2 ** (attempt - 1);
        const what = c.kind === 'rate_limited' ? 'rate limited' : c.what;
        if (attempt >= maxAttempts || wait > maxWait) {
          throw new DigestPostError('retry_later', `posting to ${channel} failed ${attempt} times (last: ${what})`);
        }
        logger.warn(`digest: posting to ${channel} failed (${what}); retrying in ${Math.round(wait / 100) / 10} s`);
        await clock.sleep(wait);
        // A server error or a lost connection can come after Slack took the post (a 429 never
        // does): a digest or thread reply tagged with its slot is looked for before it is
        // posted again.
        if (c.kind === 'transient' && message.digestSlot) {
          const { digestSlot: slot, digestPart: part, threadTs } = message;
          const ts = threadTs && part ? await findReply(channel, threadTs, slot, part) : await findDigest(channel, slot, firstTry);
          if (ts) {
            lastPost.set(channel, clock.now());
            logger.warn(`digest: ${part ? `reply ${part} of ` : ''}the ${slot} digest of ${channel} had been posted despite the error; not posting it again`);
            return ts;
          }
        }
      }
    }
  }

  return {
    post(message, stillMine) {
      const previous = queues.get(message.channel) ?? Promise.resolve();
      const run = previous.then(
        () => postOnce(message, stillMine),
        () => postOnce(message, stillMine),
      );
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      queues.set(message.channel, settled);
      void settled.then(() => {
        if (queues.get(message.channel) === settled) queues.delete(message.channel);
      });
      return run;
    },

    async checkToken(): Promise<TokenCheck> {
      try {
        await client.auth.test();
        return { kind: 'accepted' };
      } catch (err) {
        const c = classify(err);
        if (c.kind === 'app_refused') return { kind: 'refused', code: c.code };
        return { kind: 'unknown', what: 'what' in c ? c.what : 'code' in c ? c.code : 'rate limited' };
      }
    },

    findDigest,
  };

  function findDigest(channel: string, slot: string, since: number): Promise<string | undefined> {
    return findTagged(
      channel,
      `an earlier ${slot} digest`,
      (cursor) => client.conversations.history({ channel, oldest: ((since - 60_000) / 1000).toFixed(6), limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) }),
      (tag) => tag.slot === slot && tag.part === undefined,
    );
  }

  /** Reply `part` of the `slot` digest in the thread under `threadTs`, if Slack took it. */
  function findReply(channel: string, threadTs: string, slot: string, part: number): Promise<string | undefined> {
    return findTagged(
      channel,
      `reply ${part} of the ${slot} digest`,
      (cursor) => client.conversations.replies({ channel, ts: threadTs, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) }),
      (tag) => tag.slot === slot && tag.part === part,
    );
  }

  /** The ts of the first message a few pages of `read` hold whose digest tag passes `wanted`. */
  async function findTagged(
    channel: string,
    what: string,
    read: (cursor: string | undefined) => Promise<{ messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: unknown } }[]; response_metadata?: { next_cursor?: string } }>,
    wanted: (tag: { slot?: unknown; part?: unknown }) => boolean,
  ): Promise<string | undefined> {
    let cursor: string | undefined;
    // A few pages reach back far enough: the tagged message was posted just after the first try.
    for (let page = 0; page < 5; page++) {
      let res: Awaited<ReturnType<typeof read>>;
      try {
        res = await read(cursor);
      } catch (err) {
        const c = classify(err);
        if (c.kind === 'transient' || c.kind === 'rate_limited') {
          throw new DigestPostError('retry_later', `could not read the history of ${channel}: ${'what' in c ? c.what : 'rate limited'}`);
        }
        // Without access to the history we cannot tell; posting is the lesser harm than losing it.
        logger.warn(`digest: cannot check ${channel} for ${what} (${'code' in c ? c.code : c.what}); posting it`);
        return undefined;
      }
      const found = (res.messages ?? []).find(
        (m) => m.metadata?.event_type === DIGEST_EVENT_TYPE && wanted((m.metadata.event_payload ?? {}) as { slot?: unknown; part?: unknown }),
      );
      if (found?.ts) return found.ts;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }
}
