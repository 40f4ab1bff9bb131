/**
 * The digest's Slack poster against the fake Slack Web API over loopback, through the real
 * WebClient: rate limits, server errors, channels it cannot post in, pacing, and finding a
 * digest already posted. Every wait goes through a fake clock, so nothing here sleeps.
 */
import { createPosterClient, createSlackPoster, DIGEST_EVENT_TYPE } from '../../src/jobs/slack-poster';
import { DigestPostError } from '../../src/services/digest-poster';
import { recordingLogger } from '../helpers/bot';
import { FakeSlack } from '../helpers/fake-slack';
import { fakeClock } from '../unit/digest/support';

let fake: FakeSlack;

beforeAll(async () => {
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => fake.clearScripts());

function poster() {
  const clock = fakeClock('2026-11-16T09:00:00Z');
  const logger = recordingLogger();
  const p = createSlackPoster({ client: createPosterClient('xoxb-test', fake.apiUrl, logger), clock, logger });
  return { p, clock, logger };
}

const message = { channel: 'C0DIGEST', text: 'New partnerships — week of 16 Nov 2026: 1 new partnership.' };

it('waits for Retry-After after a 429, then posts once', async () => {
  const { p, clock } = poster();
  const before = fake.callsTo('chat.postMessage').length;
  fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } });
  const ts = await p.post({ ...message, digestSlot: 'weekly:2026-11-16' });
  expect(ts).toEqual(expect.any(String));
  const calls = fake.callsTo('chat.postMessage').slice(before);
  expect(calls).toHaveLength(2);
  expect(clock.sleeps).toEqual([7000]);
  // The post is tagged with its slot so a later attempt can find it.
  expect(calls[1]!.args.metadata).toEqual({ event_type: DIGEST_EVENT_TYPE, event_payload: { slot: 'weekly:2026-11-16' } });
});

it('retries server errors with exponential backoff, then gives up for this tick', async () => {
  const { p, clock } = poster();
  fake.script('chat.postMessage', { status: 503, body: 'unavailable' }, 2);
  await p.post(message);
  expect(clock.sleeps).toEqual([1000, 2000]);

  fake.script('chat.postMessage', { status: 500, body: 'boom' }, 5);
  await expect(p.post(message)).rejects.toMatchObject({ code: 'retry_later' });
  // One second of pacing after the previous post to the channel, then the backoffs.
  expect(clock.sleeps.slice(2)).toEqual([1000, 1000, 2000, 4000, 8000]);
});

it.each([
  ['a server error', { status: 500, body: 'boom' }],
  ['internal_error', { body: { ok: false, error: 'internal_error' } }],
])('after %s, finds the digest Slack had posted anyway instead of posting it again', async (_what, failure) => {
  const { p, clock } = poster();
  const before = fake.callsTo('chat.postMessage').length;
  fake.script('chat.postMessage', failure);
  fake.script('conversations.history', {
    body: {
      ok: true,
      messages: [{ type: 'message', ts: '1795078800.000300', metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { slot: 'weekly:2026-11-16' } } }],
      response_metadata: { next_cursor: '' },
    },
  });
  expect(await p.post({ ...message, digestSlot: 'weekly:2026-11-16' })).toBe('1795078800.000300');
  expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
  expect(clock.sleeps).toEqual([1000]);

  // Not there: posted again, as before.
  fake.script('chat.postMessage', failure);
  fake.script('conversations.history', { body: { ok: true, messages: [] } });
  await p.post({ ...message, digestSlot: 'weekly:2026-11-23' });
  expect(fake.callsTo('chat.postMessage').length - before).toBe(3);
});

it('after a server error on a thread reply, finds that reply in the thread instead of posting it again', async () => {
  const { p } = poster();
  const before = fake.callsTo('chat.postMessage').length;
  const reply = { ...message, threadTs: '1795078800.000300', digestSlot: 'weekly:2026-11-16', digestPart: 2 };
  const tag = (part?: number) => ({ event_type: DIGEST_EVENT_TYPE, event_payload: { slot: 'weekly:2026-11-16', ...(part ? { part } : {}) } });
  fake.script('chat.postMessage', { status: 500, body: 'boom' });
  fake.script('conversations.replies', {
    body: {
      ok: true,
      messages: [
        { type: 'message', ts: '1795078800.000300', metadata: tag() },
        { type: 'message', ts: '1795078801.000100', thread_ts: '1795078800.000300', metadata: tag(1) },
        { type: 'message', ts: '1795078802.000100', thread_ts: '1795078800.000300', metadata: tag(2) },
      ],
      response_metadata: { next_cursor: '' },
    },
  });
  expect(await p.post(reply)).toBe('1795078802.000100');
  const calls = fake.callsTo('chat.postMessage').slice(before);
  expect(calls).toHaveLength(1);
  expect(calls[0]!.args.metadata).toEqual(tag(2));
  expect(fake.callsTo('conversations.replies').at(-1)!.args).toMatchObject({ channel: 'C0DIGEST', ts: '1795078800.000300', include_all_metadata: 'true' });

  // Only part 1 is there: part 2 is posted again.
  fake.script('chat.postMessage', { status: 500, body: 'boom' });
  fake.script('conversations.replies', { body: { ok: true, messages: [{ type: 'message', ts: '1795078801.000100', metadata: tag(1) }] } });
  await p.post(reply);
  expect(fake.callsTo('chat.postMessage').length - before).toBe(3);
});

it.each([
  ...['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'ekm_access_denied'].map((e) => [e, 'channel_gone']),
  ...['token_revoked', 'invalid_auth', 'account_inactive', 'not_allowed_token_type', 'missing_scope'].map((e) => [e, 'app_refused']),
])('gives up at once on %s (%s), without retrying', async (error, code) => {
  const { p, clock } = poster();
  const before = fake.callsTo('chat.postMessage').length;
  fake.script('chat.postMessage', { body: { ok: false, error } });
  const err = await p.post(message).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DigestPostError);
  expect(err).toMatchObject({ code, slackError: error });
  expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
  expect(clock.sleeps).toEqual([]);
});

it('posts at most one message per second to a channel, without pacing other channels', async () => {
  const { p, clock } = poster();
  await Promise.all([p.post(message), p.post({ ...message, threadTs: '1.1' }), p.post({ ...message, channel: 'C0OTHER' })]);
  expect(clock.sleeps).toEqual([1000]);
});

it('asks before every attempt whether the slot is still ours, and posts nothing once it is not', async () => {
  const { p } = poster();
  const before = fake.callsTo('chat.postMessage').length;
  fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false } });
  let asked = 0;
  await expect(p.post(message, async () => ++asked < 2)).rejects.toMatchObject({ code: 'lease_lost' });
  expect(asked).toBe(2);
  expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
});

it('finds a digest it already posted by the slot in its metadata', async () => {
  const { p } = poster();
  fake.script('conversations.history', {
    body: {
      ok: true,
      messages: [
        { type: 'message', ts: '1795078800.000100', text: 'unrelated' },
        { type: 'message', ts: '1795078800.000200', metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { slot: 'weekly:2026-11-16' } } },
      ],
      response_metadata: { next_cursor: '' },
    },
  });
  expect(await p.findDigest('C0DIGEST', 'weekly:2026-11-16', Date.parse('2026-11-16T09:00:00Z'))).toBe('1795078800.000200');
  const call = fake.callsTo('conversations.history').at(-1)!;
  expect(call.args).toMatchObject({ channel: 'C0DIGEST', include_all_metadata: 'true' });

  fake.script('conversations.history', { body: { ok: true, messages: [] } });
  expect(await p.findDigest('C0DIGEST', 'weekly:2026-11-23', 0)).toBeUndefined();
  fake.script('conversations.history', { status: 502, body: 'bad gateway' });
  await expect(p.findDigest('C0DIGEST', 'weekly:2026-11-23', 0)).rejects.toMatchObject({ code: 'retry_later' });
});
