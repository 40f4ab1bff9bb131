/**
 * Before any test: when REDIS_URL is set, something must answer there. Without this check a
 * REDIS_URL with no server behind it hung the run (the Redis clients reconnect for ever); now
 * the run stops at once and says what to do. Only plain redis:// URLs are checked.
 */
const net = require('node:net');

module.exports = async function checkRedis() {
  const raw = process.env.REDIS_URL?.trim();
  if (!raw) return;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`REDIS_URL (${raw}) is not a URL: write it as redis://127.0.0.1:6399, or unset it to skip the Redis tests.`);
  }
  if (url.protocol !== 'redis:') return;
  const port = Number(url.port || 6379);
  const host = url.hostname || '127.0.0.1';
  const answered = await new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3000, () => done(false));
    socket.on('error', () => done(false));
    // Any reply will do (+PONG, or -NOAUTH from a server that wants a password): a server is there.
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', () => done(true));
  });
  if (!answered) {
    throw new Error(
      `REDIS_URL is set to ${host}:${port}, but no Redis answers there. Start one ` +
        `(redis-server --port ${port} --bind 127.0.0.1 --save '' --appendonly no --daemonize yes) or unset REDIS_URL to skip the Redis tests.`,
    );
  }
};
