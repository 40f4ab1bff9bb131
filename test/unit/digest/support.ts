/**
 * Shared pieces for the digest tests: a fake clock that never waits, an in-memory poster that
 * records what would have gone to Slack, a store that can be switched off, and a service factory.
 */
import type { Logger } from '@slack/bolt';
import { Catalog } from '../../../src/deals/catalog';
import type { Deal } from '../../../src/deals/schema';
import type { Clock } from '../../../src/services/digest-clock';
import { createFirstSeen } from '../../../src/services/digest-first-seen';
import { DigestPostError, type DigestPoster, type OutgoingMessage, type TokenCheck } from '../../../src/services/digest-poster';
import { createDigestService, type DigestService } from '../../../src/services/digest-service';
import type { DigestSchedule } from '../../../src/services/digest-schedule';
import { createSubscriptions, type DigestFilters, type EmptyBehaviour } from '../../../src/services/subscriptions';
import { openStore, StoreUnavailableError } from '../../../src/store';
import type { StateStore } from '../../../src/store/state';
import { makeDeal, type DealSpec } from '../../helpers/deal-factory';
import { recordingLogger } from '../../helpers/bot';

export interface FakeClock extends Clock {
  set(at: number | string): void;
  advance(ms: number): void;
  /** Every sleep requested, in ms. */
  sleeps: number[];
}

/** A clock that starts at `start` and moves only when told to (sleeping moves it too). */
export function fakeClock(start: number | string): FakeClock {
  let t = typeof start === 'string' ? Date.parse(start) : start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    async sleep(ms) {
      sleeps.push(ms);
      t += ms;
    },
    set(at) {
      t = typeof at === 'string' ? Date.parse(at) : at;
    },
    advance(ms) {
      t += ms;
    },
    sleeps,
  };
}

export interface Posted extends OutgoingMessage {
  ts: string;
}

/** Records posts; `fail(...)` makes the next posts throw. */
export class FakePoster implements DigestPoster {
  readonly posts: Posted[] = [];
  private failures: DigestPostError[] = [];
  private matchedFailures: Array<{ match: (m: OutgoingMessage) => boolean; error: DigestPostError }> = [];
  private seq = 0;
  /** What `checkToken` (auth.test) answers; by default no answer, so only posts decide. */
  tokenCheck: TokenCheck = { kind: 'unknown', what: 'not asked in this test' };
  readonly tokenChecks: number[] = [];
  /** Called after a post is accepted (e.g. to crash the store right after). */
  afterPost?: (p: Posted) => void;

  fail(...errors: DigestPostError[]): this {
    this.failures.push(...errors);
    return this;
  }

  /** Makes the next post that `match` accepts throw `error` (once). */
  failWhen(match: (m: OutgoingMessage) => boolean, error: DigestPostError): this {
    this.matchedFailures.push({ match, error });
    return this;
  }

  async post(message: OutgoingMessage, stillMine?: () => Promise<boolean>): Promise<string> {
    if (stillMine && !(await stillMine())) throw new DigestPostError('lease_lost', 'lease lost');
    const matched = this.matchedFailures.findIndex((f) => f.match(message));
    if (matched >= 0) throw this.matchedFailures.splice(matched, 1)[0]!.error;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const posted = { ...message, ts: `1700000000.${String(++this.seq).padStart(6, '0')}` };
    this.posts.push(posted);
    this.afterPost?.(posted);
    return posted.ts;
  }

  async findDigest(channel: string, slot: string): Promise<string | undefined> {
    return this.posts.find((p) => p.channel === channel && p.digestSlot === slot)?.ts;
  }

  async checkToken(): Promise<TokenCheck> {
    this.tokenChecks.push(this.posts.length);
    return this.tokenCheck;
  }

  /** Digest messages (not thread replies, not DMs) posted to `channel`. */
  digestsIn(channel: string): Posted[] {
    return this.posts.filter((p) => p.channel === channel && !p.threadTs && p.digestSlot);
  }
}

/** A store whose every call fails with StoreUnavailableError while `down` is true. */
export function switchableStore(inner: StateStore): StateStore & { down: boolean } {
  const state = { down: false };
  const guard = <T>(work: () => Promise<T>): Promise<T> =>
    state.down ? Promise.reject(new StoreUnavailableError('store switched off by the test')) : work();
  const wrapped: StateStore & { down: boolean } = {
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    description: inner.description,
    namespace(name, schema) {
      const ns = inner.namespace(name, schema);
      return {
        name: ns.name,
        get: (k) => guard(() => ns.get(k)),
        set: (k, v, ttl) => guard(() => ns.set(k, v, ttl)),
        delete: (k) => guard(() => ns.delete(k)),
        getMany: (ks) => guard(() => ns.getMany(ks)),
        setMany: (es, ttl) => guard(() => ns.setMany(es, ttl)),
        entries: () => guard(() => ns.entries()),
      };
    },
    claim: (k, o, l) => guard(() => inner.claim(k, o, l)),
    confirm: (k, o, t) => guard(() => inner.confirm(k, o, t)),
    release: (k, o) => guard(() => inner.release(k, o)),
    health: async () => !state.down && inner.health(),
    close: () => inner.close(),
  };
  return wrapped;
}

/** A store whose next write to namespace `name` fails once with StoreUnavailableError, when `arm()` is called. */
export function failingWriteOnce(inner: StateStore, name: string): StateStore & { arm(): void } {
  let armed = false;
  return {
    description: inner.description,
    claim: (k, o, l) => inner.claim(k, o, l),
    confirm: (k, o, t) => inner.confirm(k, o, t),
    release: (k, o) => inner.release(k, o),
    health: () => inner.health(),
    close: () => inner.close(),
    namespace(ns, schema) {
      const wrapped = inner.namespace(ns, schema);
      if (ns !== name) return wrapped;
      return {
        name: wrapped.name,
        get: (k) => wrapped.get(k),
        delete: (k) => wrapped.delete(k),
        getMany: (ks) => wrapped.getMany(ks),
        setMany: (es, ttl) => wrapped.setMany(es, ttl),
        entries: () => wrapped.entries(),
        set: (k, v, ttl) => {
          if (!armed) return wrapped.set(k, v, ttl);
          armed = false;
          return Promise.reject(new StoreUnavailableError('write failed once (test)'));
        },
      };
    },
    arm() {
      armed = true;
    },
  };
}

export const silentLogger = (): Logger & { lines: { level: string; text: string }[] } => recordingLogger();

export async function memoryStore(clock: Clock): Promise<StateStore> {
  return openStore('memory:', { logger: silentLogger(), now: clock.now });
}

export function catalogOf(specs: DealSpec[]): Catalog {
  return new Catalog(specs.map(makeDeal));
}

export const LONDON_MONDAY_9: DigestSchedule = { cadence: 'weekly', weekday: 'mon', hour: 9, minute: 0, timeZone: 'Europe/London' };

export interface Harness {
  service: DigestService;
  store: StateStore;
  poster: FakePoster;
  clock: FakeClock;
  logger: ReturnType<typeof silentLogger>;
  catalog: { current: Catalog };
  subscribe(options?: { channel?: string; schedule?: Partial<DigestSchedule>; filters?: Partial<DigestFilters>; ifEmpty?: EmptyBehaviour; user?: string }): Promise<void>;
}

/** A digest service over `store` (or a fresh memory store on `clock`). */
export async function harness(options: {
  clock: FakeClock;
  catalog: Catalog | { current: Catalog };
  store?: StateStore;
  poster?: FakePoster;
  owner?: string;
  leaseMs?: number;
}): Promise<Harness> {
  const { clock } = options;
  const store = options.store ?? (await memoryStore(clock));
  const poster = options.poster ?? new FakePoster();
  const logger = silentLogger();
  const holder = 'current' in options.catalog ? options.catalog : { current: options.catalog };
  const subscriptions = createSubscriptions(store);
  const service = createDigestService({
    store,
    subscriptions,
    firstSeen: createFirstSeen(store),
    poster,
    catalog: () => holder.current,
    clock,
    logger,
    owner: options.owner ?? 'instance-a',
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  });
  return {
    service,
    store,
    poster,
    clock,
    logger,
    catalog: holder,
    async subscribe(o = {}) {
      await subscriptions.upsert(
        {
          channel: o.channel ?? 'C1',
          schedule: { ...LONDON_MONDAY_9, ...o.schedule },
          filters: { parties: [], areas: [], types: [], stages: [], ...o.filters },
          ifEmpty: o.ifEmpty ?? 'skip',
          user: o.user ?? 'U1',
        },
        clock.now(),
      );
    },
  };
}

export function dealIds(posts: Posted[], deals: Deal[] | Catalog): string[] {
  const all = deals instanceof Catalog ? deals.ids.map((id) => deals.get(id)!) : deals;
  const text = posts.map((p) => JSON.stringify(p.blocks ?? [])).join('\n');
  return all.filter((d) => text.includes(`"value":"${d.id}"`)).map((d) => d.id);
}
