import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { openStore, StoreError, StoreUnavailableError, type StateStore } from '../../../src/store';
import { runStoreContract } from './contract';
import { captureLogger, fakeClock, timed } from './support';

const repoRoot = path.resolve(__dirname, '../../..');
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

runStoreContract(
  'sqlite (temp file)',
  async () => {
    const logger = captureLogger();
    const clock = fakeClock();
    const file = path.join(tempDir(), 'state.sqlite');
    const open = (keyPrefix?: string) => openStore(`sqlite://${file}`, { logger, now: clock.now, keyPrefix, busyTimeoutMs: 200 });
    const store = await open();
    const peers: StateStore[] = [];
    return {
      store,
      logger,
      advance: async (ms) => clock.advance(ms),
      async openPeer(keyPrefix) {
        const peer = await open(keyPrefix);
        peers.push(peer);
        return peer;
      },
      async writeRaw(namespace, key, text) {
        const db = new Database(file);
        db.prepare('INSERT OR REPLACE INTO kv (key, value, expires_at) VALUES (?, ?, NULL)').run(`${namespace}::${key}`, text);
        db.close();
      },
      async cleanup() {
        for (const s of [store, ...peers]) await s.close();
      },
    };
  },
  { sharedData: true, rawWrites: true },
);

/** A child process that holds `BEGIN EXCLUSIVE` on `file` until `release()`. */
async function holdExclusiveLock(file: string): Promise<{ release(): Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('locked\\n');
    process.stdin.on('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
  `;
  const child: ChildProcess = spawn(process.execPath, ['-e', script, file], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  lockHolders.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`lock holder exited early (${code}): ${stderr}`)));
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.stdin?.write('go\n');
      }),
  };
}
const lockHolders: ChildProcess[] = [];
afterEach(() => {
  for (const child of lockHolders.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('sqlite store specifics', () => {
  const logger = captureLogger();
  const opts = { logger, cwd: '/', busyTimeoutMs: 200 };

  test('runs in WAL mode', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    const store = await openStore(`sqlite://${file}`, opts);
    await store.namespace('x', z.number()).set('k', 1);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    await store.close();
  });

  test('data, TTLs and claims survive close and reopen (a restart)', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    const clock = fakeClock();
    const first = await openStore(`sqlite://${file}`, { ...opts, now: clock.now });
    const subs = first.namespace('subscriptions', z.object({ query: z.string() }));
    await subs.set('C1', { query: 'oncology' });
    await subs.set('C2', { query: 'obesity' }, 1000);
    expect(await first.claim('posted:C1', 'a', 100)).toBe(true);
    expect(await first.confirm('posted:C1', 'a', 60_000)).toBe(true);
    await first.close();

    const second = await openStore(`sqlite://${file}`, { ...opts, now: clock.now });
    const again = second.namespace('subscriptions', z.object({ query: z.string() }));
    expect(await again.get('C1')).toEqual({ query: 'oncology' });
    expect(await again.get('C2')).toEqual({ query: 'obesity' });
    expect(await second.claim('posted:C1', 'b', 100)).toBe(false);
    clock.advance(1500);
    expect(await again.get('C2')).toBeUndefined();
    await second.close();
  });

  test('expired rows are swept on a later write', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    const clock = fakeClock();
    const store = await openStore(`sqlite://${file}`, { ...opts, now: clock.now });
    const ns = store.namespace('recent', z.string());
    for (let i = 0; i < 5; i++) await ns.set(`k${i}`, 'v', 100);
    for (let i = 0; i < 5; i++) await store.claim(`dedupe:Ev${i}`, 'o', 100);
    await ns.set('kept', 'v');
    clock.advance(61_000);
    await ns.set('trigger', 'v');
    const db = new Database(file, { readonly: true });
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('kv')).toBe(2);
    expect(count('claims')).toBe(0);
    db.close();
    await store.close();
  });

  test('relative URLs resolve against cwd and create missing directories; absolute ones do not', async () => {
    const cwd = tempDir();
    const relative = await openStore('sqlite://data/nested/state.sqlite', { ...opts, cwd });
    expect(fs.existsSync(path.join(cwd, 'data/nested/state.sqlite'))).toBe(true);
    expect(relative.description).toBe(`sqlite:${path.join(cwd, 'data/nested/state.sqlite')}`);
    await relative.close();

    const absoluteFile = path.join(tempDir(), 'abs', 'state.sqlite');
    expect(absoluteFile.startsWith('/')).toBe(true);
    const absolute = await openStore(`sqlite://${absoluteFile}`, { ...opts, cwd });
    expect(fs.existsSync(absoluteFile)).toBe(true);
    expect(absolute.description).toBe(`sqlite:${absoluteFile}`);
    await absolute.close();
  });

  test('a file locked by another process (BEGIN EXCLUSIVE) → StoreError store_locked naming the path', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    await (await openStore(`sqlite://${file}`, opts)).close();
    const lock = await holdExclusiveLock(file);
    const { ms, result } = await timed(openStore(`sqlite://${file}`, opts));
    await lock.release();
    expect(result.status).toBe('rejected');
    const error = (result as PromiseRejectedResult).reason as StoreError;
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('store_locked');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/locked by another process.*stop it/s);
    expect(ms).toBeLessThan(2000);
    // Once the other process lets go, it opens.
    await (await openStore(`sqlite://${file}`, opts)).close();
  });

  test('a brand-new file locked before we migrate it → store_locked too', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    const lock = await holdExclusiveLock(file);
    const error = await openStore(`sqlite://${file}`, opts).catch((e: unknown) => e);
    await lock.release();
    expect(error).toMatchObject({ code: 'store_locked' });
  });

  test('a lock held at run time → StoreUnavailableError, logged once, then "store back"', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    const log = captureLogger();
    const store = await openStore(`sqlite://${file}`, { ...opts, logger: log });
    const ns = store.namespace('x', z.number());
    await ns.set('k', 1);
    const lock = await holdExclusiveLock(file);
    await expect(ns.set('k', 2)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(ns.setMany([['k', 2], ['k2', 2]])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.claim('c', 'o', 1000)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(log.matching(/store unavailable/)).toHaveLength(1);
    await lock.release();
    // Nothing of the refused batch was written.
    expect(await ns.getMany(['k', 'k2'])).toEqual([1, undefined]);
    await ns.set('k', 3);
    expect(await ns.get('k')).toBe(3);
    expect(log.matching(/store back/)).toHaveLength(1);
    await store.close();
  });

  // Tests run as root here, and chmod does not stop root; these locations are unwritable for
  // everyone: a path through a regular file (ENOTDIR) and /proc.
  test('a directory that cannot be created (path runs through a file) → store_unwritable', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'plain-file'), 'x');
    const url = `sqlite://${dir}/plain-file/data/state.sqlite`;
    const error = await openStore(url, opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'store_unwritable' });
    expect((error as Error).message).toContain(`${dir}/plain-file/data`);
    expect((error as Error).message).toContain('ENOTDIR');
    expect((error as Error).message).toMatch(/writable location/);
  });

  test('a location under /proc → store_unwritable, promptly (fs.mkdirSync recursive would hang)', async () => {
    const { ms, result } = await timed(openStore('sqlite:///proc/deal-bot-store-test/state.sqlite', opts));
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'store_unwritable' });
    expect(ms).toBeLessThan(1000);
  });

  test('a path that is a directory → store_unwritable naming the file', async () => {
    const dir = tempDir();
    const error = await openStore(`sqlite://${dir}`, opts).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'store_unwritable' });
    expect((error as Error).message).toContain(dir);
  });

  const asRoot = process.getuid?.() === 0;
  (asRoot ? test.skip : test)('a read-only directory (chmod 0555) → store_unwritable [skipped as root: chmod does not stop root]', async () => {
    const dir = tempDir();
    const locked = path.join(dir, 'ro');
    fs.mkdirSync(locked, { mode: 0o555 });
    const error = await openStore(`sqlite://${locked}/state.sqlite`, opts).catch((e: unknown) => e);
    fs.chmodSync(locked, 0o755);
    expect(error).toMatchObject({ code: 'store_unwritable' });
    expect((error as Error).message).toContain(locked);
  });

  (asRoot ? test.skip : test)('a read-only database file (chmod 0444) → store_unwritable [skipped as root: chmod does not stop root]', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    await (await openStore(`sqlite://${file}`, opts)).close();
    fs.chmodSync(file, 0o444);
    const error = await openStore(`sqlite://${file}`, opts).catch((e: unknown) => e);
    fs.chmodSync(file, 0o644);
    expect(error).toMatchObject({ code: 'store_unwritable' });
    expect((error as Error).message).toContain(file);
  });

  test('a file that is not a SQLite database → store_corrupt', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    fs.writeFileSync(file, 'this is not a database, just some text that is long enough to have a header'.repeat(20));
    const error = await openStore(`sqlite://${file}`, opts).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'store_corrupt' });
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/Move it aside/);
  });

  test('a file written by a newer schema → store_corrupt saying so', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const error = await openStore(`sqlite://${file}`, opts).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'store_corrupt' });
    expect((error as Error).message).toMatch(/newer version/);
  });
});
