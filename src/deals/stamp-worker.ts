/**
 * A stamp worker (see load-pool.ts startStamping): stats chunks of a deals folder's files, the
 * next unclaimed one each time, until every chunk is claimed; then, if the loader asks, builds
 * the search index's typo indexes.
 */
import { workerData } from 'node:worker_threads';
import { folderPrefix, STAMP_CHUNK, STAMP_CLAIMED, STAMP_TYPO_DONE, stampFiles, type LoadWorkerData, type StampJob } from './load-batch';
import { answerTypoJobs } from './typo-job';

const { port } = workerData as LoadWorkerData;
port.once('message', (job: StampJob) => {
  const stamps = new Float64Array(job.stamps);
  const signals = new Int32Array(job.signals);
  const done = new Int32Array(job.done);
  const prefix = folderPrefix(job.dir);
  const chunks = done.length;
  for (let c = Atomics.add(signals, STAMP_CLAIMED, 1); c < chunks; c = Atomics.add(signals, STAMP_CLAIMED, 1)) {
    stampFiles(prefix, job.names, c * STAMP_CHUNK, Math.min(job.names.length, (c + 1) * STAMP_CHUNK), stamps);
    Atomics.store(done, c, 1);
    Atomics.notify(done, c);
  }
  answerTypoJobs(port, signals, STAMP_TYPO_DONE);
});
