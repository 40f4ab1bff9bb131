/**
 * Builds the real bot (createBot from src/app.ts) for integration tests, with a config read
 * by the real loadConfig and a silent logger that keeps what was logged for assertions.
 */
import path from 'node:path';
import type { Logger } from '@slack/bolt';
import { LogLevel } from '@slack/bolt';
import { createBot, type Bot, type BotOptions } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { openStore } from '../../src/store';
import type { StateStore } from '../../src/store/state';
import { SIGNING_SECRET } from './sign';

/** The project root (where seeds/deals lives). */
export const ROOT = path.resolve(__dirname, '..', '..');

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  text: string;
}

/** A Logger that prints nothing (set DEBUG_IT=1 to see it) and records every line. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  let level = LogLevel.DEBUG;
  const echo = Boolean(process.env.DEBUG_IT);
  const rec = (l: LogLine['level']) => (...args: unknown[]) => {
    const text = args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    lines.push({ level: l, text });
    if (echo) process.stderr.write(`[${l}] ${text}\n`);
  };
  return {
    lines,
    debug: rec('debug'),
    info: rec('info'),
    warn: rec('warn'),
    error: rec('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Configuration through the real loader, with test defaults: quiet, an ephemeral port, throwaway state. */
export function testConfig(env: Record<string, string>): Config {
  return loadConfig({ LOG_LEVEL: 'error', PORT: '0', STORE_URL: 'memory:', ...env }, ROOT);
}

/** Env for HTTP mode against `apiUrl`. */
export function httpEnv(apiUrl: string): Record<string, string> {
  return { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl };
}

export interface TestBot {
  bot: Bot;
  store: StateStore;
  logger: ReturnType<typeof recordingLogger>;
  /** Stops the bot, then closes its store. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Creates (does not start) the bot the way main.ts does, with a throwaway in-memory store;
 * `options` may override anything createBot takes.
 */
export async function createTestBot(env: Record<string, string>, options: Partial<BotOptions> = {}): Promise<TestBot> {
  const logger = recordingLogger();
  const config = testConfig(env);
  const store = options.store ?? (await openStore(config.storeUrl, { logger }));
  const bot = createBot({ config, logger, store, ...options });
  let closed = false;
  return {
    bot,
    store,
    logger,
    async close() {
      if (closed) return;
      closed = true;
      await bot.stop();
      await store.close();
    },
  };
}

export interface StartedBot extends TestBot {
  port: number | undefined;
}

/** Creates and starts the bot. */
export async function startBot(env: Record<string, string>, options: Partial<BotOptions> = {}): Promise<StartedBot> {
  const test = await createTestBot(env, options);
  const { port } = await test.bot.start();
  return { ...test, port };
}
