/**
 * Slash commands under load: signed `/deal` requests at fixed rates against the real bot and
 * against the bare-Bolt floor, interleaved (floor, bot, floor, bot…) so a change in machine
 * load hits both alike. Each step reports client-side ack latency, errors, the server's own CPU
 * per request, event-loop utilisation and worst GC pause, and — for the bot — whether every
 * acked command got exactly one answer: in the ack's body (how the bot answers a lookup) or on
 * its response_url, not both.
 */
import { randomBytes } from 'node:crypto';
import type { FakeSlackStats } from './fake-slack';
import { runAutocannon, runPaced, type LoadStepResult, type SignedRequest } from './loadgen';
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
  warmupSec: number;
  connections: number;
  steps: SlashStep[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function requestMaker(sink: SlashSink, queries: string[], tag: string): { make: () => SignedRequest; count: () => number } {
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
    count: () => seq,
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
  const steps: SlashStep[] = [];
  let stepNo = 0;

  const runStep = async (target: SlashTarget, generator: Generator, rate: number, durationSec: number, record: boolean) => {
    const tag = `s${++stepNo}${target.kind[0]}`;
    const maker = requestMaker(sink, o.queries, tag);
    const before = await sink.stats();
    await target.stats(); // resets the server's counters
    const run = generator === 'paced' ? runPaced : runAutocannon;
    const isAnswer = target.kind === 'bot' ? isAnswerBody : undefined;
    const load = await run({ port: target.port, rate, durationSec, make: maker.make, connections, isAnswer });
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
    if (record) {
      const step: SlashStep = { target: target.kind, generator, rate, load, server, cpuMsPerRequest: server.cpuMs / Math.max(1, load.completed), replies };
      steps.push(step);
      log(
        `  ${target.kind.padEnd(5)} ${generator.padEnd(10)} ${String(rate).padStart(4)} req/s: p50 ${load.latency.p50Ms.toFixed(2)} ms, p99 ${load.latency.p99Ms.toFixed(2)} ms, ` +
          `max ${load.latency.maxMs.toFixed(1)} ms, ${load.completed}/${load.sent} ok, errors ${load.errors + load.non2xx + load.timeouts}, ` +
          `server cpu ${step.cpuMsPerRequest.toFixed(2)} ms/req, gc max ${server.gcMaxMs.toFixed(1)} ms, stall max ${server.loopDelayMaxMs.toFixed(0)} ms` +
          (replies ? `, replies ${replies.received}/${replies.expected} (dup ${replies.duplicates})` : ''),
      );
    }
  };

  // Warm-up: JIT, connection pools, the bot's store — on both servers, not recorded.
  if (o.warmupSec > 0) {
    for (const target of [targets.floor, targets.bot]) {
      for (const generator of o.generators) await runStep(target, generator, 100, o.warmupSec / o.generators.length, false);
    }
  }
  for (const rate of o.rates) {
    for (const generator of o.generators) {
      for (const target of [targets.floor, targets.bot]) {
        await runStep(target, generator, rate, o.durationSec, true);
        await sleep(100);
      }
    }
  }
  return { durationSec: o.durationSec, warmupSec: o.warmupSec, connections, steps };
}
