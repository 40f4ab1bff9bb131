/**
 * State that survives restarts and is shared by replicas, with real bot processes:
 * - SQLite: a thread's subject outlives `kill -9` of the process that learnt it;
 * - SQLite: a subscription outlives it too;
 * - Redis: the same event delivered to two processes gets one reply; one digest slot gets one
 *   post; when the process holding a slot is killed, the other posts after the lease, once;
 * - Redis down: lookups still answer within Slack's deadline and thread follow-ups degrade to
 *   "name the deal" instead of hanging.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeSlack, type ApiCall } from '../helpers/fake-slack';
import { openStore } from '../../src/store';
import { httpEnv, recordingLogger, startBot } from '../helpers/bot';
import { ackMessage, postForm, postJson } from '../helpers/http';
import { allText } from '../helpers/messages';
import { appMention, eventCallback, IDS, slashCommand } from '../helpers/payloads';
import { buildOnce, cleanEnv, MAIN_JS, ROOT, spawnProcess, type Spawned } from '../helpers/process';
import { describeRedis, startRedisProxy } from '../helpers/redis';
import { signHeaders } from '../helpers/sign';
import { fakeClock } from '../unit/digest/support';
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
async function startProcess(storeUrl: string, env: Record<string, string> = {}): Promise<{ proc: Spawned; port: number }> {
  const proc = spawnProcess(process.execPath, [MAIN_JS], {
    env: cleanEnv({ ...httpEnv(fake.apiUrl), PORT: '0', STORE_URL: storeUrl, LOG_LEVEL: 'info', ...env }),
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
/**
 * A daily schedule twelve hours from now: these tests drive digests with `digest now`, and a
 * scheduled run on the real clock in the middle of one would take the slot.
 */
const farSchedule = () => `daily ${String((new Date().getUTCHours() + 12) % 24).padStart(2, '0')}:00 UTC`;

/** Runs `/deal digest …` in `channel` on the process at `port`; resolves with the text of its private reply. */
async function slash(port: number, text: string, channel: string = IDS.channel): Promise<string> {
  const sink = fake.responseUrl();
  expect((await postForm(port, slashCommand({ text, responseUrl: sink.url, channelId: channel }))).status).toBe(200);
  const [reply] = await fake.waitForPosts(sink.id, 1, { timeoutMs: 10_000 });
  return allText(reply!.body);
}

/** Looks a deal up with `/deal <text>` on the process at `port`; resolves with the text of the answer sent with the ack. */
async function lookup(port: number, text: string): Promise<string> {
  return allText(ackMessage(await postForm(port, slashCommand({ text, responseUrl: fake.responseUrl().url }))));
}

/** Every channel is one whose members include our user and the bot. */
function everyoneIsAMember(): void {
  fake.script('conversations.members', { body: { ok: true, members: [IDS.user, IDS.botUser] } }, 10_000);
}

/** A deals directory: the curated seeds plus whatever a test adds. */
function dealsDirWithSeeds(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'deal-bot-deals-'));
  cpSync(path.join(ROOT, 'seeds', 'deals'), dir, { recursive: true });
  return dir;
}

/** Drops a new valid deal file announced today (so it is new for any digest period). */
function addDeal(dir: string, id: string, parties: [string, string]): void {
  const today = new Date().toISOString().slice(0, 10);
  writeFileSync(
    path.join(dir, `${id}.yaml`),
    [
      `id: ${id}`,
      `title: ${parties[0]} and ${parties[1]} licence`,
      'types: [licence]',
      `announced: ${today}`,
      'parties:',
      `  - { name: ${parties[0]}, role: licensee }`,
      `  - { name: ${parties[1]}, role: licensor }`,
      'value:',
      '  upfront: { amount: $25 million }',
      'facts:',
      '  - { id: upfront, topic: value.upfront, text: The licensor receives $25 million upfront., sources: [wire] }',
      'sources:',
      `  - { id: wire, title: Test wire, publisher: Test Wire, url: 'https://example.com/${id}' }`,
    ].join('\n'),
  );
}

/** Waits until the process at `port` has hot-reloaded a deal naming `party`. */
async function untilReloaded(port: number, party: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await lookup(port, party)).includes(`${party} and Astrazeneca licence`)) {
    if (Date.now() > deadline) throw new Error(`${party} was not hot-reloaded within 15 s`);
    await sleep(300);
  }
}

const digestPostsIn = (channel: string): ApiCall[] =>
  fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel && /New partnerships/.test(String(c.args.text)));
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

  it('remembers a subscription and a thread’s deal across kill -9 and restart', async () => {
    everyoneIsAMember();
    const storeUrl = `sqlite://${path.join(dir, 'state.sqlite')}`;
    const channel = `C${unique().toUpperCase()}`;
    const first = await startProcess(storeUrl);
    expect(await slash(first.port, 'digest subscribe weekly tue 08:30 Europe/Paris', channel)).toMatch(/Tuesday/);
    const thread = newTs();
    await postJson(first.port, eventCallback(appMention({ text: `<@${IDS.botUser}> astrazeneca cspc`, ts: thread })));
    await waitFor(() => repliesIn(thread)[0], { what: 'the card in the thread' });
    await kill9(first.proc);

    const second = await startProcess(storeUrl);
    const listed = await slash(second.port, 'digest list', channel);
    expect(listed).toMatch(/Tuesday/);
    expect(listed).toMatch(/08:30/);
    expect(listed).toMatch(/Europe\/Paris/);
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

  it('posts one digest for one slot when both processes are asked at once', async () => {
    everyoneIsAMember();
    const dealsDir = dealsDirWithSeeds();
    const env = { DEALS_DIR: dealsDir };
    const [a, b] = await Promise.all([startProcess(redisUrl, env), startProcess(redisUrl, env)]);
    const channel = `C${unique().toUpperCase()}`;
    expect(await slash(a.port, `digest subscribe ${farSchedule()}`, channel)).toMatch(/daily/i);
    const party = `Quillon${unique()}`;
    addDeal(dealsDir, `q-${unique()}`, [party, 'Astrazeneca']);
    await Promise.all([untilReloaded(a.port, party), untilReloaded(b.port, party)]);

    const replies = await Promise.all([slash(a.port, 'digest now', channel), slash(b.port, 'digest now', channel)]);
    expect(replies.filter((r) => /^Posted 1 new partnership/.test(r))).toHaveLength(1);
    await sleep(500);
    const posts = digestPostsIn(channel);
    expect(posts).toHaveLength(1);
    expect(allText(posts[0]!.args)).toContain(party);
    await Promise.all([kill9(a.proc), kill9(b.proc)]);
    rmSync(dealsDir, { recursive: true, force: true });
  });

  it('after kill -9 of the process holding the slot, the other posts once the lease runs out', async () => {
    everyoneIsAMember();
    const dealsDir = dealsDirWithSeeds();
    const env = { DEALS_DIR: dealsDir, DIGEST_LEASE_MS: '3000' };
    const [a, b] = await Promise.all([startProcess(redisUrl, env), startProcess(redisUrl, env)]);
    const channel = `C${unique().toUpperCase()}`;
    await slash(a.port, `digest subscribe ${farSchedule()}`, channel);
    const party = `Vantrel${unique()}`;
    addDeal(dealsDir, `v-${unique()}`, [party, 'Astrazeneca']);
    await Promise.all([untilReloaded(a.port, party), untilReloaded(b.port, party)]);

    // A claims the slot and sends the digest, but Slack never answers; then A dies.
    fake.script('chat.postMessage', { hang: true });
    const sink = fake.responseUrl();
    await postForm(a.port, slashCommand({ text: 'digest now', responseUrl: sink.url, channelId: channel }));
    await waitFor(() => digestPostsIn(channel)[0], { what: 'A’s digest request' });
    await kill9(a.proc);
    const killedAt = Date.now();

    // While A's lease runs, B leaves the slot alone.
    expect(await slash(b.port, 'digest now', channel)).toMatch(/being posted right now/);
    expect(digestPostsIn(channel)).toHaveLength(1);

    // After it, B takes the slot over and posts — once.
    await sleep(Math.max(0, 3300 - (Date.now() - killedAt)));
    expect(await slash(b.port, 'digest now', channel)).toMatch(/^Posted 1 new partnership/);
    await sleep(500);
    expect(await slash(b.port, 'digest now', channel)).not.toMatch(/^Posted/);
    const posts = digestPostsIn(channel);
    expect(posts).toHaveLength(2); // A's, never accepted by Slack, and B's
    expect(allText(posts[1]!.args)).toContain(party);
    await kill9(b.proc);
    rmSync(dealsDir, { recursive: true, force: true });
  });

  it('keeps answering lookups when Redis goes away, asks for the deal in threads, and posts the digest once it is back', async () => {
    everyoneIsAMember();
    const proxy = await startRedisProxy(redisUrl);
    const storeLog = recordingLogger();
    const dealsDir = dealsDirWithSeeds();
    const clock = fakeClock('2026-11-10T12:00:00Z');
    const bot = await startBot(
      { ...httpEnv(fake.apiUrl), DEALS_DIR: dealsDir },
      { store: await openStore(proxy.url, { logger: storeLog }), clock, digestScheduler: false, hotReload: false },
    );
    const channel = `C${unique().toUpperCase()}`;
    try {
      await bot.bot.digests.recordCatalog(bot.bot.catalog());
      expect(await slash(bot.port!, 'digest subscribe daily 09:00 UTC', channel)).toMatch(/daily/i);
      const party = `Orvane${unique()}`;
      addDeal(dealsDir, `o-${unique()}`, [party, 'Astrazeneca']);
      clock.advance(60_000);
      bot.bot.reloadCatalog();
      await bot.bot.digests.recordCatalog(bot.bot.catalog());

      await proxy.cut();
      const started = Date.now();
      const card = ackMessage(await postForm(bot.port!, slashCommand({ text: 'astrazeneca cspc', responseUrl: fake.responseUrl().url })));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(allText(card)).toContain('$110 million');

      const thread = newTs();
      const t0 = Date.now();
      // Asked by someone who looked nothing up here, so the deal can only come from the store.
      await postJson(bot.port!, eventCallback(appMention({ text: `<@${IDS.botUser}> how much was the upfront?`, ts: newTs(), threadTs: thread, user: 'U0BOB' })));
      const reply = await waitFor(() => repliesIn(thread)[0], { what: 'the degraded reply', timeoutMs: 5000 });
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(allText(reply.args)).toMatch(/which deal/i);

      // The digest falls due during the outage: postponed, not lost.
      clock.set('2026-11-11T09:00:00Z');
      await bot.bot.digests.runDue().catch(() => undefined);
      expect(digestPostsIn(channel)).toHaveLength(0);
      // Several failed store calls, one log line for the outage.
      expect(storeLog.lines.filter((l) => /store unavailable/i.test(l.text))).toHaveLength(1);

      await proxy.restore();
      clock.set('2026-11-11T09:01:00Z');
      let posted = digestPostsIn(channel);
      for (let i = 0; i < 20 && posted.length === 0; i++) {
        await bot.bot.digests.runDue().catch(() => undefined);
        posted = digestPostsIn(channel);
        if (posted.length === 0) await sleep(200);
      }
      expect(posted).toHaveLength(1);
      expect(allText(posted[0]!.args)).toContain(party);
      await bot.bot.digests.runDue();
      expect(digestPostsIn(channel)).toHaveLength(1);
    } finally {
      await proxy.restore().catch(() => undefined);
      await bot.close();
      await proxy.close();
      rmSync(dealsDir, { recursive: true, force: true });
    }
  });
});
