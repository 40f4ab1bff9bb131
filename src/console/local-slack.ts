/**
 * A loopback stand-in for the parts of Slack the bot talks to, so console mode runs the very
 * same Bolt app and listeners: the Web API (`chat.postMessage`, `chat.update`, …) and the
 * `response_url` of slash commands and buttons. Every message the bot sends is handed to
 * `onMessage` for printing.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CONSOLE_IDS = {
  team: 'TCONSOLE',
  channel: 'CCONSOLE',
  user: 'UCONSOLE',
  botUser: 'UBOTCONSOLE',
  bot: 'BBOTCONSOLE',
  app: 'ACONSOLE',
} as const;

export interface PostedMessage {
  kind: 'post' | 'update' | 'ephemeral' | 'response';
  channel?: string;
  ts?: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  /** response_url payloads: delete_original etc. */
  delete_original?: boolean;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? JSON.parse(raw) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client sends structured arguments (blocks, attachments) as JSON strings.
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export class LocalSlack {
  private server?: Server;
  private seq = 0;

  constructor(private readonly onMessage: (m: PostedMessage) => void) {}

  /** Starts listening on an ephemeral loopback port; returns the Web API base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (body) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end('{"ok":false,"error":"invalid_request"}');
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `${this.baseUrl}/api/`;
  }

  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** A fresh response_url for one command or button press. */
  responseUrl(): string {
    return `${this.baseUrl}/respond/${++this.seq}`;
  }

  nextTs(): string {
    this.seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage): Promise<Record<string, unknown>> {
    const url = req.url ?? '';
    const body = await readBody(req);
    if (url.startsWith('/respond/')) {
      this.onMessage({ kind: 'response', ...(body as Omit<PostedMessage, 'kind'>) });
      return { ok: true };
    }
    const method = url.replace(/^\/api\//, '').split('?')[0];
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: CONSOLE_IDS.botUser, bot_id: CONSOLE_IDS.bot, team_id: CONSOLE_IDS.team };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        this.onMessage({ kind: 'post', ...(body as Omit<PostedMessage, 'kind'>), ts });
        return { ok: true, channel: body.channel, ts };
      }
      case 'chat.update':
        this.onMessage({ kind: 'update', ...(body as Omit<PostedMessage, 'kind'>) });
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.postEphemeral':
        this.onMessage({ kind: 'ephemeral', ...(body as Omit<PostedMessage, 'kind'>) });
        return { ok: true, message_ts: this.nextTs() };
      case 'users.info':
        return { ok: true, user: { id: body.user, tz: Intl.DateTimeFormat().resolvedOptions().timeZone } };
      case 'conversations.members':
        return { ok: true, members: [CONSOLE_IDS.user, CONSOLE_IDS.botUser], response_metadata: { next_cursor: '' } };
      default:
        return { ok: true };
    }
  }
}
