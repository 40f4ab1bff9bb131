/**
 * State that survives restarts and is shared by replicas, with real bot processes:
 * - SQLite: a thread's subject outlives `kill -9` of the process that learnt it;
 * - Redis: the same event delivered to two processes gets one reply;
 * - Redis down: lookups still answer within Slack's deadline and thread follow-ups degrade to
 *   "name the deal" instead of hanging.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeSlack, type ApiCall } from '../helpers/fake-slack';
import { openStore } from '../../src/store';
import { httpEnv, recordingLogger, startBot } from '../helpers/bot';
import { postForm, postJson } from '../helpers/http';
import { allText } from '../helpers/messages';
import { appMention, eventCallback, IDS, slashCommand } from '../helpers/payloads';
import { buildOnce, cleanEnv, MAIN_JS, spawnProcess, type Spawned } from '../helpers/process';
import { describeRedis, startRedisProxy } from '../helpers/redis';
import { signHeaders } from '../helpers/sign';
import { sleep, waitFor } from '../helpers/wait';

let fake: FakeSlack;
const running: Spawned[] = [];

beforeAll(async () => {
  await buildOnce();
  fake = await new FakeSlack().start();
}, 120_000);

afterAll(async () => {
  for (const p of running) p.child.kill('SIGKILL');
  await fake?.close();
});

/** Starts `node dist/src/main.js` in HTTP mode and resolves with its port once it listens. */
async function startProcess(storeUrl: string): Promise<{ proc: Spawned; port: number }> {
  const proc = spawnProcess(process.execPath, [MAIN_JS], {
    env: cleanEnv({ ...httpEnv(fake.apiUrl), PORT: '0', STORE_URL: storeUrl, LOG_LEVEL: 'info' }),
    timeoutMs: 120_000,
  });
  proc.done.catch(() => undefined);
  running.push(proc);
  const port = await waitFor(() => /listening on port (\d+)/.exec(proc.stdout() + proc.stderr())?.[1], {
    what: `the bot to listen\n${proc.stdout()}${proc.stderr()}`,
    timeoutMs: 20_000,
  });
  return { proc, port: Number(port) };
}

async function kill9(proc: Spawned): Promise<void> {
  proc.child.kill('SIGKILL');
  await proc.done.catch(() => undefined);
}

const unique = () => randomBytes(6).toString('hex');
const newTs = () => `${1_800_000_000 + Math.floor(Math.random() * 1e8)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const repliesIn = (thread: string): ApiCall[] => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === thread);

/** A plain message in a thread, as message.channels delivers it. */
function threadMessage(text: string, threadTs: string): Record<string, unknown> {
  const ts = newTs();
  return eventCallback({ type: 'message', user: IDS.user, text, ts, thread_ts: threadTs, channel: IDS.channel, channel_type: 'channel', event_ts: ts });
}

describe('SQLite (the default store)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'deal-bot-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers a thread’s deal across kill -9 and restart', async () => {
    const storeUrl = `sqlite://${path.join(dir, 'state.sqlite')}`;
    const first = await startProcess(storeUrl);
    const thread = newTs();
    await postJson(first.port, eventCallback(appMention({ text: `<@${IDS.botUser}> astrazeneca cspc`, ts: thread })));
    await waitFor(() => repliesIn(thread)[0], { what: 'the card in the thread' });
    await kill9(first.proc);

    const second = await startProcess(storeUrl);
    await postJson(second.port, threadMessage('how much was the upfront payment?', thread));
    const answer = await waitFor(() => repliesIn(thread)[1], { what: 'the follow-up answer after restart' });
    expect(allText(answer.args)).toContain('$110 million');
    await kill9(second.proc);
  });
});

describeRedis('Redis shared by replicas', (redisUrl) => {
  it('answers once when the same event reaches two processes', async () => {
    const [a, b] = await Promise.all([startProcess(redisUrl), startProcess(redisUrl)]);
    const thread = newTs();
    const body = { ...eventCallback(appMention({ text: `<@${IDS.botUser}> astrazeneca cspc`, ts: thread })), event_id: `Ev${unique()}` };
    const raw = JSON.stringify(body);
    await postJson(a.port, body);
    await postJson(b.port, body, { signatureHeaders: { ...signHeaders(raw), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await waitFor(() => repliesIn(thread)[0], { what: 'one reply' });
    await sleep(500);
    expect(repliesIn(thread)).toHaveLength(1);
    await Promise.all([kill9(a.proc), kill9(b.proc)]);
  });

  it('keeps answering lookups when Redis goes away, and asks for the deal in threads', async () => {
    const proxy = await startRedisProxy(redisUrl);
    const storeLog = recordingLogger();
    const bot = await startBot(httpEnv(fake.apiUrl), { store: await openStore(proxy.url, { logger: storeLog }) });
    try {
      await proxy.cut();
      const sink = fake.responseUrl();
      const started = Date.now();
      const ack = await postForm(bot.port!, slashCommand({ text: 'astrazeneca cspc', responseUrl: sink.url }));
      expect(ack.status).toBe(200);
      const [card] = await fake.waitForPosts(sink.id, 1, { timeoutMs: 3000 });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(allText(card!.body)).toContain('$110 million');

      const thread = newTs();
      const t0 = Date.now();
      await postJson(bot.port!, eventCallback(appMention({ text: `<@${IDS.botUser}> how much was the upfront?`, ts: newTs(), threadTs: thread })));
      const reply = await waitFor(() => repliesIn(thread)[0], { what: 'the degraded reply', timeoutMs: 5000 });
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(allText(reply.args)).toMatch(/which deal/i);
      // Several failed store calls, one log line for the outage.
      expect(storeLog.lines.filter((l) => /store unavailable/i.test(l.text))).toHaveLength(1);
    } finally {
      await proxy.restore();
      await bot.close();
      await proxy.close();
    }
  });
});
