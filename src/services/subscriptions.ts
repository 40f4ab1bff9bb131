/**
 * Digest subscriptions: one per channel, kept in the state store so every replica (and the next
 * start) sees the same ones. Reads parse with zod; a record that no longer parses is treated
 * as absent by the store (and logged once).
 */
import { z } from 'zod';
import { DEAL_TYPES } from '../deals/schema';
import { STAGES } from '../deals/vocabulary';
import type { StateStore } from '../store/state';
import { WEEKDAYS, type DigestSchedule } from './digest-schedule';

const watchedPartySchema = z.object({
  /** As shown back to people: the catalogue's name when it knew the company, else as typed. */
  name: z.string().min(1),
  /** Compact match key (see `partyKey`). */
  key: z.string().min(1),
  /** False when the company is not in the catalogue yet (watched by name). */
  known: z.boolean(),
});
export type WatchedParty = z.infer<typeof watchedPartySchema>;

export const digestFiltersSchema = z.object({
  parties: z.array(watchedPartySchema).default([]),
  /** Normalised area / modality / indication phrases. */
  areas: z.array(z.string().min(1)).default([]),
  types: z.array(z.enum(DEAL_TYPES)).default([]),
  /** Stages at signing; subscriptions saved before stage filters have none. */
  stages: z.array(z.enum(STAGES)).default([]),
  /** Minimum headline value in whole USD. */
  minValueUsd: z.number().int().nonnegative().optional(),
});
export type DigestFilters = z.infer<typeof digestFiltersSchema>;

export const scheduleSchema = z.object({
  cadence: z.enum(['weekly', 'daily']),
  weekday: z.enum(WEEKDAYS),
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
  timeZone: z.string().min(1),
});

/** What to post when a period has nothing new: nothing (default) or one short line. */
export const EMPTY_BEHAVIOURS = ['skip', 'line'] as const;
export type EmptyBehaviour = (typeof EMPTY_BEHAVIOURS)[number];

const pauseSchema = z.object({
  /** Slack's error code, e.g. "not_in_channel". */
  reason: z.string(),
  at: z.number(),
});

export const subscriptionSchema = z.object({
  channel: z.string().min(1),
  schedule: scheduleSchema,
  filters: digestFiltersSchema,
  ifEmpty: z.enum(EMPTY_BEHAVIOURS).default('skip'),
  /** Who created it: told by DM when the digest has to pause. */
  createdBy: z.string().min(1),
  /** When the subscription was first created; deals first seen after this count as new. */
  createdAt: z.number(),
  updatedBy: z.string().min(1),
  updatedAt: z.number(),
  /** When the current schedule took effect: slots before it are never posted. */
  scheduleSince: z.number(),
  paused: pauseSchema.optional(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export interface SubscriptionInput {
  channel: string;
  schedule: DigestSchedule;
  filters: DigestFilters;
  ifEmpty: EmptyBehaviour;
  user: string;
}

export interface Subscriptions {
  get(channel: string): Promise<Subscription | undefined>;
  all(): Promise<Subscription[]>;
  /** Creates or updates the channel's subscription (and resumes it if paused). */
  /** `previous`: the subscription it replaced, if there was one. */
  upsert(input: SubscriptionInput, now: number): Promise<{ subscription: Subscription; created: boolean; previous?: Subscription }>;
  /** True if there was one. */
  remove(channel: string): Promise<boolean>;
  pause(channel: string, reason: string, now: number): Promise<Subscription | undefined>;
  resume(channel: string, user: string, now: number): Promise<Subscription | undefined>;
}

export const sameSchedule = (a: DigestSchedule, b: DigestSchedule): boolean =>
  a.cadence === b.cadence &&
  a.hour === b.hour &&
  a.minute === b.minute &&
  a.timeZone === b.timeZone &&
  (a.cadence === 'daily' || a.weekday === b.weekday);

export function createSubscriptions(store: StateStore): Subscriptions {
  const ns = store.namespace('digest-subscriptions', subscriptionSchema);
  return {
    get: (channel) => ns.get(channel),
    async all() {
      return (await ns.entries()).map(([, s]) => s);
    },
    async upsert(input, now) {
      const existing = await ns.get(input.channel);
      const subscription: Subscription = existing
        ? {
            ...existing,
            schedule: input.schedule,
            filters: input.filters,
            ifEmpty: input.ifEmpty,
            updatedBy: input.user,
            updatedAt: now,
            // A changed schedule starts from now: its earlier slots were never promised.
            scheduleSince: sameSchedule(existing.schedule, input.schedule) ? existing.scheduleSince : now,
            paused: undefined,
          }
        : {
            channel: input.channel,
            schedule: input.schedule,
            filters: input.filters,
            ifEmpty: input.ifEmpty,
            createdBy: input.user,
            createdAt: now,
            updatedBy: input.user,
            updatedAt: now,
            scheduleSince: now,
          };
      await ns.set(input.channel, subscription);
      return { subscription, created: !existing, ...(existing ? { previous: existing } : {}) };
    },
    async remove(channel) {
      const existing = await ns.get(channel);
      if (!existing) return false;
      await ns.delete(channel);
      return true;
    },
    async pause(channel, reason, now) {
      const existing = await ns.get(channel);
      if (!existing) return undefined;
      const paused = { ...existing, paused: { reason, at: now } };
      await ns.set(channel, paused);
      return paused;
    },
    async resume(channel, user, now) {
      const existing = await ns.get(channel);
      if (!existing) return undefined;
      const resumed = { ...existing, paused: undefined, updatedBy: user, updatedAt: now };
      await ns.set(channel, resumed);
      return resumed;
    },
  };
}
