/**
 * LOG_LEVEL must hold once the bot is built (Bolt resets a logger it is given to INFO unless it
 * is told the level), and nothing that lets someone act as the app may reach a log line.
 */
import { LogLevel } from '@slack/bolt';
import { createBot, toBoltLogLevel } from '../../src/app';
import { createLogger, redact } from '../../src/logger';
import { openStore } from '../../src/store';
import { testConfig } from '../helpers/bot';

describe('the log level', () => {
  it.each([
    ['HTTP', { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'signing-secret' }],
    ['Socket Mode', { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test' }],
  ])('stays what LOG_LEVEL says once the %s bot is built', async (_mode, env) => {
    for (const level of ['error', 'debug'] as const) {
      const config = testConfig({ ...env, LOG_LEVEL: level });
      const logger = createLogger(toBoltLogLevel(config.logLevel));
      const store = await openStore('memory:', { logger });
      createBot({ config, logger, store });
      expect(logger.getLevel()).toBe(level === 'error' ? LogLevel.ERROR : LogLevel.DEBUG);
      await store.close();
    }
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      const config = testConfig({ ...env, LOG_LEVEL: 'error' });
      const logger = createLogger(toBoltLogLevel(config.logLevel));
      const store = await openStore('memory:', { logger });
      createBot({ config, logger, store });
      logger.info('listening on port 3000');
      expect(info).not.toHaveBeenCalled();
      await store.close();
    } finally {
      info.mockRestore();
    }
  });
});

describe('redact', () => {
  it('removes response URLs and webhook URLs, which let anyone holding them post as the app', () => {
    const payload = JSON.stringify({ response_url: 'https://hooks.slack.com/commands/T0001/123/abcDEF', text: 'hi' });
    expect(redact(`Received a message on the WebSocket: ${payload}`)).toBe(
      `Received a message on the WebSocket: ${JSON.stringify({ response_url: '[redacted]', text: 'hi' })}`,
    );
    expect(redact('posting to https://hooks.slack-gov.com/services/T1/B2/xyz failed')).toBe('posting to [redacted] failed');
  });
});
