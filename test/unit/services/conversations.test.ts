/**
 * Recent lookups are written behind (conversations.ts): what this process was told is readable
 * at once, a flush returns only when everything pending at its call is stored (the bot closes
 * the store right after), and a write in progress does not hide lookups from readers.
 */
import { openStore, type StateStore } from '../../../src/store';
import { createConversations, RECENT_LOOKUP_TTL_MS } from '../../../src/services/conversations';
import { z } from 'zod';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stored = z.object({ dealIds: z.array(z.string()) });

/** The same store, with every batched write taking `ms` (a slow network to Redis, say). */
function withSlowBatches(store: StateStore, ms: number): StateStore {
  const slow = Object.create(store) as StateStore;
  slow.namespace = (name, schema) => {
    const ns = store.namespace(name, schema);
    return { ...ns, setMany: async (entries, ttlMs) => (await sleep(ms), ns.setMany(entries, ttlMs)) };
  };
  return slow;
}

let store: StateStore;
beforeEach(async () => {
  store = await openStore('memory:', { logger: quiet });
});
afterEach(() => store.close());

const inStore = (key: string) => store.namespace('recent-lookups', stored).get(key);

it('reads a lookup back at once, and writes it within the delay', async () => {
  const conversations = createConversations(store, { recentLookupWriteDelayMs: 30 });
  await conversations.setRecentLookup('C1', 'U1', ['deal-a']);
  expect(await conversations.recentLookup('C1', 'U1')).toEqual(['deal-a']);
  expect(await inStore('C1:U1')).toBeUndefined();
  await sleep(80);
  expect(await inStore('C1:U1')).toEqual({ dealIds: ['deal-a'] });
});

it('flushes what is on its way as well as what is waiting, and reads both meanwhile', async () => {
  const conversations = createConversations(withSlowBatches(store, 50), { recentLookupWriteDelayMs: 10 });
  await conversations.setRecentLookup('C1', 'U1', ['deal-a']);
  await sleep(20);
  // The batch is being written: still readable here, not yet stored, and a flush waits for it.
  expect(await conversations.recentLookup('C1', 'U1')).toEqual(['deal-a']);
  expect(await inStore('C1:U1')).toBeUndefined();
  await conversations.flush();
  expect(await inStore('C1:U1')).toEqual({ dealIds: ['deal-a'] });

  // A lookup made while a batch is being written goes in the next one; flush writes both.
  await conversations.setRecentLookup('C1', 'U2', ['deal-b']);
  await sleep(20);
  await conversations.setRecentLookup('C1', 'U3', ['deal-c']);
  await conversations.flush();
  expect(await inStore('C1:U2')).toEqual({ dealIds: ['deal-b'] });
  expect(await inStore('C1:U3')).toEqual({ dealIds: ['deal-c'] });
});

it('keeps a lookup for RECENT_LOOKUP_TTL_MS', async () => {
  let t = Date.parse('2026-11-26T09:00:00Z');
  await store.close();
  store = await openStore('memory:', { logger: quiet, now: () => t });
  const conversations = createConversations(store);
  await conversations.setRecentLookup('C1', 'U1', ['deal-a']);
  await conversations.flush();
  t += RECENT_LOOKUP_TTL_MS - 1;
  expect(await inStore('C1:U1')).toEqual({ dealIds: ['deal-a'] });
  t += 1;
  expect(await inStore('C1:U1')).toBeUndefined();
});

it('gives answers saved by two replicas at the same moment their own ids, so a vote goes to the right one', async () => {
  // Two bots on one store (replicas in containers all run as pid 1), with one clock.
  const [a, b] = [createConversations(store, { now: () => 1_700_000_000_000 }), createConversations(store, { now: () => 1_700_000_000_000 })];
  const answer = (text: string) => ({ question: 'how much upfront?', answer: text, dealIds: ['d1'], source: 'llm' as const, at: 1_700_000_000_000 });
  const idA = await a.saveAnswer(answer('from replica A'));
  const idB = await b.saveAnswer(answer('from replica B'));
  expect(idA).not.toEqual(idB);
  expect(await a.vote(idA!, 'U1', 'up')).toBe(true);
  expect(await b.vote(idB!, 'U2', 'down')).toBe(true);
  const votes = await a.votes();
  expect(votes.find((v) => v.user === 'U1')).toMatchObject({ answer: 'from replica A', vote: 'up' });
  expect(votes.find((v) => v.user === 'U2')).toMatchObject({ answer: 'from replica B', vote: 'down' });
});
