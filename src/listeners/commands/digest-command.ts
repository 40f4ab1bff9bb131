/**
 * `/deal digest …`: manage a channel's scheduled digest. Every reply is private (ephemeral via
 * the response_url); only `now` posts in the channel.
 *
 * Who may change a digest: members of the channel, checked with conversations.members, and the
 * CURATORS for any channel. Having typed the command in the channel is not taken as proof of
 * membership (see docs/decisions.md); reading this channel's own digest (`list`, `preview`)
 * needs no check.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildPreview, describeFilters, describeSubscription, DIGEST_HELP, notice } from '../../blocks/digest';
import { haltedLine, pausedLine, refusalFix, refusalReason } from '../../blocks/digest-refusal';
import type { SlackMessage } from '../../blocks/deal-card';
import { escapeMrkdwn } from '../../blocks/text';
import { canonicalTimeZone, describeSchedule, formatCivilDate, formatInstant } from '../../services/digest-schedule';
import { parseDigestRequest, type DigestRequest, type SubscribeRequest } from '../../services/digest-request';
import type { DigestService, NowOutcome, PreviewOutcome } from '../../services/digest-service';
import { sameSchedule, type Subscription } from '../../services/subscriptions';
import { StoreUnavailableError } from '../../store/errors';
import type { ListenerDeps } from '../deps';
import { replyWithError } from '../errors';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type Client = CommandArgs['client'];

/** Pages of conversations.members read before giving up (1000 members a page). */
const MAX_MEMBER_PAGES = 20;

type Membership = { ok: true; user: boolean; bot: boolean | undefined } | { ok: false; error: string };

/** Whether `user` (and the bot) are in `channel`, by conversations.members. */
async function membership(client: Client, channel: string, user: string, botUser: string | undefined): Promise<Membership> {
  let userIn = false;
  let botIn = botUser ? false : undefined;
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
      const res = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const m of res.members ?? []) {
        if (m === user) userIn = true;
        if (botUser && m === botUser) botIn = true;
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor || (userIn && botIn !== false)) break;
    }
  } catch (err) {
    return { ok: false, error: (err as { data?: { error?: string } }).data?.error ?? (err as Error).message };
  }
  return { ok: true, user: userIn, bot: botIn };
}

async function userTimeZone(client: Client, user: string): Promise<string | undefined> {
  try {
    const res = await client.users.info({ user });
    return res.user?.tz || undefined;
  } catch {
    return undefined;
  }
}

const MUTATING = new Set<DigestRequest['action']>(['subscribe', 'unsubscribe', 'now', 'resume']);

/** Whether a conversation is a DM or group DM: a D… id, or the names Slack gives those. */
function isDirectMessage(channel: string, name: string | undefined): boolean {
  return channel.startsWith('D') || name === 'directmessage' || (name?.startsWith('mpdm-') ?? false);
}

/** Handles `/deal digest <text>` once the command has been acknowledged. */
export async function handleDigestCommand(deps: ListenerDeps, args: CommandArgs, text: string): Promise<void> {
  const { command, client, context, respond } = args;
  const reply = (m: SlackMessage) => respond({ response_type: 'ephemeral', ...m });
  try {
    const digests = deps.digests;
    if (!digests) {
      await reply(notice('Channel digests are not available in this deployment.'));
      return;
    }
    const parsed = parseDigestRequest(text, deps.catalog());
    if (!parsed.ok) {
      await reply(notice(`:warning: ${parsed.error}\nType \`/deal digest help\` for examples.`));
      return;
    }
    const request = parsed.request;
    if (request.action === 'help') {
      await reply(notice(DIGEST_HELP));
      return;
    }
    const user = command.user_id;
    const channel = request.channel ?? command.channel_id;
    const curator = (deps.curators ?? []).includes(user);
    // A direct message (D…) or group DM has no channel digest: the bot cannot list its members
    // (the manifest asks for no DM scopes), and "invite me" would not help.
    if (isDirectMessage(channel, channel === command.channel_id ? command.channel_name : undefined)) {
      await reply(notice('Digests go to channels. Run `/deal digest subscribe …` in the channel that should get it, or name it with `#`.'));
      return;
    }

    let botInChannel: boolean | undefined;
    if (MUTATING.has(request.action) || channel !== command.channel_id) {
      const m = await membership(client, channel, user, context.botUserId);
      if (!m.ok && !curator) {
        await reply(
          notice(
            `:warning: I couldn’t check who is in <#${channel}> (${m.error}), so I can’t let you change its digest. ` +
              'Invite me to the channel first (`/invite @Deal Briefing`), or ask a curator.',
          ),
        );
        return;
      }
      if (m.ok && !m.user && !curator) {
        await reply(notice(`:no_entry: Only members of <#${channel}> (or a curator) can change its digest.`));
        return;
      }
      if (m.ok) botInChannel = m.bot;
    }

    switch (request.action) {
      case 'subscribe':
        await reply(await subscribe(digests, client, request, channel, user, botInChannel));
        return;
      case 'list': {
        const sub = await digests.subscriptions.get(channel);
        await reply(notice(sub ? await describe(digests, sub) : noSubscription(channel)));
        return;
      }
      case 'unsubscribe': {
        const removed = await digests.subscriptions.remove(channel);
        await reply(
          notice(
            removed
              ? `Unsubscribed: <#${channel}> gets no more digests. What it was already sent is remembered, so subscribing again will not repeat those deals.`
              : noSubscription(channel),
          ),
        );
        return;
      }
      case 'resume': {
        const sub = await digests.subscriptions.get(channel);
        if (!sub) {
          await reply(notice(noSubscription(channel)));
          return;
        }
        if (!sub.paused) {
          await reply(notice(`The digest of <#${channel}> is not paused.\n${await describe(digests, sub)}`));
          return;
        }
        const resumed = await digests.subscriptions.resume(channel, user, digests.now());
        const next = resumed ? await digests.nextRun(resumed) : undefined;
        const when = next !== undefined && next <= digests.now() ? ' The digest it missed goes out within a minute.' : '';
        await reply(notice(`:arrow_forward: Resumed.${when}\n${resumed ? await describe(digests, resumed) : ''}`));
        return;
      }
      case 'preview': {
        const preview = await digests.preview(channel);
        if (!preview) {
          await reply(notice(noSubscription(channel)));
          return;
        }
        await reply(buildPreview(preview.digest, previewNote(preview, digests.halted()?.reason)));
        return;
      }
      case 'now':
        await reply(notice(describeNow(await digests.postNow(channel), channel, digests.now())));
        return;
    }
  } catch (err) {
    if (err instanceof StoreUnavailableError) {
      await respond({
        response_type: 'ephemeral',
        ...notice(':warning: My storage is unavailable right now, so I can’t read or change digests. Please try again in a minute.'),
      }).catch(() => undefined);
      deps.logger.warn(`digest command: ${err.message}`);
      return;
    }
    await replyWithError(deps.logger, err, reply);
  }
}

/** The subscription in words, with what to fix while it is paused or while Slack refuses the bot. */
async function describe(digests: DigestService, sub: Subscription): Promise<string> {
  const lines = [describeSubscription(sub, await digests.nextRun(sub))];
  const halted = digests.halted();
  if (halted) lines.push(haltedLine(halted.reason));
  return lines.join('\n');
}

/** What the preview is of: the next digest and when it goes out — or, paused, why and how to resume. */
function previewNote({ subscription: sub, nextRun }: PreviewOutcome, haltedBy: string | undefined): string {
  const when = sub.paused
    ? `${pausedLine(sub.channel, sub.paused.reason)} Once resumed, it posts what is below (it may still change).`
    : `The next digest goes out ${formatInstant(nextRun, sub.schedule.timeZone)}; what it says may still change.`;
  return haltedBy ? `${when}\n${haltedLine(haltedBy)}` : when;
}

function noSubscription(channel: string): string {
  return `<#${channel}> has no digest. Start one with \`/deal digest subscribe\` (\`/deal digest help\` for options).`;
}

async function subscribe(
  digests: DigestService,
  client: Client,
  request: SubscribeRequest,
  channel: string,
  user: string,
  botInChannel: boolean | undefined,
): Promise<SlackMessage> {
  let timeZone = request.timeZone;
  let zoneNote = '';
  // An update keeps the digest's zone unless one is typed: a member elsewhere who adds a filter
  // should not move a channel's digest to their own morning.
  const existingZone = timeZone ? undefined : (await digests.subscriptions.get(channel))?.schedule.timeZone;
  if (existingZone) {
    timeZone = existingZone;
    zoneNote = ` Times stay in the digest’s time zone (${existingZone}).`;
  } else if (!timeZone) {
    const own = await userTimeZone(client, user);
    // Stored unchecked, a zone this runtime does not know would make every digest tick throw.
    const known = own === undefined ? undefined : canonicalTimeZone(own);
    timeZone = known ?? 'UTC';
    zoneNote = known
      ? ` Times are in your Slack time zone (${known}).`
      : own
        ? ` Your Slack time zone (${escapeMrkdwn(own)}) is not one I know, so times are in UTC.`
        : ' I couldn’t read your Slack time zone, so times are in UTC.';
  }
  const { subscription, created, previous } = await digests.subscriptions.upsert(
    {
      channel,
      schedule: { cadence: request.cadence, weekday: request.weekday, hour: request.hour, minute: request.minute, timeZone },
      filters: request.filters,
      ifEmpty: request.ifEmpty,
      user,
    },
    digests.now(),
  );
  const lines = [`:white_check_mark: ${created ? 'Subscribed.' : 'Updated.'}${zoneNote}`, await describe(digests, subscription)];
  if (previous) lines.push(...changedFrom(previous, subscription));
  if (botInChannel === false) {
    lines.push(':warning: I’m not in this channel yet — invite me with `/invite @Deal Briefing`, or the digest will pause.');
  }
  return notice(lines.join('\n'));
}

/**
 * What an update changed, with what it was: subscribing again sets the whole subscription, and
 * words left out take their defaults, so adding a filter to a daily 08:00 digest makes it weekly
 * at 09:00 unless the schedule is typed again.
 */
function changedFrom(previous: Subscription, now: Subscription): string[] {
  const out: string[] = [];
  if (!sameSchedule(previous.schedule, now.schedule)) {
    out.push(
      `The schedule was a ${previous.schedule.cadence} digest ${describeSchedule(previous.schedule)}. Schedule words you leave out take their defaults (weekly, Monday, 09:00): to keep the old schedule, type it too.`,
    );
  }
  const [before, after] = [describeFilters(previous.filters), describeFilters(now.filters)];
  if (before !== after) out.push(`It followed ${before ? `new partnerships ${before}` : 'every new partnership'} before.`);
  return out;
}

function describeNow(outcome: NowOutcome, channel: string, now: number): string {
  switch (outcome.kind) {
    case 'no_subscription':
      return noSubscription(channel);
    case 'is_paused':
      return pausedLine(channel, outcome.reason);
    case 'posted': {
      const posted = `Posted ${outcome.count} new partnership${outcome.count === 1 ? '' : 's'} in <#${channel}>. This counts as the digest due ${formatCivilDate(outcome.slot.date)}, so that one will not post again; deals added from now on go in the one after.`;
      const held = outcome.held ? `\n${outcome.held} more could not go in its thread; they go in the next digest.` : '';
      if (outcome.paused) return `${posted}${held} ${pausedLine(channel, outcome.paused)}`;
      if (outcome.halted) return `${posted}${held}\n${haltedLine(outcome.halted)}`;
      return `${posted}${held}`;
    }
    case 'recovered':
      return 'This period’s digest had already been posted; nothing more to send.';
    case 'empty':
      // Since the last digest, or, before the first, since the slot before this one.
      return `No new partnerships since ${formatInstant(outcome.since, outcome.timeZone)}, so nothing was posted.`;
    case 'taken':
      return 'This channel’s digest is being posted right now (or was just posted). Try `/deal digest list` in a moment.';
    case 'already':
      return `The digest due ${formatCivilDate(outcome.slot.date)} has already been posted. New deals will be in the next one.`;
    case 'paused':
      return `I couldn’t post in <#${channel}>: ${refusalReason(outcome.reason)}. The digest is paused; to fix it, ${refusalFix(outcome.reason)}, then run \`/deal digest resume\`.`;
    case 'halted':
      return `I couldn’t post in <#${channel}>.\n${haltedLine(outcome.reason)}`;
    case 'failed':
      if (outcome.cause === 'unrecorded') {
        return `Posted in <#${channel}>, but I couldn’t record it yet (my storage is unavailable). It is recorded as soon as storage is back, and not posted again.`;
      }
      if (outcome.cause === 'store') return ':warning: My storage is unavailable right now, so nothing was posted. Please try again in a minute.';
      // A missed digest is retried by the next ticks; the current period's only at its scheduled time.
      return outcome.slot.at <= now
        ? `Slack didn’t take the digest just now (${escapeMrkdwn(outcome.error)}); it will be retried automatically within a few minutes.`
        : `Slack didn’t take the digest just now (${escapeMrkdwn(outcome.error)}), so nothing was posted. Try \`/deal digest now\` again in a few minutes; otherwise it goes out at its scheduled time.`;
  }
}
