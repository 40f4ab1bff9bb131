/**
 * What a conversation is about, kept in the state store so a follow-up landing on another
 * replica, or after a restart, still knows its deal:
 * - thread subjects: the deal(s) a thread is about (the card the bot posted, or the deal named
 *   in the message that started it);
 * - recent lookups: the deal a person last looked up with /deal in a channel, so "@bot how much
 *   is the upfront?" right after a private lookup answers about that deal;
 * - answers and feedback votes.
 *
 * The store may be down: reads then return nothing (the bot asks the user to name the deal)
 * and writes are dropped; the store itself logs the outage once.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { StateStore } from '../store/state';

const DAY = 24 * 60 * 60 * 1000;

/** How long the bot remembers a thread's subject. */
export const THREAD_TTL_MS = 14 * DAY;
/** How long a private lookup counts as "the deal I just looked at". */
export const RECENT_LOOKUP_TTL_MS = 60 * 60 * 1000;
/**
 * Recent lookups are written behind: gathered for this long, then stored in one transaction.
 * Every /deal records one, and a store commit per command (with SQLite: a WAL write, and a
 * checkpoint every thousand pages) was a measurable part of what the bot pays per command
 * over a bare Bolt app (`npm run bench`). What the delay can cost: a follow-up reaching
 * another replica within this window, which nobody types that fast; after a crash, the hints
 * of the last window, and the bot then asks which deal is meant. This process reads its own
 * pending lookups, and `flush` (called when the bot stops) writes them.
 */
export const RECENT_LOOKUP_WRITE_DELAY_MS = 100;
/** Answers are kept so later votes can be tied to them. */
export const ANSWER_TTL_MS = 90 * DAY;

const subjectSchema = z.object({ dealIds: z.array(z.string()).min(1) });

const answerRecordSchema = z.object({
  question: z.string(),
  answer: z.string(),
  dealIds: z.array(z.string()),
  source: z.enum(['llm', 'facts']),
  at: z.number(),
});
export type AnswerRecord = z.infer<typeof answerRecordSchema>;

const voteSchema = answerRecordSchema.extend({
  vote: z.enum(['up', 'down']),
  user: z.string(),
  votedAt: z.number(),
});
export type VoteRecord = z.infer<typeof voteSchema>;

export interface Conversations {
  threadSubject(channel: string, threadTs: string): Promise<string[] | undefined>;
  setThreadSubject(channel: string, threadTs: string, dealIds: string[]): Promise<void>;
  recentLookup(channel: string, user: string): Promise<string[] | undefined>;
  setRecentLookup(channel: string, user: string, dealIds: string[]): Promise<void>;
  /** Saves an answer and returns its id (for the feedback buttons). */
  saveAnswer(record: AnswerRecord): Promise<string | undefined>;
  /** Records a vote on a saved answer; false when the answer is unknown (expired). */
  vote(answerId: string, user: string, vote: 'up' | 'down'): Promise<boolean>;
  votes(): Promise<VoteRecord[]>;
  /** Writes the recent lookups still waiting (see RECENT_LOOKUP_WRITE_DELAY_MS). */
  flush(): Promise<void>;
}

export interface ConversationsOptions {
  /** The clock for answer ids and vote times. @default Date.now */
  now?: () => number;
  /** @default RECENT_LOOKUP_WRITE_DELAY_MS */
  recentLookupWriteDelayMs?: number;
}

export function createConversations(store: StateStore, options: ConversationsOptions = {}): Conversations {
  const now = options.now ?? Date.now;
  const threads = store.namespace('threads', subjectSchema);
  const recent = store.namespace('recent-lookups', subjectSchema);
  const answers = store.namespace('answers', answerRecordSchema);
  const votes = store.namespace('feedback', voteSchema);

  /** Reads never fail: a store outage means "don't know". */
  const quietly = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch {
      return undefined;
    }
  };

  /** Recent lookups not yet written, by store key, and the batch being written. */
  let pendingRecent = new Map<string, string[]>();
  let writingRecent: Map<string, string[]> | undefined;
  let writing: Promise<unknown> | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  const flushRecent = async (): Promise<void> => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    // One write at a time, and a flush returns only once what was pending when it was called
    // is stored (stop() closes the store right after).
    while (writing) await writing;
    if (pendingRecent.size === 0) return;
    const batch = (writingRecent = pendingRecent);
    pendingRecent = new Map();
    writing = quietly(() => recent.setMany([...batch].map(([key, dealIds]) => [key, { dealIds }] as const), RECENT_LOOKUP_TTL_MS));
    try {
      await writing;
    } finally {
      writing = undefined;
      writingRecent = undefined;
    }
  };

  return {
    threadSubject: (channel, ts) => quietly(async () => (await threads.get(`${channel}:${ts}`))?.dealIds),
    setThreadSubject: async (channel, ts, dealIds) => {
      await quietly(() => threads.set(`${channel}:${ts}`, { dealIds }, THREAD_TTL_MS));
    },
    recentLookup: async (channel, user) => {
      const key = `${channel}:${user}`;
      return pendingRecent.get(key) ?? writingRecent?.get(key) ?? quietly(async () => (await recent.get(key))?.dealIds);
    },
    setRecentLookup: async (channel, user, dealIds) => {
      pendingRecent.set(`${channel}:${user}`, dealIds);
      flushTimer ??= setTimeout(() => void flushRecent(), options.recentLookupWriteDelayMs ?? RECENT_LOOKUP_WRITE_DELAY_MS);
    },
    saveAnswer: (record) =>
      quietly(async () => {
        // Random, not a process id and a counter: replicas in containers all run as pid 1, and
        // two answers saved in the same millisecond would share an id (the second overwriting).
        const id = `${now().toString(36)}-${randomBytes(8).toString('hex')}`;
        await answers.set(id, record, ANSWER_TTL_MS);
        return id;
      }),
    vote: async (answerId, user, vote) =>
      (await quietly(async () => {
        const answer = await answers.get(answerId);
        if (!answer) return false;
        await votes.set(`${answerId}:${user}`, { ...answer, vote, user, votedAt: now() });
        return true;
      })) ?? false,
    votes: async () => ((await quietly(() => votes.entries())) ?? []).map(([, v]) => v),
    flush: flushRecent,
  };
}
