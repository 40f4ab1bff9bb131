/**
 * The servers the slash-command load hits: the real bot (createBot, HTTP mode, PORT 0, the
 * default SQLite state store, in a temporary directory) and the floor — a bare Bolt app on the
 * same receiver type (HTTPReceiver) that acks a constant. Each reports its own CPU, event-loop utilisation and GC pauses, so a
 * latency difference can be traced to work done in the server.
 */
import { App, HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, performance as perf } from 'node:perf_hooks';
import { createBot } from '../src/app';
import { loadConfig } from '../src/config';
import { openStore } from '../src/store';
import { BENCH_BOT_TOKEN, BENCH_SIGNING_SECRET } from './sign';

export interface ServerStats {
  cpuMs: number;
  /** Event-loop utilisation since the previous `stats()` call, 0–1. */
  elu: number;
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** Longest event-loop delay seen (1 ms resolution): any stall, GC or not. */
  loopDelayMaxMs: number;
  rssMB: number;
  heapUsedMB: number;
  /** Lines logged at warn or error since start. */
  warnings: number;
  lastWarning?: string;
}

export interface ServerHandle {
  kind: 'bot' | 'floor';
  port: number;
  /** Start-up time (catalogue load for the bot). */
  startMs: number;
  /** Counters since the previous call (cpu, elu, gc) and current memory. */
  stats(): ServerStats;
  stop(): Promise<void>;
}

/** A logger that prints nothing and counts warnings and errors. */
export function quietLogger(): Logger & { warnings: number; last?: string } {
  let level = LogLevel.ERROR;
  const logger = {
    warnings: 0,
    last: undefined as string | undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (...args: unknown[]) => {
      logger.warnings++;
      logger.last = args.map(String).join(' ').slice(0, 300);
    },
    error: (...args: unknown[]) => {
      logger.warnings++;
      logger.last = args.map(String).join(' ').slice(0, 300);
    },
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
  return logger;
}

/** CPU / ELU / GC counters for this process, reset on every read. */
function processMeter(logger: ReturnType<typeof quietLogger>): { read(): ServerStats; stop(): void } {
  let cpu = process.cpuUsage();
  let elu = perf.eventLoopUtilization();
  let gc = { count: 0, total: 0, max: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.total += e.duration;
      if (e.duration > gc.max) gc.max = e.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  return {
    read() {
      const c = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      const e = perf.eventLoopUtilization(elu);
      elu = perf.eventLoopUtilization();
      const mem = process.memoryUsage();
      const out: ServerStats = {
        cpuMs: (c.user + c.system) / 1000,
        elu: e.utilization,
        gcCount: gc.count,
        gcTotalMs: gc.total,
        gcMaxMs: gc.max,
        loopDelayMaxMs: delay.max / 1e6,
        rssMB: mem.rss / 1048576,
        heapUsedMB: mem.heapUsed / 1048576,
        warnings: logger.warnings,
        lastWarning: logger.last,
      };
      gc = { count: 0, total: 0, max: 0 };
      delay.reset();
      return out;
    },
    stop: () => {
      observer.disconnect();
      delay.disable();
    },
  };
}

/** The real bot over the deals in `dealsDir`, talking to `slackApiUrl`. */
export async function startBotServer(options: { dealsDir: string; slackApiUrl: string }): Promise<ServerHandle> {
  const logger = quietLogger();
  const t0 = performance.now();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'bench-state-'));
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: options.slackApiUrl,
      PORT: '0',
      STORE_URL: `sqlite://${path.join(stateDir, 'state.sqlite')}`,
      LOG_LEVEL: 'error',
      DEALS_DIR: options.dealsDir,
      // Its own catalogue cache, removed with the state at stop (not the user's default cache).
      DEALS_CACHE_DIR: path.join(stateDir, 'catalog-cache'),
    },
    process.cwd(),
  );
  const store = await openStore(config.storeUrl, { logger });
  const bot = createBot({ config, logger, store });
  const { port } = await bot.start();
  if (port === undefined) throw new Error('the bot did not report its port');
  const startMs = performance.now() - t0;
  const meter = processMeter(logger);
  return {
    kind: 'bot',
    port,
    startMs,
    stats: () => meter.read(),
    async stop() {
      meter.stop();
      await bot.stop();
      await store.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** A bare Bolt app on HTTPReceiver that acks `/deal` with a constant: the floor any Bolt app pays. */
export async function startFloorServer(options: { slackApiUrl: string }): Promise<ServerHandle> {
  const logger = quietLogger();
  const t0 = performance.now();
  const receiver = new HTTPReceiver({ signingSecret: BENCH_SIGNING_SECRET, endpoints: '/slack/events', logger });
  const app = new App({
    token: BENCH_BOT_TOKEN,
    receiver,
    logger,
    clientOptions: { slackApiUrl: options.slackApiUrl },
    deferInitialization: true,
  });
  app.command('/deal', async ({ ack }) => {
    await ack('Looking that up…');
  });
  await app.init();
  const server = (await app.start(0)) as unknown as Server;
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('the floor app did not report its port');
  const meter = processMeter(logger);
  return {
    kind: 'floor',
    port: address.port,
    startMs: performance.now() - t0,
    stats: () => meter.read(),
    async stop() {
      meter.stop();
      await app.stop();
    },
  };
}
