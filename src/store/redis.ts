import KeyvRedis from '@keyv/redis';
import {
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  ReconnectStrategyError,
  type RedisClientType,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
} from '@redis/client';
import { type Clock, systemClock } from '../core/ports/clock.js';
import type {
  AnswerStep,
  BoardEntry,
  BoardRead,
  BoardStanding,
  CommitResult,
  KeysByKind,
  MemberDocKey,
  StoreRecord,
} from '../core/ports/store.js';
import type { AnswerLogEntry, StoredAnswer } from '../core/standings/member-model.js';
import { BackendStore } from './backend-store.js';
import { decodeDoc, encodeDoc } from './doc-codec.js';
import { InFlightLimit } from './in-flight.js';
import { maskedUrl, StoreOpenError } from './open-error.js';
import { isNetworkError, reportingOutages } from './outage.js';
import { redisAnswerStep } from './redis-answer-step.js';
import { checkRedisUrl, connectWithin, globEscape, holdsKeys, newRedisClient, type RedisClient, untilLoaded } from './redis-client.js';
import { RedisDocIndex } from './redis-doc-index.js';
import { BOARD_READ, BOARD_STANDING, COMPARE_AND_SET, MOVE_MEMBER, runScript } from './redis-scripts.js';

/**
 * Redis: documents through Keyv's Redis adapter; claims as SET NX, answers as SET NX too, tallies as hashes,
 * leaderboards as sorted sets, answer logs as lists. Compound writes are Lua scripts (redis-scripts.ts) on the one
 * shared connection: the answer step reads, decides in JavaScript, then writes with one script that checks
 * nothing changed meanwhile (redis-answer-step.ts).
 *
 * Each kind of record lives under its own letter (d: documents, c: claims, a: answers, h: counters, z: boards,
 * l: logs), so keys never collide and an export knows what each key holds; x: holds the store's own bookkeeping
 * (the document index, redis-doc-index.ts). `?namespace=` puts everything under a prefix.
 */
type Kind = keyof KeysByKind;
const LETTER: Record<Kind, string> = { docs: 'd', claims: 'c', answers: 'a', counters: 'h', boards: 'z', logs: 'l' };
const KIND_OF: Record<string, Kind> = { d: 'docs', c: 'claims', a: 'answers', h: 'counters', z: 'boards', l: 'logs' };

/** How often a read-modify-write reads again when another writer changed the document meanwhile. */
const MAX_ATTEMPTS = 20;
/**
 * Answer steps under way at once on the connection: enough to keep Redis busy, few enough that a leaderboard read
 * sent during a burst waits behind at most this many scripts, not behind every click of the burst.
 */
const ANSWERS_IN_FLIGHT = 16;

export class RedisStore extends BackendStore {
  readonly kind = 'redis';
  private readonly index: RedisDocIndex;
  private readonly answers = new InFlightLimit(ANSWERS_IN_FLIGHT);

  private constructor(
    private readonly client: RedisClient,
    docs: KeyvRedis<string>,
    private readonly namespace: string,
    clock: Clock,
  ) {
    super(docs, clock);
    this.index = new RedisDocIndex(client, `${namespace}x:docs`, (key) => this.k('docs', key));
  }

  /** `firstConnectMs`: the first connection's bound (redis-client.ts); `mustExist`: refuse an empty namespace. */
  static async open(
    url: string,
    clock: Clock = systemClock,
    options: { firstConnectMs?: number; mustExist?: boolean; loadingWaitMs?: number; waiting?: () => void } = {},
  ): Promise<RedisStore> {
    checkRedisUrl(url);
    const parsed = new URL(url);
    const namespace = parsed.searchParams.get('namespace') ?? '';
    parsed.searchParams.delete('namespace');
    const client = newRedisClient(parsed.toString(), options.firstConnectMs);
    client.on('error', () => undefined); // reconnects on its own; commands fail meanwhile and callers see that
    await connectWithin(client, url, options.firstConnectMs);
    await untilLoaded(client, url, `${namespace}x:meta`, options.waiting ?? (() => undefined), options.loadingWaitMs);
    // @keyv/redis declares the client with the module's default generics; ours is the same client with none added.
    const adapter = new KeyvRedis<string>(client as RedisClientType, { throwOnErrors: true });
    const store = new RedisStore(client, adapter, namespace, clock);
    const docs = `${namespace}d:`;
    try {
      if (options.mustExist && !(await holdsKeys(client, namespace)))
        throw new StoreOpenError(`${maskedUrl(url)} holds no Backprop store (nothing under its namespace)`);
      await store.index.buildOnce(`${namespace}x:meta`, `${globEscape(docs)}*`, (full) => full.slice(docs.length));
    } catch (error) {
      client.destroy(); // a reconnecting client would keep the process (a command's) alive
      throw error;
    }
    return reportingOutages(store, isRedisOutage);
  }

  private k(kind: Kind, key: string): string {
    return `${this.namespace}${LETTER[kind]}:${key}`;
  }

  protected override docKey(key: string): string {
    return this.k('docs', key);
  }

  /** With its index entry, in one MULTI (the index never misses a stored document). */
  override async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    const expires = ttlMs === undefined ? undefined : this.clock.now() + ttlMs;
    await this.client
      .multi()
      .set(this.k('docs', key), encodeDoc(value, expires), ttlMs === undefined ? {} : { PX: ttlMs })
      .zAdd(this.index.key, { score: 0, value: key })
      .exec();
  }

  override async delete(key: string): Promise<boolean> {
    const [deleted] = await this.client.multi().del(this.k('docs', key)).zRem(this.index.key, key).exec();
    return Number(deleted) > 0;
  }

  override docKeys(prefix: string): Promise<string[]> {
    return this.index.list(prefix);
  }

  async claim(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const result = await this.client.set(this.k('claims', key), value, ttlMs === undefined ? { NX: true } : { NX: true, PX: ttlMs });
    return result === 'OK';
  }

  async getClaim(key: string): Promise<string | undefined> {
    return (await this.client.get(this.k('claims', key))) ?? undefined;
  }

  async releaseClaim(key: string): Promise<void> {
    await this.client.del(this.k('claims', key));
  }

  async getAnswer(key: string): Promise<StoredAnswer | undefined> {
    const raw = await this.client.get(this.k('answers', key));
    return raw === null ? undefined : (JSON.parse(raw) as StoredAnswer);
  }

  async answersUnder(prefix: string): Promise<{ key: string; answer: StoredAnswer }[]> {
    const keys = (await this.keysByKind(prefix)).answers;
    if (keys.length === 0) return [];
    const values = await this.client.mGet(keys.map((key) => this.k('answers', key)));
    return keys.flatMap((key, i) => (values[i] ? [{ key, answer: JSON.parse(values[i]!) as StoredAnswer }] : []));
  }

  commitAnswer(step: AnswerStep): Promise<CommitResult> {
    return this.answers.run(() => redisAnswerStep(this.client, (kind, key) => this.k(kind, key), this.index.key, step, this.clock));
  }

  async counters(key: string): Promise<Record<string, number>> {
    const raw = await this.client.hGetAll(this.k('counters', key));
    return Object.fromEntries(Object.entries(raw).map(([f, n]) => [f, Number(n)]));
  }

  async top(board: string, limit: number): Promise<BoardEntry[]> {
    return (await this.readBoard(board, limit, undefined, { before: '', after: '' })).top;
  }

  async standing(board: string, memberId: string): Promise<BoardStanding | undefined> {
    const reply = (await runScript(this.client, BOARD_STANDING, [this.k('boards', board)], [memberId])) as [string, number] | [];
    if (reply.length === 0) return undefined;
    return { memberId, points: Number(reply[0]), rank: reply[1] + 1 };
  }

  override async boardRead(board: string, limit: number, memberId: string, docs: MemberDocKey): Promise<BoardRead> {
    return this.readBoard(board, limit, memberId, { before: this.k('docs', docs.before), after: docs.after }, docs.before);
  }

  /** BOARD_READ: the top; with a member, their standing; with a document prefix, the top's documents. */
  private async readBoard(board: string, limit: number, memberId: string | undefined, docs: MemberDocKey, unprefixed = '') {
    const args = [String(limit), memberId === undefined ? '0' : '1', memberId ?? '', docs.before, docs.after];
    const reply = await runScript(this.client, BOARD_READ, [this.k('boards', board)], args);
    const [members, scores, raws, standing] = reply as [string[], string[], (string | null)[], [string, number] | []];
    const top = members.map((id, i) => ({ memberId: id, points: Number(scores[i]) }));
    const me =
      memberId === undefined || standing.length === 0 ? undefined : { memberId, points: Number(standing[0]), rank: standing[1] + 1 };
    // top() asks for no documents (an empty prefix): none were read, so none are decoded.
    const names = docs.before === '' ? [] : top.map((e) => unprefixed + e.memberId + docs.after);
    return { top, me, docs: this.decodeMany(names, raws) };
  }

  async readLog(key: string): Promise<AnswerLogEntry[]> {
    return (await this.client.lRange(this.k('logs', key), 0, -1)).map((e) => JSON.parse(e) as AnswerLogEntry);
  }

  async keysByKind(prefix: string): Promise<KeysByKind> {
    const out: KeysByKind = { docs: [], claims: [], answers: [], counters: [], boards: [], logs: [] };
    const pattern = `${globEscape(this.namespace)}[dcahzl]:${globEscape(prefix)}*`;
    for await (const batch of this.client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
      for (const full of batch) {
        const rest = full.slice(this.namespace.length);
        out[KIND_OF[rest[0]!]!].push(rest.slice(2));
      }
    }
    for (const list of Object.values(out)) list.sort();
    return out;
  }

  protected async onceRow(table: 'claims' | 'answers', key: string, now: number) {
    const full = this.k(table, key);
    const [value, ttl] = await Promise.all([this.client.get(full), this.client.pTTL(full)]);
    return value === null ? undefined : { value, expiresAt: ttl > 0 ? now + ttl : undefined };
  }

  protected async boardEntries(board: string): Promise<BoardEntry[]> {
    const entries = await this.client.zRangeWithScores(this.k('boards', board), 0, -1);
    return entries.map((e) => ({ memberId: e.value, points: e.score }));
  }

  async updateDoc<T>(key: string, update: (previous: T | undefined) => T | undefined): Promise<T | undefined> {
    const full = this.k('docs', key);
    for (let attempt = 1; ; attempt++) {
      const [raw, ttl] = await Promise.all([this.client.get(full), this.client.pTTL(full)]);
      const now = this.clock.now();
      const previous = decodeDoc<T>(raw ?? undefined, now, key);
      const next = update(previous);
      if (next === undefined) return previous;
      // The expiry stays what it was (the script keeps the key's own TTL too).
      const written = encodeDoc(next, ttl > 0 ? now + ttl : undefined);
      if ((await runScript(this.client, COMPARE_AND_SET, [full, this.index.key], [raw ?? '', written, key])) === 1) return next;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`${key} kept changing under concurrent updates (${attempt} attempts)`);
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    const k = await this.keysByKind(prefix);
    const found = (Object.keys(k) as Kind[]).flatMap((kind) => k[kind].map((key) => ({ kind, key })));
    for (let i = 0; i < found.length; i += 500) {
      const chunk = found.slice(i, i + 500);
      const docs = chunk.filter((f) => f.kind === 'docs').map((f) => f.key);
      // Each deleted document leaves the index with it, in one MULTI; one written after the listing stays listed.
      const multi = this.client.multi().del(chunk.map((f) => this.k(f.kind, f.key)));
      if (docs.length > 0) multi.zRem(this.index.key, docs);
      await multi.exec();
    }
    return found.length;
  }

  async moveBoardMember(memberId: string, fromPrefix: string, toPrefix?: string): Promise<void> {
    const boards = (await this.keysByKind(fromPrefix)).boards;
    if (boards.length === 0) return;
    const from = boards.map((b) => this.k('boards', b));
    const to = toPrefix === undefined ? [] : boards.map((b) => this.k('boards', toPrefix + b.slice(fromPrefix.length)));
    await runScript(this.client, MOVE_MEMBER, [...from, ...to], [memberId, String(from.length)]);
  }

  async importRecord(r: StoreRecord): Promise<void> {
    const multi = this.client.multi();
    switch (r.kind) {
      case 'doc': {
        const ttl = r.expiresAt === undefined ? undefined : Math.max(1, r.expiresAt - this.clock.now());
        multi.set(this.k('docs', r.key), encodeDoc(r.value, r.expiresAt), ttl === undefined ? {} : { PX: ttl });
        multi.zAdd(this.index.key, { score: 0, value: r.key });
        break;
      }
      case 'claim':
      case 'answer': {
        const ttl = r.expiresAt === undefined ? undefined : Math.max(1, r.expiresAt - this.clock.now());
        const [table, value] = r.kind === 'claim' ? (['claims', r.value] as const) : (['answers', JSON.stringify(r.value)] as const);
        multi.set(this.k(table, r.key), value, ttl === undefined ? { NX: true } : { NX: true, PX: ttl });
        break;
      }
      case 'counters':
        for (const [field, n] of Object.entries(r.fields)) multi.hIncrBy(this.k('counters', r.key), field, n);
        break;
      case 'board':
        for (const e of r.entries) multi.zIncrBy(this.k('boards', r.key), e.points, e.memberId);
        break;
      case 'log':
        for (const e of r.entries) multi.rPush(this.k('logs', r.key), JSON.stringify(e));
        break;
    }
    await multi.exec();
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}

/** The client's own "not connected" errors, timeouts and socket failures. */
function isRedisOutage(error: unknown): boolean {
  return (
    error instanceof ClientClosedError ||
    error instanceof ClientOfflineError ||
    error instanceof SocketClosedUnexpectedlyError ||
    error instanceof ConnectionTimeoutError ||
    error instanceof SocketTimeoutError ||
    error instanceof ReconnectStrategyError ||
    error instanceof TimeoutError ||
    isNetworkError(error)
  );
}
