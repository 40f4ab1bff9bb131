/**
 * Composition root: builds the dependencies, the Bolt app and its receiver for the chosen mode,
 * and registers the listeners. Nothing else wires things together.
 */
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger, type Receiver } from '@slack/bolt';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import type { Config } from './config';
import { loadCatalog, type Catalog } from './deals/catalog';
import { registerListeners } from './listeners';
import { dedupeMiddleware } from './listeners/dedupe';
import type { LlmClient } from './llm/client';
import { createOpenAiClient } from './llm/openai';
import { createAnswerService } from './services/answer';
import { createConversations } from './services/conversations';
import type { StateStore } from './store/state';

export interface BotOptions {
  config: Config;
  logger: Logger;
  /** A catalogue already loaded; by default it is loaded from `config.dealsDir`. */
  catalog?: Catalog;
  /** Shared state: thread subjects, answers, votes, de-duplication claims. */
  store: StateStore;
  /** The model for summaries; without it answers come straight from the facts. */
  llm?: LlmClient;
  /** Names this process in claims. @default host-pid-random */
  instanceId?: string;
  /** Console mode supplies its own receiver and Slack endpoint. */
  receiver?: Receiver;
  /** Overrides config.slack.apiUrl (console mode points it at its loopback Slack). */
  slackApiUrl?: string;
  /** Backoff between failed start-up auth checks. @default exponential from 1 s to 60 s */
  initRetryDelayMs?: (attempt: number) => number;
}

export interface Bot {
  app: App;
  catalog: () => Catalog;
  /** Verifies the token (retrying while Slack is unreachable) and starts the receiver. */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

const LOG_LEVELS: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

export function toBoltLogLevel(level: Config['logLevel']): LogLevel {
  return LOG_LEVELS[level];
}

/** Builds the bot for `config.mode` without starting it. Throws CatalogError on bad seeds. */
export function createBot(options: BotOptions): Bot {
  const { config, logger } = options;
  const catalog = options.catalog ?? loadCatalog(config.dealsDir);
  const slackApiUrl = options.slackApiUrl ?? config.slack.apiUrl;
  // A few quick retries: an answer that arrives half an hour late is worse than an error.
  const clientOptions = {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  };

  const receiver = options.receiver ?? buildReceiver(config, logger, clientOptions);
  const app = new App({
    token: config.slack.botToken ?? 'xoxb-console',
    receiver,
    logger,
    clientOptions,
    // NOTE: without deferInitialization, App's constructor fires auth.test unawaited, and an
    // unreachable Slack at boot becomes an unhandled rejection that kills the process.
    deferInitialization: true,
  });
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const getCatalog = () => catalog;
  const conversations = createConversations(options.store);
  const answers = createAnswerService({ catalog: getCatalog, llm: options.llm, logger });
  app.use(dedupeMiddleware(options.store, logger));
  registerListeners(app, { catalog: getCatalog, logger, answers, conversations });
  app.error(async (err) => {
    logger.error('unhandled listener error:', err.message);
  });

  const delay = options.initRetryDelayMs ?? ((attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1)));
  let stopped = false;
  /** app.start() once it has been called; `startedOk` once it has settled. */
  let starting: Promise<unknown> | undefined;
  let startedOk: boolean | undefined;
  /** Cuts the backoff short when stop() is called during start-up. */
  let wake: (() => void) | undefined;
  const stoppedError = () => new Error('the bot was stopped before start-up finished');

  return {
    app,
    catalog: getCatalog,
    async start() {
      for (let attempt = 1; ; attempt++) {
        if (stopped) throw stoppedError();
        try {
          await app.init();
          break;
        } catch (err) {
          if (stopped) throw err;
          const wait = delay(attempt);
          logger.warn(`Slack auth.test failed (${(err as Error).message}); retrying in ${Math.round(wait / 100) / 10} s`);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, wait);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
      }
      // Slack may have become reachable only after stop(): do not start listening then.
      if (stopped) throw stoppedError();
      starting = app.start(config.port);
      starting.then(
        () => (startedOk = true),
        () => (startedOk = false),
      );
      const started = (await starting) as unknown;
      const address = (started as Server | undefined)?.address?.();
      return { port: typeof address === 'object' && address ? address.port : undefined };
    },
    async stop() {
      stopped = true;
      wake?.();
      // Still waiting for Slack at boot: no receiver was started, so there is nothing to stop
      // (and stopping a receiver that never started throws).
      if (!starting) return;
      try {
        // Not awaiting `starting` first: a Socket Mode connection can take minutes to come up.
        await app.stop();
      } catch (err) {
        // A receiver that failed to start, or had not finished starting, is stopped already.
        if (startedOk) throw err;
      }
    },
  };
}

/** The configured model, or undefined when OPENAI_API_KEY is not set. */
export function llmFromConfig(config: Config): LlmClient | undefined {
  const { apiKey, baseUrl, model, timeoutMs } = config.llm;
  return apiKey ? createOpenAiClient({ apiKey, baseUrl, model, timeoutMs }) : undefined;
}

function buildReceiver(config: Config, logger: Logger, clientOptions: { slackApiUrl?: string }): Receiver {
  if (config.mode === 'socket') {
    return new SocketModeReceiver({
      appToken: config.slack.appToken!,
      logger,
      installerOptions: { clientOptions },
    });
  }
  if (config.mode === 'http') {
    return new HTTPReceiver({
      signingSecret: config.slack.signingSecret!,
      endpoints: '/slack/events',
      logger,
      customRoutes: [
        {
          path: '/healthz',
          method: ['GET'],
          handler: (_req, res) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end('{"ok":true}');
          },
        },
      ],
    });
  }
  throw new Error('console mode needs a receiver from src/console');
}
