/**
 * A lean fake of Slack's side for load tests, on loopback: counts instead of recording every
 * request (test/helpers/fake-slack.ts keeps full bodies and headers of every call, which is
 * right for assertions and wrong for 10,000 requests a minute).
 *
 * - `POST /api/<method>`: auth.test and chat.postMessage answer plausibly; others `{ok:true}`.
 *   With `channelRateLimit`, chat.postMessage enforces N messages per second per channel and
 *   answers HTTP 429 + `Retry-After` (seconds) when exceeded, as Slack does.
 * - `POST /respond/<id>`: response_url sink; counts posts per id (duplicates = posts beyond 1).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackOptions {
  /** Enforce at most `perSecond` chat.postMessage per channel in any 1-second window. */
  channelRateLimit?: { perSecond: number; retryAfterSec: number };
  /** Added to every Web API answer (ms), to model network + Slack latency. @default 0 */
  apiDelayMs?: number;
}

export interface FakeSlackStats {
  apiCalls: Record<string, number>;
  /** response_url posts received (all ids). */
  responses: number;
  /** Distinct response_url ids that received at least one post. */
  responseIds: number;
  /** Posts to a response_url id beyond its first. */
  responseDuplicates: number;
  /** chat.postMessage calls accepted (200 ok). */
  posted: number;
  /** chat.postMessage calls refused with 429. */
  rateLimited: number;
  /** Accepted posts whose (channel, dedupe key) had already been accepted. */
  postDuplicates: number;
  /** Channels with at least one accepted post. */
  channelsPosted: number;
}

export interface PostedMessage {
  channel: string;
  text: string;
  at: number;
  /** `metadata.event_payload.digest_key`, or `.slot` with `.part` (a digest, a reply of it), else thread_ts + text: spots duplicates. */
  key: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
  return out;
}

export class BenchSlack {
  private server?: Server;
  private readonly apiCalls = new Map<string, number>();
  private readonly responseCounts = new Map<string, number>();
  private responses = 0;
  private readonly lastPosts = new Map<string, number[]>();
  private readonly postKeys = new Set<string>();
  readonly posts: PostedMessage[] = [];
  private rateLimited = 0;
  private postDuplicates = 0;
  private tsSeq = 0;

  constructor(private readonly options: FakeSlackOptions = {}) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.baseUrl}/respond/${id}`;
  }

  /** How many posts response_url `id` has received. */
  responsesFor(id: string): number {
    return this.responseCounts.get(id) ?? 0;
  }

  stats(): FakeSlackStats {
    let dup = 0;
    for (const n of this.responseCounts.values()) if (n > 1) dup += n - 1;
    return {
      apiCalls: Object.fromEntries(this.apiCalls),
      responses: this.responses,
      responseIds: this.responseCounts.size,
      responseDuplicates: dup,
      posted: this.posts.length,
      rateLimited: this.rateLimited,
      postDuplicates: this.postDuplicates,
      channelsPosted: this.lastPosts.size,
    };
  }

  reset(): void {
    this.apiCalls.clear();
    this.responseCounts.clear();
    this.responses = 0;
    this.lastPosts.clear();
    this.postKeys.clear();
    this.posts.length = 0;
    this.rateLimited = 0;
    this.postDuplicates = 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = req.url ?? '/';
    if (url.startsWith('/respond/')) {
      const id = url.slice('/respond/'.length);
      this.responses++;
      this.responseCounts.set(id, (this.responseCounts.get(id) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!url.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.slice('/api/'.length).split('?')[0]!;
    this.apiCalls.set(method, (this.apiCalls.get(method) ?? 0) + 1);
    let args: Record<string, unknown>;
    try {
      args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    } catch {
      return this.send(res, 400, { ok: false, error: 'invalid_json' });
    }
    switch (method) {
      case 'auth.test':
        return this.send(res, 200, { ok: true, url: 'https://acme-bio.slack.com/', team: 'Acme Bio', user: 'dealbot', team_id: 'T0BENCH', user_id: 'UBOT', bot_id: 'BBOT' });
      case 'chat.postMessage':
        return this.postMessage(res, args);
      default:
        return this.send(res, 200, { ok: true });
    }
  }

  private postMessage(res: ServerResponse, args: Record<string, unknown>): void {
    const channel = String(args.channel ?? '');
    if (!channel) return this.send(res, 200, { ok: false, error: 'channel_not_found' });
    const now = Date.now();
    const limit = this.options.channelRateLimit;
    const recent = (this.lastPosts.get(channel) ?? []).filter((t) => now - t < 1000);
    if (limit && recent.length >= limit.perSecond) {
      this.rateLimited++;
      return this.send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.retryAfterSec) });
    }
    recent.push(now);
    this.lastPosts.set(channel, recent);
    const text = String(args.text ?? '');
    type Meta = { event_payload?: { digest_key?: string; slot?: string; part?: number } };
    let metadata = args.metadata as Meta | string | undefined;
    if (typeof metadata === 'string') {
      try {
        metadata = JSON.parse(metadata) as Meta;
      } catch {
        metadata = undefined;
      }
    }
    const payload = typeof metadata === 'object' ? metadata.event_payload : undefined;
    // A digest's thread replies carry its slot too, with their part.
    const digestKey = payload?.digest_key ?? (payload?.slot ? `${payload.slot}#${payload.part ?? 0}` : undefined);
    const key = `${channel}|${digestKey ?? `${String(args.thread_ts ?? '')}|${text}`}`;
    if (this.postKeys.has(key)) this.postDuplicates++;
    this.postKeys.add(key);
    this.posts.push({ channel, text, at: now, key });
    const ts = `${Math.floor(now / 1000)}.${String(++this.tsSeq).padStart(6, '0')}`;
    this.send(res, 200, { ok: true, channel, ts, message: { type: 'message', text, ts } });
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const write = () => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (this.options.apiDelayMs) setTimeout(write, this.options.apiDelayMs);
    else write();
  }
}
