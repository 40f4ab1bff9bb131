/**
 * The test run's own set-up: a REDIS_URL with no server behind it stops the run with a message
 * saying what to do, instead of hanging it.
 */
import net from 'node:net';
import { closedPort } from '../helpers/redis';

const checkRedis = require('../global-setup') as () => Promise<void>;

async function withRedisUrl(url: string | undefined, run: () => Promise<void>): Promise<void> {
  const saved = process.env.REDIS_URL;
  if (url === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = url;
  try {
    await run();
  } finally {
    if (saved === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = saved;
  }
}

describe('the check of REDIS_URL before the tests', () => {
  it('stops the run, saying how to start Redis or skip its tests, when nothing listens there', async () => {
    const port = await closedPort();
    await withRedisUrl(`redis://127.0.0.1:${port}`, async () => {
      await expect(checkRedis()).rejects.toThrow(new RegExp(`no Redis answers there.*redis-server --port ${port}.*unset REDIS_URL`));
    });
  });

  it('passes when a server answers, and when REDIS_URL is unset', async () => {
    const server = net.createServer((socket) => socket.on('data', () => socket.end('+PONG\r\n')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      await withRedisUrl(`redis://127.0.0.1:${port}`, () => expect(checkRedis()).resolves.toBeUndefined());
      await withRedisUrl(undefined, () => expect(checkRedis()).resolves.toBeUndefined());
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
