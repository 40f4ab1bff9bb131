/**
 * Child-process entry: `node dist/bench/child.js <task>`, driven over IPC by child-proc.ts.
 *
 * Each task loads only its own modules, so a load measurement's RSS holds the loader and the
 * catalogue, as in the bot, not Fuse.js, MiniSearch or autocannon as well.
 */
import type { DigestFanoutOptions } from './digest-fanout';
import type { BenchSlack, FakeSlackOptions } from './fake-slack';
import type { BenchQuery } from './generate';
import type { LookupBenchOptions } from './lookups';
import type { ServerHandle } from './servers';

interface Message {
  id: number;
  type: string;
  args?: unknown;
}

const task = process.argv[2];
let server: ServerHandle | undefined;
let slack: BenchSlack | undefined;

function reply(id: number, result: unknown): void {
  process.send?.({ id, result });
}

async function start(args: unknown): Promise<unknown> {
  switch (task) {
    case 'load': {
      const a = args as { dir: string; cacheDir?: string; firstSeen?: boolean; sliced?: boolean };
      return (await import('./load')).measureLoad(a.dir, a.cacheDir, { firstSeen: a.firstSeen, sliced: a.sliced });
    }
    case 'lookups': {
      const a = args as { dir: string; queries: BenchQuery[]; options: Omit<LookupBenchOptions, 'log'> };
      const catalog = (await import('../src/deals/catalog')).loadCatalog(a.dir);
      // As the bot serves it: with its title words indexed, which the bot does once it has loaded.
      await catalog.buildTitleWords();
      const { runLookupBench } = await import('./lookups');
      return runLookupBench(catalog, a.queries, { ...a.options, log: (line) => process.stderr.write(`${line}\n`) });
    }
    case 'slack': {
      const { BenchSlack } = await import('./fake-slack');
      slack = await new BenchSlack(args as FakeSlackOptions).start();
      return { baseUrl: slack.baseUrl, apiUrl: slack.apiUrl };
    }
    case 'bot':
      server = await (await import('./servers')).startBotServer(args as { dealsDir: string; slackApiUrl: string });
      return { port: server.port, startMs: server.startMs };
    case 'floor':
      server = await (await import('./servers')).startFloorServer(args as { slackApiUrl: string });
      return { port: server.port, startMs: server.startMs };
    case 'digest':
      return (await import('./digest-fanout')).runDigestFanout(args as DigestFanoutOptions);
    default:
      throw new Error(`unknown task ${task}`);
  }
}

process.on('message', (m: Message) => {
  void (async () => {
    try {
      switch (m.type) {
        case 'start':
          return reply(m.id, await start(m.args));
        case 'stats':
          return reply(m.id, server ? server.stats() : slack?.stats());
        case 'reset':
          slack?.reset();
          return reply(m.id, true);
        case 'stop':
          await server?.stop();
          await slack?.close();
          reply(m.id, true);
          process.disconnect?.();
          return;
        default:
          throw new Error(`unknown message ${m.type}`);
      }
    } catch (err) {
      process.send?.({ id: m.id, error: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  })();
});

process.on('disconnect', () => {
  // The parent is gone: do not linger.
  setTimeout(() => process.exit(0), 100).unref();
});
