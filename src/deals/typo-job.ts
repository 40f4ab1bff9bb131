/**
 * A worker's last job (load-worker.ts, stamp-worker.ts): the search index's typo indexes, built
 * from the dictionaries' words while the loading thread finishes the rest of the index (see
 * search.ts TypoIndexHelper and load-pool.ts typoHelperOn).
 */
import type { MessagePort } from 'node:worker_threads';
import type { TypoJob, TypoResult } from './load-batch';
import { typoWordLists } from './search';
import { buildDeletionIndex } from './text';

/** Answers each typo job that comes through `port`, then raises `signals[doneAt]`. */
export function answerTypoJobs(port: MessagePort, signals: Int32Array, doneAt: number): void {
  port.on('message', ({ typo }: TypoJob) => {
    const built = typoWordLists(typo.names, typo.words).map((words) => ({ words, index: buildDeletionIndex(words) }));
    const transfer = built.flatMap(({ index }) => [index.hashes.buffer as ArrayBuffer, index.ids.buffer as ArrayBuffer]);
    port.postMessage({ typo: built } satisfies TypoResult, transfer);
    Atomics.add(signals, doneAt, 1);
    Atomics.notify(signals, doneAt);
  });
}
