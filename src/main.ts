/**
 * Entry point: read the environment, load the catalogue, start in the mode the tokens select
 * (HTTP, Socket Mode, or the console when no Slack tokens are set).
 */
import { createBot, llmFromConfig, toBoltLogLevel } from './app';
import { StoreError } from './store/errors';
import { openStore } from './store';
import { ConfigError, loadConfig, loadDotEnv } from './config';
import { CatalogError, describeCacheUse, readDealsDir } from './deals/catalog';
import { runShell } from './console/shell';
import { createLogger } from './logger';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(toBoltLogLevel(config.logLevel), [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.llm.apiKey,
  ]);
  if (config.mode === 'console') {
    await runShell({ config, logger, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
    return;
  }
  const { catalog, problems, cache } = readDealsDir(config.dealsDir, { cacheDir: config.dealsCacheDir });
  if (problems.length > 0) throw new CatalogError(problems);
  logger.info(`loaded ${catalog.size} deals from ${config.dealsDir} (${describeCacheUse(cache)})`);
  const store = await openStore(config.storeUrl, { logger });
  logger.info(`state store: ${store.description}`);
  // The catalogue was loaded above to fail fast; changes to DEALS_DIR are still picked up.
  const bot = createBot({ config, logger, catalog, store, llm: llmFromConfig(config), hotReload: true });
  const { port } = await bot.start();
  logger.info(config.mode === 'http' ? `listening on port ${port} (POST /slack/events, GET /healthz)` : 'connected in Socket Mode');
  const shutdown = (signal: string) => {
    logger.info(`${signal}: shutting down`);
    bot.stop().then(() => store.close()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof CatalogError || err instanceof ConfigError || err instanceof StoreError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
