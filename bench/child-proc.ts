/**
 * Running benchmark tasks in child processes (fresh heap and RSS per measurement; servers on
 * their own event loop, apart from the load generator), with a tiny request/response protocol
 * over the IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type TaskName = 'load' | 'lookups' | 'slack' | 'bot' | 'floor' | 'digest';

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

export interface ChildTask<R> {
  child: ChildProcess;
  /** The task's first answer: the result of a one-shot task, or "ready" details of a server. */
  ready: Promise<R>;
  call<T>(type: string, args?: unknown): Promise<T>;
  /** Asks the task to stop, then waits for the process to exit (kills it after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export function runTask<R>(task: TaskName, args: unknown, options: { execArgv?: string[] } = {}): ChildTask<R> {
  const script = path.join(__dirname, 'child.js');
  const child = fork(script, [task], {
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let seq = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(`${task}: ${m.error}`));
    else p.resolve(m.result);
  });
  child.once('exit', (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`${task} child exited (${code ?? signal}) before answering`));
    pending.clear();
  });
  const call = <T>(type: string, callArgs?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, type, args: callArgs });
    });
  return {
    child,
    ready: call<R>('start', args),
    call,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        child.send({ id: ++seq, type: 'stop' });
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a one-shot task to completion and returns its result. */
export async function runOnce<R>(task: TaskName, args: unknown, options: { execArgv?: string[] } = {}): Promise<R> {
  const t = runTask<R>(task, args, options);
  try {
    return await t.ready;
  } finally {
    await t.stop();
  }
}
