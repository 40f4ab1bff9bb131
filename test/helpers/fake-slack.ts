/**
 * A fake of the Slack side of the network, on loopback, for integration tests:
 *
 * - the Web API: `POST /api/<method>` — every call is recorded (method, parsed arguments,
 *   headers); answers are scriptable per method (`{ok:false,error}`, HTTP 429 + Retry-After,
 *   HTTP 500, …) and otherwise plausible defaults;
 * - response_url sinks: `POST /respond/<id>` records the JSON posted;
 * - Socket Mode: `apps.connections.open` hands out the ws:// URL of a local WebSocket server
 *   (the `ws` package) that greets with `hello`, records every frame the app sends (acks) and
 *   lets the test push envelopes.
 *
 * The WebClient posts application/x-www-form-urlencoded with structured arguments (blocks,
 * attachments) as JSON strings; JSON bodies are accepted too.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { IDS } from './payloads';
import { waitFor, type WaitOptions } from './wait';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Args = Record<string, any>;

export interface ApiCall {
  method: string;
  args: Args;
  headers: IncomingHttpHeaders;
  /** The body exactly as received. */
  raw: string;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Args;
  at: number;
  /** The sink answered it with an error (see refuseResponses): Slack showed nothing. */
  refused?: boolean;
}

/** What the fake answers: a status (default 200), headers and a JSON body. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer: the request stays open until the client gives up or dies. */
  hang?: boolean;
}

export type Reply = ScriptedReply | ((call: ApiCall) => ScriptedReply);

interface Scripted {
  reply: Reply;
  remaining: number;
}

/** A frame the app sent over the Socket Mode WebSocket. */
export interface SocketFrame {
  connection: number;
  data: any;
  at: number;
}

export interface SocketConnection {
  id: number;
  socket: WebSocket;
  url: string;
  headers: IncomingHttpHeaders;
  /** Close code and reason once the socket closed. */
  closed?: { code: number; reason: string };
}

function parseBody(raw: string, contentType: string): Args {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Args;
  const out: Args = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (/^\s*[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* a string that merely starts with a bracket */
      }
    }
    out[k] = v;
  }
  return out;
}

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly frames: SocketFrame[] = [];
  readonly connections: SocketConnection[] = [];
  /** Send `hello` as soon as a Socket Mode client connects (what Slack does). */
  autoHello = true;

  private server?: Server;
  private wss?: WebSocketServer;
  private scripts = new Map<string, Scripted[]>();
  private sinkRefusals = new Map<string, (body: Args) => ScriptedReply | undefined>();
  private tsSeq = 0;
  private sinkSeq = 0;

  /** Starts the HTTP side on 127.0.0.1 (`port` 0 picks a free one). */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => {
        this.server!.off('error', reject);
        resolve();
      });
    });
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The value for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A fresh response_url; posts to it are recorded under its id. */
  responseUrl(id = `r${++this.sinkSeq}`): { id: string; url: string } {
    return { id, url: `${this.baseUrl}/respond/${id}` };
  }

  /**
   * Makes the response_url sink `id` answer the posts `refuse` returns a reply for with that
   * reply (Slack answers a post it will not show with an HTTP error and a plain-text code).
   */
  refuseResponses(id: string, refuse: (body: Args) => ScriptedReply | undefined): this {
    this.sinkRefusals.set(id, refuse);
    return this;
  }

  /** Answers the next `times` calls of `method` with `reply` (then the defaults again). */
  script(method: string, reply: Reply, times = 1): this {
    const queue = this.scripts.get(method) ?? [];
    queue.push({ reply, remaining: times });
    this.scripts.set(method, queue);
    return this;
  }

  /** Drops every scripted reply. */
  clearScripts(): void {
    this.scripts.clear();
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  postsTo(id: string): ResponseUrlPost[] {
    return this.responses.filter((r) => r.id === id);
  }

  /** Waits until `method` has been called `count` times (and at least once); returns the calls. */
  waitForCalls(method: string, count = 1, options: WaitOptions = {}): Promise<ApiCall[]> {
    return waitFor(() => (this.callsTo(method).length >= count ? this.callsTo(method) : undefined), {
      what: `${count} call(s) to ${method}`,
      ...options,
    });
  }

  waitForCall(method: string, predicate: (c: ApiCall) => boolean = () => true, options: WaitOptions = {}): Promise<ApiCall> {
    return waitFor(() => this.callsTo(method).find(predicate), { what: `a matching call to ${method}`, ...options });
  }

  /** Waits until the response_url sink `id` has received `count` posts; returns them. */
  waitForPosts(id: string, count = 1, options: WaitOptions = {}): Promise<ResponseUrlPost[]> {
    return waitFor(() => (this.postsTo(id).length >= count ? this.postsTo(id) : undefined), {
      what: `${count} post(s) to response_url ${id}`,
      ...options,
    });
  }

  // ---------------------------------------------------------------- Socket Mode

  /** Starts the WebSocket server that apps.connections.open points at. */
  async startSocketMode(): Promise<void> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.wss = wss;
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    wss.on('connection', (socket, req) => {
      const conn: SocketConnection = { id: this.connections.length + 1, socket, url: req.url ?? '', headers: req.headers };
      this.connections.push(conn);
      socket.on('message', (data, isBinary) => {
        const text = isBinary ? '' : data.toString();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* keep the text */
        }
        this.frames.push({ connection: conn.id, data: parsed, at: Date.now() });
      });
      socket.on('close', (code, reason) => {
        conn.closed = { code, reason: reason.toString() };
      });
      if (this.autoHello) this.sendFrame(this.hello(), conn);
    });
  }

  get socketUrl(): string {
    const { port } = this.wss!.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/`;
  }

  /** Slack's greeting; the client counts itself connected only after it. */
  hello(): Args {
    return {
      type: 'hello',
      num_connections: 1,
      debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: IDS.app },
    };
  }

  /** The connection most recently opened and still open. */
  get openConnection(): SocketConnection | undefined {
    return [...this.connections].reverse().find((c) => c.socket.readyState === WebSocket.OPEN);
  }

  /**
   * Resolves once the client has its end of `conn` open. The server sees the connection as soon
   * as it has written the handshake response, a moment before the client reads it; a client
   * closing inside that moment can only abort (1006), not close normally. A pong proves the
   * client has read the handshake.
   */
  clientHasOpened(conn: SocketConnection): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      conn.socket.once('pong', () => resolve());
      conn.socket.ping((err?: Error) => {
        if (err) reject(err);
      });
    });
  }

  /** Sends a frame (object → JSON) to `conn`, by default the open connection. */
  sendFrame(frame: unknown, conn: SocketConnection | undefined = this.openConnection): void {
    if (!conn) throw new Error('no open Socket Mode connection');
    conn.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Waits for the app to acknowledge `envelopeId`; returns the ack frame. */
  waitForAck(envelopeId: string, options: WaitOptions = {}): Promise<SocketFrame> {
    return waitFor(() => this.frames.find((f) => f.data?.envelope_id === envelopeId), {
      what: `an ack of envelope ${envelopeId}`,
      ...options,
    });
  }

  // ---------------------------------------------------------------- lifecycle

  async close(): Promise<void> {
    if (this.wss) {
      const wss = this.wss;
      this.wss = undefined;
      // Close like Slack does (a close frame, so the client tidies up its timers), and cut off
      // whatever has not finished the handshake shortly after.
      const open = [...wss.clients];
      const gone = open.map((c) => new Promise<void>((resolve) => (c.readyState === WebSocket.CLOSED ? resolve() : c.once('close', () => resolve()))));
      for (const c of open) if (c.readyState === WebSocket.OPEN) c.close(1001, 'server shutting down');
      const timer = setTimeout(() => open.forEach((c) => c.terminate()), 1000);
      await Promise.all(gone);
      clearTimeout(timer);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
    if (this.server) {
      const server = this.server;
      this.server = undefined;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  // ---------------------------------------------------------------- HTTP handling

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readRaw(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const url = new URL(req.url ?? '/', 'http://fake');
    let args: Args;
    try {
      args = parseBody(raw, contentType);
    } catch {
      return send(res, { status: 400, body: { ok: false, error: 'invalid_json' } });
    }

    if (url.pathname.startsWith('/respond/')) {
      const id = decodeURIComponent(url.pathname.slice('/respond/'.length));
      const refusal = this.sinkRefusals.get(id)?.(args);
      this.responses.push({ id, body: args, at: Date.now(), ...(refusal ? { refused: true } : {}) });
      if (refusal) return send(res, refusal);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) return send(res, { status: 404, body: { ok: false, error: 'unknown_path' } });

    const method = url.pathname.slice('/api/'.length);
    const call: ApiCall = { method, args, headers: req.headers, raw, at: Date.now() };
    this.calls.push(call);

    const queue = this.scripts.get(method);
    const head = queue?.[0];
    if (head) {
      head.remaining -= 1;
      if (head.remaining <= 0) queue!.shift();
      const reply = typeof head.reply === 'function' ? head.reply(call) : head.reply;
      if (reply.hang) return;
      return send(res, reply);
    }
    return send(res, { body: this.defaultReply(call) });
  }

  private defaultReply({ method, args }: ApiCall): Args {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `https://${IDS.teamDomain}.slack.com/`,
          team: 'Acme Bio',
          user: 'dealbot',
          team_id: IDS.team,
          user_id: IDS.botUser,
          bot_id: IDS.bot,
          is_enterprise_install: false,
        };
      case 'apps.connections.open':
        return this.wss ? { ok: true, url: this.socketUrl } : { ok: false, error: 'socket_mode_not_enabled' };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        return { ok: true, channel: args.channel, ts, message: { type: 'message', text: args.text, bot_id: IDS.bot, ts } };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      default:
        return { ok: true };
    }
  }

  private nextTs(): string {
    this.tsSeq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsSeq).padStart(6, '0')}`;
  }
}

function send(res: ServerResponse, reply: ScriptedReply): void {
  const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...(reply.headers ?? {}) });
  res.end(body);
}

/** A port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
