/**
 * The digest service with an injected clock, an in-memory Slack and a real state store: when
 * digests go out, what they hold, and that each (channel, period) is posted exactly once through
 * downtime, crashes, store outages, Slack refusals and several instances.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Catalog } from '../../../src/deals/catalog';
import type { Deal } from '../../../src/deals/schema';
import { DigestPostError } from '../../../src/services/digest-poster';
import { DIGEST_LEASE_MS } from '../../../src/services/digest-service';
import { openStore } from '../../../src/store';
import { makeDeal } from '../../helpers/deal-factory';
import { deleteKeysWithPrefix, describeRedis, uniquePrefix } from '../../helpers/redis';
import { dealIds, failingWriteOnce, FakePoster, fakeClock, harness, memoryStore, silentLogger, switchableStore, type FakeClock, type Harness } from './support';

const MINUTE = 60_000;
const deal = (id: string, extra: Partial<Parameters<typeof makeDeal>[0]> = {}): Deal =>
  makeDeal({ id, parties: [`${id} Bio`, 'Partner Co'], announced: '2024-01-15', ...extra });

/** The bot's catalogue at start-up: known before anyone subscribes, so never "new" by itself. */
const seeds = [deal('seed-a'), deal('seed-b')];

/** Starts a harness at `start` with the seed catalogue recorded, as at bot start-up. */
async function startedAt(start: string, options: Partial<Parameters<typeof harness>[0]> = {}): Promise<Harness> {
  const clock = options.clock ?? fakeClock(start);
  const h = await harness({ clock, catalog: new Catalog(seeds), ...options });
  await h.service.recordCatalog(h.catalog.current);
  return h;
}

/** A minute later, a curator adds deals to the catalogue (what a hot reload does). */
async function addDeals(h: Harness, ...deals: Deal[]): Promise<void> {
  h.clock.advance(MINUTE);
  const current = h.catalog.current;
  h.catalog.current = new Catalog([...current.ids.map((id) => current.get(id)!), ...deals]);
  await h.service.recordCatalog(h.catalog.current);
}

async function tickAt(h: Harness, when: string) {
  h.clock.set(when);
  return h.service.runDue();
}

describe('schedule', () => {
  it('posts the new deals at Monday 09:00 London time, once', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    h.clock.advance(MINUTE);
    await addDeals(h, deal('new-1', { announced: '2026-11-11' }));

    expect((await tickAt(h, '2026-11-16T08:59:00Z')).due).toBe(0);
    const first = await tickAt(h, '2026-11-16T09:00:00Z');
    expect(first.outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 1 })]);
    expect(await tickAt(h, '2026-11-16T09:01:00Z')).toEqual({ due: 0, outcomes: [] });

    const posts = h.poster.digestsIn('C1');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.blocks![0]).toMatchObject({ type: 'header', text: { text: 'New partnerships — week of 16 Nov 2026' } });
    expect(dealIds(posts, h.catalog.current)).toEqual(['new-1']);
  });

  it('follows the clocks across the spring change: 09:00 BST is 08:00Z', async () => {
    const h = await startedAt('2026-03-25T10:00:00Z');
    await h.subscribe();
    h.clock.advance(MINUTE);
    await addDeals(h, deal('spring'));
    expect((await tickAt(h, '2026-03-30T07:59:59Z')).due).toBe(0);
    expect((await tickAt(h, '2026-03-30T08:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted' })]);
    expect(h.poster.digestsIn('C1')).toHaveLength(1);
  });

  it('after downtime, posts the missed digest once — not once per missed week — with everything missed', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    // Down from here: deals keep arriving (recorded at the next start), no ticks for three weeks.
    h.clock.set('2026-11-20T10:00:00Z');
    await addDeals(h, deal('week-1'));
    h.clock.set('2026-11-27T10:00:00Z');
    await addDeals(h, deal('week-2'));
    h.clock.set('2026-12-02T10:00:00Z');
    await addDeals(h, deal('week-3'));

    const back = await tickAt(h, '2026-12-03T15:00:00Z');
    expect(back.outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 3 })]);
    expect(await tickAt(h, '2026-12-03T15:01:00Z')).toEqual({ due: 0, outcomes: [] });
    const posts = h.poster.digestsIn('C1');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.digestSlot).toBe('weekly:2026-11-30');
    expect(dealIds(posts, h.catalog.current).sort()).toEqual(['week-1', 'week-2', 'week-3']);
  });

  it('never posts slots from before the subscription (or before a schedule change)', async () => {
    const h = await startedAt('2026-11-16T09:30:00Z');
    await h.subscribe();
    await addDeals(h, deal('late'));
    expect((await tickAt(h, '2026-11-16T10:00:00Z')).due).toBe(0);
    // Changing to daily at 12:00 on Wednesday does not post Wednesday 09:00's slot.
    await tickAt(h, '2026-11-18T12:00:00Z');
    await h.subscribe({ schedule: { cadence: 'daily' } });
    expect((await tickAt(h, '2026-11-18T12:01:00Z')).due).toBe(0);
    expect((await tickAt(h, '2026-11-19T09:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted' })]);
  });
});

describe('what goes in', () => {
  it('never the same deals again, and nothing at all when nothing is new', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    await addDeals(h, deal('first'));
    await tickAt(h, '2026-11-16T09:00:00Z');
    const quiet = await tickAt(h, '2026-11-23T09:00:00Z');
    expect(quiet.outcomes).toEqual([expect.objectContaining({ kind: 'empty', posted: false })]);
    await addDeals(h, deal('second'));
    await tickAt(h, '2026-11-30T09:00:00Z');
    const posts = h.poster.digestsIn('C1');
    expect(posts.map((p) => dealIds([p], h.catalog.current))).toEqual([['first'], ['second']]);
    expect(h.poster.posts).toHaveLength(2);
  });

  it('posts one short line for an empty period when the subscription asks for it', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe({ ifEmpty: 'line' });
    const out = await tickAt(h, '2026-11-16T09:00:00Z');
    expect(out.outcomes).toEqual([expect.objectContaining({ kind: 'empty', posted: true })]);
    expect(h.poster.posts.map((p) => p.text)).toEqual(['New partnerships — week of 16 Nov 2026: nothing new this week.']);
    expect((await tickAt(h, '2026-11-16T09:05:00Z')).due).toBe(0);
  });

  it('includes a deal known before the subscription when it was announced within the period', async () => {
    const h = await harness({ clock: fakeClock('2026-11-10T12:00:00Z'), catalog: new Catalog([deal('fresh', { announced: '2026-11-12' }), ...seeds]) });
    await h.service.recordCatalog(h.catalog.current);
    await h.subscribe();
    await tickAt(h, '2026-11-16T09:00:00Z');
    expect(dealIds(h.poster.digestsIn('C1'), h.catalog.current)).toEqual(['fresh']);
  });

  it('unsubscribing and subscribing again loses none of the deals added since the channel’s last digest', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    await addDeals(h, deal('before'));
    await tickAt(h, '2026-11-16T09:00:00Z');
    // Added on Tuesday (announced long ago, so new only by when the bot first saw it).
    h.clock.set('2026-11-17T10:00:00Z');
    await addDeals(h, deal('backfilled'));
    h.clock.set('2026-11-18T10:00:00Z');
    await h.service.subscriptions.remove('C1');
    h.clock.advance(MINUTE);
    await h.subscribe();
    await addDeals(h, deal('after'));
    await tickAt(h, '2026-11-23T09:00:00Z');
    expect(h.poster.digestsIn('C1').map((p) => dealIds([p], h.catalog.current).sort())).toEqual([['before'], ['after', 'backfilled']]);
  });

  it('after its filters change, a channel gets deals new since its last digest, not every older one the new filters match', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    const pfizer = { parties: [{ name: 'Pfizer', key: 'pfizer', known: false }] };
    await h.subscribe({ filters: pfizer });
    await addDeals(h, deal('old-onc', { areas: ['oncology'] }), makeDeal({ id: 'pfizer-deal', parties: ['Pfizer', 'X'], announced: '2024-01-15' }));
    await tickAt(h, '2026-11-16T09:00:00Z');
    h.clock.set('2026-11-17T10:00:00Z');
    await h.subscribe({ filters: { areas: ['oncology'] } });
    await addDeals(h, deal('new-onc', { areas: ['oncology'] }));
    await tickAt(h, '2026-11-23T09:00:00Z');
    expect(h.poster.digestsIn('C1').map((p) => dealIds([p], h.catalog.current))).toEqual([['pfizer-deal'], ['new-onc']]);
  });

  it('applies the channel’s filters', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe({ filters: { parties: [{ name: 'Pfizer', key: 'pfizer', known: false }], areas: ['oncology'] } });
    await addDeals(
      h,
      makeDeal({ id: 'pfizer-onc', parties: ['Pfizer', 'X'], areas: ['Oncology'] }),
      makeDeal({ id: 'pfizer-cardio', parties: ['Pfizer', 'Y'], areas: ['cardiovascular'] }),
      makeDeal({ id: 'other-onc', parties: ['Merck', 'Z'], areas: ['oncology'] }),
    );
    await tickAt(h, '2026-11-16T09:00:00Z');
    expect(dealIds(h.poster.digestsIn('C1'), h.catalog.current)).toEqual(['pfizer-onc']);
  });

  it('puts what does not fit in thread replies under the digest, and records them', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    const many = Array.from({ length: 30 }, (_, i) => deal(`bulk-${String(i).padStart(2, '0')}`));
    await addDeals(h, ...many);
    const out = await tickAt(h, '2026-11-16T09:00:00Z');
    expect(out.outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 30 })]);
    const [main, reply] = h.poster.posts;
    expect(reply!.threadTs).toBe(main!.ts);
    // Tagged, so that a retry after a server error finds it in the thread rather than posting it twice.
    expect(reply).toMatchObject({ digestSlot: main!.digestSlot, digestPart: 1 });
    expect(dealIds([main!, reply!], h.catalog.current)).toHaveLength(30);
    await addDeals(h, deal('after'));
    await tickAt(h, '2026-11-23T09:00:00Z');
    expect(dealIds([h.poster.posts[2]!], h.catalog.current)).toEqual(['after']);
  });
});

describe('thread replies that do not go out', () => {
  /** Thirty deals announced in the week before 16 Nov, known before the channel subscribed. */
  const announcedInPeriod = Array.from({ length: 30 }, (_, i) => deal(`week-${String(i).padStart(2, '0')}`, { announced: '2026-11-12' }));

  async function knownBeforeSubscribing(options: Partial<Parameters<typeof harness>[0]> = {}): Promise<Harness> {
    const clock = options.clock ?? fakeClock('2026-11-10T12:00:00Z');
    const h = await harness({ clock, catalog: new Catalog([...seeds, ...announcedInPeriod]), ...options });
    await h.service.recordCatalog(h.catalog.current);
    return h;
  }

  it('a failed reply’s deals go in the next digest, once — even deals that are not new by date then', async () => {
    const h = await knownBeforeSubscribing();
    await h.subscribe();
    h.poster.failWhen((m) => m.threadTs !== undefined, new DigestPostError('retry_later', 'posting failed 5 times (last: HTTP 503)'));
    expect((await tickAt(h, '2026-11-16T09:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 20 })]);
    const shown = dealIds(h.poster.posts, h.catalog.current);
    expect(shown).toHaveLength(20);

    expect((await tickAt(h, '2026-11-23T09:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 10 })]);
    const next = h.poster.digestsIn('C1')[1]!;
    expect(dealIds([next], h.catalog.current).sort()).toEqual(announcedInPeriod.map((d) => d.id).filter((id) => !shown.includes(id)).sort());

    expect((await tickAt(h, '2026-11-30T09:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'empty', posted: false })]);
  });

  it('a reply Slack accepted whose record fails is recorded on the next tick, and its deals are not posted again', async () => {
    const clock = fakeClock('2026-11-10T12:00:00Z');
    const store = failingWriteOnce(await memoryStore(clock), 'digest-state');
    const h = await knownBeforeSubscribing({ clock, store });
    await h.subscribe();
    // Slack accepts the thread reply; the write that records it fails once.
    h.poster.afterPost = (p) => {
      if (p.threadTs) store.arm();
    };
    expect((await tickAt(h, '2026-11-16T09:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 30 })]);
    h.poster.afterPost = undefined;
    expect(dealIds(h.poster.posts, h.catalog.current)).toHaveLength(30);

    await tickAt(h, '2026-11-16T09:01:00Z');
    expect((await tickAt(h, '2026-11-23T09:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'empty', posted: false })]);
    expect(h.poster.posts).toHaveLength(2);
  });

  it('a thread Slack refuses for good pauses the digest and tells its creator why, instead of carrying the deals for ever', async () => {
    const h = await knownBeforeSubscribing();
    await h.subscribe({ user: 'U-CREATOR' });
    const noThreads = () => new DigestPostError('channel_gone', 'refused', 'restricted_action_non_threadable_channel');
    h.poster.failWhen((m) => m.threadTs !== undefined, noThreads());
    expect((await tickAt(h, '2026-11-16T09:00:00Z')).outcomes).toEqual([
      expect.objectContaining({ kind: 'posted', count: 20, held: 10, paused: 'restricted_action_non_threadable_channel' }),
    ]);
    const shown = dealIds(h.poster.posts, h.catalog.current);
    expect((await h.service.subscriptions.get('C1'))?.paused).toMatchObject({ reason: 'restricted_action_non_threadable_channel' });
    const dms = h.poster.posts.filter((p) => p.channel === 'U-CREATOR');
    expect(dms).toHaveLength(1);
    expect(dms[0]!.text).toMatch(/digest for <#C1> is paused: the channel does not allow threads.*To fix it, ask a Slack admin to allow threads.*the 10 deals its last digest could not post in its thread go in the next one/);
    expect((await tickAt(h, '2026-11-23T09:00:00Z')).due).toBe(0);

    // Threads allowed again and resumed: the held deals come in the next digest, once.
    await h.service.subscriptions.resume('C1', 'U-CREATOR', h.clock.now());
    expect((await tickAt(h, '2026-11-30T09:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 10 })]);
    const next = h.poster.digestsIn('C1').at(-1)!;
    expect(dealIds([next], h.catalog.current).sort()).toEqual(announcedInPeriod.map((d) => d.id).filter((id) => !shown.includes(id)).sort());
  });

  it('a thread refused because of the bot’s token stops every digest, messaging no one', async () => {
    const h = await knownBeforeSubscribing();
    await h.subscribe({ user: 'U-CREATOR' });
    h.poster.failWhen((m) => m.threadTs !== undefined, new DigestPostError('app_refused', 'refused', 'token_revoked'));
    expect((await tickAt(h, '2026-11-16T09:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 20, held: 10, halted: 'token_revoked' })]);
    expect(h.service.halted()).toMatchObject({ reason: 'token_revoked' });
    expect(h.poster.posts.filter((p) => p.channel === 'U-CREATOR')).toEqual([]);
    expect((await h.service.subscriptions.get('C1'))?.paused).toBeUndefined();
  });

  it('a crash after the main post, before its replies, carries the replies’ deals into the next digest', async () => {
    const clock = fakeClock('2026-11-10T12:00:00Z');
    const store = switchableStore(await memoryStore(clock));
    const poster = new FakePoster();
    const holder = { current: new Catalog([...seeds, ...announcedInPeriod]) };
    const a = await knownBeforeSubscribing({ clock, store, poster, catalog: holder, owner: 'instance-a' });
    await a.subscribe();
    // Slack takes the main post, then the instance loses its store (and dies) before recording it.
    poster.afterPost = () => {
      store.down = true;
    };
    clock.set('2026-11-16T09:00:00Z');
    await a.service.runDue();
    poster.afterPost = undefined;
    store.down = false;
    const shown = dealIds(poster.posts, holder.current);
    expect(shown).toHaveLength(20);

    const b = await knownBeforeSubscribing({ clock, store, poster, catalog: holder, owner: 'instance-b' });
    clock.advance(DIGEST_LEASE_MS + MINUTE);
    expect((await b.service.runDue()).outcomes).toEqual([expect.objectContaining({ kind: 'recovered' })]);
    await tickAt(b, '2026-11-23T09:00:00Z');
    const next = poster.digestsIn('C1')[1];
    expect(next && dealIds([next], holder.current).sort()).toEqual(announcedInPeriod.map((d) => d.id).filter((id) => !shown.includes(id)).sort());
  });
});

describe('/deal digest now and preview', () => {
  it('"now" posts at once and counts as the period’s digest; the next period carries on from there', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    h.clock.set('2026-11-11T10:00:00Z');
    await addDeals(h, deal('x'));
    const now = await h.service.postNow('C1');
    expect(now).toMatchObject({ kind: 'posted', count: 1, slot: { key: 'weekly:2026-11-16' } });
    expect(h.poster.posts[0]!.blocks![0]).toMatchObject({ text: { text: 'New partnerships — week of 9 Nov 2026' } });
    expect(await h.service.postNow('C1')).toMatchObject({ kind: 'already' });

    await addDeals(h, deal('y'));
    expect((await tickAt(h, '2026-11-16T09:00:00Z')).due).toBe(0);
    await tickAt(h, '2026-11-23T09:00:00Z');
    expect(h.poster.posts.map((p) => dealIds([p], h.catalog.current))).toEqual([['x'], ['y']]);
  });

  /** A weekly Monday digest, subscribed on Tuesday 10 Nov, and `now` posting `id` for the 16th. */
  async function postedNowOnTuesday(id: string): Promise<Harness> {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    await addDeals(h, deal(id));
    expect(await h.service.postNow('C1')).toMatchObject({ kind: 'posted', slot: { key: 'weekly:2026-11-16' } });
    return h;
  }

  async function nextRunOf(h: Harness): Promise<string> {
    const sub = (await h.service.subscriptions.get('C1'))!;
    return new Date((await h.service.nextRun(sub))!).toISOString();
  }

  it('"now" and then a switch from weekly to daily: the daily digests start the next morning, without repeating', async () => {
    const h = await postedNowOnTuesday('before-now');
    h.clock.set('2026-11-10T15:00:00Z');
    await h.subscribe({ schedule: { cadence: 'daily', hour: 8 } });
    expect(await nextRunOf(h)).toBe('2026-11-11T08:00:00.000Z');
    await addDeals(h, deal('after-change'));

    expect((await tickAt(h, '2026-11-11T08:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 1 })]);
    await addDeals(h, deal('thursday'));
    expect((await tickAt(h, '2026-11-12T08:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 1 })]);
    expect(h.poster.digestsIn('C1').map((p) => dealIds([p], h.catalog.current))).toEqual([['before-now'], ['after-change'], ['thursday']]);
  });

  it('"now" and then a change of time only: that week’s digest is not posted again', async () => {
    const h = await postedNowOnTuesday('early');
    await h.subscribe({ schedule: { hour: 10 } });
    expect(await nextRunOf(h)).toBe('2026-11-23T10:00:00.000Z');
    await addDeals(h, deal('later'));
    expect((await tickAt(h, '2026-11-16T10:00:00Z')).due).toBe(0);
    expect((await tickAt(h, '2026-11-23T10:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 1 })]);
    expect(h.poster.digestsIn('C1').map((p) => dealIds([p], h.catalog.current))).toEqual([['early'], ['later']]);
  });

  it('"now", a switch to another day and back: the period "now" posted stays done, and list says when the next one really goes', async () => {
    const h = await postedNowOnTuesday('one');
    h.clock.set('2026-11-11T10:00:00Z');
    await h.subscribe({ schedule: { weekday: 'fri' } });
    await addDeals(h, deal('two'));
    expect((await tickAt(h, '2026-11-13T09:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 1 })]);
    h.clock.set('2026-11-14T10:00:00Z');
    await h.subscribe({ schedule: { weekday: 'mon' } });
    await addDeals(h, deal('three'));

    expect(await nextRunOf(h)).toBe('2026-11-23T09:00:00.000Z');
    // Not due (its claim is the "done" marker of the "now"): no tick after tick of "taken".
    expect(await tickAt(h, '2026-11-16T09:00:00Z')).toEqual({ due: 0, outcomes: [] });
    expect((await tickAt(h, '2026-11-23T09:00:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted', count: 1 })]);
    expect(h.poster.digestsIn('C1').map((p) => dealIds([p], h.catalog.current))).toEqual([['one'], ['two'], ['three']]);
  });

  it('"now" with nothing new posts nothing and leaves the period open', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    expect(await h.service.postNow('C1')).toMatchObject({ kind: 'empty', posted: false });
    await addDeals(h, deal('later'));
    await tickAt(h, '2026-11-16T09:00:00Z');
    expect(h.poster.digestsIn('C1')).toHaveLength(1);
  });

  it('"now" catches up a missed slot rather than skipping ahead', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    await addDeals(h, deal('missed'));
    h.clock.set('2026-11-17T10:00:00Z');
    expect(await h.service.postNow('C1')).toMatchObject({ kind: 'posted', slot: { key: 'weekly:2026-11-16' } });
  });

  it('preview shows what would be posted, posting and claiming nothing', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    await addDeals(h, deal('peek'));
    const preview = await h.service.preview('C1');
    expect(preview?.digest?.mainIds).toEqual(['peek']);
    expect(new Date(preview!.nextRun).toISOString()).toBe('2026-11-16T09:00:00.000Z');
    expect(h.poster.posts).toHaveLength(0);
    await tickAt(h, '2026-11-16T09:00:00Z');
    expect(h.poster.digestsIn('C1')).toHaveLength(1);
    expect(await h.service.preview('C-none')).toBeUndefined();
  });
});

describe('exactly once', () => {
  async function twoInstances(start: string): Promise<{ a: Harness; b: Harness; clock: FakeClock; poster: FakePoster }> {
    const clock = fakeClock(start);
    const poster = new FakePoster();
    const store = await memoryStore(clock);
    const holder = { current: new Catalog(seeds) };
    const a = await startedAt(start, { clock, store, poster, catalog: holder, owner: 'instance-a' });
    const b = await startedAt(start, { clock, store, poster, catalog: holder, owner: 'instance-b' });
    return { a, b, clock, poster };
  }

  it('two instances on the same store post one digest', async () => {
    const { a, b, clock, poster } = await twoInstances('2026-11-10T12:00:00Z');
    await a.subscribe();
    await addDeals(a, deal('one'));
    clock.set('2026-11-16T09:00:00Z');
    const [ra, rb] = await Promise.all([a.service.runDue(), b.service.runDue()]);
    expect([...ra.outcomes, ...rb.outcomes].map((o) => o.kind).sort()).toEqual(['posted', 'taken']);
    expect(poster.digestsIn('C1')).toHaveLength(1);
    expect((await b.service.runDue()).due).toBe(0);
  });

  it('a crash after claiming, before posting, loses nothing: the lease runs out and the digest is posted once', async () => {
    const { a, b, clock, poster } = await twoInstances('2026-11-10T12:00:00Z');
    await a.subscribe();
    await addDeals(a, deal('survivor'));
    clock.set('2026-11-16T09:00:00Z');
    // Instance A takes the slot and dies before it posts.
    expect(await a.store.claim('digest:C1:weekly:2026-11-16', 'instance-a', DIGEST_LEASE_MS)).toBe(true);

    expect((await b.service.runDue()).outcomes).toEqual([expect.objectContaining({ kind: 'taken' })]);
    clock.advance(DIGEST_LEASE_MS - MINUTE);
    expect((await b.service.runDue()).outcomes).toEqual([expect.objectContaining({ kind: 'taken' })]);
    clock.advance(MINUTE + 1);
    expect((await b.service.runDue()).outcomes).toEqual([expect.objectContaining({ kind: 'posted' })]);

    // A restarts (same name, fresh memory): nothing left to do.
    const restarted = await startedAt('2026-11-16T09:11:00Z', { clock, store: a.store, poster, catalog: a.catalog, owner: 'instance-a' });
    expect((await restarted.service.runDue()).due).toBe(0);
    expect(poster.digestsIn('C1')).toHaveLength(1);
  });

  it('a crash after posting, before recording, does not post twice: the next owner finds the tagged message', async () => {
    const clock = fakeClock('2026-11-10T12:00:00Z');
    const store = switchableStore(await memoryStore(clock));
    const poster = new FakePoster();
    const holder = { current: new Catalog(seeds) };
    const a = await startedAt('2026-11-10T12:00:00Z', { clock, store, poster, catalog: holder, owner: 'instance-a' });
    await a.subscribe();
    await addDeals(a, deal('posted-once'));
    // Slack takes the post, then the instance loses its store (and dies) before recording it.
    poster.afterPost = () => {
      store.down = true;
    };
    clock.set('2026-11-16T09:00:00Z');
    // Posted, only not recorded: `now` must not say Slack refused it.
    expect((await a.service.runDue()).outcomes).toEqual([expect.objectContaining({ kind: 'failed', cause: 'unrecorded' })]);
    poster.afterPost = undefined;
    store.down = false;

    const b = await startedAt('2026-11-16T09:00:00Z', { clock, store, poster, catalog: holder, owner: 'instance-b' });
    clock.advance(DIGEST_LEASE_MS + MINUTE);
    expect((await b.service.runDue()).outcomes).toEqual([expect.objectContaining({ kind: 'recovered' })]);
    expect(poster.digestsIn('C1')).toHaveLength(1);
    // Recorded as posted: next week does not repeat it.
    await tickAt(b, '2026-11-23T09:00:00Z');
    expect(poster.digestsIn('C1')).toHaveLength(1);
  });

  it('when the store fails right after a post, the same instance records it once the store is back', async () => {
    const clock = fakeClock('2026-11-10T12:00:00Z');
    const store = switchableStore(await memoryStore(clock));
    const h = await startedAt('2026-11-10T12:00:00Z', { clock, store });
    await h.subscribe();
    await addDeals(h, deal('kept'));
    h.poster.afterPost = () => {
      store.down = true;
    };
    await tickAt(h, '2026-11-16T09:00:00Z');
    h.poster.afterPost = undefined;
    await expect(tickAt(h, '2026-11-16T09:01:00Z')).rejects.toThrow(/switched off/);
    store.down = false;
    expect(await tickAt(h, '2026-11-16T09:02:00Z')).toEqual({ due: 0, outcomes: [] });
    clock.advance(DIGEST_LEASE_MS * 2);
    expect((await h.service.runDue()).due).toBe(0);
    expect(h.poster.digestsIn('C1')).toHaveLength(1);
  });

  it('when the store fails while the thread goes out, "now" says what was posted, not that nothing was', async () => {
    const clock = fakeClock('2026-11-13T12:00:00Z');
    const store = switchableStore(await memoryStore(clock));
    const h = await startedAt('2026-11-13T12:00:00Z', { clock, store });
    await h.subscribe();
    await addDeals(h, ...Array.from({ length: 30 }, (_, i) => deal(`many-${i}`)));
    // The main post is recorded; the store goes as the first thread reply is taken.
    h.poster.afterPost = (p) => {
      if (p.threadTs) store.down = true;
    };
    expect(await h.service.postNow('C1')).toMatchObject({ kind: 'posted', count: 30, slot: { key: 'weekly:2026-11-16' } });
    h.poster.afterPost = undefined;
    store.down = false;
    expect(await h.service.postNow('C1')).toMatchObject({ kind: 'already' });
    expect((await tickAt(h, '2026-11-16T09:00:00Z')).due).toBe(0);
    expect(dealIds(h.poster.posts, h.catalog.current)).toHaveLength(30);
  });

  it('with the store down at the scheduled time, the digest waits and goes out once it is back', async () => {
    const clock = fakeClock('2026-11-10T12:00:00Z');
    const store = switchableStore(await memoryStore(clock));
    const h = await startedAt('2026-11-10T12:00:00Z', { clock, store });
    await h.subscribe();
    await addDeals(h, deal('patient'));
    store.down = true;
    for (const minute of ['09:00', '09:01', '09:30']) {
      await expect(tickAt(h, `2026-11-16T${minute}:00Z`)).rejects.toThrow(/switched off/);
    }
    expect(h.poster.posts).toHaveLength(0);
    store.down = false;
    expect((await tickAt(h, '2026-11-16T09:31:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'posted' })]);
    expect((await tickAt(h, '2026-11-16T09:32:00Z')).due).toBe(0);
    expect(h.poster.digestsIn('C1')).toHaveLength(1);
  });

  it('two processes on one SQLite file post one digest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'digest-sqlite-'));
    const clock = fakeClock('2026-11-10T12:00:00Z');
    const url = `sqlite://${path.join(dir, 'state.sqlite')}`;
    const stores = [
      await openStore(url, { logger: silentLogger(), now: clock.now }),
      await openStore(url, { logger: silentLogger(), now: clock.now }),
    ];
    try {
      const poster = new FakePoster();
      const holder = { current: new Catalog(seeds) };
      const [a, b] = await Promise.all(
        stores.map((store, i) => startedAt('2026-11-10T12:00:00Z', { clock, store, poster, catalog: holder, owner: `proc-${i}` })),
      );
      await a!.subscribe();
      await addDeals(a!, deal('sqlite-deal'));
      await b!.service.recordCatalog(holder.current);
      clock.set('2026-11-16T09:00:00Z');
      await Promise.all([a!.service.runDue(), b!.service.runDue(), a!.service.runDue()]);
      expect(poster.digestsIn('C1')).toHaveLength(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeRedis('exactly once on Redis', (url) => {
  it('two instances sharing Redis post one digest', async () => {
    const prefix = uniquePrefix();
    const clock = fakeClock('2026-11-10T12:00:00Z');
    const stores = [await openStore(url, { logger: silentLogger(), keyPrefix: prefix }), await openStore(url, { logger: silentLogger(), keyPrefix: prefix })];
    try {
      const poster = new FakePoster();
      const holder = { current: new Catalog(seeds) };
      const [a, b] = await Promise.all(
        stores.map((store, i) => startedAt('2026-11-10T12:00:00Z', { clock, store, poster, catalog: holder, owner: `redis-${i}` })),
      );
      await a!.subscribe();
      await addDeals(a!, deal('redis-deal'));
      await b!.service.recordCatalog(holder.current);
      clock.set('2026-11-16T09:00:00Z');
      await Promise.all([a!.service.runDue(), b!.service.runDue()]);
      expect(poster.digestsIn('C1')).toHaveLength(1);
      expect((await b!.service.runDue()).due).toBe(0);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await deleteKeysWithPrefix(url, prefix);
    }
  });
});

describe('Slack refusing', () => {
  it('a channel the bot cannot post in pauses the subscription and tells its creator, instead of retrying', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe({ user: 'U-CREATOR' });
    await addDeals(h, deal('held'));
    h.poster.fail(new DigestPostError('channel_gone', 'cannot post', 'not_in_channel'));
    const out = await tickAt(h, '2026-11-16T09:00:00Z');
    expect(out.outcomes).toEqual([expect.objectContaining({ kind: 'paused', reason: 'not_in_channel' })]);
    expect(h.poster.posts).toEqual([expect.objectContaining({ channel: 'U-CREATOR' })]);
    expect(h.poster.posts[0]!.text).toMatch(/digest for <#C1> is paused: I’m not a member of the channel/);
    expect((await h.service.subscriptions.get('C1'))?.paused).toMatchObject({ reason: 'not_in_channel' });
    expect((await tickAt(h, '2026-11-16T09:01:00Z')).due).toBe(0);
    expect((await tickAt(h, '2026-11-17T09:00:00Z')).due).toBe(0);

    // Invited back and resumed: the held digest goes out, once.
    await h.service.subscriptions.resume('C1', 'U-CREATOR', h.clock.now());
    expect((await h.service.runDue()).outcomes).toEqual([expect.objectContaining({ kind: 'posted', slot: expect.objectContaining({ key: 'weekly:2026-11-16' }) })]);
    expect(h.poster.digestsIn('C1')).toHaveLength(1);
  });

  it('a refusal of the bot’s token stops every digest — no channel paused, no one messaged — until Slack accepts posts again', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe({ channel: 'C1', user: 'U-ONE' });
    await h.subscribe({ channel: 'C2', user: 'U-TWO' });
    await addDeals(h, deal('waiting'));
    const revoked = () => new DigestPostError('app_refused', 'Slack refused the post for good: token_revoked', 'token_revoked');
    h.poster.fail(revoked(), revoked());
    const first = await tickAt(h, '2026-11-16T09:00:00Z');
    expect(first.outcomes.map((o) => o.kind)).toEqual(['halted', 'halted']);
    expect(h.service.halted()).toMatchObject({ reason: 'token_revoked' });
    expect(h.poster.posts).toEqual([]);
    expect((await h.service.subscriptions.get('C1'))?.paused).toBeUndefined();
    expect((await h.service.subscriptions.get('C2'))?.paused).toBeUndefined();
    const loud = h.logger.lines.filter((l) => l.level === 'error' && /token_revoked/.test(l.text));
    expect(loud).toHaveLength(1);
    expect(loud[0]!.text).toMatch(/no digest can be posted in any channel.*reinstalls the app.*SLACK_BOT_TOKEN/);

    // Still refused at the next check; then no channel is tried until the one after (2 minutes).
    h.poster.fail(revoked(), revoked());
    expect((await tickAt(h, '2026-11-16T09:01:00Z')).outcomes.every((o) => o.kind === 'halted')).toBe(true);
    expect(await tickAt(h, '2026-11-16T09:02:00Z')).toEqual({ due: 0, outcomes: [] });
    // Fixed: both digests go out, once.
    expect((await tickAt(h, '2026-11-16T09:03:00Z')).outcomes.map((o) => o.kind)).toEqual(['posted', 'posted']);
    expect(h.service.halted()).toBeUndefined();
    expect(h.poster.posts.map((p) => p.channel).sort()).toEqual(['C1', 'C2']);
  });

  it('an unknown refusal (invalid_blocks) three times in a row pauses the digest and tells its creator once, to tell the bot’s admins', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe({ user: 'U-CREATOR' });
    await addDeals(h, deal('unpostable'));
    const invalid = () => new DigestPostError('failed', 'Slack refused the post to C1: invalid_blocks', 'invalid_blocks');
    h.poster.fail(invalid(), invalid(), invalid());
    expect((await tickAt(h, '2026-11-16T09:00:00Z')).outcomes[0]?.kind).toBe('failed');
    expect((await tickAt(h, '2026-11-16T09:01:00Z')).outcomes[0]?.kind).toBe('failed');
    expect((await tickAt(h, '2026-11-16T09:03:00Z')).outcomes).toEqual([expect.objectContaining({ kind: 'paused', reason: 'invalid_blocks' })]);
    const dms = h.poster.posts.filter((p) => p.channel === 'U-CREATOR');
    expect(dms).toHaveLength(1);
    expect(dms[0]!.text).toMatch(/digest for <#C1> is paused: I could not post the digest — Slack refused it .*\(invalid_blocks\).*To fix it, tell the bot’s admins/);
    for (const at of ['2026-11-16T10:00:00Z', '2026-11-16T12:00:00Z', '2026-11-23T09:00:00Z']) expect((await tickAt(h, at)).due).toBe(0);
    expect(h.poster.posts).toHaveLength(1);

    // Fixed and resumed: the held digest goes out, once.
    await h.service.subscriptions.resume('C1', 'U-CREATOR', h.clock.now());
    expect((await h.service.runDue()).outcomes).toEqual([expect.objectContaining({ kind: 'posted' })]);
    expect(h.poster.digestsIn('C1')).toHaveLength(1);
  });

  it('after a token refusal, a check that finds the token fixed ends the halt with no digest due, posting nothing', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    await addDeals(h, deal('held'));
    h.poster.fail(new DigestPostError('app_refused', 'refused', 'token_revoked'));
    expect(await h.service.postNow('C1')).toMatchObject({ kind: 'halted', reason: 'token_revoked' });

    // Still revoked at the next check: halted for longer, and no post is tried.
    h.poster.tokenCheck = { kind: 'refused', code: 'token_revoked' };
    h.clock.advance(MINUTE);
    expect(await h.service.runDue()).toEqual({ due: 0, outcomes: [] });
    expect(h.service.halted()).toMatchObject({ reason: 'token_revoked' });
    h.clock.advance(MINUTE);
    await h.service.runDue();
    expect(h.poster.tokenChecks).toHaveLength(1);

    // Fixed: the next check clears it, though nothing is due until Monday.
    h.poster.tokenCheck = { kind: 'accepted' };
    h.clock.advance(MINUTE);
    expect(await h.service.runDue()).toEqual({ due: 0, outcomes: [] });
    expect(h.service.halted()).toBeUndefined();
    expect(h.poster.posts).toHaveLength(0);
  });

  it('a post that keeps failing is retried on later ticks with growing gaps, then posted once', async () => {
    const h = await startedAt('2026-11-10T12:00:00Z');
    await h.subscribe();
    await addDeals(h, deal('retried'));
    h.poster.fail(new DigestPostError('retry_later', 'HTTP 503'), new DigestPostError('retry_later', 'HTTP 503'));
    expect((await tickAt(h, '2026-11-16T09:00:00Z')).outcomes[0]?.kind).toBe('failed');
    expect((await tickAt(h, '2026-11-16T09:01:00Z')).outcomes[0]?.kind).toBe('failed');
    // Second failure: wait two minutes.
    expect((await tickAt(h, '2026-11-16T09:02:00Z')).due).toBe(0);
    expect((await tickAt(h, '2026-11-16T09:03:00Z')).outcomes[0]?.kind).toBe('posted');
    expect(h.poster.digestsIn('C1')).toHaveLength(1);
  });
});
