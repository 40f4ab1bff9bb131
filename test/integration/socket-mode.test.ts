/**
 * Socket Mode end to end: the real SocketModeReceiver (undici WebSocket inside
 * @slack/socket-mode) connects to a local `ws` server that the fake `apps.connections.open`
 * points at. The server speaks Slack's protocol: `hello` on connect, envelopes the app must
 * ack by envelope_id, `disconnect` when Slack recycles the connection.
 */
import { FakeSlack } from '../helpers/fake-slack';
import { createTestBot, type TestBot } from '../helpers/bot';
import { allText, buttons, fieldValue } from '../helpers/messages';
import { appMention, eventCallback, IDS, slashCommand } from '../helpers/payloads';
import { sleep, waitFor, within } from '../helpers/wait';

let fake: FakeSlack;
let started: TestBot | undefined;
/** Whether bot.start() had resolved before the server sent hello. */
let startedBeforeHello: boolean | undefined;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  await fake.startSocketMode();
  // Hold hello back to check that start() waits for Slack's handshake, as the real client must.
  fake.autoHello = false;
  started = await createTestBot({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: fake.apiUrl });
  let resolved = false;
  const starting = started.bot.start().then(() => {
    resolved = true;
  });
  starting.catch(() => undefined);
  const conn = await waitFor(() => fake.openConnection, { what: 'the Socket Mode connection' });
  await sleep(200);
  startedBeforeHello = resolved;
  fake.autoHello = true;
  fake.sendFrame(fake.hello(), conn);
  await within(starting, 5000, 'bot.start() after hello');
});

afterAll(async () => {
  await started?.close();
  await fake?.close();
});

let envelopeSeq = 0;

function slashEnvelope(text: string, responseUrl: string) {
  envelopeSeq += 1;
  return {
    envelope_id: `1d4c8a0e-socket-${envelopeSeq}`,
    type: 'slash_commands',
    payload: slashCommand({ text, responseUrl }),
    accepts_response_payload: true,
  };
}

it('connects with the app token and only after the hello frame', async () => {
  const open = fake.callsTo('apps.connections.open');
  expect(open).toHaveLength(1);
  expect(open[0]!.headers.authorization).toBe('Bearer xapp-test');
  expect(fake.callsTo('auth.test')[0]!.headers.authorization).toBe('Bearer xoxb-test');
  expect(fake.connections).toHaveLength(1);
  expect(startedBeforeHello).toBe(false);
});

it('answers a /deal envelope in its ack over the socket, with the card', async () => {
  const { id, url } = fake.responseUrl();
  const envelope = slashEnvelope('astrazeneca cspc', url);
  const sentAt = Date.now();
  fake.sendFrame(envelope);

  const ack = await fake.waitForAck(envelope.envelope_id);
  expect(ack.at - sentAt).toBeLessThan(1000);
  const body = ack.data.payload;
  expect(body.response_type).toBe('ephemeral');
  expect(fieldValue(body.blocks, 'Upfront')).toBe('$110 million');
  expect(fieldValue(body.blocks, /^Development/)).toContain('up to $1.62 billion');
  expect(fieldValue(body.blocks, /^Commercial/)).toContain('up to $3.6 billion');
  expect(fieldValue(body.blocks, 'Headline value')).toContain('up to $5.3 billion');
  expect(buttons(body.blocks).find((b) => b.action_id === 'share_card')?.value).toBe('az-cspc-2025');
  // The answer is not repeated on the response_url.
  await sleep(100);
  expect(fake.postsTo(id)).toHaveLength(0);
});

it('acks an events_api app_mention and answers in the thread', async () => {
  const envelope = {
    envelope_id: 'e7b2-socket-mention',
    type: 'events_api',
    payload: eventCallback(appMention({ text: `<@${IDS.botUser}> astrazeneca cspc`, ts: '111.222' })),
    accepts_response_payload: false,
    retry_attempt: 0,
    retry_reason: '',
  };
  fake.sendFrame(envelope);
  await fake.waitForAck(envelope.envelope_id);
  const posted = await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === '111.222');
  expect(posted.args.channel).toBe(IDS.channel);
  expect(allText(posted.args)).toContain('up to $5.3 billion');
});

it('reconnects when Slack sends disconnect, and keeps answering on the new connection', async () => {
  const first = fake.openConnection!;
  fake.sendFrame({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'applink-fake-1' } }, first);
  // The client closes the old socket, fetches a new URL and reconnects (after its own backoff).
  await waitFor(() => first.closed, { what: 'the old socket to close' });
  const second = await waitFor(() => (fake.openConnection !== first ? fake.openConnection : undefined), {
    timeoutMs: 12_000,
    what: 'a new Socket Mode connection',
  });
  expect(fake.callsTo('apps.connections.open')).toHaveLength(2);

  const envelope = slashEnvelope('astrazeneca cspc', fake.responseUrl().url);
  fake.sendFrame(envelope, second);
  const ack = await fake.waitForAck(envelope.envelope_id);
  expect(ack.connection).toBe(second.id);
  expect(allText(ack.data.payload)).toContain('$110 million');
}, 20_000);

it('stops cleanly: closes the socket with a normal closure and does not reconnect', async () => {
  const conn = fake.openConnection!;
  const opensBefore = fake.callsTo('apps.connections.open').length;
  await started!.close();
  const closed = await waitFor(() => conn.closed, { what: 'the socket to close' });
  expect(closed.code).toBe(1000);
  await new Promise((r) => setTimeout(r, 200));
  expect(fake.callsTo('apps.connections.open')).toHaveLength(opensBefore);
  expect(fake.openConnection).toBeUndefined();
});

it('can be stopped while the connection is still waiting for hello', async () => {
  const slack = await new FakeSlack().start();
  try {
    await slack.startSocketMode();
    slack.autoHello = false;
    const test = await createTestBot({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slack.apiUrl });
    const starting = test.bot.start();
    starting.catch(() => undefined);
    const conn = await waitFor(() => slack.openConnection, { what: 'the Socket Mode connection' });
    // Stopped inside the handshake instead, the client can only abort (1006), and
    // @slack/socket-mode 3.1 then leaves a 30 s timer running (see docs/decisions.md).
    await within(slack.clientHasOpened(conn), 3000, 'the client to open its end');
    await within(test.close(), 3000, 'stop() during connect');
    const closed = await waitFor(() => conn.closed, { what: 'the socket to close' });
    expect(closed.code).toBe(1000);
    // start() gives up (the client rejects with no reason) rather than hanging.
    const outcome = await within(
      starting.then(
        () => 'resolved',
        () => 'rejected',
      ),
      3000,
      'start()',
    );
    expect(outcome).toBe('rejected');
  } finally {
    await slack.close();
  }
});
