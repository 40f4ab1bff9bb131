/**
 * Posting digests exactly once per channel and period.
 *
 * For each due (channel, slot):
 * 1. claim `digest:<channel>:<slot>` in the state store for `leaseMs` — atomic across replicas;
 *    whoever fails to claim leaves it alone;
 * 2. re-check the channel's cursor (the last slot done) under the claim;
 * 3. write a run record "posting <ids>" *before* posting, then post (the message is tagged with
 *    the slot in its metadata), renewing the lease before every attempt;
 * 4. record the posted ids and advance the cursor, then turn the claim into a long-lived "done"
 *    marker (`confirm`).
 *
 * A crash before 3 loses nothing: the lease runs out and the next tick (here or on another
 * replica) claims the slot again. A crash between the post and 4 would repost; to prevent that,
 * whoever next claims a slot with a "posting" run record first asks Slack for a message tagged
 * with that slot, and adopts it if it is there. See docs/decisions.md for the window that is left.
 */
import type { Logger } from '@slack/bolt';
import { z } from 'zod';
import { buildDigest, buildEmptyDigest, type DigestMessages } from '../blocks/digest';
import { appRefusalFix, buildPauseNotice } from '../blocks/digest-refusal';
import type { Catalog } from '../deals/catalog';
import type { Deal } from '../deals/schema';
import { StoreUnavailableError } from '../store/errors';
import type { StateStore } from '../store/state';
import type { Clock } from './digest-clock';
import { selectNewDeals, type DigestPeriod, type FirstSeenTimes } from './digest';
import type { FirstSeen } from './digest-first-seen';
import { DigestPostError, TOKEN_REFUSALS, type DigestPoster } from './digest-poster';
import { latestSlot, nextSlot, previousSlot, type Slot } from './digest-schedule';
import type { Subscription, Subscriptions } from './subscriptions';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How long a claimed slot is ours before another instance may take it over. */
export const DIGEST_LEASE_MS = 10 * MINUTE;
/** How long a finished slot's claim stays as a "done" marker (the cursor outlives it). */
export const DIGEST_DONE_TTL_MS = 40 * DAY;
/** Run records are only needed until the slot is long past. */
const RUN_TTL_MS = 40 * DAY;
/** Slot keys kept as done besides the cursor: more than the daily slots in the week a `now` can run ahead. */
const DONE_KEYS_KEPT = 16;
/** Times in a row Slack may refuse a channel's digest with the same unknown error before it pauses. */
export const REFUSALS_BEFORE_PAUSE = 3;
/** Digests posted at once (different channels; one channel is never posted to in parallel). */
const CONCURRENCY = 4;

const stateSchema = z.object({
  /** The last slot done (posted, empty, or posted early with "now"). */
  lastSlotAt: z.number().optional(),
  lastSlotKey: z.string().optional(),
  /**
   * The keys of the last slots done, newest last (`DONE_KEYS_KEPT`). A schedule changed back can
   * bring up a slot done before a later one replaced it as the last (a `now` ahead of its slot):
   * it stays done, as its claim says.
   */
  doneSlotKeys: z.array(z.string()).default([]),
  /** When `lastSlotAt` was last moved (see `cursorOf`). */
  lastSlotSetAt: z.number().optional(),
  /** Every deal id ever in a digest of this channel. */
  postedIds: z.array(z.string()).default([]),
  /**
   * Deals chosen for a digest of this channel that did not go out (a thread reply failed, or the
   * process stopped between the main post and its replies): candidates for every digest until
   * posted, since by then they may no longer be new by date.
   */
  carriedIds: z.array(z.string()).default([]),
  lastTs: z.string().optional(),
  lastPostedAt: z.number().optional(),
});
type ChannelState = z.infer<typeof stateSchema>;

/**
 * The channel's cursor under a schedule that took effect at `scheduleSince`: the last slot done,
 * except that a cursor moved before the schedule last changed never points past that change. A
 * `now` posts for the old schedule's next slot (a Monday up to a week away); after a switch to
 * daily, that cursor would hold back every daily digest until then. The period already posted
 * stays posted: its deals are in the posted set and its slot key is done (`slotDone`).
 */
function cursorOf(state: ChannelState | undefined, scheduleSince: number): number | undefined {
  const at = state?.lastSlotAt;
  if (at === undefined) return undefined;
  const movedBeforeChange = state?.lastSlotSetAt !== undefined && state.lastSlotSetAt < scheduleSince;
  return movedBeforeChange ? Math.min(at, scheduleSince) : at;
}

/**
 * Since when a deal the bot first saw is new for `sub`: its creation until the channel has had a
 * digest, then its last digest (the slot, or when a `now` posted ahead of its slot). A deal first
 * seen before that was weighed for that digest, so it is news only if it was carried over (or
 * announced within the period). This way a channel subscribed again loses nothing added since
 * its last digest, and one whose filters changed gets what is new since then, not every older
 * deal the new filters match.
 */
function newSince(sub: Subscription, state: ChannelState): number {
  const { lastSlotAt, lastSlotSetAt } = state;
  if (lastSlotAt === undefined) return sub.createdAt;
  return Math.min(lastSlotAt, lastSlotSetAt ?? lastSlotAt);
}

/** True when the channel has done `slot`: it is not after the cursor, or it is a period done lately. */
function slotDone(sub: Subscription, state: ChannelState | undefined, slot: Slot): boolean {
  const cursor = cursorOf(state, sub.scheduleSince);
  return slot.key === state?.lastSlotKey || (state?.doneSlotKeys.includes(slot.key) ?? false) || (cursor !== undefined && slot.at <= cursor);
}

/** The first slot after `now` that the channel has not done. */
function upcomingSlot(sub: Subscription, state: ChannelState | undefined, now: number): Slot {
  let slot = nextSlot(sub.schedule, Math.max(now, cursorOf(state, sub.scheduleSince) ?? now));
  while (slotDone(sub, state, slot)) slot = nextSlot(sub.schedule, slot.at);
  return slot;
}

const runSchema = z.object({
  owner: z.string(),
  startedAt: z.number(),
  state: z.enum(['posting', 'posted']),
  mainIds: z.array(z.string()),
  /** The deals meant for the thread replies: carried over if the run stops after the main post. */
  restIds: z.array(z.string()).default([]),
  ts: z.string().optional(),
});
type RunRecord = z.infer<typeof runSchema>;

export type SlotOutcome =
  /**
   * Posted; `held` deals did not go in its thread (they go in the next digest), and `paused` or
   * `halted` says why when Slack refused the thread for good.
   */
  | { kind: 'posted'; ts: string; count: number; slot: Slot; held?: number; paused?: string; halted?: string }
  /** Nothing new since `since` (the last digest, or the slot before the first), in `timeZone`. */
  | { kind: 'empty'; posted: boolean; slot: Slot; since: number; timeZone: string }
  /** A previous attempt had posted it; it is now recorded. */
  | { kind: 'recovered'; ts: string; slot: Slot }
  /** Claimed elsewhere (in progress or done) — nothing to do here. */
  | { kind: 'taken'; slot: Slot }
  | { kind: 'already'; slot: Slot }
  | { kind: 'paused'; reason: string; slot: Slot }
  /** Slack refuses the bot itself (its token or install): no digest goes out anywhere for now. */
  | { kind: 'halted'; reason: string; slot: Slot }
  /**
   * Not done; retried by later ticks once the slot is due. `cause`: the state store failed
   * (nothing posted), or Slack took the post and the store could not record it yet (it will be);
   * absent, Slack did not take it.
   */
  | { kind: 'failed'; error: string; slot: Slot; cause?: 'store' | 'unrecorded' };

export type NowOutcome =
  | SlotOutcome
  | { kind: 'no_subscription' }
  | { kind: 'is_paused'; reason: string };

export interface PreviewOutcome {
  subscription: Subscription;
  digest?: DigestMessages;
  /** The slot a post now would count for, and when the next scheduled one is (were it not paused). */
  slot: Slot;
  nextRun: number;
}

export interface TickSummary {
  due: number;
  outcomes: SlotOutcome[];
}

export interface DigestServiceOptions {
  store: StateStore;
  subscriptions: Subscriptions;
  firstSeen: FirstSeen;
  poster: DigestPoster;
  catalog: () => Catalog;
  clock: Clock;
  logger: Logger;
  /** Names this instance in claims. */
  owner: string;
  leaseMs?: number;
}

export interface DigestService {
  readonly subscriptions: Subscriptions;
  /** The service's clock (ms). */
  now(): number;
  /** One pass of the scheduler: posts every digest that is due now. Throws when the store is down. */
  runDue(): Promise<TickSummary>;
  /** `/deal digest now`: posts this channel's digest at once; it counts as that period's post. */
  postNow(channel: string): Promise<NowOutcome>;
  /** `/deal digest preview`: what a post now would say. Undefined without a subscription. */
  preview(channel: string): Promise<PreviewOutcome | undefined>;
  /**
   * When the subscription's next digest goes out: a missed one is due now; a period already
   * posted with "now" is skipped. Undefined when paused.
   */
  nextRun(subscription: Subscription): Promise<number | undefined>;
  /** Records first-seen times for a (re)loaded catalogue. */
  recordCatalog(catalog: Catalog): Promise<void>;
  /** Set while Slack refuses the bot itself (e.g. `token_revoked`): no digest is posted anywhere. */
  halted(): { reason: string; since: number } | undefined;
}

export function createDigestService(options: DigestServiceOptions): DigestService {
  const { store, subscriptions, firstSeen, poster, clock, logger, owner } = options;
  const leaseMs = options.leaseMs ?? DIGEST_LEASE_MS;
  const states = store.namespace('digest-state', stateSchema);
  const runs = store.namespace('digest-runs', runSchema);
  /**
   * Posts Slack accepted whose recording failed (store down): written first thing every tick.
   * Keyed by the slot's claim key (a thread reply's by that key and its index).
   */
  const unrecorded = new Map<string, { what: string; write: () => Promise<void> }>();
  /** Slots that failed for a reason other than the channel: retried with growing gaps. */
  const failures = new Map<string, { attempts: number; until: number }>();
  /**
   * Set while Slack refuses the bot itself (its token or install): every channel would get the
   * same answer, so no channel is tried until the next check (`failures` under HALT_KEY, growing
   * gaps), and none is paused. The first post Slack accepts clears it.
   */
  let halt: { reason: string; since: number } | undefined;
  const HALT_KEY = 'digest:*';
  /**
   * Per channel, the refusal outside both lists (e.g. `invalid_blocks`) its main post last met,
   * and how many times in a row: at REFUSALS_BEFORE_PAUSE the digest pauses rather than being
   * retried for ever unseen. Cleared by a post Slack accepts.
   */
  const refusals = new Map<string, { code: string; count: number }>();
  const isHalted = (now: number) => halt !== undefined && (failures.get(HALT_KEY)?.until ?? 0) > now;
  const slackAccepted = (channel: string) => {
    refusals.delete(channel);
    resumeAll('Slack accepts posts again');
  };
  const resumeAll = (why: string) => {
    if (!halt) return;
    logger.info(`digest: ${why}; digests resume (they were stopped by ${halt.reason})`);
    halt = undefined;
    failures.delete(HALT_KEY);
  };
  /**
   * At each check while halted, asks Slack about the token (posting nothing): a token refusal
   * that `auth.test` no longer gives is fixed, so the halt (and its warning in `list`, `preview`
   * and `now`) ends even when no digest is due; one it still gives halts again for a longer gap.
   * Any other answer leaves it to the posts, as before.
   */
  async function recheckHalt(): Promise<void> {
    if (!halt) return;
    const answer = await poster.checkToken();
    if (answer.kind === 'refused') haltAll(answer.code);
    else if (answer.kind === 'accepted' && (TOKEN_REFUSALS as readonly string[]).includes(halt.reason)) {
      resumeAll('Slack accepts the bot’s token again (auth.test)');
    }
  }

  const claimKey = (channel: string, slot: Slot) => `digest:${channel}:${slot.key}`;
  const runKey = (channel: string, slot: Slot) => `${channel}:${slot.key}`;

  async function readState(channel: string): Promise<ChannelState> {
    return (await states.get(channel)) ?? { postedIds: [], carriedIds: [], doneSlotKeys: [] };
  }

  /**
   * Adds `ids` to the channel's posted set (and takes them off the carried ones), carries `carry`
   * over to the next digest; with `done`, also marks that slot done.
   */
  async function recordPosted(
    channel: string,
    ids: readonly string[],
    done?: { sub: Subscription; slot: Slot; ts?: string; at: number },
    carry: readonly string[] = [],
  ): Promise<void> {
    const state = await readState(channel);
    const posted = new Set(state.postedIds);
    for (const id of ids) posted.add(id);
    const carried = [...new Set([...state.carriedIds, ...carry])].filter((id) => !posted.has(id));
    const next: ChannelState = { ...state, postedIds: [...posted], carriedIds: carried };
    if (done) next.doneSlotKeys = [...state.doneSlotKeys.filter((k) => k !== done.slot.key), done.slot.key].slice(-DONE_KEYS_KEPT);
    const cursor = done && cursorOf(state, done.sub.scheduleSince);
    if (done && (cursor === undefined || done.slot.at > cursor)) {
      next.lastSlotAt = done.slot.at;
      next.lastSlotKey = done.slot.key;
      next.lastSlotSetAt = done.at;
    }
    if (done?.ts) {
      next.lastTs = done.ts;
      next.lastPostedAt = done.at;
    }
    await states.set(channel, next);
  }

  /** Records a posted digest: its main message's deals posted, the thread's `carry` held over until their replies go out. */
  async function recordRun(sub: Subscription, slot: Slot, ids: string[], carry: string[], ts: string, postedAt: number): Promise<void> {
    const channel = sub.channel;
    await recordPosted(channel, ids, { sub, slot, ts, at: postedAt }, carry);
    const record: RunRecord = { owner, startedAt: postedAt, state: 'posted', mainIds: ids, restIds: carry, ts };
    await runs.set(runKey(channel, slot), record, RUN_TTL_MS);
  }

  async function flushUnrecorded(): Promise<void> {
    for (const [key, u] of [...unrecorded]) {
      await u.write();
      unrecorded.delete(key);
      logger.info(`digest: recorded ${u.what} after the store came back`);
    }
  }

  async function releaseQuietly(key: string): Promise<void> {
    try {
      await store.release(key, owner);
    } catch {
      // The lease runs out by itself.
    }
  }

  /**
   * Turns a slot's claim into its "done" marker, once the channel's state says it is done. Best
   * effort: the cursor is what counts, so a store failing here must not report a digest that went
   * out as not posted ("now" would say nothing was posted and to try again).
   */
  async function markDone(key: string): Promise<void> {
    try {
      await store.confirm(key, owner, DIGEST_DONE_TTL_MS);
    } catch (err) {
      logger.warn(`digest: ${key} is done, but its claim could not be marked so (${(err as Error).message}); the lease runs out by itself`);
    }
  }

  function noteFailure(key: string, now: number): void {
    const attempts = (failures.get(key)?.attempts ?? 0) + 1;
    failures.set(key, { attempts, until: now + Math.min(60 * MINUTE, MINUTE * 2 ** (attempts - 1)) });
  }

  /** Pauses `sub` and tells its creator; `held` deals of a posted digest did not go in its thread. */
  async function pause(sub: Subscription, code: string, slot: Slot, held?: number): Promise<SlotOutcome> {
    logger.warn(`digest: pausing the digest of ${sub.channel} (${code}); telling ${sub.createdBy}`);
    try {
      await subscriptions.pause(sub.channel, code, clock.now());
    } catch (err) {
      // Not paused: the next tick meets the same error and tries again.
      logger.error(`digest: could not pause the digest of ${sub.channel}: ${(err as Error).message}`);
      return { kind: 'failed', error: code, slot };
    }
    try {
      await poster.post({ channel: sub.createdBy, ...buildPauseNotice(sub.channel, code, held) });
    } catch (err) {
      logger.error(`digest: could not tell ${sub.createdBy} that the digest of ${sub.channel} is paused: ${(err as Error).message}`);
    }
    return { kind: 'paused', reason: code, slot };
  }

  /** Stops every digest until the next check: Slack refuses the bot, not one channel. */
  function haltAll(code: string): void {
    const now = clock.now();
    // Posts in flight at the same time meet the same refusal: one check, one log line.
    if (isHalted(now)) return;
    halt ??= { reason: code, since: now };
    noteFailure(HALT_KEY, now);
    const wait = Math.round((failures.get(HALT_KEY)!.until - now) / MINUTE);
    logger.error(
      `digest: Slack refuses the bot itself (${code}), so no digest can be posted in any channel. ` +
        `Digests go out again once ${appRefusalFix(code)}. Nothing is lost; checking again in ${wait} min. ` +
        'No channel is paused and no one is messaged: the fix is the same for every channel, and is an admin’s.',
    );
  }

  /** Claims and posts one slot. `mode` "now" posts nothing (and claims nothing) when nothing is new. */
  async function runSlot(sub: Subscription, slot: Slot, mode: 'scheduled' | 'now'): Promise<SlotOutcome> {
    const channel = sub.channel;
    const key = claimKey(channel, slot);
    if (!(await store.claim(key, owner, leaseMs))) return { kind: 'taken', slot };
    const stillMine = () => store.confirm(key, owner, leaseMs);
    let posted: { ts: string; ids: string[]; carry: string[]; at: number } | undefined;
    try {
      const state = await readState(channel);
      if (slotDone(sub, state, slot)) {
        await markDone(key);
        return { kind: 'already', slot };
      }

      const prior = await runs.get(runKey(channel, slot));
      if (prior) {
        const ts = prior.ts ?? (await poster.findDigest(channel, slot.key, prior.startedAt));
        if (ts) {
          logger.warn(`digest: the ${slot.key} digest of ${channel} was posted by an attempt that did not finish; recording it`);
          // Its thread replies (if any) never went out: their deals go in the next digest.
          await recordRun(sub, slot, prior.mainIds, prior.restIds, ts, prior.startedAt);
          await markDone(key);
          return { kind: 'recovered', ts, slot };
        }
      }

      const now = clock.now();
      const period: DigestPeriod = {
        start: cursorOf(state, sub.scheduleSince) ?? previousSlot(sub.schedule, slot).at,
        end: mode === 'now' ? now : slot.at,
      };
      const deals = await select(sub, state, period);
      const { cadence, timeZone } = sub.schedule;
      const reference = mode === 'now' ? now : slot.at;

      if (deals.length === 0) {
        if (mode === 'now') {
          await releaseQuietly(key);
          return { kind: 'empty', posted: false, slot, since: period.start, timeZone };
        }
        if (sub.ifEmpty === 'line') {
          // Same protocol as a digest, so a crash after posting the line does not repeat it.
          await runs.set(runKey(channel, slot), { owner, startedAt: now, state: 'posting', mainIds: [], restIds: [] }, RUN_TTL_MS);
          const ts = await poster.post({ channel, ...buildEmptyDigest(cadence, reference, timeZone), digestSlot: slot.key }, stillMine);
          slackAccepted(channel);
          posted = { ts, ids: [], carry: [], at: clock.now() };
          await recordRun(sub, slot, [], [], ts, posted.at);
          posted = undefined;
        } else {
          await recordPosted(channel, [], { sub, slot, at: now });
        }
        await markDone(key);
        return { kind: 'empty', posted: sub.ifEmpty === 'line', slot, since: period.start, timeZone };
      }

      const digest = buildDigest({ cadence, timeZone, reference, deals, filters: sub.filters });
      // The thread's deals are carried over when the main post is recorded, and each reply takes
      // its own off again once posted: whatever does not go out is in the next digest.
      const restIds = digest.replyIds.flat();
      await runs.set(runKey(channel, slot), { owner, startedAt: now, state: 'posting', mainIds: digest.mainIds, restIds }, RUN_TTL_MS);
      const ts = await poster.post({ channel, ...digest.main, digestSlot: slot.key }, stillMine);
      slackAccepted(channel);
      posted = { ts, ids: digest.mainIds, carry: restIds, at: clock.now() };
      await recordRun(sub, slot, digest.mainIds, restIds, ts, posted.at);
      posted = undefined;

      let inThread = 0;
      let refused: { paused: string } | { halted: string } | undefined;
      for (const [i, reply] of digest.replies.entries()) {
        const replyIds = digest.replyIds[i] ?? [];
        try {
          await poster.post({ channel, ...reply, threadTs: ts, digestSlot: slot.key, digestPart: i + 1 }, stillMine);
        } catch (err) {
          const held = restIds.length - inThread;
          logger.error(
            `digest: a thread reply of the ${slot.key} digest of ${channel} failed (${(err as Error).message}); ` +
              `the ${held} deal(s) not posted in the thread go in the next digest`,
          );
          // Refused for good: the same refusal would meet the thread of every later digest, so
          // act on it as on the main post's (carried deals would otherwise wait for ever, unseen).
          if (err instanceof DigestPostError && err.code === 'channel_gone') {
            const out = await pause(sub, err.slackError ?? 'channel_not_found', slot, held);
            if (out.kind === 'paused') refused = { paused: out.reason };
          } else if (err instanceof DigestPostError && err.code === 'app_refused') {
            const code = err.slackError ?? 'invalid_auth';
            haltAll(code);
            refused = { halted: code };
          }
          break;
        }
        inThread += replyIds.length;
        // Posted: a failure to record it from here on must not carry its deals into the next digest.
        try {
          await recordPosted(channel, replyIds);
        } catch (err) {
          const what = `thread reply ${i + 1} of the ${slot.key} digest of ${channel}`;
          unrecorded.set(`${key}#reply-${i}`, { what, write: () => recordPosted(channel, replyIds) });
          logger.error(`digest: posted ${what} but could not record it yet: ${(err as Error).message}`);
        }
      }
      const count = digest.mainIds.length + inThread;
      await markDone(key);
      failures.delete(key);
      const held = restIds.length - inThread;
      return { kind: 'posted', ts, count, slot, ...(held > 0 ? { held } : {}), ...refused };
    } catch (err) {
      if (posted) {
        // Posted but not recorded (the store failed): keep it and record it when the store is back.
        const { ids, carry, ts, at } = posted;
        unrecorded.set(key, { what: `the ${slot.key} digest of ${channel}`, write: () => recordRun(sub, slot, ids, carry, ts, at) });
        logger.error(`digest: posted the ${slot.key} digest of ${channel} but could not record it yet: ${(err as Error).message}`);
        return { kind: 'failed', error: (err as Error).message, slot, cause: 'unrecorded' };
      }
      if (err instanceof DigestPostError && err.code === 'lease_lost') return { kind: 'taken', slot };
      await releaseQuietly(key);
      if (err instanceof DigestPostError && err.code === 'channel_gone') {
        return pause(sub, err.slackError ?? 'channel_not_found', slot);
      }
      if (err instanceof DigestPostError && err.code === 'app_refused') {
        const code = err.slackError ?? 'invalid_auth';
        haltAll(code);
        return { kind: 'halted', reason: code, slot };
      }
      if (err instanceof StoreUnavailableError) {
        // Postponed, not lost: the slot stays due and the next tick tries again.
        logger.warn(`digest: the ${slot.key} digest of ${channel} is postponed until the store is back`);
        return { kind: 'failed', error: err.message, slot, cause: 'store' };
      }
      if (err instanceof DigestPostError && err.code === 'failed' && err.slackError) {
        // Refused, but by no error we know: most likely our own bug. Retried a few times, then paused.
        const previous = refusals.get(channel);
        const count = previous?.code === err.slackError ? previous.count + 1 : 1;
        refusals.set(channel, { code: err.slackError, count });
        if (count >= REFUSALS_BEFORE_PAUSE) {
          refusals.delete(channel);
          failures.delete(key);
          return pause(sub, err.slackError, slot);
        }
      }
      noteFailure(key, clock.now());
      logger.error(`digest: the ${slot.key} digest of ${channel} failed and will be retried: ${(err as Error).message}`);
      return { kind: 'failed', error: (err as Error).message, slot };
    }
  }

  /** The slot due now for `sub`, if any: its latest slot, unless done, before the schedule began, or paused. */
  function dueSlot(sub: Subscription, state: ChannelState | undefined, now: number): Slot | undefined {
    if (sub.paused) return undefined;
    const slot = latestSlot(sub.schedule, now);
    if (slot.at < sub.scheduleSince) return undefined;
    if (slotDone(sub, state, slot)) return undefined;
    return slot;
  }

  /**
   * First-seen times for selecting from `catalog`. The catalogue in service may have been
   * swapped (hot reload) since the tick recorded one and still be being recorded: its ids not
   * in the store yet then count as first seen at the end of the period.
   */
  async function firstSeenTimes(catalog: Catalog): Promise<FirstSeenTimes> {
    return { seenAfter: (t) => firstSeen.seenAfter(t), unrecorded: await firstSeen.unrecorded(catalog) };
  }

  /** The deals a digest of `sub` for `period` would show now. */
  async function select(sub: Subscription, state: ChannelState, period: DigestPeriod): Promise<Deal[]> {
    const catalog = options.catalog();
    return selectNewDeals({
      catalog,
      subscription: sub,
      period,
      posted: new Set(state.postedIds),
      carried: state.carriedIds,
      firstSeen: await firstSeenTimes(catalog),
      seenSince: newSince(sub, state),
    });
  }

  async function ensureFirstSeen(): Promise<void> {
    await firstSeen.record(options.catalog(), clock.now());
  }

  return {
    subscriptions,
    now: () => clock.now(),

    async runDue() {
      await flushUnrecorded();
      await ensureFirstSeen();
      if (isHalted(clock.now())) return { due: 0, outcomes: [] };
      await recheckHalt();
      const now = clock.now();
      if (isHalted(now)) return { due: 0, outcomes: [] };
      const [subs, allStates] = await Promise.all([subscriptions.all(), states.entries()]);
      const stateOf = new Map(allStates);
      const due: Array<{ sub: Subscription; slot: Slot }> = [];
      for (const sub of subs) {
        const slot = dueSlot(sub, stateOf.get(sub.channel), now);
        if (!slot) continue;
        const failure = failures.get(claimKey(sub.channel, slot));
        if (failure && failure.until > now) continue;
        if (unrecorded.has(claimKey(sub.channel, slot))) continue;
        due.push({ sub, slot });
      }
      const outcomes: SlotOutcome[] = [];
      let next = 0;
      const worker = async () => {
        while (next < due.length && !isHalted(clock.now())) {
          const item = due[next++]!;
          outcomes.push(await runSlot(item.sub, item.slot, 'scheduled'));
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
      return { due: due.length, outcomes };
    },

    async postNow(channel) {
      // A post still to be recorded would otherwise be posted again.
      await flushUnrecorded();
      const sub = await subscriptions.get(channel);
      if (!sub) return { kind: 'no_subscription' };
      if (sub.paused) return { kind: 'is_paused', reason: sub.paused.reason };
      await ensureFirstSeen();
      const now = clock.now();
      const state = await states.get(channel);
      // A missed slot is caught up; otherwise this is the post of the period now running.
      const slot = dueSlot(sub, state, now) ?? nextSlot(sub.schedule, now);
      if (slotDone(sub, state, slot)) return { kind: 'already', slot };
      return runSlot(sub, slot, 'now');
    },

    async preview(channel) {
      const sub = await subscriptions.get(channel);
      if (!sub) return undefined;
      await ensureFirstSeen();
      const now = clock.now();
      const state = await readState(channel);
      const due = dueSlot(sub, state, now);
      const slot = due ?? nextSlot(sub.schedule, now);
      const deals = await select(sub, state, { start: cursorOf(state, sub.scheduleSince) ?? previousSlot(sub.schedule, slot).at, end: now });
      const { cadence, timeZone } = sub.schedule;
      return {
        subscription: sub,
        digest: deals.length > 0 ? buildDigest({ cadence, timeZone, reference: now, deals, filters: sub.filters }) : undefined,
        slot,
        nextRun: due ? now : upcomingSlot(sub, state, now).at,
      };
    },

    async nextRun(sub) {
      if (sub.paused) return undefined;
      const now = clock.now();
      const state = await states.get(sub.channel);
      if (dueSlot(sub, state, now)) return now;
      return upcomingSlot(sub, state, now).at;
    },

    recordCatalog: (catalog) => firstSeen.record(catalog, clock.now()),

    halted: () => halt,
  };
}
