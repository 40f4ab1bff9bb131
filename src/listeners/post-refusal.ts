/**
 * What to tell the person who pressed a button when Slack refuses the bot's post in the
 * conversation (Share in channel, Summarise): why, and what lets it post there.
 */
import { appRefusalFix, channelRefusal } from '../blocks/digest-refusal';
import { escapeMrkdwn } from '../blocks/text';
import { APP_REFUSALS } from '../services/digest-poster';

/** Slack's answers when the bot is not in the conversation (or cannot see it, not being in it). */
export const NOT_A_MEMBER: ReadonlySet<string> = new Set(['not_in_channel', 'channel_not_found']);
const APP_REFUSED: ReadonlySet<string> = new Set(APP_REFUSALS);

/** The Slack error code of a failed Web API call, if it has one. */
export function slackErrorCode(err: unknown): string | undefined {
  return (err as { data?: { error?: string } } | undefined)?.data?.error;
}

/** A direct message, one-to-one (D…, "directmessage") or with several people ("mpdm-…"). */
export function isDirectMessage(channel: { id: string; name?: string }): boolean {
  return channel.id.startsWith('D') || channel.name === 'directmessage' || (channel.name ?? '').startsWith('mpdm-');
}

export interface RefusedPost {
  /** What was to be posted: "the card", "the summary". */
  what: string;
  /** The button to press again once fixed. */
  button: string;
  /** Where: a direct message, which nobody can invite the bot into. */
  inDirectMessage: boolean;
}

/**
 * Why Slack will not take the post, and what to fix; undefined for a code that retrying may
 * cure, or one the bot cannot explain (the user then gets the general apology, and the log the
 * error).
 */
export function postRefusal(code: string | undefined, post: RefusedPost): string | undefined {
  if (code === undefined) return undefined;
  if (post.inDirectMessage && NOT_A_MEMBER.has(code)) {
    return `I can’t post ${post.what} in this direct message: I’m not part of it. To get it, use \`/deal\` in a channel I’m in.`;
  }
  if (APP_REFUSED.has(code)) {
    return `I can’t post ${post.what}: Slack refuses the bot itself (${escapeMrkdwn(code)}). It works again once ${appRefusalFix(code)}; then press ${post.button} again.`;
  }
  const refusal = channelRefusal(code);
  return refusal && `I can’t post ${post.what} in this channel: ${refusal.reason}. To get it here, ${refusal.fix}, then press ${post.button} again.`;
}
