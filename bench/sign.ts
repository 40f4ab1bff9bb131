/**
 * Slack request signing (v0) and slash-command bodies, as Slack sends them. Bench-local twin of
 * test/helpers/sign.ts and payloads.ts, so the benchmark does not depend on test code.
 */
import { createHmac } from 'node:crypto';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret-5c1e7a';
export const BENCH_BOT_TOKEN = 'xoxb-bench-0000-token';

/** The two headers Slack adds: `v0=` + HMAC-SHA256 of `v0:<ts>:<body>`, and the timestamp. */
export function signHeaders(rawBody: string, timestamp = Math.floor(Date.now() / 1000), secret = BENCH_SIGNING_SECRET): Record<string, string> {
  return {
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`,
    'x-slack-request-timestamp': String(timestamp),
  };
}

/** A `/deal` slash command body (form-encoded, fields as Slack posts them). */
export function slashCommandBody(text: string, responseUrl: string, triggerId: string): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0BENCH',
    team_domain: 'acme-bio',
    channel_id: 'C0BENCH',
    channel_name: 'bd-deals',
    user_id: 'U0BENCH',
    user_name: 'alice',
    command: '/deal',
    text,
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();
}
