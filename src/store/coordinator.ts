/**
 * node-cron's `RunCoordinator` on the state store, so a `distributed: true` task runs once per
 * scheduled slot across all replicas that share the store:
 *
 * ```ts
 * cron.schedule('0 8 * * 1-5', runDigest, {
 *   name: 'digest', distributed: true, distributedLease: 10 * 60_000,
 *   runCoordinator: createRunCoordinator(store, `${os.hostname()}:${process.pid}`),
 * });
 * ```
 *
 * node-cron asks `shouldRun('<task name>:<slot ISO time>', distributedLease)` on every replica;
 * the first to claim that key runs the slot. When the store cannot answer, `shouldRun` rejects
 * and node-cron skips the slot on that replica (it fails closed): a missed digest beats a double
 * one.
 */
import type { RunCoordinator } from 'node-cron';
import type { StateStore } from './state';

export interface RunCoordinatorOptions {
  /**
   * After a run finishes, its slot stays marked as done this long, so a replica whose clock
   * lags by more than the lease cannot run the same slot again. @default 3_600_000 (1 hour)
   */
  completedTtlMs?: number;
}

/** `owner` must differ between replicas (e.g. `${hostname}:${pid}`). */
export function createRunCoordinator(store: StateStore, owner: string, options: RunCoordinatorOptions = {}): RunCoordinator {
  const completedTtlMs = options.completedTtlMs ?? 3_600_000;
  const claimKey = (key: string) => `cron:${key}`;
  return {
    shouldRun: (key, ttlMs) => store.claim(claimKey(key), owner, ttlMs),
    async onComplete(key) {
      // False when the run outlived its lease; the slot key is unique, so there is nothing to undo.
      await store.confirm(claimKey(key), owner, completedTtlMs);
    },
  };
}
