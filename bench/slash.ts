/**
 * Slash commands under load: signed `/deal` requests at fixed rates against the real bot and
 * against the bare-Bolt floor. Each step is run in short rounds that alternate between the two
 * (floor, bot, bot, floor, floor, bot…) and the rounds' samples are pooled, so a change in
 * machine load — another process, a noisy neighbour — hits both alike. Each step reports client-side ack latency, errors, the server's own CPU
 * per request, event-loop utilisation and worst GC pause, and — for the bot — whether every
 * acked command got exactly one answer: in the ack's body (how the bot answers a lookup) or on
 * its response_url, not both.
 */
import { randomBytes } from 'node:crypto';
import type { FakeSlackStats } from './fake-slack';
import { emptySamples, pool, runAutocannon, runPaced, type LoadSamples, type LoadStepResult, type SignedRequest } from './loadgen';
import type { ServerStats } from './servers';
import { signHeaders, slashCommandBody } from './sign';

/** A server under test, in this process or in a child. */
export interface SlashTarget {
  kind: 'bot' | 'floor';
  port: number;
  stats(): Promise<ServerStats>;
}

/** The fake Slack: where response_urls point, and its counters. */
export interface SlashSink {
  baseUrl: string;
  stats(): Promise<FakeSlackStats>;
}

export type Generator = 'paced' | 'autocannon';

export interface SlashOptions {
  rates: number[];
  durationSec: number;
  warmupSec: number;
  generators: Generator[];
  /** Query texts, used in rotation. */
  queries: string[];
  connections?: number;
  /** Rounds each step's duration is split into, alternating floor and bot. @default 5 */
  rounds?: number;
  log?: (line: string) => void;
}

export interface SlashStep {
  target: 'bot' | 'floor';
  generator: Generator;
  rate: number;
  load: LoadStepResult;
  server: ServerStats;
  cpuMsPerRequest: number;
  /**
   * bot only: answers to the commands it acked, in the ack (`inAck`) or on the response_url
   * (`received` counts both).
   */
  replies?: { expected: number; received: number; inAck: number; duplicates: number; missing: number };
}

export interface SlashResult {
  durationSec: number;
  rounds: number;
  warmupSec: number;
  connections: number;
  steps: SlashStep[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function requestMaker(sink: SlashSink, queries: string[], tag: string): { make: () => SignedRequest } {
  let seq = 0;
  const salt = randomBytes(3).toString('hex');
  return {
    make() {
      seq++;
      const body = slashCommandBody(
        queries[seq % queries.length]!,
        `${sink.baseUrl}/respond/${tag}-${seq}`,
        `${Date.now()}.${salt}.${tag}.${seq}`,
      );
      // Signed now, with the current timestamp: every request is one Slack could have sent.
      return { body, headers: signHeaders(body) };
    },
  };
}

/** A Slack message with blocks: the bot's answer sent with the acknowledgement. */
function isAnswerBody(body: string): boolean {
  if (!body.startsWith('{')) return false;
  const message = JSON.parse(body) as { text?: unknown; blocks?: unknown };
  return typeof message.text === 'string' && Array.isArray(message.blocks) && message.blocks.length > 0;
}

async function waitForReplies(sink: SlashSink, target: number, timeoutMs: number): Promise<FakeSlackStats> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await sink.stats();
    if (s.responseIds >= target || Date.now() > deadline) return s;
    await sleep(25);
  }
}

export async function runSlashBench(targets: { bot: SlashTarget; floor: SlashTarget }, sink: SlashSink, o: SlashOptions): Promise<SlashResult> {
  const log = o.log ?? (() => undefined);
  const connections = o.connections ?? 10;
  const rounds = Math.max(1, o.rounds ?? 5);
  const steps: SlashStep[] = [];
  let roundNo = 0;

  /** One round against one target; its raw latencies are appended to `samples`. */
  const runRound = async (target: SlashTarget, generator: Generator, rate: number, durationSec: number, samples: LoadSamples): Promise<Round> => {
    const tag = `r${++roundNo}${target.kind[0]}`;
    const maker = requestMaker(sink, o.queries, tag);
    const before = await sink.stats();
    await target.stats(); // resets the server's counters
    const run = generator === 'paced' ? runPaced : runAutocannon;
    const isAnswer = target.kind === 'bot' ? isAnswerBody : undefined;
    const load = await run({ port: target.port, rate, durationSec, make: maker.make, connections, isAnswer, samples });
    const server = await target.stats();
    let replies: SlashStep['replies'];
    if (target.kind === 'bot') {
      const expected = load.completed - load.non2xx;
      const inAck = load.answered ?? 0;
      // Give late response_url answers time to arrive (none are expected for lookups).
      const after = await waitForReplies(sink, before.responseIds + expected - inAck, inAck >= expected ? 200 : 10_000);
      const onUrl = after.responseIds - before.responseIds;
      const received = inAck + onUrl;
      replies = {
        expected,
        received,
        inAck,
        duplicates: after.responseDuplicates - before.responseDuplicates + Math.max(0, received - expected),
        missing: Math.max(0, expected - received),
      };
    }
    return { load, server, replies };
  };

  /** A step: `rounds` alternating rounds per target, pooled into one step each. */
  const runStep = async (generator: Generator, rate: number, durationSec: number): Promise<SlashStep[]> => {
    const kinds = ['floor', 'bot'] as const;
    const done = { floor: [] as Round[], bot: [] as Round[] };
    const samples = { floor: emptySamples(), bot: emptySamples() };
    for (let i = 0; i < rounds; i++) {
      // ABBA order: neither target always goes first.
      for (const kind of i % 2 === 0 ? kinds : [...kinds].reverse()) {
        done[kind].push(await runRound(targets[kind], generator, rate, durationSec / rounds, samples[kind]));
        await sleep(100);
      }
    }
    return kinds.map((kind) => {
      const load = pool(done[kind].map((r) => r.load), samples[kind]);
      const server = poolServerStats(done[kind].map((r) => r.server));
      return {
        target: kind,
        generator,
        rate,
        load,
        server,
        cpuMsPerRequest: server.cpuMs / Math.max(1, load.completed),
        replies: kind === 'bot' ? poolReplies(done.bot.map((r) => r.replies!)) : undefined,
      };
    });
  };

  // Warm-up: JIT, connection pools, the bot's store — on both servers, not recorded.
  if (o.warmupSec > 0) {
    for (const kind of ['floor', 'bot'] as const) {
      for (const generator of o.generators) await runRound(targets[kind], generator, 100, o.warmupSec / o.generators.length, emptySamples());
    }
  }
  for (const rate of o.rates) {
    for (const generator of o.generators) {
      for (const step of await runStep(generator, rate, o.durationSec)) {
        steps.push(step);
        const { load, server, replies } = step;
        log(
          `  ${step.target.padEnd(5)} ${generator.padEnd(10)} ${String(rate).padStart(4)} req/s: p50 ${load.latency.p50Ms.toFixed(2)} ms, p99 ${load.latency.p99Ms.toFixed(2)} ms, ` +
            `max ${load.latency.maxMs.toFixed(1)} ms, ${load.completed}/${load.sent} ok, errors ${load.errors + load.non2xx + load.timeouts}, ` +
            `server cpu ${step.cpuMsPerRequest.toFixed(2)} ms/req, gc max ${server.gcMaxMs.toFixed(1)} ms, stall max ${server.loopDelayMaxMs.toFixed(0)} ms` +
            (replies ? `, replies ${replies.received}/${replies.expected} (dup ${replies.duplicates})` : ''),
        );
      }
    }
  }
  return { durationSec: o.durationSec, rounds, warmupSec: o.warmupSec, connections, steps };
}

interface Round {
  load: LoadStepResult;
  server: ServerStats;
  replies?: SlashStep['replies'];
}

/** Server counters over several rounds: sums, maxima, and the last reading of the gauges. */
function poolServerStats(rounds: ServerStats[]): ServerStats {
  const last = rounds[rounds.length - 1]!;
  const sum = (f: (s: ServerStats) => number) => rounds.reduce((t, s) => t + f(s), 0);
  const max = (f: (s: ServerStats) => number) => Math.max(...rounds.map(f));
  return {
    ...last,
    cpuMs: sum((s) => s.cpuMs),
    elu: sum((s) => s.elu) / rounds.length,
    gcCount: sum((s) => s.gcCount),
    gcTotalMs: sum((s) => s.gcTotalMs),
    gcMaxMs: max((s) => s.gcMaxMs),
    loopDelayMaxMs: max((s) => s.loopDelayMaxMs),
  };
}

function poolReplies(rounds: NonNullable<SlashStep['replies']>[]): SlashStep['replies'] {
  const sum = (f: (r: NonNullable<SlashStep['replies']>) => number) => rounds.reduce((t, r) => t + f(r), 0);
  return {
    expected: sum((r) => r.expected),
    received: sum((r) => r.received),
    inAck: sum((r) => r.inAck),
    duplicates: sum((r) => r.duplicates),
    missing: sum((r) => r.missing),
  };
}
