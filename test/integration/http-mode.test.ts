/**
 * HTTP mode end to end: the real Bolt app behind its real HTTPReceiver on a loopback port,
 * driven by signed requests shaped like Slack's, talking to a fake Slack Web API and
 * response_url sinks. Nothing inside Bolt or the SDK is mocked.
 */
import type { Args } from '../helpers/fake-slack';
import type { Catalog } from '../../src/deals/catalog';
import { FakeSlack } from '../helpers/fake-slack';
import { httpEnv, startBot, type StartedBot } from '../helpers/bot';
import { ackMessage, FORM, JSON_TYPE, postForm, postJson, postSigned, request } from '../helpers/http';
import { allText, blockIndex, blockTexts, buttons, fieldValue } from '../helpers/messages';
import { appMention, buttonPress, eventCallback, formEncode, IDS, interactivityForm, slashCommand, urlVerification } from '../helpers/payloads';
import { seedCatalog } from '../helpers/seeds';
import { nowSeconds, signHeaders } from '../helpers/sign';
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

afterEach(() => fake.clearScripts());

/** What a reader of the az-cspc-2025 card must see: every figure next to its own label. */
function expectAzCspc2025Card(message: Args): void {
  const { blocks } = message;
  expect(fieldValue(blocks, 'Upfront')).toBe('$110 million');
  expect(fieldValue(blocks, /^Development/)).toContain('up to $1.62 billion');
  expect(fieldValue(blocks, /^Commercial/)).toContain('up to $3.6 billion');
  expect(fieldValue(blocks, 'Headline value')).toContain('up to $5.3 billion');
  const text = allText(message);
  expect(text).toContain('AI-driven research collaboration');
  // The notification / screen-reader fallback carries the figures too.
  expect(message.text).toContain('$110 million');
  expect(message.text).toContain('up to $5.3 billion');
}

/** Sends `/deal <text>`; `reply` is the message that came back with the acknowledgement. */
async function slash(text: string): Promise<{ sink: string; ack: Awaited<ReturnType<typeof postForm>>; reply: Args }> {
  const { id, url } = fake.responseUrl();
  const ack = await postForm(port, slashCommand({ text, responseUrl: url }));
  return { sink: id, ack, reply: ackMessage(ack) };
}

describe('/deal slash command', () => {
  it('answers privately in the acknowledgement with the full card, a Share button and the related licence', async () => {
    const { sink, ack, reply: body } = await slash('astrazeneca cspc');
    expect(ack.status).toBe(200);
    expect(ack.elapsedMs).toBeLessThan(1000);

    expect(body.response_type).toBe('ephemeral');
    expectAzCspc2025Card(body);

    const share = buttons(body.blocks).find((b) => b.action_id === 'share_card');
    expect(share).toMatchObject({ text: 'Share in channel', value: 'az-cspc-2025' });

    // "Also between AstraZeneca and CSPC …" lists the October 2024 licence with an Open button.
    const alsoAt = blockIndex(body.blocks, /^\*Also between AstraZeneca and CSPC/);
    expect(alsoAt).toBeGreaterThan(-1);
    const open = buttons(body.blocks).find((b) => b.action_id === 'open_deal' && b.value === 'az-cspc-2024');
    expect(open).toBeDefined();
    expect(open!.block).toBeGreaterThan(alsoAt);
    const licenceLine = allText({ blocks: [body.blocks[open!.block]] });
    expect(licenceLine).toMatch(/Oct 2024/);
    expect(licenceLine).toMatch(/YS2302018/);

    // Exactly one answer (none repeated on the response_url), and nothing posted in the
    // channel for a private lookup.
    await sleep(100);
    expect(fake.postsTo(sink)).toHaveLength(0);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers a query that matches nothing with a no-match message, not a card', async () => {
    const { reply } = await slash('zzzqqq');
    expect(reply.response_type).toBe('ephemeral');
    expect(allText(reply)).toMatch(/No deal in our catalogue matches “zzzqqq”/);
    expect(buttons(reply.blocks)).toHaveLength(0);
  });

  it('finds a company\'s deal by a word of its title, such as an asset code, and says it did', async () => {
    const { reply } = await slash('astrazeneca YS2302018');
    const text = allText(reply);
    expect(text).toContain('exclusive licence to Lp(a) disruptor YS2302018');
    expect(text).toContain('No company or filter is called “YS2302018”: shown are the deals with it in their title.');
    expect(text).not.toContain('left out of this search');
    // With no company named too: the bot indexed its catalogue's title words as it started.
    expect(allText((await slash('YS2302018')).reply)).toContain('exclusive licence to Lp(a) disruptor YS2302018');
  });

  it('reads the text as Slack escapes it (manifest should_escape: true): &amp;, &lt;, &gt;, mentions and channels', async () => {
    // Typed `>10b`: no AstraZeneca deal is worth $10 billion or more.
    expect(allText((await slash('astrazeneca &gt;10b')).reply)).toMatch(/No deal in our catalogue matches “astrazeneca &gt;10b”/);
    expectAzCspc2025Card((await slash('astrazeneca &amp; cspc')).reply);
    expectAzCspc2025Card((await slash('<@U0BOB|bob> astrazeneca <#C0OTHER|deals> cspc')).reply);
  });

  it('apologises in the acknowledgement, and logs why, when the catalogue cannot be read', async () => {
    // The deal records file failing under a running bot (a disk error): lookups throw.
    const broken: Catalog = Object.create(seedCatalog(), {
      get: { value: () => { throw new Error('EIO: i/o error, read'); } },
    });
    const other = await startBot(httpEnv(fake.apiUrl), { catalog: broken });
    try {
      const { id, url } = fake.responseUrl();
      const reply = ackMessage(await postForm(other.port!, slashCommand({ text: 'astrazeneca cspc', responseUrl: url })));
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toMatch(/Sorry — something went wrong/);
      expect(other.logger.lines.some((l) => l.level === 'error' && l.text.includes('EIO: i/o error'))).toBe(true);
      await sleep(100);
      expect(fake.postsTo(id)).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe('Share in channel button', () => {
  const press = (responseUrl: string, value = 'az-cspc-2025', where: { channelId?: string; channelName?: string } = {}) =>
    postSigned(port, interactivityForm(buttonPress({ actionId: 'share_card', value, responseUrl, buttonText: 'Share in channel', ...where })), FORM);
  const inChannel = (body: Record<string, unknown>) => (body.response_type === 'in_channel' ? { status: 404, body: 'channel_not_found' } : undefined);

  it('posts the card to the channel and deletes the private copy', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    const { id, url } = fake.responseUrl();
    const ack = await press(url);
    expect(ack.status).toBe(200);
    expect(ack.elapsedMs).toBeLessThan(1000);

    const posted = await fake.waitForCall('chat.postMessage', (c) => c.args.channel === IDS.channel);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(before + 1);
    expect(posted.headers.authorization).toBe('Bearer xoxb-test');
    expectAzCspc2025Card(posted.args);
    expect(allText(posted.args)).toContain(`Shared by <@${IDS.user}>`);
    // A public card has no "Share in channel" button of its own; its thread is the bot's to answer.
    expect(buttons(posted.args.blocks).map((b) => b.action_id)).toEqual(['summarise_deal']);

    const [del] = await fake.waitForPosts(id);
    expect(del!.body).toEqual({ delete_original: true });
  });

  it.each(['not_in_channel', 'channel_not_found'])(
    'when the bot is not in the conversation (%s), shares the card through the response_url, without a Summarise button it could not answer',
    async (error) => {
      fake.script('chat.postMessage', { body: { ok: false, error } });
      const { id, url } = fake.responseUrl();
      expect((await press(url, 'az-cspc-2025', { channelId: 'D0DM', channelName: 'directmessage' })).status).toBe(200);

      const [card, del] = await fake.waitForPosts(id, 2);
      expect(card!.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
      expectAzCspc2025Card(card!.body);
      expect(allText(card!.body)).toContain(`Shared by <@${IDS.user}>`);
      expect(buttons(card!.body.blocks).map((b) => b.action_id)).not.toContain('summarise_deal');
      expect(del!.body).toEqual({ delete_original: true });
    },
  );

  it.each([
    [{}, /^I can’t post the card in this channel: I’m not a member of the channel\. To get it here, invite me with `\/invite @Deal Briefing` in the channel, then press Share again\.$/],
    [{ channelId: 'D0DM', channelName: 'directmessage' }, /^I can’t post the card in this direct message: I’m not part of it\. To get it, use `\/deal` in a channel I’m in\.$/],
    [{ channelId: 'G0GROUP', channelName: 'mpdm-alice--bob--carol-1' }, /^I can’t post the card in this direct message/],
  ])('when neither chat.postMessage nor the response_url can post in %j, says what to do there and keeps the private card', async (where, advice) => {
    fake.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const { id, url } = fake.responseUrl();
    fake.refuseResponses(id, inChannel);
    expect((await press(url, 'az-cspc-2025', where)).status).toBe(200);

    const [tried, reply] = await fake.waitForPosts(id, 2);
    expect(tried!.refused).toBe(true);
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(reply!.body.text).toMatch(advice);
    await sleep(200);
    expect(fake.postsTo(id)).toHaveLength(2); // the private card is not deleted
  });

  it.each([
    ['missing_scope', /^I can’t post the card: Slack refuses the bot itself \(missing_scope\)\. It works again once a Slack admin reinstalls the app from its manifest, so that it is granted the scopes it needs \(chat:write\); then press Share again\.$/],
    ['invalid_auth', /Slack refuses the bot itself \(invalid_auth\)\. It works again once a Slack admin reinstalls the app, and SLACK_BOT_TOKEN is set to its new bot token/],
  ])('when Slack refuses the bot itself (%s), says what an admin must fix rather than a bare apology', async (error, advice) => {
    fake.script('chat.postMessage', { body: { ok: false, error } });
    const { id, url } = fake.responseUrl();
    expect((await press(url)).status).toBe(200);
    const [reply] = await fake.waitForPosts(id);
    expect(reply!.body.text).toMatch(advice);
    await sleep(200);
    expect(fake.postsTo(id)).toHaveLength(1);
  });

  it.each([
    ['is_archived', /archived/],
    [
      'restricted_action',
      /^I can’t post the card in this channel: the workspace only lets some people \(such as admins\) post in the channel\. To get it here, ask a Slack admin to let apps post there \(the channel’s posting permissions\), then press Share again\.$/,
    ],
    ['restricted_action_read_only_channel', /^I can’t post the card in this channel: the channel is read-only\. To get it here, ask a Slack admin to let apps post there, then press Share again\.$/],
    ['ekm_access_denied', /^I can’t post the card in this channel: .*\(Enterprise Key Management\)\. To get it here, ask your Slack admins to restore access to the channel, then press Share again\.$/],
  ])('when chat.postMessage fails with %s, tells the user how to fix it and keeps the private card', async (error, advice) => {
    fake.script('chat.postMessage', { body: { ok: false, error } });
    const before = fake.callsTo('chat.postMessage').length;
    const { id, url } = fake.responseUrl();
    expect((await press(url)).status).toBe(200);

    const [reply] = await fake.waitForPosts(id);
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(reply!.body.text).toMatch(advice);
    expect(reply!.body.delete_original).toBeUndefined();

    await sleep(200);
    expect(fake.postsTo(id)).toHaveLength(1); // nothing deleted afterwards
    expect(fake.callsTo('chat.postMessage')).toHaveLength(before + 1); // a platform error is not retried
  });

  it('apologises (and keeps the private card) when Slack keeps failing', async () => {
    fake.script('chat.postMessage', { status: 500, body: 'upstream error' }, Infinity);
    const { id, url } = fake.responseUrl();
    expect((await press(url)).status).toBe(200);
    const [reply] = await fake.waitForPosts(id, 1, { timeoutMs: 8000 });
    expect(reply!.body.text).toMatch(/Sorry — something went wrong/);
    expect(reply!.body.delete_original).toBeUndefined();
    await sleep(100);
    expect(fake.postsTo(id)).toHaveLength(1);
  });

  it('says so when the deal is no longer in the catalogue', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    const { id, url } = fake.responseUrl();
    expect((await press(url, 'no-such-deal')).status).toBe(200);
    const [reply] = await fake.waitForPosts(id);
    expect(reply!.body.text).toMatch(/no longer in the catalogue/);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(before);
  });
});

describe('Summarise button', () => {
  it.each([
    ['not_in_channel', 'I can’t post the summary in this channel: I’m not a member of the channel. To get it here, invite me with `/invite @Deal Briefing` in the channel, then press Summarise again.'],
    ['is_archived', 'I can’t post the summary in this channel: the channel is archived. To get it here, unarchive the channel, then press Summarise again.'],
  ])('when Slack refuses the summary (%s), tells whoever pressed it what lets it post, not a bare apology', async (error, advice) => {
    fake.script('chat.postMessage', { body: { ok: false, error } });
    const { id, url } = fake.responseUrl();
    const press = {
      ...buttonPress({ actionId: 'summarise_deal', value: 'az-cspc-2025', responseUrl: url }),
      container: { type: 'message', message_ts: '1720000000.000300', channel_id: IDS.channel, is_ephemeral: false },
      message: { type: 'message', ts: '1720000000.000300', text: 'card' },
    };
    expect((await postSigned(port, interactivityForm(press), FORM)).status).toBe(200);
    const [reply] = await fake.waitForPosts(id);
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: advice });
  });
});

describe('app_mention', () => {
  const mention = (text: string, ts: string, threadTs?: string) =>
    postJson(port, eventCallback(appMention({ text: `<@${IDS.botUser}> ${text}`, ts, threadTs })));

  it('answers in a thread under the mention with the card', async () => {
    const ack = await mention('astrazeneca cspc', '111.222');
    expect(ack.status).toBe(200);
    expect(ack.elapsedMs).toBeLessThan(1000);
    const posted = await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === '111.222');
    expect(posted.args.channel).toBe(IDS.channel);
    expectAzCspc2025Card(posted.args);
  });

  it('answers inside an existing thread when mentioned there', async () => {
    expect((await mention('astrazeneca cspc', '333.444', '300.000')).status).toBe(200);
    const posted = await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === '300.000');
    expectAzCspc2025Card(posted.args);
  });

  it('answers a long pasted paragraph with the card, naming the first words it did not use', async () => {
    // As Slack does: a message with a text over 3,000 characters is refused whole.
    fake.script(
      'chat.postMessage',
      (call) => ({
        body: blockTexts(call.args.blocks).some((t) => t.length > 3000)
          ? { ok: false, error: 'invalid_blocks' }
          : { ok: true, channel: call.args.channel, ts: '777.999' },
      }),
      Infinity,
    );
    const paragraph =
      'AstraZeneca said on Friday it had agreed a research collaboration with CSPC Pharmaceutical Group worth up to 5.3 billion dollars to discover ' +
      'and develop novel oral small molecule candidates for chronic diseases using an AI driven platform in Shijiazhuang, China. ';
    expect((await mention(paragraph.repeat(18), '777.888')).status).toBe(200);
    const posted = await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === '777.888');
    expectAzCspc2025Card(posted.args);
    expect(allText(posted.args)).toContain('Nothing in our catalogue matches “said”, “Friday”, “it”, “had”, “agreed”, “worth”, “up”, “to”, “5”, “3” and 11 more, so they were left out of this search.');
    await sleep(200);
    const replies = fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === '777.888');
    expect(replies).toHaveLength(1);
    expect(allText(replies[0]!.args)).not.toMatch(/Sorry — something went wrong/);
  });

  it('still answers when Slack rate-limits the first post (HTTP 429 + Retry-After)', async () => {
    fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    expect((await mention('astrazeneca cspc', '555.666')).status).toBe(200);
    // The first attempt is refused with 429; the client waits Retry-After, then tries again.
    const attempts = await waitFor(
      () => {
        const mine = fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === '555.666');
        return mine.length >= 2 ? mine : undefined;
      },
      { timeoutMs: 6000, what: 'a retried chat.postMessage' },
    );
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expectAzCspc2025Card(attempts[1]!.args);
  });
});

describe('a delivery Slack repeats', () => {
  it('answers a repeated /deal lookup again, in full: its acknowledgement is its only answer', async () => {
    const fields = slashCommand({ text: 'astrazeneca cspc', responseUrl: fake.responseUrl().url, triggerId: '1111.2222.repeat-lookup' });
    for (const attempt of [1, 2]) {
      const reply = ackMessage(await postForm(port, fields));
      expect({ attempt, upfront: fieldValue(reply.blocks, 'Upfront') }).toEqual({ attempt, upfront: '$110 million' });
    }
  });

  it('answers a repeated /deal digest command once', async () => {
    const { id, url } = fake.responseUrl();
    const fields = slashCommand({ text: 'digest help', responseUrl: url, triggerId: '1111.2222.repeat-digest' });
    expect((await postForm(port, fields)).status).toBe(200);
    await fake.waitForPosts(id, 1);
    expect((await postForm(port, fields)).status).toBe(200);
    // A later command's answer: by then a second answer to the repeat would have come.
    const later = fake.responseUrl();
    await postForm(port, slashCommand({ text: 'digest help', responseUrl: later.url }));
    await fake.waitForPosts(later.id, 1);
    await sleep(50);
    expect(fake.postsTo(id)).toHaveLength(1);
  });
});

describe('request verification and plumbing', () => {
  /** Sends a valid command afterwards and waits for its answer, so a forged one had every chance to run. */
  async function barrier(): Promise<void> {
    const { reply } = await slash('astrazeneca cspc');
    expect(allText(reply)).toContain('$110 million');
    await sleep(100);
  }

  it('rejects a forged signature with 401 and runs no handler', async () => {
    const apiCallsBefore = fake.calls.length;
    const { id, url } = fake.responseUrl();
    const raw = formEncode(slashCommand({ text: 'astrazeneca cspc', responseUrl: url }));
    const res = await postSigned(port, raw, FORM, { secret: 'not-the-signing-secret' });
    expect(res.status).toBe(401);

    const event = JSON.stringify(eventCallback(appMention({ text: `<@${IDS.botUser}> astrazeneca cspc`, ts: '777.888' })));
    // Correct signature for a different body: a tampered payload.
    const tampered = await postSigned(port, event, JSON_TYPE, { signatureHeaders: { ...signHeaders(`${event} `) } });
    expect(tampered.status).toBe(401);

    await barrier();
    expect(fake.postsTo(id)).toHaveLength(0);
    expect(fake.calls.slice(apiCallsBefore)).toHaveLength(0);
  });

  it('rejects a correctly signed but stale request (> 5 minutes old) with 401', async () => {
    const { id, url } = fake.responseUrl();
    const res = await postForm(port, slashCommand({ text: 'astrazeneca cspc', responseUrl: url }), { timestamp: nowSeconds() - 6 * 60 });
    expect(res.status).toBe(401);
    await barrier();
    expect(fake.postsTo(id)).toHaveLength(0);
  });

  it('rejects a request without signature headers with 401', async () => {
    const { id, url } = fake.responseUrl();
    const res = await postForm(port, slashCommand({ text: 'astrazeneca cspc', responseUrl: url }), { signatureHeaders: {} });
    expect(res.status).toBe(401);
    await barrier();
    expect(fake.postsTo(id)).toHaveLength(0);
  });

  it('echoes the url_verification challenge', async () => {
    const res = await postJson(port, urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('answers GET /healthz with 200', async () => {
    const res = await request(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('escaping user text', () => {
  const PINGS = ['<!channel>', '<@U999>', '<!here>', '<!everyone>'];

  it('never echoes a /deal query as a live @channel or user mention', async () => {
    const { reply } = await slash('<!channel> <@U999> zzzqqq');
    const raw = JSON.stringify(reply);
    for (const ping of PINGS) expect(raw).not.toContain(ping);
    // Read as typed (the command text is escaped like a message): broadcasts and mentions are
    // not part of the query, and are not echoed, even as text.
    expect(allText(reply)).toContain('“zzzqqq”');
    expect(allText(reply)).not.toMatch(/channel|U999/);
  });

  it('never turns a mention into a channel-wide ping in a public thread', async () => {
    // A user with no recent /deal lookup, so the bot has no deal to fall back on.
    const text = `<@${IDS.botUser}> <!channel> <!here> <@U999> zzzqqq`;
    expect((await postJson(port, eventCallback(appMention({ text, ts: '999.000', user: 'U0BOB' })))).status).toBe(200);
    const posted = await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === '999.000');
    for (const ping of PINGS) expect(JSON.stringify(posted.args)).not.toContain(ping);
    // The broadcasts and the mention are not part of the query: not echoed, even as text.
    expect(allText(posted.args)).toContain('“zzzqqq”');
    expect(allText(posted.args)).not.toMatch(/channel|here|U999/);
  });
});
