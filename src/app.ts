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
import { reloadCatalog, watchCatalog, type CatalogWatcher } from './deals/watch';
import { digestJob } from './jobs/digest-job';
import { createScheduler } from './jobs/scheduler';
import { createPosterClient, createSlackPoster } from './jobs/slack-poster';
import { registerListeners } from './listeners';
import { dedupeMiddleware } from './listeners/dedupe';
import type { LlmClient } from './llm/client';
import { createOpenAiClient } from './llm/openai';
import { createAnswerService } from './services/answer';
import { createConversations } from './services/conversations';
import { systemClock, type Clock } from './services/digest-clock';
import { createFirstSeen } from './services/digest-first-seen';
import type { DigestPoster } from './services/digest-poster';
import { createDigestService, type DigestService } from './services/digest-service';
import { createSubscriptions } from './services/subscriptions';
import { createRunCoordinator } from './store';
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
  /** The digests' clock (schedule, pacing, retries); tests inject a fake. @default the system clock */
  clock?: Clock;
  /** Run the digest tick (node-cron, every minute, and once at start) while started. @default true */
  digestScheduler?: boolean;
  /** Watch config.dealsDir and put changes in service. @default true unless `catalog` is given */
  hotReload?: boolean;
  /** The Slack side of digests. @default the Web API at the bot's Slack URL */
  digestPoster?: DigestPoster;
  /** How long recent lookups wait to be written together (conversations.ts). @default 100 ms */
  recentLookupWriteDelayMs?: number;
}

export interface Bot {
  app: App;
  catalog: () => Catalog;
  /** Channel digests: subscriptions, the tick (`runDue`), "now" and previews. */
  digests: DigestService;
  /** Re-reads config.dealsDir now, as the watcher does on a change; undefined if it was rejected. */
  reloadCatalog(): Catalog | undefined;
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

/** How long stop() waits for a digest in progress. */
const DIGEST_STOP_GRACE_MS = 10_000;

/** Builds the bot for `config.mode` without starting it. Throws CatalogError on bad seeds. */
export function createBot(options: BotOptions): Bot {
  const { config, logger } = options;
  let catalog = options.catalog ?? loadCatalog(config.dealsDir, { cacheDir: config.dealsCacheDir });
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
    // Without it Bolt sets the logger it is given to INFO, whatever LOG_LEVEL asked for.
    logLevel: logger.getLevel(),
    clientOptions,
    // NOTE: without deferInitialization, App's constructor fires auth.test unawaited, and an
    // unreachable Slack at boot becomes an unhandled rejection that kills the process.
    deferInitialization: true,
    // Bolt's conversation store is per process and would be read on every request; what a
    // thread is about lives in our state store instead (shared by replicas, see conversations.ts).
    convoStore: false,
  });
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const getCatalog = () => catalog;
  const conversations = createConversations(options.store, { recentLookupWriteDelayMs: options.recentLookupWriteDelayMs });
  const answers = createAnswerService({ catalog: getCatalog, llm: options.llm, logger });

  const clock = options.clock ?? systemClock;
  const token = config.slack.botToken ?? 'xoxb-console';
  const digests = createDigestService({
    store: options.store,
    subscriptions: createSubscriptions(options.store),
    firstSeen: createFirstSeen(options.store),
    poster: options.digestPoster ?? createSlackPoster({ client: createPosterClient(token, slackApiUrl, logger), clock, logger }),
    catalog: getCatalog,
    clock,
    logger,
    owner: instanceId,
    leaseMs: config.digestLeaseMs,
  });
  const scheduler = createScheduler({
    jobs: [digestJob(digests, logger)],
    logger,
    coordinator: createRunCoordinator(options.store, instanceId),
  });
  /**
   * Indexes a catalogue's title words in the background (title-words.ts): until that is done,
   * lookups say they did not search titles; if it fails, they leave such words out, as before.
   * The build of a catalogue that a reload replaced, or of a stopped bot, is stopped.
   */
  let indexing: { catalog: Catalog; build: AbortController } | undefined;
  const indexTitles = (c: Catalog) => {
    if (indexing?.catalog === c) return;
    indexing?.build.abort();
    indexing = { catalog: c, build: new AbortController() };
    const { signal } = indexing.build;
    c.buildTitleWords(signal).then(
      ({ unread }) => {
        if (unread > 0) logger.warn(`${unread} deal titles could not be read back from the catalogue's records; /deal does not find those deals by title words`);
      },
      (err: Error) => {
        if (signal.aborted) logger.debug('stopped indexing the titles of a catalogue no longer in service');
        else logger.warn(`could not index the deal titles (${err.message}); /deal will not search titles for words that name no company`);
      },
    );
  };
  indexTitles(catalog);
  /** Puts a reloaded catalogue in service and records when its new deals were first seen. */
  const setCatalog = (next: Catalog) => {
    catalog = next;
    indexTitles(next);
    digests.recordCatalog(next).catch((err: Error) => {
      logger.warn(`could not record first-seen times yet (${err.message}); the next digest tick retries`);
    });
  };
  const hotReload = options.hotReload ?? options.catalog === undefined;
  let watcher: CatalogWatcher | undefined;

  app.use(dedupeMiddleware(options.store, logger));
  registerListeners(app, { catalog: getCatalog, logger, answers, conversations, digests, curators: config.curators });
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

  /** Hot reload and the digest tick, once the app is up. */
  const startBackground = () => {
    if (hotReload && !watcher) {
      try {
        watcher = watchCatalog({ dir: config.dealsDir, logger, onReload: setCatalog, cacheDir: config.dealsCacheDir });
      } catch (err) {
        logger.warn(`not watching ${config.dealsDir} for changes: ${(err as Error).message}`);
      }
    }
    if (options.digestScheduler ?? true) scheduler.start();
  };

  return {
    app,
    catalog: getCatalog,
    digests,
    reloadCatalog() {
      const next = reloadCatalog(config.dealsDir, logger, undefined, { cacheDir: config.dealsCacheDir });
      if (next) setCatalog(next);
      return next;
    },
    async start() {
      for (let attempt = 1; ; attempt++) {
        if (stopped) throw stoppedError();
        try {
          await app.init();
          break;
        } catch (err) {
          if (stopped) throw err;
          // A token Slack rejects will not start working by waiting: stop with a clear message.
          const code = (err as { data?: { error?: string } }).data?.error;
          if (code && FATAL_AUTH_ERRORS.has(code)) {
            throw new Error(`Slack rejected SLACK_BOT_TOKEN (${code}); check the token and that the app is installed`);
          }
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
      if (!stopped) startBackground();
      const address = (started as Server | undefined)?.address?.();
      return { port: typeof address === 'object' && address ? address.port : undefined };
    },
    async stop() {
      stopped = true;
      wake?.();
      watcher?.close();
      indexing?.build.abort();
      // Waits (a little) for a digest in progress, so a normal restart does not leave one posted
      // but unrecorded. One stuck in a long rate-limit wait has not posted yet and is safe to drop.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        scheduler.stop(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, DIGEST_STOP_GRACE_MS);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
      // Still waiting for Slack at boot: no receiver was started, so there is nothing to stop
      // (and stopping a receiver that never started throws).
      if (!starting) return;
      try {
        // Not awaiting `starting` first: a Socket Mode connection can take minutes to come up.
        await app.stop();
      } catch (err) {
        // A receiver that failed to start, or had not finished starting, is stopped already.
        if (startedOk) throw err;
      } finally {
        // After the receiver: no lookup can come in once the waiting ones are written.
        await conversations.flush();
      }
    },
  };
}

/** auth.test errors that mean the token itself is bad, not that Slack is unreachable. */
const FATAL_AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'missing_scope']);

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
