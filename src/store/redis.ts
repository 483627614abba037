import KeyvRedis from '@keyv/redis';
import {
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  createClient,
  createClientPool,
  ReconnectStrategyError,
  type RedisClientPoolType,
  type RedisClientType,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
  WatchError,
} from '@redis/client';
import type { KeyvStoreAdapter } from 'keyv';
import { planAnswer } from '../core/ports/answer-step.js';
import { type Clock, systemClock } from '../core/ports/clock.js';
import type { AnswerStep, BoardEntry, BoardStanding, CommitResult, KeysByKind, StoreRecord } from '../core/ports/store.js';
import type { AnswerLogEntry, MemberRecord, StoredAnswer } from '../core/standings/member-model.js';
import { BackendStore } from './backend-store.js';
import { decodeDoc, encodeDoc } from './doc-codec.js';
import { isNetworkError, reportingOutages } from './outage.js';

/**
 * Redis: documents through Keyv's Redis adapter; claims as SET NX, tallies as hashes, leaderboards as sorted sets,
 * answer logs as lists. The answer step is one MULTI under WATCH (optimistic: a conflicting write to the member,
 * the answer or the closed claim makes EXEC fail, and the step runs again).
 *
 * Each kind of record lives under its own letter (d: documents, c: claims, a: answers, h: counters, z: boards, l: logs), so
 * keys never collide and an export knows what each key holds. `?namespace=` puts everything under a prefix.
 */
type Kind = keyof KeysByKind;
const LETTER: Record<Kind, string> = { docs: 'd', claims: 'c', answers: 'a', counters: 'h', boards: 'z', logs: 'l' };
const KIND_OF: Record<string, Kind> = { d: 'docs', c: 'claims', a: 'answers', h: 'counters', z: 'boards', l: 'logs' };

const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');
const MAX_ATTEMPTS = 20;

export class RedisStore extends BackendStore {
  readonly kind = 'redis';

  private constructor(
    private readonly client: RedisClientType,
    /** Dedicated connections for WATCH/MULTI: a watch belongs to its connection. */
    private readonly pool: RedisClientPoolType,
    docs: KeyvStoreAdapter,
    private readonly namespace: string,
    clock: Clock,
  ) {
    super(docs, clock);
  }

  static async open(url: string, clock: Clock = systemClock): Promise<RedisStore> {
    const parsed = new URL(url);
    const namespace = parsed.searchParams.get('namespace') ?? '';
    parsed.searchParams.delete('namespace');
    const options = {
      url: parsed.toString(),
      socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) },
      // While disconnected, commands fail at once (StoreUnavailable: "try again shortly") rather than queue up
      // and leave members waiting for however long the outage lasts.
      disableOfflineQueue: true,
    };
    const client = createClient(options) as RedisClientType;
    client.on('error', () => undefined); // reconnects on its own; commands fail meanwhile and callers see that
    await client.connect();
    const pool = createClientPool(options, { minimum: 1, maximum: 8, acquireTimeout: 5000 }) as unknown as RedisClientPoolType;
    pool.on('error', () => undefined);
    await pool.connect();
    const adapter = new KeyvRedis(client, { throwOnErrors: true });
    return reportingOutages(new RedisStore(client, pool, adapter, namespace, clock), isRedisOutage);
  }

  private k(kind: Kind, key: string): string {
    return `${this.namespace}${LETTER[kind]}:${key}`;
  }

  protected override docKey(key: string): string {
    return this.k('docs', key);
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

  async commitAnswer(step: AnswerStep): Promise<CommitResult> {
    const answerKey = this.k('answers', step.answer.key);
    const closedKey = step.closedBy ? this.k('claims', step.closedBy) : undefined;
    const memberKey = this.k('docs', step.member.key);
    const cardKey = step.card ? this.k('docs', step.card.key) : undefined;
    return this.pool.execute(async (conn) => {
      for (let attempt = 1; ; attempt++) {
        await conn.watch([answerKey, memberKey, ...(closedKey ? [closedKey] : []), ...(cardKey ? [cardKey] : [])]);
        const [closed, existing, memberRaw, cardRaw] = await Promise.all([
          closedKey ? conn.get(closedKey) : Promise.resolve(null),
          conn.get(answerKey),
          conn.get(memberKey),
          cardKey ? conn.get(cardKey) : Promise.resolve(null),
        ]);
        const now = this.clock.now();
        let planned: ReturnType<typeof planAnswer>;
        try {
          planned = planAnswer(
            step,
            {
              closed: closed !== null,
              existing: existing === null ? undefined : (JSON.parse(existing) as StoredAnswer),
              member: decodeDoc<MemberRecord>(memberRaw ?? undefined, now),
              card: decodeDoc(cardRaw ?? undefined, now),
            },
            now,
          );
        } catch (error) {
          await conn.unwatch();
          throw error;
        }
        const { result, writes } = planned;
        if (!writes) {
          await conn.unwatch();
          return result;
        }
        const multi = conn.multi();
        const ttl = writes.answer.expiresAt === undefined ? undefined : Math.max(1, writes.answer.expiresAt - now);
        multi.set(answerKey, JSON.stringify(writes.answer.value), ttl === undefined ? {} : { PX: ttl });
        for (const doc of writes.docs) multi.set(this.k('docs', doc.key), encodeDoc(doc.value));
        if (writes.counts)
          for (const [field, n] of Object.entries(writes.counts.by)) multi.hIncrBy(this.k('counters', writes.counts.key), field, n);
        for (const board of writes.boards.boards) multi.zIncrBy(this.k('boards', board), writes.boards.points, writes.boards.memberId);
        if (writes.log) multi.rPush(this.k('logs', writes.log.key), JSON.stringify(writes.log.entry));
        try {
          await multi.exec();
          return result;
        } catch (error) {
          // Another writer touched the member, the answer or the closed claim: run the step again.
          if (!(error instanceof WatchError) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  async counters(key: string): Promise<Record<string, number>> {
    const raw = await this.client.hGetAll(this.k('counters', key));
    return Object.fromEntries(Object.entries(raw).map(([f, n]) => [f, Number(n)]));
  }

  async top(board: string, limit: number): Promise<BoardEntry[]> {
    const key = this.k('boards', board);
    const rev = await this.client.zRangeWithScores(key, 0, limit - 1, { REV: true });
    if (rev.length === 0) return [];
    // ZRANGE REV orders equal scores by member descending; we want ascending. Members strictly above the lowest
    // score shown are all in this list; the lowest score's group is fetched in ascending order instead.
    const lowest = rev[rev.length - 1]!.score;
    const above = rev.filter((e) => e.score > lowest);
    const group = await this.client.zRangeByScore(key, lowest, lowest, { LIMIT: { offset: 0, count: limit - above.length } });
    const sortGroup = (entries: { value: string; score: number }[]) =>
      entries.sort((a, b) => b.score - a.score || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return [...sortGroup(above), ...group.map((value) => ({ value, score: lowest }))].map((e) => ({ memberId: e.value, points: e.score }));
  }

  async standing(board: string, memberId: string): Promise<BoardStanding | undefined> {
    const key = this.k('boards', board);
    const points = await this.client.zScore(key, memberId);
    if (points === null) return undefined;
    const above = await this.client.zCount(key, `(${points}`, '+inf');
    return { memberId, points, rank: above + 1 };
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
    return this.pool.execute(async (conn) => {
      for (let attempt = 1; ; attempt++) {
        await conn.watch(full);
        const [raw, ttl] = await Promise.all([conn.get(full), conn.pTTL(full)]);
        const now = this.clock.now();
        const previous = decodeDoc<T>(raw ?? undefined, now);
        const next = update(previous);
        if (next === undefined) {
          await conn.unwatch();
          return previous;
        }
        const expires = ttl > 0 ? now + ttl : undefined;
        try {
          await conn
            .multi()
            .set(full, encodeDoc(next, expires), ttl > 0 ? { PX: ttl } : {})
            .exec();
          return next;
        } catch (error) {
          if (!(error instanceof WatchError) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  async deletePrefix(prefix: string): Promise<number> {
    const k = await this.keysByKind(prefix);
    const full = (Object.keys(k) as Kind[]).flatMap((kind) => k[kind].map((key) => this.k(kind, key)));
    for (let i = 0; i < full.length; i += 500) await this.client.del(full.slice(i, i + 500));
    return full.length;
  }

  async moveBoardMember(memberId: string, fromPrefix: string, toPrefix?: string): Promise<void> {
    const boards = (await this.keysByKind(fromPrefix)).boards;
    if (boards.length === 0) return;
    const from = boards.map((b) => this.k('boards', b));
    await this.pool.execute(async (conn) => {
      for (let attempt = 1; ; attempt++) {
        // WATCH: an answer landing on one of these boards meanwhile makes EXEC fail, and the move runs again.
        await conn.watch(from);
        const scores = await Promise.all(from.map((b) => conn.zScore(b, memberId)));
        const multi = conn.multi();
        scores.forEach((points, i) => {
          if (points === null) return;
          multi.zRem(from[i]!, memberId);
          if (toPrefix !== undefined) multi.zIncrBy(this.k('boards', toPrefix + boards[i]!.slice(fromPrefix.length)), points, memberId);
        });
        try {
          await multi.exec();
          return;
        } catch (error) {
          if (!(error instanceof WatchError) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  async importRecord(r: StoreRecord): Promise<void> {
    const multi = this.client.multi();
    switch (r.kind) {
      case 'doc': {
        const ttl = r.expiresAt === undefined ? undefined : Math.max(1, r.expiresAt - this.clock.now());
        multi.set(this.k('docs', r.key), encodeDoc(r.value, r.expiresAt), ttl === undefined ? {} : { PX: ttl });
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
    await this.pool.close();
    if (this.client.isOpen) await this.client.close();
  }
}

/** The client's own "not connected" errors, a pool that cannot hand out a connection in time, socket failures. */
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
