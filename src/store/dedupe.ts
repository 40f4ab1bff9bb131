/**
 * Slack retries an event or command it thinks we missed; `firstDelivery` lets exactly one
 * delivery through (per store) and reports the rest as repeats.
 */
import { StoreUnavailableError } from './errors';
import type { StateStore } from './state';

/** Every delivery claims under this owner; claims are not re-entrant, so only the first wins. */
const OWNER = 'first-delivery';

/**
 * True the first time `id` (e.g. Slack's `event_id`) is seen within `ttlMs`, false after.
 *
 * When the store is unavailable this returns true: answering a retried request twice is a
 * smaller harm than silently dropping a user's request because Redis blinked. (The store logs
 * the outage once.) Other errors propagate.
 */
export async function firstDelivery(store: StateStore, id: string, ttlMs: number): Promise<boolean> {
  try {
    return await store.claim(`dedupe:${id}`, OWNER, ttlMs);
  } catch (error) {
    if (error instanceof StoreUnavailableError) return true;
    throw error;
  }
}
