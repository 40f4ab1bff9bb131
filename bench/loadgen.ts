/**
 * Two ways to send signed `/deal` requests at a fixed rate:
 *
 * - **autocannon** (`overallRate`): each connection may send rate/connections requests per
 *   second, as fast as responses come back, then waits for the next second. So the load
 *   arrives in bursts at the start of every second, with `connections` requests in flight.
 *   Latencies are taken from its per-response event (float ms), coordinated-omission
 *   correction off (with a per-second quota it back-fills 1-ms steps that are not requests).
 * - **paced**: an open-loop generator that sends request i at t0 + i/rate, whatever the
 *   server is doing (keep-alive pool), and measures latency from the *intended* send time, so
 *   a stalled server or a late generator shows up in the figures. This is closer to Slack's
 *   traffic: independent users, not synchronised bursts.
 *
 * Every request gets a fresh trigger_id and response_url (the bot de-duplicates deliveries by
 * trigger_id, so a repeated body would be acked and dropped without a lookup) and so its own
 * signature with the current timestamp (HMAC-SHA256, a few microseconds).
 */
import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { summarize, type LatencySummary } from './stats';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface LoadStepResult {
  generator: 'autocannon' | 'paced';
  targetRps: number;
  durationSec: number;
  sent: number;
  completed: number;
  achievedRps: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: LatencySummary;
  /** paced only: latency from the moment the request was actually written. */
  serviceLatency?: LatencySummary;
  /** paced only: how late the generator sent, p99 (ms). */
  senderLagP99Ms?: number;
  /** With `isAnswer`: 2xx responses whose body it accepted (the command answered in its ack). */
  answered?: number;
}

/** Raw per-request values, appended to by each run given them, so runs can be pooled. */
export interface LoadSamples {
  /** Latency (ms) of each 2xx response. */
  latency: number[];
  /** paced only: latency from the moment the request was written. */
  service: number[];
  /** paced only: how late each request was sent. */
  lag: number[];
}

export const emptySamples = (): LoadSamples => ({ latency: [], service: [], lag: [] });

/** One result for several runs of the same generator at the same rate, from their pooled samples. */
export function pool(runs: LoadStepResult[], samples: LoadSamples): LoadStepResult {
  const first = runs[0]!;
  const sum = (f: (r: LoadStepResult) => number) => runs.reduce((t, r) => t + f(r), 0);
  const durationSec = sum((r) => r.durationSec);
  const completed = sum((r) => r.completed);
  const paced = first.generator === 'paced';
  return {
    generator: first.generator,
    targetRps: first.targetRps,
    durationSec,
    sent: sum((r) => r.sent),
    completed,
    achievedRps: completed / durationSec,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    latency: summarize(samples.latency),
    ...(paced ? { serviceLatency: summarize(samples.service), senderLagP99Ms: summarize(samples.lag).p99Ms } : {}),
    ...(runs.some((r) => r.answered !== undefined) ? { answered: sum((r) => r.answered ?? 0) } : {}),
  };
}

export interface LoadStepOptions {
  port: number;
  path?: string;
  rate: number;
  durationSec: number;
  make: () => SignedRequest;
  /** autocannon connections. @default 10 */
  connections?: number;
  /** Whether a 2xx response body is an answer; when given, such responses are counted. */
  isAnswer?: (body: string) => boolean;
  /** Where to append this run's raw samples too. */
  samples?: LoadSamples;
  timeoutMs?: number;
}

export async function runAutocannon(o: LoadStepOptions): Promise<LoadStepResult> {
  const latencies: number[] = [];
  let responses = 0;
  let answered = 0;
  const isAnswer = o.isAnswer;
  const connections = Math.min(o.connections ?? 10, o.rate);
  const instance = autocannon({
    url: `http://127.0.0.1:${o.port}`,
    connections,
    overallRate: o.rate,
    duration: o.durationSec,
    timeout: Math.ceil((o.timeoutMs ?? 10_000) / 1000),
    ignoreCoordinatedOmission: true,
    requests: [
      {
        method: 'POST',
        path: o.path ?? '/slack/events',
        setupRequest: (req) => {
          const r = o.make();
          return { ...req, method: 'POST', path: o.path ?? '/slack/events', headers: { 'content-type': 'application/x-www-form-urlencoded', ...r.headers }, body: r.body };
        },
        ...(isAnswer
          ? {
              onResponse: (status: number, body: string) => {
                if (status >= 200 && status < 300 && isAnswer(body)) answered++;
              },
            }
          : {}),
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    responses++;
    if (status >= 200 && status < 300) latencies.push(responseTime);
  });
  const result = await instance;
  const completed = responses;
  o.samples?.latency.push(...latencies);
  return {
    generator: 'autocannon',
    targetRps: o.rate,
    durationSec: o.durationSec,
    sent: result.requests.sent,
    completed,
    achievedRps: completed / o.durationSec,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latency: summarize(latencies),
    ...(isAnswer ? { answered } : {}),
  };
}

export function runPaced(o: LoadStepOptions): Promise<LoadStepResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const interval = 1000 / o.rate;
  const total = Math.max(1, Math.round(o.rate * o.durationSec));
  const latencies: number[] = [];
  const service: number[] = [];
  const lag: number[] = [];
  let sent = 0;
  let finished = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let answered = 0;
  const isAnswer = o.isAnswer;
  const t0 = performance.now() + 10;
  return new Promise((resolve) => {
    const finish = () => {
      finished++;
      if (finished === total) {
        agent.destroy();
        if (o.samples) {
          o.samples.latency.push(...latencies);
          o.samples.service.push(...service);
          o.samples.lag.push(...lag);
        }
        resolve({
          generator: 'paced',
          targetRps: o.rate,
          durationSec: o.durationSec,
          sent,
          completed: latencies.length,
          achievedRps: latencies.length / o.durationSec,
          non2xx,
          errors,
          timeouts,
          latency: summarize(latencies),
          serviceLatency: summarize(service),
          senderLagP99Ms: summarize(lag).p99Ms,
          ...(isAnswer ? { answered } : {}),
        });
      }
    };
    const fire = (scheduled: number) => {
      const r = o.make();
      const sentAt = performance.now();
      lag.push(sentAt - scheduled);
      const req = request(
        {
          host: '127.0.0.1',
          port: o.port,
          path: o.path ?? '/slack/events',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(r.body)), ...r.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          if (isAnswer) res.on('data', (c: Buffer) => chunks.push(c));
          else res.resume();
          res.on('end', () => {
            const end = performance.now();
            if (res.statusCode === 200) {
              latencies.push(end - scheduled);
              service.push(end - sentAt);
              if (isAnswer && isAnswer(Buffer.concat(chunks).toString('utf8'))) answered++;
            } else {
              non2xx++;
            }
            finish();
          });
        },
      );
      req.setTimeout(o.timeoutMs ?? 10_000, () => {
        timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        errors++;
        finish();
      });
      req.end(r.body);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * interval <= now) {
        fire(t0 + sent * interval);
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, t0 + sent * interval - performance.now()));
    };
    setTimeout(tick, 10);
  });
}
