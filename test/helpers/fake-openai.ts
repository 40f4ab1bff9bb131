/**
 * A fake OpenAI-compatible server on loopback (`POST /v1/chat/completions`), for tests that
 * drive the real `openai` SDK through OPENAI_BASE_URL. Each request is recorded; the answer is
 * whatever the test scripted: a completion with given content, a refusal, malformed JSON, an
 * HTTP error, or a slow reply.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  body: { model: string; messages: { role: string; content: string }[]; response_format?: unknown };
  headers: IncomingHttpHeaders;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** A JSON body, or a raw string sent as is. */
  body: unknown;
  delayMs?: number;
}

export type Responder = (request: ChatRequest) => FakeReply;

/** A chat completion whose message content is `content` (already a string of JSON, or not). */
export function completion(content: string | null, extra: { refusal?: string } = {}): FakeReply {
  return {
    body: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: 'fake-model',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: extra.refusal ?? null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    },
  };
}

/** A completion carrying structured sentences, as the bot's schema asks for. */
export function sentences(...items: [text: string, facts: string[]][]): FakeReply {
  return completion(JSON.stringify({ sentences: items.map(([text, facts]) => ({ text, facts })) }));
}

export class FakeOpenAi {
  readonly requests: ChatRequest[] = [];
  private server?: Server;
  private responder: Responder = () => ({ status: 500, body: { error: { message: 'no reply scripted' } } });
  private readonly timers = new Set<NodeJS.Timeout>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request: ChatRequest = { body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'), headers: req.headers };
        this.requests.push(request);
        const reply = this.responder(request);
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
          res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
        };
        if (reply.delayMs) {
          const t = setTimeout(() => {
            this.timers.delete(t);
            send();
          }, reply.delayMs);
          this.timers.add(t);
        } else send();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The value for OPENAI_BASE_URL. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  /** Answers every following request with `responder`. */
  respond(responder: Responder | FakeReply): this {
    this.responder = typeof responder === 'function' ? responder : () => responder;
    return this;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
