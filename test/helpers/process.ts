/**
 * Running the built bot as a real child process: build once, spawn with a controlled
 * environment, feed stdin, collect output, never leave a process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The project root. (Not imported from ./bot: this module must not pull src/ into ts-jest.) */
export const ROOT = path.resolve(__dirname, '..', '..');

export const MAIN_JS = path.join(ROOT, 'dist', 'src', 'main.js');
export const CHECK_SEEDS_JS = path.join(ROOT, 'dist', 'src', 'cli', 'check-seeds.js');

/**
 * Compiles src/ to dist/ exactly as `npm run build` does. Type errors elsewhere in the tree
 * (work in progress in other modules) do not stop tsc from emitting, so the emitted files are
 * what counts; tsc's complaints are returned for the caller to report.
 */
export async function buildOnce(): Promise<{ diagnostics: string }> {
  // Test files run in parallel and more than one builds: a build rewriting dist/ while another
  // file's child process loads it could hand that child a half-written module.
  return withBuildLock(build);
}

const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'integration-tests');
const BUILD_LOCK = path.join(CACHE_DIR, 'build.lock');

/** Runs `work` holding the build lock (a file naming its holder's pid), waiting for it up to 5 minutes. */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      writeFileSync(BUILD_LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (lockHolderIsGone()) {
      rmSync(BUILD_LOCK, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`waited 5 minutes for the build lock ${BUILD_LOCK}; remove it if no build is running`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    return await work();
  } finally {
    rmSync(BUILD_LOCK, { force: true });
  }
}

/** Whether the lock was left by a process that no longer runs (a test run killed mid-build). */
function lockHolderIsGone(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(BUILD_LOCK, 'utf8'));
  } catch {
    return false; // released meanwhile: the next attempt takes it
  }
  if (!Number.isInteger(pid) || pid <= 0) return false; // created, pid not written yet
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function build(): Promise<{ diagnostics: string }> {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  // Incremental, with its state kept out of the tree: a re-run with unchanged sources is quick.
  const buildInfo = path.join(CACHE_DIR, 'build.tsbuildinfo');
  const tscRun = (...extra: string[]) => run(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...extra], { timeoutMs: 120_000 });
  let result = await tscRun('--incremental', '--tsBuildInfoFile', buildInfo);
  // The build info can outlive dist/ (e.g. after `rm -rf dist`); then build from scratch.
  if (!existsSync(MAIN_JS) || !existsSync(CHECK_SEEDS_JS)) result = await tscRun();
  for (const [out, src] of [
    [MAIN_JS, path.join(ROOT, 'src', 'main.ts')],
    [CHECK_SEEDS_JS, path.join(ROOT, 'src', 'cli', 'check-seeds.ts')],
  ] as const) {
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
      throw new Error(`build did not emit ${path.relative(ROOT, out)}:\n${result.stdout}${result.stderr}`);
    }
  }
  return { diagnostics: result.code === 0 ? '' : `${result.stdout}${result.stderr}` };
}

/** The parent's environment without anything that selects a mode or points the bot elsewhere. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(SLACK_|OPENAI_)/.test(k)) continue;
    if (['DEALS_DIR', 'STORE_URL', 'PORT', 'LOG_LEVEL', 'LLM_TIMEOUT_MS', 'CURATORS', 'NODE_OPTIONS'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, STORE_URL: 'memory:', ...extra };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  cwd?: string;
  /** Kill the process and reject after this long. @default 15000 */
  timeoutMs?: number;
}

/** Runs a command to completion. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const child = spawnProcess(command, args, options);
  return child.done;
}

export interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  done: Promise<RunResult>;
}

/** Starts a command; output accumulates; `done` settles when it exits (rejects on timeout). */
export function spawnProcess(command: string, args: string[], options: RunOptions = {}): Spawned {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const done = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(args[0] ?? command)} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}
