/**
 * Configuration from the environment, read once and validated. This is the only module that
 * reads `process.env`; everything else receives a `Config`.
 *
 * Blank values count as unset (a `.env` line `OPENAI_API_KEY=` means "no key").
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export type RunMode = 'http' | 'socket' | 'console';

export interface Config {
  mode: RunMode;
  slack: {
    /** SLACK_BOT_TOKEN: the bot's xoxb- token. */
    botToken?: string;
    /** SLACK_SIGNING_SECRET: verifies HTTP requests (HTTP mode). */
    signingSecret?: string;
    /** SLACK_APP_TOKEN: the xapp- token that selects Socket Mode. */
    appToken?: string;
    /** SLACK_API_URL: Web API base URL. @default "https://slack.com/api/" */
    apiUrl?: string;
  };
  /** PORT: HTTP listen port. @default 3000 */
  port: number;
  /** DEALS_DIR: the curated deal files. @default "seeds/deals" */
  dealsDir: string;
  /**
   * DEALS_CACHE_DIR: where the catalogue cache keeps what the last load validated, so a restart
   * or reload reads only changed files; "off" reads every file every time.
   * @default "<temp dir>/deal-briefing-catalog-<uid>"
   */
  dealsCacheDir?: string;
  /** STORE_URL: state store. @default "sqlite://data/state.sqlite" ("memory:" in the console) */
  storeUrl: string;
  llm: {
    /** OPENAI_API_KEY: enables LLM summaries; without it answers are deterministic. */
    apiKey?: string;
    /** OPENAI_BASE_URL: any OpenAI-compatible server. @default the SDK's (api.openai.com) */
    baseUrl?: string;
    /** OPENAI_MODEL. @default "gpt-4o-mini" */
    model: string;
    /** LLM_TIMEOUT_MS: give up on the model and answer deterministically. @default 8000 */
    timeoutMs: number;
  };
  /** CURATORS: comma-separated Slack user ids allowed to run admin commands. @default none */
  curators: string[];
  /**
   * DIGEST_LEASE_MS: how long a replica's claim on a digest slot lasts; if that replica dies
   * before posting, another takes the slot over after this. @default 600000 (10 minutes)
   */
  digestLeaseMs: number;
  /** LOG_LEVEL: debug | info | warn | error. @default "info" ("warn" in the console, which prints answers on stdout) */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Thrown for a bad environment; the message names the variable and what it accepts. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const positiveInt = (fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').positive('expected a positive number').default(fallback),
  );

const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), 'expected a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), 'expected an app-level token starting with xapp-'),
  SLACK_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), 'expected an http(s) URL'),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'expected a port number' }).int().min(0).max(65535, 'expected a port number 0–65535').default(3000),
  ),
  DEALS_DIR: optionalString,
  DEALS_CACHE_DIR: optionalString,
  STORE_URL: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), 'expected an http(s) URL'),
  OPENAI_MODEL: optionalString,
  LLM_TIMEOUT_MS: positiveInt(8000),
  CURATORS: optionalString,
  DIGEST_LEASE_MS: positiveInt(600_000),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.toLowerCase()) : v),
    z.enum(['debug', 'info', 'warn', 'error'], { error: 'expected debug, info, warn or error' }).optional(),
  ),
});

/**
 * Reads `.env` in the working directory into the environment when there is one; variables
 * already set win. The bot and the tools that read its settings (check-seeds) call it first.
 */
export function loadDotEnv(): void {
  try {
    process.loadEnvFile('.env');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * DEALS_DIR alone, for tools that read the deals and nothing else: a half-set Slack setting is
 * the bot's problem, not theirs.
 */
export function dealsDirFrom(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const set = blankToUndefined(env.DEALS_DIR) as string | undefined;
  return path.resolve(cwd, set?.trim() ?? 'seeds/deals');
}

/**
 * Reads the configuration. `cwd` anchors relative paths (DEALS_DIR, DEALS_CACHE_DIR, the
 * default store file).
 * Throws `ConfigError` naming every bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let mode: RunMode = 'console';
  if (e.SLACK_APP_TOKEN) {
    if (!e.SLACK_BOT_TOKEN) throw new ConfigError('SLACK_APP_TOKEN is set (Socket Mode) but SLACK_BOT_TOKEN is missing');
    mode = 'socket';
  } else if (e.SLACK_BOT_TOKEN) {
    if (!e.SLACK_SIGNING_SECRET) {
      throw new ConfigError(
        'SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is',
      );
    }
    mode = 'http';
  } else if (e.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is missing');
  }
  const apiUrl = e.SLACK_API_URL && (e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`);
  return {
    mode,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl,
    },
    port: e.PORT,
    dealsDir: dealsDirFrom(env, cwd),
    dealsCacheDir:
      e.DEALS_CACHE_DIR?.toLowerCase() === 'off'
        ? undefined
        : path.resolve(cwd, e.DEALS_CACHE_DIR ?? path.join(os.tmpdir(), `deal-briefing-catalog-${process.getuid?.() ?? 'user'}`)),
    // The console's digests print in the terminal: with the bot's own store it would take (and
    // mark as posted) real channels' digests, so it keeps its state in memory unless told.
    storeUrl: e.STORE_URL ?? (mode === 'console' ? 'memory:' : 'sqlite://data/state.sqlite'),
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL ?? 'gpt-4o-mini',
      timeoutMs: e.LLM_TIMEOUT_MS,
    },
    curators: (e.CURATORS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    digestLeaseMs: e.DIGEST_LEASE_MS,
    logLevel: e.LOG_LEVEL ?? (mode === 'console' ? 'warn' : 'info'),
  };
}
