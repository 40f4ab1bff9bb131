/**
 * Conversations over HTTP: one answer per question however Slack delivers it (retries, a
 * mention that also arrives as a message event), follow-ups in the bot's thread, and a
 * question right after a private lookup, on the replica that answered it or another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeSlack, type ApiCall } from '../helpers/fake-slack';
import { httpEnv, startBot, type StartedBot } from '../helpers/bot';
import { ackMessage, postForm, postJson } from '../helpers/http';
import { allText } from '../helpers/messages';
import { appMention, eventCallback, IDS, slashCommand } from '../helpers/payloads';
import { RECENT_LOOKUP_WRITE_DELAY_MS } from '../../src/services/conversations';
import { signHeaders } from '../helpers/sign';
import { sleep, waitFor } from '../helpers/wait';

let fake: FakeSlack;
let started: StartedBot;
let port: number;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  started = await startBot(httpEnv(fake.apiUrl));
  port = started.port!;
});

afterAll(async () => {
  await started?.close();
  await fake?.close();
});

const repliesIn = (threadTs: string): ApiCall[] =>
  fake.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.thread_ts === threadTs);

/** Posts `text` in the thread under `root` and returns the text of the bot's reply number `n` there. */
async function replyTo(root: string, text: string, ts: string, n: number, what: string): Promise<string> {
  await postJson(port, eventCallback(threadMessage(text, ts, root)));
  return allText((await waitFor(() => repliesIn(root)[n], { what })).args);
}

/** Mentions the bot with `query` as message `root` and waits for its card in that thread. */
async function openThread(root: string, query: string): Promise<void> {
  await postJson(port, eventCallback(appMention({ text: `<@${IDS.botUser}> ${query}`, ts: root })));
  await waitFor(() => repliesIn(root).length >= 1, { what: 'the card' });
}

/** A plain user message in a thread, as the Events API delivers it (message.channels). */
function threadMessage(text: string, ts: string, threadTs: string): Record<string, unknown> {
  return {
    type: 'message',
    user: IDS.user,
    text,
    ts,
    thread_ts: threadTs,
    parent_user_id: IDS.botUser,
    channel: IDS.channel,
    channel_type: 'channel',
    event_ts: ts,
  };
}

it('answers once when Slack retries a delivery (same event_id, X-Slack-Retry-Num)', async () => {
  const body = eventCallback(appMention({ text: `<@${IDS.botUser}> astrazeneca cspc`, ts: '1700000001.000100' }));
  const raw = JSON.stringify(body);
  expect((await postJson(port, body)).status).toBe(200);
  const retry = await postJson(port, body, {
    signatureHeaders: { ...signHeaders(raw), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
  });
  expect(retry.status).toBe(200);
  await waitFor(() => repliesIn('1700000001.000100').length >= 1, { what: 'the reply' });
  await sleep(300);
  expect(repliesIn('1700000001.000100')).toHaveLength(1);
});

it('answers a mention once even when it also arrives as a message event', async () => {
  const ts = '1700000002.000200';
  const text = `<@${IDS.botUser}> astrazeneca cspc`;
  // Slack sends both when the app subscribes to app_mention and message.channels.
  await Promise.all([
    postJson(port, eventCallback(appMention({ text, ts }))),
    postJson(port, eventCallback({ ...threadMessage(text, ts, ts), thread_ts: undefined })),
  ]);
  await waitFor(() => repliesIn(ts).length >= 1, { what: 'the reply' });
  await sleep(300);
  expect(repliesIn(ts)).toHaveLength(1);

  // And a follow-up question that mentions the bot inside that thread: again exactly one answer.
  const q = '1700000002.000300';
  const question = `<@${IDS.botUser}> how much was the upfront?`;
  await Promise.all([
    postJson(port, eventCallback(appMention({ text: question, ts: q, threadTs: ts }))),
    postJson(port, eventCallback(threadMessage(question, q, ts))),
  ]);
  await waitFor(() => repliesIn(ts).length >= 2, { what: 'the answer' });
  await sleep(300);
  const after = repliesIn(ts).filter((c) => c.method === 'chat.postMessage');
  expect(after).toHaveLength(2);
});

it('answers a follow-up question in the bot’s thread without a new mention', async () => {
  const root = '1700000003.000100';
  await openThread(root, 'astrazeneca cspc');

  await postJson(port, eventCallback(threadMessage('how much was the upfront payment?', '1700000003.000200', root)));
  const answer = await waitFor(() => repliesIn(root)[1], { what: 'the follow-up answer' });
  expect(answer.args.channel).toBe(IDS.channel);
  expect(allText(answer.args)).toContain('$110 million');

  // A question also sent to the channel ("Also send to #channel") is a thread reply too.
  await postJson(port, eventCallback({ ...threadMessage('and the milestones?', '1700000003.000250', root), subtype: 'thread_broadcast' }));
  const broadcast = await waitFor(() => repliesIn(root)[2], { what: 'the answer to the broadcast reply' });
  expect(allText(broadcast.args)).toContain('$1.62 billion');

  // Chatter in the thread that is not a question is left alone, a link with a query string too.
  await postJson(port, eventCallback(threadMessage('thanks, very helpful', '1700000003.000300', root)));
  await postJson(port, eventCallback(threadMessage('coverage: <https://www.reuters.com/story?id=42&amp;utm_source=x>', '1700000003.000400', root)));
  await postJson(port, eventCallback(threadMessage('see <https://example.com/a?b=1|the FT piece>', '1700000003.000500', root)));
  await sleep(300);
  expect(repliesIn(root)).toHaveLength(3);
});

it('reads a filter as the person typed it, though Slack sends `>1b` as `&gt;1b`', async () => {
  const root = '1700000005.000100';
  await postJson(port, eventCallback(appMention({ text: `<@${IDS.botUser}> astrazeneca &gt;1b`, ts: root })));
  const reply = await waitFor(() => repliesIn(root)[0], { what: 'the lookup' });
  const text = allText(reply.args);
  expect(text).not.toMatch(/“gt”|“1b”|&gt;/);
  // Only deals with a headline figure of at least $1 billion: the $18 million Immunai deal is out.
  expect(text).toContain('$5.3 billion');
  expect(text).not.toContain('$18 million');
});

it('stays on the thread’s deal when a question only adds filter words, such as a deal type', async () => {
  const root = '1700000006.000100';
  await openThread(root, 'astrazeneca cspc 2025');

  // "licence" is a deal type: it matches the 2024 AZ × CSPC licence, but names no new party.
  const rights = await replyTo(root, 'what licence rights does AZ get?', '1700000006.000200', 1, 'the answer about rights');
  expect(rights).toContain('options to take exclusive licences');
  expect(rights).not.toContain('YS2302018');

  const upfront = await replyTo(root, 'how much is the upfront?', '1700000006.000300', 2, 'the upfront answer');
  expect(upfront).toContain('$110 million');
  expect(upfront).not.toContain('$100 million');
});

it('stays on the thread’s deal when a question uses an ordinary word of another party’s name', async () => {
  const root = '1700000007.000100';
  await openThread(root, 'astrazeneca cspc 2025');

  // "Development" and "area" are words of the Beijing Economic-Technological Development Area.
  const milestones = await replyTo(root, 'what are the development milestones?', '1700000007.000200', 1, 'the milestones answer');
  expect(milestones).toContain('$1.62 billion');
  expect(milestones).not.toContain('Beijing');

  const area = await replyTo(root, 'what is the therapeutic area?', '1700000007.000300', 2, 'the area answer');
  expect(area).toContain('immunological diseases');
  expect(area).not.toContain('Beijing');

  // The name's first word still names it.
  const beijing = await replyTo(root, 'how much is the Beijing investment?', '1700000007.000400', 3, 'the answer about Beijing');
  expect(beijing).toContain('$2.5 billion');
});

it('answers a question on no known topic with the facts sharing its words, saying when they may not answer it', async () => {
  const root = '1700000008.000100';
  await openThread(root, 'tempus');

  const data = await replyTo(root, 'what data is used?', '1700000008.000200', 1, 'the answer about data');
  expect(data).toContain('de-identified patient data');
  expect(data).not.toMatch(/may not answer|don't say/);

  // Nothing the sources hold says "genomics": the data facts follow, not as a yes.
  const genomics = await replyTo(root, 'does the data include genomics?', '1700000008.000300', 2, 'the answer about genomics');
  expect(genomics).toContain('The sources we hold may not answer that. Here is what they say about data:');
  expect(genomics).toContain('de-identified patient data');
});

it('switches the thread to another deal when a question names it, and stays there', async () => {
  const root = '1700000004.000100';
  await openThread(root, 'astrazeneca cspc');

  await postJson(port, eventCallback(threadMessage('what did AstraZeneca pay Verge upfront?', '1700000004.000200', root)));
  const switched = await waitFor(() => repliesIn(root)[1], { what: 'the answer about Verge' });
  expect(allText(switched.args)).toContain('$42 million');
  expect(allText(switched.args)).not.toContain('$110 million');

  await postJson(port, eventCallback(threadMessage('and how much is it worth in total?', '1700000004.000300', root)));
  const followUp = await waitFor(() => repliesIn(root)[2], { what: 'the follow-up about Verge' });
  expect(allText(followUp.args)).toContain('$840 million');
});

describe('a question right after a private /deal lookup', () => {
  /** Two bots sharing one SQLite store, as two replicas would. */
  let dir: string;
  /** The environment of a replica on the shared store. */
  let env: Record<string, string>;
  let a: StartedBot;
  let b: StartedBot;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'recent-lookup-'));
    env = { ...httpEnv(fake.apiUrl), STORE_URL: `sqlite://${path.join(dir, 'state.sqlite')}` };
    a = await startBot(env);
    b = await startBot(env);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lookup = (bot: StartedBot, user: string) =>
    postForm(bot.port!, slashCommand({ text: 'astrazeneca cspc', responseUrl: fake.responseUrl().url, userId: user }));
  /** Asks a question that names no deal, at the top of the channel; returns the bot's answer. */
  async function ask(bot: StartedBot, user: string, ts: string): Promise<string> {
    await postJson(bot.port!, eventCallback(appMention({ text: `<@${IDS.botUser}> how much was the upfront?`, ts, user })));
    return allText((await waitFor(() => repliesIn(ts)[0], { what: 'the answer' })).args);
  }

  it('is answered about that deal at once by the replica that answered the lookup, before it is written', async () => {
    // A replica that writes lookups only after a minute: the answer can only come from memory.
    const slow = await startBot(env, { recentLookupWriteDelayMs: 60_000 });
    try {
      expect(ackMessage(await lookup(slow, 'U0RECENT1')).response_type).toBe('ephemeral');
      expect(await ask(slow, 'U0RECENT1', '1700000009.000100')).toContain('$110 million');
      expect(await ask(b, 'U0RECENT1', '1700000009.000110')).toMatch(/which deal/i);
    } finally {
      await slow.close();
    }
  });

  it('is answered about that deal by another replica once the lookup is written', async () => {
    await lookup(a, 'U0RECENT2');
    await sleep(RECENT_LOOKUP_WRITE_DELAY_MS + 200);
    expect(await ask(b, 'U0RECENT2', '1700000009.000200')).toContain('$110 million');
  });

  it('keeps the lookup when the replica that answered it stops at once', async () => {
    await lookup(a, 'U0RECENT3');
    await a.close();
    expect(await ask(b, 'U0RECENT3', '1700000009.000300')).toContain('$110 million');
  });

  it('asks which deal is meant when nobody looked one up', async () => {
    expect(await ask(b, 'U0NOBODY', '1700000009.000400')).toMatch(/which deal/i);
  });
});
