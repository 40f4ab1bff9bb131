/**
 * A minimal HTTP client for driving the bot's receiver like Slack does: exact raw bodies (so
 * the signature matches byte for byte), no connection reuse (so no sockets outlive a test).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Args } from './fake-slack';
import { formEncode } from './payloads';
import { signHeaders } from './sign';

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** From sending the request to the complete response. */
  elapsedMs: number;
}

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          elapsedMs: performance.now() - started,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface SignOptions {
  /** Signing timestamp (Unix seconds). @default now */
  timestamp?: number;
  /** Sign with this secret instead of the bot's. */
  secret?: string;
  /** Send these signature headers instead of computed ones; `{}` sends none. */
  signatureHeaders?: Record<string, string>;
}

/** POSTs `rawBody` to the bot's /slack/events, signed as Slack would (unless told otherwise). */
export function postSigned(port: number, rawBody: string, contentType: string, options: SignOptions = {}): Promise<HttpResult> {
  const sig = options.signatureHeaders ?? { ...signHeaders(rawBody, { timestamp: options.timestamp, secret: options.secret }) };
  return request(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...sig },
    body: rawBody,
  });
}

export const postForm = (port: number, fields: Record<string, string>, options?: SignOptions) =>
  postSigned(port, formEncode(fields), FORM, options);

export const postJson = (port: number, body: unknown, options?: SignOptions) =>
  postSigned(port, JSON.stringify(body), JSON_TYPE, options);

/**
 * The message a listener sent with its acknowledgement (how `/deal` answers): fails unless the
 * response is a 200 with a JSON message body.
 */
export function ackMessage(res: HttpResult): Args {
  if (res.status !== 200) throw new Error(`the ack failed with status ${res.status}: ${res.body}`);
  if (!String(res.headers['content-type'] ?? '').includes(JSON_TYPE)) {
    throw new Error(`the ack carried no message (content-type ${res.headers['content-type']}, body ${JSON.stringify(res.body)})`);
  }
  return JSON.parse(res.body) as Args;
}
