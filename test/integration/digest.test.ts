/**
 * Channel digests end to end: the real Bolt app behind its HTTP receiver on loopback, signed
 * `/deal digest …` slash commands, a fake Slack Web API and response_url sinks, a temporary
 * deals directory watched for changes, and the digest clock injected (nothing waits for a
 * Monday). Scheduled runs are driven with `bot.digests.runDue()`, the same call the node-cron
 * tick makes.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Args } from '../helpers/fake-slack';
import { FakeSlack } from '../helpers/fake-slack';
import { httpEnv, ROOT, startBot, type StartedBot } from '../helpers/bot';
import { ackMessage, FORM, postForm, postSigned } from '../helpers/http';
import { allText, buttons } from '../helpers/messages';
import { buttonPress, IDS, interactivityForm, slashCommand } from '../helpers/payloads';
import { waitFor } from '../helpers/wait';
import { fakeClock } from '../unit/digest/support';

const CURATOR = 'U0CURATOR';
const OUTSIDER = 'U0BOB';
const MINUTE = 60_000;

let fake: FakeSlack;
let started: StartedBot;
let port: number;
let dealsDir: string;
const clock = fakeClock('2026-11-10T12:00:00Z');

/** Who is in which channel, as conversations.members answers. */
const MEMBERS: Record<string, string[]> = {};

function dealYaml(id: string, parties: [string, string], extra = '', announced = '2026-11-11'): string {
  return [
    `id: ${id}`,
    `title: ${parties[0]} and ${parties[1]} — test licence`,
    'types: [licence]',
    `announced: ${announced}`,
    'parties:',
    `  - name: ${parties[0]}`,
    '    role: licensee',
    `  - name: ${parties[1]}`,
    '    role: licensor',
    'value:',
    '  total:',
    '    amount: $1.2 billion',
    '    qualifier: up_to',
    'areas: [oncology]',
    'facts:',
    '  - id: total',
    '    topic: value.total',
    `    text: The oncology deal is worth up to $1.2 billion.`,
    '    sources: [wire]',
    'sources:',
    '  - id: wire',
    '    title: Test wire story',
    '    publisher: Test Wire',
    `    url: https://example.com/${id}`,
    extra,
  ].join('\n');
}

beforeAll(async () => {
  dealsDir = mkdtempSync(path.join(tmpdir(), 'digest-deals-'));
  for (const f of readdirSync(path.join(ROOT, 'seeds', 'deals'))) copyFileSync(path.join(ROOT, 'seeds', 'deals', f), path.join(dealsDir, f));
  fake = await new FakeSlack().start();
  started = await startBot(
    { ...httpEnv(fake.apiUrl), DEALS_DIR: dealsDir, CURATORS: CURATOR },
    { clock, digestScheduler: false, hotReload: true, instanceId: 'it-instance' },
  );
  port = started.port!;
  // What the scheduler's first tick does at start-up: the seeds are known from now on.
  await started.bot.digests.recordCatalog(started.bot.catalog());
});

afterAll(async () => {
  await started?.close();
  await fake?.close();
  if (dealsDir) rmSync(dealsDir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.script(
    'conversations.members',
    (call) => {
      const members = MEMBERS[call.args.channel as string];
      return { body: members ? { ok: true, members, response_metadata: { next_cursor: '' } } : { ok: false, error: 'channel_not_found' } };
    },
    Infinity,
  );
  fake.script('users.info', (call) => ({ body: { ok: true, user: { id: call.args.user, tz: 'Europe/London' } } }), Infinity);
});
afterEach(() => fake.clearScripts());

/** Sends `/deal digest <text>` as Slack would and returns the private reply. */
async function digest(text: string, options: { user?: string; channel?: string } = {}): Promise<Args> {
  const { id, url } = fake.responseUrl();
  const ack = await postForm(port, slashCommand({ text: `digest ${text}`.trim(), responseUrl: url, userId: options.user, channelId: options.channel }));
  expect(ack.status).toBe(200);
  expect(ack.elapsedMs).toBeLessThan(1000);
  const [reply] = await fake.waitForPosts(id);
  expect(reply!.body.response_type).toBe('ephemeral');
  return reply!.body;
}

/** Adds a deal file and waits for the watcher to put it in service. */
async function addDealFile(id: string, parties: [string, string]): Promise<void> {
  clock.advance(MINUTE);
  writeFileSync(path.join(dealsDir, `${id}.yaml`), dealYaml(id, parties));
  await waitFor(() => started.bot.catalog().get(id), { what: `${id} to be hot-reloaded`, timeoutMs: 8000 });
}

let tsSeq = 0;
/** chat.postMessage answers `refusal` for `channel` the first `times` times, and succeeds elsewhere. */
function refuseIn(channel: string, refusal: { status?: number; headers?: Record<string, string>; body: unknown }, times = 1): void {
  let left = times;
  fake.script(
    'chat.postMessage',
    (call) => {
      if (call.args.channel === channel && left > 0) {
        left -= 1;
        return refusal;
      }
      return { body: { ok: true, channel: call.args.channel, ts: `1795000000.${String(++tsSeq).padStart(6, '0')}` } };
    },
    Infinity,
  );
}

/** The digests posted in `channel`: tagged, and not in a thread (a digest's thread replies are tagged too). */
const digestPosts = (channel: string) =>
  fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.args.metadata?.event_type === 'deal_digest' && !c.args.thread_ts);

describe('subscribing', () => {
  beforeAll(() => {
    MEMBERS.C0SUB = [IDS.user, IDS.botUser];
  });

  it('subscribes with the defaults: weekly, Monday 09:00, in the subscriber’s Slack time zone', async () => {
    const reply = await digest('subscribe', { channel: 'C0SUB' });
    const text = allText(reply);
    expect(text).toContain('Subscribed. Times are in your Slack time zone (Europe/London).');
    expect(text).toContain('<#C0SUB> gets a weekly digest every Monday at 09:00 (Europe/London) of new partnerships.');
    expect(text).toContain('Next digest: Mon 16 Nov 2026, 09:00 GMT.');
    expect(fake.callsTo('users.info').at(-1)!.args.user).toBe(IDS.user);
  });

  it('re-subscribing updates it, and list says it in words with the next run', async () => {
    const reply = await digest('subscribe daily 07:30 America/New_York astrazeneca oncology >1b empty:line', { channel: 'C0SUB' });
    expect(allText(reply)).toContain('Updated.');
    // What it was, so a change nobody meant is seen at once.
    expect(allText(reply)).toContain(
      'The schedule was a weekly digest every Monday at 09:00 (Europe/London). Schedule words you leave out take their defaults (weekly, Monday, 09:00): to keep the old schedule, type it too.',
    );
    expect(allText(reply)).toContain('It followed every new partnership before.');
    const list = allText(await digest('list', { channel: 'C0SUB' }));
    expect(list).toContain(
      '<#C0SUB> gets a daily digest every day at 07:30 (America/New_York) of new partnerships involving AstraZeneca, in oncology, with a stated figure of at least $1 billion.',
    );
    expect(list).toContain('When nothing is new, it posts one short line saying so.');
    expect(list).toContain('Next digest: Tue 10 Nov 2026, 07:30 EST.');
  });

  it('says nothing of a schedule or filters an update leaves as they were', async () => {
    MEMBERS.C0SAME = [IDS.user, IDS.botUser];
    await digest('subscribe daily 08:00 Europe/London oncology', { channel: 'C0SAME' });
    const text = allText(await digest('subscribe daily 08:00 Europe/London oncology empty:line', { channel: 'C0SAME' }));
    expect(text).toContain('Updated.');
    expect(text).not.toContain('The schedule was');
    expect(text).not.toContain('before.');
    const filtered = allText(await digest('subscribe daily 08:00 Europe/London licence', { channel: 'C0SAME' }));
    expect(filtered).not.toContain('The schedule was');
    expect(filtered).toContain('It followed new partnerships in oncology before.');
  });

  it('reads filters as Slack escapes them: `>1b` arrives as `&gt;1b`', async () => {
    const text = allText(await digest('subscribe astrazeneca &amp; cspc &gt;1b', { channel: 'C0SUB' }));
    expect(text).toContain('of new partnerships involving AstraZeneca or CSPC Pharmaceutical Group, with a stated figure of at least $1 billion.');
  });

  it('falls back to UTC when the Slack time zone cannot be read', async () => {
    fake.clearScripts();
    MEMBERS.C0UTC = [IDS.user];
    fake.script('conversations.members', { body: { ok: true, members: [IDS.user, IDS.botUser] } });
    fake.script('users.info', { body: { ok: false, error: 'user_not_found' } });
    const text = allText(await digest('subscribe fri 16:00', { channel: 'C0UTC' }));
    expect(text).toContain('I couldn’t read your Slack time zone, so times are in UTC.');
    expect(text).toContain('every Friday at 16:00 (UTC)');
  });

  it('falls back to UTC when the Slack time zone is not one the bot knows, rather than storing it', async () => {
    fake.clearScripts();
    fake.script('conversations.members', { body: { ok: true, members: [IDS.user, IDS.botUser] } });
    fake.script('users.info', { body: { ok: true, user: { id: IDS.user, tz: 'Mars/Olympus' } } });
    const text = allText(await digest('subscribe fri 16:00', { channel: 'C0BADTZ' }));
    expect(text).toContain('Your Slack time zone (Mars/Olympus) is not one I know, so times are in UTC.');
    expect(text).toContain('every Friday at 16:00 (UTC)');
    expect((await started.bot.digests.subscriptions.get('C0BADTZ'))?.schedule.timeZone).toBe('UTC');
    await started.bot.digests.subscriptions.remove('C0BADTZ');
  });

  it('keeps the digest’s time zone when a member elsewhere updates it without typing one', async () => {
    MEMBERS.C0ZONE = [IDS.user, 'U0NYC', IDS.botUser];
    await digest('subscribe daily 08:00', { channel: 'C0ZONE' });
    // The users.info of this file's beforeEach, with a member in New York.
    fake.clearScripts();
    fake.script('conversations.members', { body: { ok: true, members: MEMBERS.C0ZONE, response_metadata: { next_cursor: '' } } }, Infinity);
    fake.script('users.info', (call) => ({ body: { ok: true, user: { id: call.args.user, tz: call.args.user === 'U0NYC' ? 'America/New_York' : 'Europe/London' } } }), Infinity);
    const text = allText(await digest('subscribe daily 08:00 oncology', { channel: 'C0ZONE', user: 'U0NYC' }));
    expect(text).toContain('Updated. Times stay in the digest’s time zone (Europe/London).');
    expect(text).toContain('every day at 08:00 (Europe/London)');
    expect(text).not.toContain('The schedule was');
    expect((await started.bot.digests.subscriptions.get('C0ZONE'))?.schedule.timeZone).toBe('Europe/London');
    // A zone typed in the command still changes it.
    expect(allText(await digest('subscribe daily 08:00 America/New_York oncology', { channel: 'C0ZONE', user: 'U0NYC' }))).toContain('every day at 08:00 (America/New_York)');
  });

  it('warns when the bot is not in the channel yet', async () => {
    MEMBERS.C0NOBOT = [IDS.user];
    expect(allText(await digest('subscribe', { channel: 'C0NOBOT' }))).toContain('I’m not in this channel yet');
  });

  it.each([
    ['subscribe 25:00', /“25:00” is not a time of day: use HH:MM on the 24-hour clock, 00:00–23:59/],
    ['subscribe weekly Mars/Olympus', /“Mars\/Olympus” is not a time zone I know: use an IANA time zone name such as Europe\/London/],
    ['subscribe funday 09:00', /“funday” is not a day of the week: use mon, tue, wed, thu, fri, sat or sun/],
    ['frobnicate', /I don’t know the digest command “frobnicate”: use subscribe, list, preview, now, unsubscribe or resume/],
    ['subscribe daily 09:00 EST', /“EST” is a time-zone abbreviation.*: use an IANA time zone name such as Europe\/London/],
    ['subscribe sun pharma', /is “sun” the day of the digest or part of a company’s name\? To watch the company, put its name in quotes \("sun pharma"\); for the day, write on:sun\./],
    ['subscribe 2024', /Dates \(`since:`, a year\) are not digest filters/],
    ['subscribe #other-channel weekly', /“#other-channel” is a channel name, which I can’t look up: .*its ID, e\.g\. `C0123ABCD`/],
    ['list #other-channel', /“#other-channel” is a channel name, which I can’t look up: .*its ID, e\.g\. `C0123ABCD`/],
  ])('explains what is accepted: %s', async (text, message) => {
    const reply = await digest(text, { channel: 'C0SUB' });
    expect(allText(reply)).toMatch(message);
    expect(allText(reply)).toContain('/deal digest help');
  });

  it('refuses a schedule written in other words, saying what to type, and subscribes nothing', async () => {
    MEMBERS.C0PROSE = [IDS.user, IDS.botUser];
    const refused = allText(await digest('subscribe every day at 8', { channel: 'C0PROSE' }));
    expect(refused).toContain('I can’t read “every”, “day”, “at” and “8” in a schedule. Write it as `daily 08:00` or `weekly fri 09:00`');
    expect(refused).not.toContain('Subscribed');
    expect(allText(await digest('list', { channel: 'C0PROSE' }))).toContain('<#C0PROSE> has no digest.');
    const fixed = allText(await digest('subscribe daily 08:00', { channel: 'C0PROSE' }));
    expect(fixed).toContain('<#C0PROSE> gets a daily digest every day at 08:00 (Europe/London) of new partnerships.');
  });

  it.each(['<!channel>', '<https://evil.example|click-here>', '<@U999>'])(
    'quotes an unknown word without pinging or linking: %s',
    async (word) => {
      const reply = await digest(word, { channel: 'C0SUB' });
      const raw = JSON.stringify(reply);
      expect(allText(reply)).toMatch(/I don’t know the digest command “/);
      expect(raw).not.toMatch(/<!channel>|<https:|<@U999>/);
      expect(allText(reply)).toContain('&lt;');
    },
  );

  it('watches a company typed in capitals by name, in this channel, rather than taking it for a channel id', async () => {
    const text = allText(await digest('subscribe GALAPAGOS', { channel: 'C0SUB' }));
    expect(text).toMatch(/<#C0SUB> gets a weekly digest every Monday at 09:00 \([A-Za-z_/]+\) of new partnerships involving GALAPAGOS \(not in the catalogue yet\)\./);
    expect(fake.callsTo('conversations.members').map((c) => c.args.channel)).not.toContain('GALAPAGOS');
  });

  it.each([
    ['a quoted mention', '"<@U999|bob>"'],
    ['a quoted email address', '"<mailto:bd@acme.example|bd@acme.example>"'],
    ['a web address', '<http://acme.example|acme.example>'],
  ])('refuses %s as a filter, saying digests follow companies, and subscribes nothing', async (_what, word) => {
    MEMBERS.C0LINK = [IDS.user, IDS.botUser];
    const text = allText(await digest(`subscribe daily ${word}`, { channel: 'C0LINK' }));
    expect(text).toContain('is a mention or a link: digests follow companies, areas, deal types, stages and a minimum value');
    expect(allText(await digest('list', { channel: 'C0LINK' }))).toContain('<#C0LINK> has no digest.');
  });

  it('unsubscribes', async () => {
    MEMBERS.C0GONE = [IDS.user];
    await digest('subscribe', { channel: 'C0GONE' });
    expect(allText(await digest('unsubscribe', { channel: 'C0GONE' }))).toContain('Unsubscribed: <#C0GONE> gets no more digests.');
    expect(allText(await digest('list', { channel: 'C0GONE' }))).toContain('<#C0GONE> has no digest.');
  });

  it('shows help', async () => {
    expect(allText(await digest('help'))).toContain('/deal digest subscribe daily 07:30 Europe/London');
  });
});

describe('who may change a digest', () => {
  beforeAll(() => {
    MEMBERS.C0TEAM = [IDS.user, IDS.botUser];
    MEMBERS.C0ELSEWHERE = [IDS.botUser, 'U0SOMEONE'];
  });

  it('refuses someone who is not a member of the channel, and changes nothing', async () => {
    const reply = await digest('subscribe daily', { channel: 'C0TEAM', user: OUTSIDER });
    expect(allText(reply)).toContain('Only members of <#C0TEAM> (or a curator) can change its digest.');
    expect(allText(await digest('list', { channel: 'C0TEAM' }))).toContain('has no digest');
    expect(allText(await digest('now', { channel: 'C0TEAM', user: OUTSIDER }))).toContain('Only members');
  });

  it('lets a member manage it, and lets anyone in the channel read it', async () => {
    await digest('subscribe', { channel: 'C0TEAM' });
    expect(allText(await digest('list', { channel: 'C0TEAM', user: OUTSIDER }))).toContain('<#C0TEAM> gets a weekly digest');
  });

  it('lets a curator manage any channel, named in the command', async () => {
    const reply = await digest('subscribe <#C0ELSEWHERE|elsewhere> daily 08:00 UTC', { channel: 'C0TEAM', user: CURATOR });
    expect(allText(reply)).toContain('<#C0ELSEWHERE> gets a daily digest every day at 08:00 (UTC)');
    // The curator is not a member of C0ELSEWHERE; a member of C0TEAM who is not in it may not.
    expect(allText(await digest('unsubscribe C0ELSEWHERE', { channel: 'C0TEAM' }))).toContain('Only members of <#C0ELSEWHERE>');
    expect(allText(await digest('list <#C0ELSEWHERE>', { channel: 'C0TEAM' }))).toContain('Only members of <#C0ELSEWHERE>');
  });

  it('says digests go to channels when asked in a direct message, and changes nothing', async () => {
    const reply = await digest('subscribe daily', { channel: 'D0DIRECT' });
    expect(allText(reply)).toContain('Digests go to channels.');
    expect(fake.callsTo('conversations.members').some((c) => c.args.channel === 'D0DIRECT')).toBe(false);
    expect(allText(await digest('list', { channel: 'C0TEAM' }))).not.toContain('D0DIRECT');
  });

  it('fails closed when membership cannot be checked', async () => {
    const reply = await digest('subscribe', { channel: 'C0HIDDEN' });
    expect(allText(reply)).toContain('I couldn’t check who is in <#C0HIDDEN> (channel_not_found)');
    expect(allText(await digest('list', { channel: 'C0HIDDEN' }))).toContain('has no digest');
  });
});

describe('digests', () => {
  beforeAll(() => {
    MEMBERS.C0NEWS = [IDS.user, IDS.botUser];
  });

  it('a deal file dropped in the deals directory appears in the next digest, and only once', async () => {
    await digest('subscribe', { channel: 'C0NEWS' });
    expect(allText(await digest('preview', { channel: 'C0NEWS' }))).toContain('Nothing new to post right now.');

    await addDealFile('acme-newco-2026', ['Acme Therapeutics', 'NewCo Bio']);
    // The reloaded catalogue's title words are indexed too: a word of the new title finds the deal.
    await waitFor(() => started.bot.catalog().titleWords, { what: 'the reloaded catalogue’s title words' });
    const byTitle = ackMessage(await postForm(port, slashCommand({ text: 'test licence', responseUrl: fake.responseUrl().url })));
    expect(allText(byTitle)).toContain('No company or filter is called “test”: shown are the deals with it in their title.');
    expect(allText(byTitle)).toContain('Acme Therapeutics and NewCo Bio — test licence');
    const preview = await digest('preview', { channel: 'C0NEWS' });
    expect(allText(preview)).toContain('*Preview* — only you can see this.');
    expect(allText(preview)).toContain('Acme Therapeutics × NewCo Bio');
    expect(digestPosts('C0NEWS')).toHaveLength(0);

    clock.set('2026-11-16T09:00:00Z');
    const tick = await started.bot.digests.runDue();
    expect(tick.outcomes).toContainEqual(expect.objectContaining({ kind: 'posted', count: 1 }));
    const [post] = digestPosts('C0NEWS');
    expect(post!.args.blocks[0]).toMatchObject({ type: 'header', text: { text: 'New partnerships — week of 16 Nov 2026' } });
    expect(post!.args.text).toContain('Acme Therapeutics × NewCo Bio (licence; value up to $1.2 billion; 11 Nov 2026)');
    expect(buttons(post!.args.blocks)).toEqual([expect.objectContaining({ action_id: 'open_deal', value: 'acme-newco-2026', text: 'Open' })]);

    // Later digests never repeat it.
    clock.set('2026-11-23T09:00:00Z');
    await started.bot.digests.runDue();
    expect(digestPosts('C0NEWS')).toHaveLength(1);

    // "Open" on the digest shows the full card, privately.
    const { id, url } = fake.responseUrl();
    await postSigned(port, interactivityForm(buttonPress({ actionId: 'open_deal', value: 'acme-newco-2026', responseUrl: url, channelId: 'C0NEWS' })), FORM);
    const [card] = await fake.waitForPosts(id);
    expect(card!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(allText(card!.body)).toContain('Acme Therapeutics × NewCo Bio');
  });

  it('an invalid change is reported by file and field, and the last good catalogue stays in service', async () => {
    const before = started.bot.catalog();
    clock.advance(MINUTE);
    writeFileSync(path.join(dealsDir, 'broken.yaml'), dealYaml('broken-deal', ['Broken Co', 'Other Co']).replace('amount: $1.2 billion', 'amount: lots'));
    await waitFor(() => started.logger.lines.find((l) => l.level === 'error' && /deals not reloaded/.test(l.text)), { what: 'the reload error', timeoutMs: 8000 });
    const logged = started.logger.lines.filter((l) => /deals not reloaded/.test(l.text)).map((l) => l.text).join('\n');
    expect(logged).toMatch(/broken\.yaml: value\.total\.amount: expected an amount/);
    expect(started.bot.catalog()).toBe(before);
    rmSync(path.join(dealsDir, 'broken.yaml'));
    await waitFor(() => started.bot.catalog() !== before, { what: 'the reload after the fix', timeoutMs: 8000 });
    expect(started.bot.catalog().get('broken-deal')).toBeUndefined();
  });

  it('"now" with nothing new says since when, and posts nothing', async () => {
    MEMBERS.C0QUIET = [IDS.user, IDS.botUser];
    await digest('subscribe', { channel: 'C0QUIET' });
    // Before any digest, "new" starts at the slot before this period's: a Monday, 09:00 in the subscriber's zone.
    expect(allText(await digest('now', { channel: 'C0QUIET' }))).toMatch(/^No new partnerships since Mon \d{1,2} Nov 2026, 09:00 GMT, so nothing was posted\.$/m);
    expect(digestPosts('C0QUIET')).toHaveLength(0);
  });

  it('"now" posts in the channel at once and counts as this period’s digest', async () => {
    MEMBERS.C0NOW = [IDS.user, IDS.botUser];
    await digest('subscribe', { channel: 'C0NOW' });
    await addDealFile('now-deal-2026', ['Quick Bio', 'Fast Pharma']);
    const reply = allText(await digest('now', { channel: 'C0NOW' }));
    expect(reply).toContain('Posted 1 new partnership in <#C0NOW>. This counts as the digest due 30 Nov 2026');
    const posts = digestPosts('C0NOW');
    expect(posts).toHaveLength(1);
    expect(allText(posts[0]!.args)).toContain('Quick Bio × Fast Pharma');
    expect(allText(await digest('now', { channel: 'C0NOW' }))).toContain('has already been posted');
    clock.set('2026-11-30T09:00:00Z');
    await started.bot.digests.runDue();
    expect(digestPosts('C0NOW')).toHaveLength(1);
  });

  it('honours 429 Retry-After on a scheduled post, then posts once', async () => {
    MEMBERS.C0BUSY = [IDS.user, IDS.botUser];
    await digest('subscribe', { channel: 'C0BUSY' });
    await addDealFile('busy-deal-2026', ['Busy Bio', 'Crowded Pharma']);
    refuseIn('C0BUSY', { status: 429, headers: { 'retry-after': '4' }, body: { ok: false, error: 'ratelimited' } });
    const sleepsBefore = clock.sleeps.length;
    clock.set('2026-12-07T09:00:00Z');
    await started.bot.digests.runDue();
    expect(clock.sleeps.slice(sleepsBefore)).toContain(4000);
    const attempts = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0BUSY');
    expect(attempts).toHaveLength(2);
    expect(digestPosts('C0BUSY')).toHaveLength(2); // the refused attempt and the accepted one
    clock.advance(MINUTE);
    await started.bot.digests.runDue();
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0BUSY')).toHaveLength(2);
  });

  it('a scheduled post Slack took despite answering 500 is found in the channel’s history, not posted again', async () => {
    MEMBERS.C0FLAKY = [IDS.user, IDS.botUser];
    await digest('subscribe daily', { channel: 'C0FLAKY' });
    await addDealFile('flaky-deal-2026', ['Flaky Bio', 'Shaky Pharma']);
    const taken: Args[] = [];
    fake.script(
      'chat.postMessage',
      (call) => {
        if (call.args.channel === 'C0FLAKY' && taken.length === 0) {
          taken.push({ type: 'message', ts: '1795100000.000001', metadata: call.args.metadata });
          return { status: 500, body: 'boom' };
        }
        return { body: { ok: true, channel: call.args.channel, ts: `1795000000.${String(++tsSeq).padStart(6, '0')}` } };
      },
      Infinity,
    );
    fake.script('conversations.history', () => ({ body: { ok: true, messages: taken } }), Infinity);
    clock.set('2026-12-08T09:00:00Z');
    const tick = await started.bot.digests.runDue();
    expect(tick.outcomes).toContainEqual(expect.objectContaining({ kind: 'posted', ts: '1795100000.000001' }));
    expect(digestPosts('C0FLAKY')).toHaveLength(1);
    clock.advance(MINUTE);
    await started.bot.digests.runDue();
    expect(digestPosts('C0FLAKY')).toHaveLength(1);
    await digest('unsubscribe', { channel: 'C0FLAKY' });
  });

  it('"now" that Slack keeps answering with 500 says nothing was posted and to try again, not that it is retried', async () => {
    MEMBERS.C0DOWN = [IDS.user, IDS.botUser];
    await digest('subscribe', { channel: 'C0DOWN' });
    await addDealFile('down-deal-2026', ['Downtime Bio', 'Outage Pharma']);
    refuseIn('C0DOWN', { status: 500, body: 'boom' }, 5);
    const reply = allText(await digest('now', { channel: 'C0DOWN' }));
    expect(reply).toContain('Slack didn’t take the digest just now (posting to C0DOWN failed 5 times (last: HTTP 500)), so nothing was posted.');
    expect(reply).toContain('Try `/deal digest now` again in a few minutes; otherwise it goes out at its scheduled time.');
    expect(allText(await digest('now', { channel: 'C0DOWN' }))).toContain('Posted 1 new partnership in <#C0DOWN>.');
    await digest('unsubscribe', { channel: 'C0DOWN' });
  });

  it('not_in_channel pauses the digest and tells its creator by DM; resume posts the missed one', async () => {
    MEMBERS.C0KICKED = [IDS.user, IDS.botUser];
    await digest('subscribe', { channel: 'C0KICKED' });
    await addDealFile('kicked-deal-2026', ['Lonely Bio', 'Absent Pharma']);
    refuseIn('C0KICKED', { body: { ok: false, error: 'not_in_channel' } });
    clock.set('2026-12-14T09:00:00Z');
    const tick = await started.bot.digests.runDue();
    expect(tick.outcomes).toContainEqual(expect.objectContaining({ kind: 'paused', reason: 'not_in_channel' }));
    const dm = fake.callsTo('chat.postMessage').find((c) => c.args.channel === IDS.user);
    expect(dm!.args.text).toMatch(/Your deal digest for <#C0KICKED> is paused: I’m not a member of the channel/);
    expect(allText(await digest('list', { channel: 'C0KICKED' }))).toMatch(/Paused\* since Mon 14 Dec 2026, 09:00 GMT/);

    const kickedCalls = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0KICKED').length;
    const tried = kickedCalls();
    clock.advance(MINUTE);
    await started.bot.digests.runDue();
    expect(kickedCalls()).toBe(tried);

    expect(allText(await digest('resume', { channel: 'C0KICKED' }))).toContain('Resumed. The digest it missed goes out within a minute.');
    await started.bot.digests.runDue();
    const posts = digestPosts('C0KICKED');
    expect(posts.at(-1)!.args.blocks[0]).toMatchObject({ text: { text: 'New partnerships — week of 14 Dec 2026' } });
    expect(kickedCalls()).toBe(tried + 1);
  });

  it('a thread reply Slack refuses does not lose its deals: they go in the next digest, once', async () => {
    // 25 deals announced in the coming week, in the catalogue before the channel subscribes: new
    // to it only because of their date, so only the digest of that week would show them.
    clock.advance(MINUTE);
    const ids = Array.from({ length: 25 }, (_, i) => `thread-deal-${String(i).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) writeFileSync(path.join(dealsDir, `${id}.yaml`), dealYaml(id, [`Thread Bio ${i}`, 'Reply Pharma'], '', '2026-12-16'));
    await waitFor(() => ids.every((id) => started.bot.catalog().get(id)), { what: 'the thread deals to be hot-reloaded', timeoutMs: 8000 });
    MEMBERS.C0THREAD = [IDS.user, IDS.botUser];
    clock.advance(MINUTE);
    await digest('subscribe', { channel: 'C0THREAD' });

    // Slack refuses the first reply in the thread once; everything else goes through.
    let refusals = 1;
    fake.script(
      'chat.postMessage',
      (call) => {
        if (call.args.channel === 'C0THREAD' && call.args.thread_ts && refusals-- > 0) return { body: { ok: false, error: 'invalid_blocks' } };
        return { body: { ok: true, channel: call.args.channel, ts: `1795000000.${String(++tsSeq).padStart(6, '0')}` } };
      },
      Infinity,
    );
    clock.set('2026-12-21T09:00:00Z');
    await started.bot.digests.runDue();
    const shownIn = (calls: Array<{ args: Args }>) => calls.flatMap((c) => buttons(c.args.blocks).map((b) => b.value));
    const [main] = digestPosts('C0THREAD');
    expect(allText(main!.args)).toContain('…and 5 more — in the thread under this message.');
    const shown = shownIn([main!]);
    expect(shown).toHaveLength(20);

    clock.set('2026-12-28T09:00:00Z');
    await started.bot.digests.runDue();
    const next = digestPosts('C0THREAD')[1];
    expect(next && shownIn([next]).sort()).toEqual(ids.filter((id) => !shown.includes(id)));
    clock.set('2027-01-04T09:00:00Z');
    await started.bot.digests.runDue();
    expect(digestPosts('C0THREAD')).toHaveLength(2);
  });

  it('an error Slack keeps giving that the bot does not know (invalid_blocks) pauses the digest after 3 tries and tells its creator once', async () => {
    MEMBERS.C0BROKEN = [IDS.user, IDS.botUser];
    await digest('subscribe', { channel: 'C0BROKEN' });
    await addDealFile('broken-blocks-2027', ['Faulty Bio', 'Strict Pharma']);
    let broken = true;
    fake.script(
      'chat.postMessage',
      (call) =>
        call.args.channel === 'C0BROKEN' && broken
          ? { body: { ok: false, error: 'invalid_blocks' } }
          : { body: { ok: true, channel: call.args.channel, ts: `1795000000.${String(++tsSeq).padStart(6, '0')}` } },
      Infinity,
    );
    const dmsBefore = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === IDS.user).length;
    const attempts = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0BROKEN').length;
    for (const at of ['2027-01-04T09:00:00Z', '2027-01-04T09:01:00Z', '2027-01-04T09:03:00Z', '2027-01-04T11:00:00Z', '2027-01-05T09:00:00Z']) {
      clock.set(at);
      await started.bot.digests.runDue();
    }
    expect(attempts()).toBe(3);
    const dms = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === IDS.user).slice(dmsBefore);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toMatch(/Your deal digest for <#C0BROKEN> is paused: I could not post the digest .*\(invalid_blocks\).*tell the bot’s admins/);
    expect(allText(await digest('list', { channel: 'C0BROKEN' }))).toMatch(/Paused.*invalid_blocks.*tell the bot’s admins/s);

    // Fixed by the admins: resume retries, and the digest goes out once.
    broken = false;
    expect(allText(await digest('resume', { channel: 'C0BROKEN' }))).toContain('Resumed.');
    await started.bot.digests.runDue();
    expect(digestPosts('C0BROKEN')).toHaveLength(4);
    expect(allText(digestPosts('C0BROKEN').at(-1)!.args)).toContain('Faulty Bio × Strict Pharma');
  });

  it('restricted_action (posting limited to admins) pauses the digest and tells its creator what to fix, once', async () => {
    MEMBERS.C0ADMINSONLY = [IDS.user, IDS.botUser];
    await digest('subscribe', { channel: 'C0ADMINSONLY' });
    await addDealFile('admins-deal-2027', ['Guarded Bio', 'Locked Pharma']);
    refuseIn('C0ADMINSONLY', { body: { ok: false, error: 'restricted_action' } }, Infinity);
    const dmsBefore = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === IDS.user).length;
    clock.set('2027-01-11T09:00:00Z');
    const tick = await started.bot.digests.runDue();
    expect(tick.outcomes).toContainEqual(expect.objectContaining({ kind: 'paused', reason: 'restricted_action' }));
    const dms = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === IDS.user).slice(dmsBefore);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toMatch(
      /Your deal digest for <#C0ADMINSONLY> is paused: the workspace only lets some people \(such as admins\) post in the channel\. To fix it, ask a Slack admin to let apps post there/,
    );

    // Not retried, and list and now say it is paused and what to do.
    const attempts = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0ADMINSONLY').length;
    const tried = attempts();
    clock.set('2027-01-11T10:30:00Z');
    await started.bot.digests.runDue();
    expect(attempts()).toBe(tried);
    const list = allText(await digest('list', { channel: 'C0ADMINSONLY' }));
    expect(list).toContain('Paused');
    expect(list).toContain('To fix it, ask a Slack admin to let apps post there');
    expect(list).not.toContain('Next digest');
    const now = allText(await digest('now', { channel: 'C0ADMINSONLY' }));
    expect(now).toMatch(/is paused: the workspace only lets some people .* then run `\/deal digest resume`/);
    expect(now).not.toContain('retried automatically');
  });

  it('preview of a paused digest says it is paused, why, and how to resume — not when it goes out', async () => {
    const preview = allText(await digest('preview', { channel: 'C0ADMINSONLY' }));
    expect(preview).toContain('*Preview* — only you can see this.');
    expect(preview).toContain('The digest of <#C0ADMINSONLY> is paused: the workspace only lets some people (such as admins) post in the channel.');
    expect(preview).toContain('To fix it, ask a Slack admin to let apps post there');
    expect(preview).toContain('then run `/deal digest resume`');
    expect(preview).toContain('Guarded Bio × Locked Pharma');
    expect(preview).not.toMatch(/next digest goes out/i);
  });

  it('a revoked token stops every digest and messages no creator; `now` and list say what an admin must do', async () => {
    MEMBERS.C0TOKEN = [IDS.user, IDS.botUser];
    await digest('subscribe', { channel: 'C0TOKEN' });
    await addDealFile('token-deal-2027', ['Token Bio', 'Revoked Pharma']);
    const subscribed = (await started.bot.digests.subscriptions.all()).filter((sub) => !sub.paused);
    fake.script('chat.postMessage', { body: { ok: false, error: 'token_revoked' } }, Infinity);
    const postsBefore = fake.callsTo('chat.postMessage').length;
    clock.set('2027-01-18T09:00:00Z');
    await started.bot.digests.runDue();
    // Stopped at the first refusals (posts already in flight), not tried in every channel; no DMs.
    const tried = fake.callsTo('chat.postMessage').slice(postsBefore);
    expect(tried.length).toBeLessThan(subscribed.length);
    expect(tried.filter((c) => c.args.channel.startsWith('U'))).toEqual([]);
    expect((await started.bot.digests.subscriptions.all()).filter((sub) => !sub.paused)).toHaveLength(subscribed.length);
    expect(started.logger.lines).toContainEqual(expect.objectContaining({ level: 'error', text: expect.stringMatching(/refuses the bot itself \(token_revoked\)/) }));

    const now = allText(await digest('now', { channel: 'C0TOKEN' }));
    expect(now).toContain('No digest can be posted in any channel right now: Slack refuses the bot (token_revoked).');
    expect(now).toContain('a Slack admin reinstalls the app, and SLACK_BOT_TOKEN is set to its new bot token');
    expect(now).not.toContain('retried automatically');
    expect(allText(await digest('list', { channel: 'C0TOKEN' }))).toContain('Slack refuses the bot (token_revoked)');
    expect(allText(await digest('preview', { channel: 'C0TOKEN' }))).toContain('Slack refuses the bot (token_revoked)');

    // Reinstalled: the next check posts what is due, and the warning is gone.
    fake.clearScripts();
    clock.advance(10 * MINUTE);
    const tick = await started.bot.digests.runDue();
    expect(tick.outcomes).toContainEqual(expect.objectContaining({ kind: 'posted' }));
    expect(digestPosts('C0TOKEN').at(-1)!.args.metadata.event_payload).toEqual({ slot: 'weekly:2027-01-18' });
    expect(allText(await digest('list', { channel: 'C0TOKEN' }))).not.toContain('refuses the bot');
  });

  it('once the token works again, list stops warning within the next check, though no digest is due', async () => {
    await addDealFile('token-deal-2-2027', ['Second Bio', 'Revoked Again Pharma']);
    let revoked = true;
    const refusal = { body: { ok: false, error: 'token_revoked' } };
    fake.script('chat.postMessage', () => refusal, Infinity);
    fake.script('auth.test', () => (revoked ? refusal : { body: { ok: true, user_id: IDS.botUser, bot_id: IDS.bot, team_id: IDS.team } }), Infinity);
    expect(allText(await digest('now', { channel: 'C0TOKEN' }))).toContain('Slack refuses the bot (token_revoked)');

    // Still revoked at the first check; fixed before the next one. Nothing is due until next Monday.
    clock.advance(MINUTE);
    await started.bot.digests.runDue();
    expect(allText(await digest('list', { channel: 'C0TOKEN' }))).toContain('Slack refuses the bot (token_revoked)');
    revoked = false;
    const postsBefore = fake.callsTo('chat.postMessage').length;
    clock.advance(2 * MINUTE);
    expect(await started.bot.digests.runDue()).toEqual({ due: 0, outcomes: [] });
    expect(allText(await digest('list', { channel: 'C0TOKEN' }))).not.toContain('refuses the bot');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(postsBefore);
  });

  it('a channel that does not allow threads pauses the digest after its main post, and its creator is told once', async () => {
    MEMBERS.C0FLAT = [IDS.user, IDS.botUser];
    await digest('subscribe "Threadless Pharma"', { channel: 'C0FLAT' });
    clock.advance(MINUTE);
    const ids = Array.from({ length: 25 }, (_, i) => `flat-deal-${String(i).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) writeFileSync(path.join(dealsDir, `${id}.yaml`), dealYaml(id, [`Flat Bio ${i}`, 'Threadless Pharma']));
    await waitFor(() => ids.every((id) => started.bot.catalog().get(id)), { what: 'the deals to be hot-reloaded', timeoutMs: 8000 });
    fake.script(
      'chat.postMessage',
      (call) =>
        call.args.channel === 'C0FLAT' && call.args.thread_ts
          ? { body: { ok: false, error: 'restricted_action_non_threadable_channel' } }
          : { body: { ok: true, channel: call.args.channel, ts: `1795000000.${String(++tsSeq).padStart(6, '0')}` } },
      Infinity,
    );
    const dmsBefore = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === IDS.user).length;
    const now = allText(await digest('now', { channel: 'C0FLAT' }));
    expect(now).toContain('Posted 20 new partnerships in <#C0FLAT>');
    expect(now).toContain('5 more could not go in its thread; they go in the next digest.');
    expect(now).toContain('The digest of <#C0FLAT> is paused: the channel does not allow threads');
    const dms = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === IDS.user).slice(dmsBefore);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toMatch(/<#C0FLAT> is paused: the channel does not allow threads.*ask a Slack admin to allow threads.*the 5 deals its last digest could not post in its thread go in the next one/);
    expect(allText(await digest('list', { channel: 'C0FLAT' }))).toContain('Paused');
  });
});
