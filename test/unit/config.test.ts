import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { redact } from '../../src/logger';

describe('loadConfig', () => {
  it('defaults to the console with documented defaults', () => {
    const c = loadConfig({}, '/app');
    expect(c.mode).toBe('console');
    expect(c.port).toBe(3000);
    expect(c.dealsDir).toBe('/app/seeds/deals');
    // The console keeps its state in memory: with the bot's store it would take real channels' digests.
    expect(c.storeUrl).toBe('memory:');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, '/app').storeUrl).toBe('sqlite://data/state.sqlite');
    expect(loadConfig({ STORE_URL: 'sqlite://console.sqlite' }, '/app').storeUrl).toBe('sqlite://console.sqlite');
    expect(c.llm).toEqual({ apiKey: undefined, baseUrl: undefined, model: 'gpt-4o-mini', timeoutMs: 8000 });
    // The console prints answers on stdout: its log is quiet unless LOG_LEVEL says otherwise.
    expect(c.logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'debug' }, '/app').logLevel).toBe('debug');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, '/app').logLevel).toBe('info');
    expect(c.digestLeaseMs).toBe(600_000);
    expect(c.dealsCacheDir).toBe(path.join(os.tmpdir(), `deal-briefing-catalog-${process.getuid?.() ?? 'user'}`));
  });

  it('puts the catalogue cache where DEALS_CACHE_DIR says, or turns it off', () => {
    expect(loadConfig({ DEALS_CACHE_DIR: 'cache' }, '/app').dealsCacheDir).toBe('/app/cache');
    expect(loadConfig({ DEALS_CACHE_DIR: 'OFF' }, '/app').dealsCacheDir).toBeUndefined();
  });

  it('selects HTTP with a bot token and signing secret, Socket Mode with an app token', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).mode).toBe('http');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).mode).toBe('socket');
  });

  it('treats blank values as unset', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: ' ', OPENAI_API_KEY: '', PORT: '', LLM_TIMEOUT_MS: '' });
    expect(c.mode).toBe('console');
    expect(c.llm.apiKey).toBeUndefined();
    expect(c.port).toBe(3000);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: expected a port number/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user' })).toThrow(/SLACK_BOT_TOKEN: expected a bot token/);
    expect(() => loadConfig({ LLM_TIMEOUT_MS: '-5' })).toThrow(/LLM_TIMEOUT_MS/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL: expected debug, info, warn or error/);
  });

  it('parses curators and normalises the Slack API URL', () => {
    const c = loadConfig({ CURATORS: 'U1, U2,,', SLACK_API_URL: 'http://127.0.0.1:9/api' });
    expect(c.curators).toEqual(['U1', 'U2']);
    expect(c.slack.apiUrl).toBe('http://127.0.0.1:9/api/');
  });
});

describe('redact', () => {
  it('removes tokens and keys from log text', () => {
    const line = redact('failed with xoxb-123-abc and xapp-1-A and sk-proj-abcdefghij and s3cretvalue', ['s3cretvalue']);
    expect(line).not.toMatch(/xoxb-123|xapp-1-A|sk-proj-abcdefghij|s3cretvalue/);
  });
});
