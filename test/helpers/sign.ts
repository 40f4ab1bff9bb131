/**
 * Slack request signing (v0), as Slack signs every request it sends to an app:
 * `X-Slack-Signature: v0=` + hex HMAC-SHA256 of `v0:${timestamp}:${rawBody}` keyed with the
 * signing secret, and `X-Slack-Request-Timestamp: ${timestamp}` (Unix seconds).
 */
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-8f2b1c';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/** Unix time in seconds. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The v0 signature of `rawBody` at `timestamp`. */
export function signature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** The two headers Slack adds to a request. */
export function signHeaders(rawBody: string, options: { secret?: string; timestamp?: number } = {}): SlackSignatureHeaders {
  const timestamp = options.timestamp ?? nowSeconds();
  return {
    'x-slack-signature': signature(options.secret ?? SIGNING_SECRET, timestamp, rawBody),
    'x-slack-request-timestamp': String(timestamp),
  };
}
