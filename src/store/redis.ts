/**
 * `redis://host:port[/db]` — state shared by several replicas, through @keyv/redis.
 *
 * NOTE: by default @keyv/redis (and node-redis under it) queue commands while Redis is
 * unreachable and wait for it indefinitely. Here the client is built with a connect timeout, a
 * capped reconnect back-off and `disableOfflineQueue`, every command has a timeout, and the store
 * bounds each call by `opTimeoutMs` on top: calls fail fast with `StoreUnavailableError` while
 * the client keeps reconnecting in the background.
 *
 * Claims use Redis's own primitives: `SET key owner NX PX lease` to take, and small Lua scripts
 * to compare-and-set / compare-and-delete, so only the holder can confirm or release. Lease
 * expiry is Redis server time.
 */
import KeyvRedis, { createClient } from '@keyv/redis';
import type { Backend, ListableAdapter, StoreLogger } from './backend';
import { StoreUnavailableError } from './errors';

export interface RedisBackendOptions {
  url: string;
  logger: StoreLogger;
  /** Upper bound for one store call, and the connect timeout. */
  opTimeoutMs: number;
}

/** Longest pause between reconnect attempts while Redis is down. */
const MAX_RECONNECT_DELAY_MS = 500;

const CONFIRM_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** `redis://host:port/db` without user name or password, for logs. */
export function describeRedisUrl(url: URL): string {
  const db = url.pathname.replace(/^\//, '') || '0';
  return `${url.protocol}//${url.hostname}:${url.port || '6379'}/${db}`;
}

/**
 * Connects, waiting at most `opTimeoutMs` for Redis to answer. It returns either way: while
 * Redis is unreachable the client keeps reconnecting and calls fail fast.
 */
export async function openRedisBackend({ url, logger, opTimeoutMs }: RedisBackendOptions): Promise<Backend> {
  const description = describeRedisUrl(new URL(url));
  const client = createClient({
    url,
    socket: {
      connectTimeout: opTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    },
    disableOfflineQueue: true,
    commandOptions: { timeout: opTimeoutMs },
    // A connected but hung server would otherwise collect unanswered commands without bound.
    commandsQueueMaxLength: 1000,
  });
  // Every failed reconnect attempt emits 'error'. The store logs one line per outage; these go to
  // debug (and an 'error' event without a listener would crash the process).
  // The last reason a connection failed (refused, WRONGPASS, bad DB index…), quoted in errors:
  // "the client is offline" alone does not tell a crashed Redis from a wrong password.
  let lastConnectionError: string | undefined;
  client.on('error', (error: unknown) => {
    lastConnectionError = error instanceof Error ? error.message : String(error);
    logger.debug(`store: redis client error (${description}):`, error);
  });
  client.on('ready', () => {
    lastConnectionError = undefined;
  });
  // A failed first connection keeps retrying; callers see StoreUnavailableError meanwhile.
  const connected = client.connect().then(
    () => true,
    (error: unknown) => {
      logger.debug(`store: redis connect gave up (${description}):`, error);
      return false;
    },
  );
  // Wait for the first attempt to succeed or fail (refused is instant), at most opTimeoutMs.
  let timer: NodeJS.Timeout | undefined;
  let onError: (() => void) | undefined;
  const firstAttempt = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, opTimeoutMs);
    onError = resolve;
    client.once('error', onError);
  });
  await Promise.race([connected, firstAttempt]);
  clearTimeout(timer);
  if (onError) client.off('error', onError);

  return {
    description,
    opTimeoutMs,
    createAdapter() {
      // One adapter per namespace over the shared client: keyv sets the adapter's namespace, and
      // @keyv/redis prefixes keys as `<namespace>::<key>`.
      const adapter = new KeyvRedis(client as never, {
        throwOnErrors: true,
        throwOnConnectError: true,
        connectionTimeout: opTimeoutMs,
      });
      return adapter as unknown as ListableAdapter;
    },
    async claim(key, owner, leaseMs) {
      const reply = await client.set(key, owner, { condition: 'NX', expiration: { type: 'PX', value: leaseMs } });
      return reply === 'OK';
    },
    async confirm(key, owner, ttlMs) {
      const reply = await client.eval(CONFIRM_IF_OWNER, { keys: [key], arguments: [owner, String(ttlMs)] });
      return reply === 1;
    },
    async release(key, owner) {
      const reply = await client.eval(RELEASE_IF_OWNER, { keys: [key], arguments: [owner] });
      return reply === 1;
    },
    async ping() {
      await client.ping();
    },
    async close() {
      // destroy(), not close(): close() waits for in-flight commands, which never end while Redis hangs.
      if (client.isOpen) client.destroy();
    },
    classify(error) {
      if (error instanceof TypeError || error instanceof RangeError) return error;
      let message = error instanceof Error ? error.message : String(error);
      if (!client.isReady && lastConnectionError && !message.includes(lastConnectionError)) {
        message += ` (last connection error: ${lastConnectionError})`;
      }
      return new StoreUnavailableError(`Redis ${description} failed: ${message}`, { cause: error });
    },
  };
}
