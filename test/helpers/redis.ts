/**
 * Redis for tests. Tests that need a real server run only when REDIS_URL is set, and say so
 * loudly when it is not: `describeRedis` then registers one skipped test whose name tells how to
 * run them, and prints the same line.
 *
 * Start one locally with:
 *   redis-server --port 6399 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { createClient } from '@keyv/redis';

/** REDIS_URL from the environment (blank counts as unset). */
export const redisUrl: string | undefined = process.env.REDIS_URL?.trim() || undefined;

export const REDIS_SKIP_MESSAGE = 'Redis tests skipped: set REDIS_URL=redis://127.0.0.1:6399 to run them';

/** `describe` when REDIS_URL is set; otherwise one visibly skipped test and a warning. */
export function describeRedis(name: string, body: (url: string) => void): void {
  const url = redisUrl;
  if (url) {
    describe(name, () => body(url));
    return;
  }
  describe(name, () => {
    console.warn(REDIS_SKIP_MESSAGE);
    test.skip(REDIS_SKIP_MESSAGE, () => {});
  });
}

/** A key prefix no other test (or parallel run) uses, e.g. `test:3f2a…:`. */
export function uniquePrefix(): string {
  return `test:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key starting with `prefix` (never anything else) and disconnects. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  if (!/^test:[\w-]+:$/.test(prefix)) throw new Error(`refusing to delete keys for prefix ${prefix}`);
  const client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 200 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}

/** Writes `value` under the raw Redis key (for planting corrupt data). */
export async function writeRawRedis(url: string, key: string, value: string): Promise<void> {
  const client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.set(key, value);
  } finally {
    client.destroy();
  }
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never answers: a hung Redis. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A TCP proxy in front of Redis that can simulate an outage: `cut()` drops every connection and
 * refuses new ones; `restore()` listens again on the same port.
 */
export async function startRedisProxy(target: string): Promise<{
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}> {
  const upstream = new URL(target);
  const db = upstream.pathname.replace(/^\//, '');
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  };
  const server = net.createServer((client) => {
    track(client);
    const remote = net.connect(Number(upstream.port || 6379), upstream.hostname);
    track(remote);
    client.pipe(remote).pipe(client);
    client.on('close', () => remote.destroy());
    remote.on('close', () => client.destroy());
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (server.listening) server.close(() => resolve());
      else resolve();
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}${db ? `/${db}` : ''}`,
    cut: stop,
    restore: () => listen(port),
    close: stop,
  };
}
