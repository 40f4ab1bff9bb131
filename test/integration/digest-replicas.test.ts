/**
 * Two real bots (createBot, HTTP receivers on loopback) sharing one state store — a SQLite file
 * opened by each, and Redis when REDIS_URL is set — tick at the same moment: the channel gets
 * one digest. The subscription is made through one bot's slash command.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store';
import type { StateStore } from '../../src/store/state';
import { FakeSlack } from '../helpers/fake-slack';
import { httpEnv, recordingLogger, startBot, type StartedBot } from '../helpers/bot';
import { postForm } from '../helpers/http';
import { IDS, slashCommand } from '../helpers/payloads';
import { deleteKeysWithPrefix, describeRedis, uniquePrefix } from '../helpers/redis';
import { fakeClock } from '../unit/digest/support';

async function twoBotsPostOnce(fake: FakeSlack, stores: [StateStore, StateStore]): Promise<void> {
  const clock = fakeClock('2026-11-10T12:00:00Z');
  const bots: StartedBot[] = [];
  try {
    for (const [i, store] of stores.entries()) {
      bots.push(await startBot(httpEnv(fake.apiUrl), { store, clock, digestScheduler: false, hotReload: false, instanceId: `replica-${i}` }));
    }
    const [a, b] = bots as [StartedBot, StartedBot];
    // Each replica records the catalogue at start-up; the seeds are old news from then on.
    await Promise.all(bots.map((bot) => bot.bot.digests.recordCatalog(bot.bot.catalog())));
    fake.script('conversations.members', { body: { ok: true, members: [IDS.user, IDS.botUser] } });
    const { id, url } = fake.responseUrl();
    await postForm(a.port!, slashCommand({ text: 'digest subscribe daily 09:00 UTC empty:line', responseUrl: url }));
    await fake.waitForPosts(id);

    clock.set('2026-11-11T09:00:00Z');
    const ticks = await Promise.all([a.bot.digests.runDue(), b.bot.digests.runDue(), b.bot.digests.runDue()]);
    expect(ticks.flatMap((t) => t.outcomes).filter((o) => o.kind === 'empty' && o.posted)).toHaveLength(1);
    const posts = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === IDS.channel);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.text).toBe('New partnerships — 11 Nov 2026: nothing new today.');

    clock.set('2026-11-11T09:05:00Z');
    expect((await a.bot.digests.runDue()).due + (await b.bot.digests.runDue()).due).toBe(0);
  } finally {
    // Stop the bots only: the caller owns and closes the stores.
    for (const bot of bots) await bot.bot.stop();
  }
}

describe('two replicas on one SQLite file', () => {
  let fake: FakeSlack;
  let dir: string;
  beforeAll(async () => {
    fake = await new FakeSlack().start();
    dir = mkdtempSync(path.join(tmpdir(), 'digest-replicas-'));
  });
  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('post one digest', async () => {
    const url = `sqlite://${path.join(dir, 'state.sqlite')}`;
    const stores: [StateStore, StateStore] = [
      await openStore(url, { logger: recordingLogger() }),
      await openStore(url, { logger: recordingLogger() }),
    ];
    try {
      await twoBotsPostOnce(fake, stores);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describeRedis('two replicas on Redis', (redisUrl) => {
  it('post one digest', async () => {
    const fake = await new FakeSlack().start();
    const prefix = uniquePrefix();
    const stores: [StateStore, StateStore] = [
      await openStore(redisUrl, { logger: recordingLogger(), keyPrefix: prefix }),
      await openStore(redisUrl, { logger: recordingLogger(), keyPrefix: prefix }),
    ];
    try {
      await twoBotsPostOnce(fake, stores);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await deleteKeysWithPrefix(redisUrl, prefix);
      await fake.close();
    }
  });
});
