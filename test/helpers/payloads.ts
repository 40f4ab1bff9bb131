/**
 * Builders for the request bodies Slack sends an app, shaped like the real ones:
 * slash commands (form-encoded fields), Events API envelopes (JSON), interactivity
 * (`payload=<json>` form field) and the url_verification handshake.
 */

export const IDS = {
  team: 'T0TEST',
  teamDomain: 'acme-bio',
  app: 'A0DEALBOT',
  channel: 'C0DEALS',
  channelName: 'bd-deals',
  user: 'U0ALICE',
  userName: 'alice',
  /** The bot's own user id (what the fake auth.test answers). */
  botUser: 'UBOT',
  bot: 'BBOT',
} as const;

/** Fields of a slash command request, as Slack posts them (all strings). */
export function slashCommand(fields: {
  text: string;
  responseUrl: string;
  command?: string;
  channelId?: string;
  userId?: string;
  triggerId?: string;
}): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: IDS.team,
    team_domain: IDS.teamDomain,
    channel_id: fields.channelId ?? IDS.channel,
    channel_name: IDS.channelName,
    user_id: fields.userId ?? IDS.user,
    user_name: IDS.userName,
    command: fields.command ?? '/deal',
    text: fields.text,
    api_app_id: IDS.app,
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `13345224609.738474920.${Math.random().toString(16).slice(2)}`,
  };
}

/** application/x-www-form-urlencoded encoding, as Slack sends commands and interactivity. */
export function formEncode(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

let eventSeq = 0;

/** An Events API `event_callback` envelope around `event`. */
export function eventCallback(event: Record<string, unknown>): Record<string, unknown> {
  eventSeq += 1;
  return {
    token: 'legacy-verification-token',
    team_id: IDS.team,
    api_app_id: IDS.app,
    event,
    type: 'event_callback',
    event_id: `Ev0TEST${String(eventSeq).padStart(4, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: IDS.team, user_id: IDS.botUser, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-eyJldCI6ImFwcF9tZW50aW9uIn0-${eventSeq}`,
  };
}

/** An `app_mention` event: a user wrote `text` (which includes `<@UBOT>`) in a channel. */
export function appMention(fields: { text: string; ts: string; channel?: string; user?: string; threadTs?: string }): Record<string, unknown> {
  return {
    type: 'app_mention',
    user: fields.user ?? IDS.user,
    text: fields.text,
    ts: fields.ts,
    channel: fields.channel ?? IDS.channel,
    event_ts: fields.ts,
    ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
  };
}

/** A `block_actions` payload for a button pressed on an ephemeral message (e.g. a /deal result). */
export function buttonPress(fields: {
  actionId: string;
  value: string;
  responseUrl: string;
  channelId?: string;
  /** As Slack names it: "directmessage" for a one-to-one DM, "mpdm-…" for a group DM. */
  channelName?: string;
  userId?: string;
  buttonText?: string;
}): Record<string, unknown> {
  const channel = fields.channelId ?? IDS.channel;
  const now = (Date.now() / 1000).toFixed(6);
  return {
    type: 'block_actions',
    user: { id: fields.userId ?? IDS.user, username: IDS.userName, name: IDS.userName, team_id: IDS.team },
    api_app_id: IDS.app,
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: now, channel_id: channel, is_ephemeral: true },
    trigger_id: `13345224609.738474920.${Math.random().toString(16).slice(2)}`,
    team: { id: IDS.team, domain: IDS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: fields.channelName ?? IDS.channelName },
    state: { values: {} },
    response_url: fields.responseUrl,
    actions: [
      {
        action_id: fields.actionId,
        block_id: 'b1Xk',
        text: { type: 'plain_text', text: fields.buttonText ?? 'Button', emoji: true },
        value: fields.value,
        type: 'button',
        action_ts: now,
      },
    ],
  };
}

/** Interactivity requests carry the JSON payload in a single form field. */
export function interactivityForm(payload: Record<string, unknown>): string {
  return formEncode({ payload: JSON.stringify(payload) });
}

/** The handshake Slack sends when the Events Request URL is saved. */
export function urlVerification(challenge: string): Record<string, unknown> {
  return { token: 'legacy-verification-token', challenge, type: 'url_verification' };
}
