/**
 * The built bot as users and operators run it: `node dist/src/main.js` in console mode, with
 * broken seeds, and in HTTP mode while Slack is unreachable; plus the check-seeds CLI.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { closedPort, FakeSlack } from '../helpers/fake-slack';
import { ackMessage, postForm } from '../helpers/http';
import { allText } from '../helpers/messages';
import { slashCommand } from '../helpers/payloads';
import { SIGNING_SECRET } from '../helpers/sign';
import { buildOnce, CHECK_SEEDS_JS, cleanEnv, MAIN_JS, ROOT, run, spawnProcess, type Spawned } from '../helpers/process';
import { waitFor } from '../helpers/wait';

const SEEDS = path.join(ROOT, 'seeds', 'deals');
const tmpDirs: string[] = [];

beforeAll(async () => {
  const { diagnostics } = await buildOnce();
  // Type errors in modules under construction elsewhere do not stop tsc from emitting.
  const errors = diagnostics.split('\n').filter((l) => /error TS\d+/.test(l));
  if (errors.length) process.stderr.write(`note: tsc reported ${errors.length} type error(s); output still emitted:\n${errors.slice(0, 10).join('\n')}\n`);
}, 120_000);

afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the curated seeds with `edits` applied (file → [field path, new value]). */
function brokenSeeds(edits: Record<string, [string[], unknown]>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'deal-seeds-'));
  tmpDirs.push(dir);
  cpSync(SEEDS, dir, { recursive: true });
  for (const [file, [field, value]] of Object.entries(edits)) {
    const full = path.join(dir, file);
    const doc = parseDocument(readFileSync(full, 'utf8'));
    if (!doc.hasIn(field)) throw new Error(`${file} has no ${field.join('.')} to break`);
    doc.setIn(field, value);
    writeFileSync(full, String(doc));
  }
  return dir;
}

describe('console mode (no Slack tokens)', () => {
  const consoleRun = (input: string) => run(process.execPath, [MAIN_JS], { env: cleanEnv(), input });

  it('prints the full card for /deal astrazeneca cspc and exits 0 at end of input', async () => {
    const { code, stdout, stderr } = await consoleRun('/deal astrazeneca cspc\n');
    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error|failed/i) });
    expect(stdout).toMatch(/Upfront: \$110 million/);
    expect(stdout).toMatch(/Development milestones: up to \$1\.62 billion/);
    expect(stdout).toMatch(/Commercial \/ sales milestones: up to \$3\.6 billion/);
    expect(stdout).toMatch(/Headline value: up to \$5\.3 billion/);
    // The October 2024 licence is listed under "Also between".
    const also = stdout.indexOf('Also between AstraZeneca and CSPC');
    expect(also).toBeGreaterThan(-1);
    expect(stdout.slice(also)).toMatch(/Oct 2024 · AstraZeneca × CSPC — exclusive licence to Lp\(a\) disruptor YS2302018/);
    expect(stdout).toContain('(only visible to you)');
  });

  it('prints a no-match message for /deal zzzqqq', async () => {
    const { code, stdout } = await consoleRun('/deal zzzqqq\n');
    expect(code).toBe(0);
    expect(stdout).toContain('No deal in our catalogue matches “zzzqqq”');
    expect(stdout).not.toContain('$110 million');
  });

  it('answers a plain line (a mention) despite a typo, in a thread', async () => {
    const { code, stdout } = await consoleRun('astrazenca cspc\n');
    expect(code).toBe(0);
    expect(stdout).toContain('(in thread)');
    expect(stdout).toMatch(/Upfront: \$110 million/);
    expect(stdout).toMatch(/Headline value: up to \$5\.3 billion/);
  });

  it('answers follow-up questions from the facts, with citations, after a lookup', async () => {
    const { code, stdout } = await consoleRun(
      '/deal astrazeneca cspc\nhow much is the upfront payment?\nwhat is the royalty rate?\n/deal verge\nwhat are the royalties?\n',
    );
    expect(code).toBe(0);
    const answers = stdout.split('── bot (in thread) ──').slice(1);
    expect(answers).toHaveLength(3);
    expect(answers[0]).toMatch(/CSPC receives an upfront payment of \$110 million\. \[1\]\[2\]\[3\]/);
    expect(answers[0]).toMatch(/\[1\] RegTech Africa, 14 Jun 2025 \(https:\/\/regtechafrica\.com/);
    expect(answers[1]).toMatch(/single-digit/);
    // A new lookup starts a new conversation: the question is about Verge, whose sources are silent.
    expect(answers[2]).toMatch(/Verge Genomics/);
    expect(answers[2]).toMatch(/don't say anything about royalties/);
  });

  it("keeps its state in memory unless STORE_URL says otherwise, so it never touches the bot's own store", async () => {
    // The bot's default store is data/state.sqlite under the working directory: a console run
    // there (tokens set elsewhere, for the service) must not take its channels' digests.
    const cwd = mkdtempSync(path.join(tmpdir(), 'deal-console-'));
    tmpDirs.push(cwd);
    const env = cleanEnv({ DEALS_DIR: SEEDS });
    delete env.STORE_URL;
    const { code, stdout } = await run(process.execPath, [MAIN_JS], { env, input: '/deal digest subscribe daily 08:00\n/deal astrazeneca cspc\n', cwd });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Upfront: \$110 million/);
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
  });

  it('exits 0 on empty input', async () => {
    const { code } = await consoleRun('');
    expect(code).toBe(0);
  });
});

describe('broken seeds', () => {
  it('refuses to start in HTTP mode and names the file, the field and what is accepted', async () => {
    const dir = brokenSeeds({ 'az-cspc-2025.yaml': [['value', 'upfront', 'amount'], 'lots'] });
    const slackPort = await closedPort();
    const { code, stdout, stderr } = await run(process.execPath, [MAIN_JS], {
      env: cleanEnv({
        SLACK_BOT_TOKEN: 'xoxb-test-secret-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
        PORT: '0',
        DEALS_DIR: dir,
      }),
      timeoutMs: 10_000,
    });
    expect(code).not.toBe(0);
    expect(stderr).toContain('az-cspc-2025.yaml: value.upfront.amount:');
    expect(stderr).toMatch(/expected an amount such as .*'\$110 million'/);
    expect(stderr).toContain("got 'lots'");
    expect(`${stdout}${stderr}`).not.toContain('xoxb-test-secret-token');
    expect(stdout).not.toMatch(/listening/);
  });

  it('check-seeds reports every broken file at once', async () => {
    const dir = brokenSeeds({
      'az-cspc-2025.yaml': [['value', 'upfront', 'amount'], 'lots'],
      'az-cspc-2024.yaml': [['announced'], 'last autumn'],
    });
    const { code, stderr } = await run(process.execPath, [CHECK_SEEDS_JS, dir], { env: cleanEnv() });
    expect(code).toBe(1);
    expect(stderr).toMatch(/az-cspc-2025\.yaml: value\.upfront\.amount: expected an amount such as/);
    expect(stderr).toMatch(/az-cspc-2024\.yaml: announced: expected a date/);
    expect(stderr).toMatch(/\b2 problems\b/);
  });

  it('check-seeds reads DEALS_DIR from .env as the bot does, and needs no Slack settings', async () => {
    const dir = brokenSeeds({ 'az-cspc-2025.yaml': [['value', 'upfront', 'amount'], 'lots'] });
    const cwd = mkdtempSync(path.join(tmpdir(), 'deal-cwd-'));
    tmpDirs.push(cwd);
    // A half-set Slack setting stops the bot, not a check of the deal files.
    writeFileSync(path.join(cwd, '.env'), `DEALS_DIR=${dir}\nSLACK_BOT_TOKEN=xoxb-half-set\n`);
    const { code, stderr } = await run(process.execPath, [CHECK_SEEDS_JS], { env: cleanEnv(), cwd });
    expect(code).toBe(1);
    expect(stderr).toMatch(/az-cspc-2025\.yaml: value\.upfront\.amount: expected an amount such as/);
    expect(stderr).not.toMatch(/SLACK|ConfigError/);
  });

  it('check-seeds passes the curated seeds', async () => {
    const { code, stdout, stderr } = await run(process.execPath, [CHECK_SEEDS_JS, SEEDS], { env: cleanEnv() });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/\d+ deal files in .* are valid/);
  });
});

describe('HTTP mode process while Slack is unreachable', () => {
  let proc: Spawned | undefined;
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGKILL');
      await proc.done.catch(() => undefined);
    }
    await fake?.close();
  });

  it('stays up, retries, serves once Slack answers, and exits 0 on SIGTERM', async () => {
    const slackPort = await closedPort();
    proc = spawnProcess(process.execPath, [MAIN_JS], {
      env: cleanEnv({
        SLACK_BOT_TOKEN: 'xoxb-test-secret-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
        PORT: '0',
        LOG_LEVEL: 'info',
      }),
      timeoutMs: 20_000,
    });
    const output = () => `${proc!.stdout()}${proc!.stderr()}`;
    await waitFor(() => /auth\.test failed.*retrying/.test(output()), { timeoutMs: 8000, what: 'a logged retry' });
    expect(proc.child.exitCode).toBeNull();

    fake = await new FakeSlack().start(slackPort);
    const port = Number(
      (await waitFor(() => /listening on port (\d+)/.exec(output()), { timeoutMs: 8000, what: 'the bot to listen' }))[1],
    );
    const reply = ackMessage(await postForm(port, slashCommand({ text: 'astrazeneca cspc', responseUrl: fake.responseUrl().url })));
    expect(allText(reply)).toContain('up to $5.3 billion');

    proc.child.kill('SIGTERM');
    const { code } = await proc.done;
    expect(code).toBe(0);
    expect(output()).not.toContain('xoxb-test-secret-token');
  }, 25_000);
});
