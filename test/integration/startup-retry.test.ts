/**
 * Slack unreachable at boot: start() must neither crash nor give up; it keeps retrying
 * auth.test and starts serving as soon as Slack answers.
 */
import { closedPort, FakeSlack } from '../helpers/fake-slack';
import { createTestBot, httpEnv } from '../helpers/bot';
import { ackMessage, postForm } from '../helpers/http';
import { allText } from '../helpers/messages';
import { slashCommand } from '../helpers/payloads';
import { waitFor, within } from '../helpers/wait';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!().catch(() => undefined);
});

function track<T>(p: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const promise = p.finally(() => {
    done = true;
  });
  promise.catch(() => undefined); // observed below; never an unhandled rejection
  return { promise, settled: () => done };
}

it('keeps retrying while nothing listens on SLACK_API_URL, then starts once Slack answers', async () => {
  const port = await closedPort();
  const { bot, logger, close } = await createTestBot(httpEnv(`http://127.0.0.1:${port}/api/`), { initRetryDelayMs: () => 50 });
  cleanup.push(close);
  const start = track(bot.start());

  // Two failed attempts logged (each includes the WebClient's own quick retries), still pending.
  await waitFor(() => logger.lines.filter((l) => l.level === 'warn' && /auth\.test failed/.test(l.text)).length >= 2, {
    timeoutMs: 8000,
    what: 'two logged auth.test failures',
  });
  expect(start.settled()).toBe(false);

  // Slack comes back on the very address the bot was told to use.
  const fake = await new FakeSlack().start(port);
  cleanup.push(() => fake.close());
  const { port: listening } = await within(start.promise, 8000, 'bot.start()');
  expect(listening).toEqual(expect.any(Number));
  expect(fake.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);

  // And it actually serves.
  const reply = ackMessage(await postForm(listening!, slashCommand({ text: 'astrazeneca cspc', responseUrl: fake.responseUrl().url })));
  expect(allText(reply)).toContain('$110 million');
}, 20_000);

it('retries through HTTP 500s from auth.test and then starts', async () => {
  const fake = await new FakeSlack().start();
  cleanup.push(() => fake.close());
  fake.script('auth.test', { status: 500, body: { ok: false, error: 'fatal_error' } }, 4);
  const { bot, logger, close } = await createTestBot(httpEnv(fake.apiUrl), { initRetryDelayMs: () => 50 });
  cleanup.push(close);

  const { port } = await within(bot.start(), 8000, 'bot.start()');
  expect(port).toEqual(expect.any(Number));
  expect(fake.callsTo('auth.test')).toHaveLength(5);
  expect(logger.lines.some((l) => l.level === 'warn' && /auth\.test failed/.test(l.text))).toBe(true);
}, 20_000);

it('can be stopped while still waiting for Slack, and then never starts listening', async () => {
  const port = await closedPort();
  const { bot, store, logger } = await createTestBot(httpEnv(`http://127.0.0.1:${port}/api/`), { initRetryDelayMs: () => 50 });
  cleanup.push(() => store.close());
  const start = track(bot.start());
  await waitFor(() => logger.lines.some((l) => /auth\.test failed/.test(l.text)), { timeoutMs: 8000, what: 'a failed attempt' });

  await expect(bot.stop()).resolves.toBeUndefined();
  // Slack becoming reachable after stop() must not bring the bot up.
  const fake = await new FakeSlack().start(port);
  cleanup.push(() => fake.close());
  await expect(within(start.promise, 5000, 'bot.start()')).rejects.toThrow(/stop/i);
  expect(fake.callsTo('auth.test')).toHaveLength(0);
}, 20_000);

it('stops at once, naming the token, when Slack rejects it', async () => {
  const fake = await new FakeSlack().start();
  cleanup.push(() => fake.close());
  fake.script('auth.test', { body: { ok: false, error: 'invalid_auth' } }, 10);
  const { bot, close } = await createTestBot(httpEnv(fake.apiUrl), { initRetryDelayMs: () => 50 });
  cleanup.push(close);
  await expect(within(bot.start(), 3000, 'start-up')).rejects.toThrow(/SLACK_BOT_TOKEN \(invalid_auth\)/);
  expect(fake.callsTo('auth.test')).toHaveLength(1);
});
