/**
 * What to tell people when Slack refuses a digest for good: why, and what fixes it. A refusal
 * about one channel pauses its digest and its creator is told by DM; a refusal of the bot
 * itself (its token or install) stops every digest, and is said in the log and in replies to
 * `/deal digest` — never by DM to every creator (see docs/decisions.md). The words for a
 * channel's refusal serve any post there, a shared card too (`channelRefusal`).
 */
import type { AppRefusal, ChannelRefusal } from '../services/digest-poster';
import { sectionBlock, type SlackMessage } from './deal-card';
import { escapeMrkdwn } from './text';

const INVITE = 'invite me with `/invite @Deal Briefing` in the channel';

/** Why Slack refuses posts in the channel (and a digest there is paused), in words. */
const REASONS: Record<ChannelRefusal, string> = {
  not_in_channel: 'I’m not a member of the channel',
  channel_not_found: 'I can’t see the channel (it was deleted, or it is private and I’m not in it)',
  is_archived: 'the channel is archived',
  restricted_action: 'the workspace only lets some people (such as admins) post in the channel',
  restricted_action_read_only_channel: 'the channel is read-only',
  restricted_action_thread_only_channel: 'the channel only takes replies in threads',
  restricted_action_non_threadable_channel: 'the channel does not allow threads, where a long digest continues',
  ekm_access_denied: 'your Slack admins have suspended access to the channel (Enterprise Key Management)',
  team_access_not_granted: 'the app is not granted the workspace the channel belongs to',
};

/** What lets the bot post in the channel again, as an instruction. */
const CHANNEL_FIXES: Record<ChannelRefusal, string> = {
  not_in_channel: INVITE,
  channel_not_found: INVITE,
  is_archived: 'unarchive the channel',
  restricted_action: 'ask a Slack admin to let apps post there (the channel’s posting permissions)',
  restricted_action_read_only_channel: 'ask a Slack admin to let apps post there',
  restricted_action_thread_only_channel: 'ask a Slack admin to allow posts in the channel',
  restricted_action_non_threadable_channel: 'ask a Slack admin to allow threads in the channel',
  ekm_access_denied: 'ask your Slack admins to restore access to the channel',
  team_access_not_granted: 'ask a Slack admin to grant Deal Briefing that workspace',
};

/** What else mends a paused digest: another channel, or no digest where the channel is gone. */
const DIGEST_ALTERNATIVES: Partial<Record<ChannelRefusal, string>> = {
  channel_not_found: ' (or, if the channel was deleted, `/deal digest unsubscribe` it)',
  is_archived: ', or subscribe another one',
  restricted_action: ', or subscribe another channel',
  restricted_action_read_only_channel: ', or subscribe another channel',
  restricted_action_thread_only_channel: ', or subscribe another channel',
  restricted_action_non_threadable_channel: ', or subscribe another channel',
};

const REINSTALL = 'a Slack admin reinstalls the app, and SLACK_BOT_TOKEN is set to its new bot token (then restart the bot)';
const APP_FIXES: Record<AppRefusal, string> = {
  invalid_auth: REINSTALL,
  not_authed: 'SLACK_BOT_TOKEN is set (it is empty or missing)',
  token_revoked: REINSTALL,
  token_expired: REINSTALL,
  account_inactive: REINSTALL,
  not_allowed_token_type: 'SLACK_BOT_TOKEN is set to the app’s bot token (xoxb-…), not another kind of token',
  missing_scope: 'a Slack admin reinstalls the app from its manifest, so that it is granted the scopes it needs (chat:write)',
  no_permission: 'a Slack admin reinstalls the app from its manifest, so that it is granted the scopes it needs (chat:write)',
  org_login_required: 'a Slack admin allows the app in the Enterprise org’s settings',
  enterprise_is_restricted: 'a Slack admin allows the app in the Enterprise org’s settings',
};

/**
 * Why the digest of a channel is paused, in words. A code in neither list paused it after Slack
 * refused the same post several times in a row with it — most likely a fault in the bot.
 */
export function refusalReason(code: string): string {
  return (
    REASONS[code as ChannelRefusal] ??
    `I could not post the digest — Slack refused it several times in a row (${escapeMrkdwn(code)}), most likely because of a fault in the bot, not in the channel`
  );
}

/** What fixes a paused digest, as an instruction ("invite me with …"). */
export function refusalFix(code: string): string {
  const fix = CHANNEL_FIXES[code as ChannelRefusal];
  if (!fix) return `tell the bot’s admins, quoting Slack’s error (${escapeMrkdwn(code)}), and wait for their fix`;
  return `${fix}${DIGEST_ALTERNATIVES[code as ChannelRefusal] ?? ''}`;
}

/**
 * Why Slack refuses any post in a channel, and what lets the bot post there again, for one of
 * `CHANNEL_REFUSALS`; undefined for any other code.
 */
export function channelRefusal(code: string): { reason: string; fix: string } | undefined {
  if (!Object.hasOwn(REASONS, code)) return undefined;
  return { reason: REASONS[code as ChannelRefusal], fix: CHANNEL_FIXES[code as ChannelRefusal] };
}

/**
 * The direct message to whoever set up a digest that had to pause: why, what to fix, and how to
 * resume. `held`: the digest itself was posted, but that many of its deals could not go in its thread.
 */
export function buildPauseNotice(channel: string, code: string, held?: number): SlackMessage {
  const after = held
    ? `then run \`/deal digest resume\` in the channel; the ${held} deal${held === 1 ? '' : 's'} its last digest could not post in its thread go in the next one. Nothing is lost.`
    : 'then run `/deal digest resume` in the channel and the digest it missed is posted. Nothing is lost.';
  const text = `Your deal digest for <#${channel}> is paused: ${refusalReason(code)}. To fix it, ${refusalFix(code)}; ${after}`;
  return { text, blocks: [sectionBlock(text)] };
}

/** The line for a paused digest in `/deal digest` replies: why, what to fix, and how to resume. */
export function pausedLine(channel: string, code: string): string {
  return `The digest of <#${channel}> is paused: ${refusalReason(code)}. To fix it, ${refusalFix(code)}; then run \`/deal digest resume\`.`;
}

/** What has to happen before digests can go out again after Slack refused the bot itself. */
export function appRefusalFix(code: string): string {
  return APP_FIXES[code as AppRefusal] ?? REINSTALL;
}

/** The line for every `/deal digest` reply while Slack refuses the bot itself. */
export function haltedLine(code: string): string {
  return (
    `:warning: No digest can be posted in any channel right now: Slack refuses the bot (${escapeMrkdwn(code)}). ` +
    `They go out again once ${appRefusalFix(code)}. Nothing is lost.`
  );
}
