import type { RedisClient } from './redis-client.js';
import { runScript } from './redis-scripts.js';

/**
 * An index of the Redis store's document keys: one sorted set whose members are the keys (all with score 0, so
 * they sort by their bytes), so that listing the documents under a prefix is a range of it (ZRANGEBYLEX) instead
 * of a SCAN that walks every key in Redis — a team's channels were listed every couple of seconds while it answered,
 * and a member's cards at each practice. Every write of a document adds its key in the same atomic step (MULTI or
 * the script that writes it), so the index never misses a stored document; a document that expires (Redis drops it
 * on its own) is taken out by the next listing that meets it.
 */
export class RedisDocIndex {
  constructor(
    private readonly client: RedisClient,
    /** The index's own key. */
    readonly key: string,
    /** The Redis key of a document, from its store key. */
    private readonly docKey: (key: string) => string,
  ) {}

  /** The range of store keys that start with prefix, as ZRANGEBYLEX bounds (bytes: 0xFF never occurs in UTF-8). */
  static range(prefix: string): [Buffer, Buffer] {
    return [Buffer.from(`[${prefix}`), Buffer.concat([Buffer.from(`[${prefix}`), Buffer.from([0xff])])];
  }

  /** Page by page (a script holds Redis while it runs: a large team's member keys would hold it too long). */
  async list(prefix: string): Promise<string[]> {
    const [first, to] = RedisDocIndex.range(prefix);
    const out: string[] = [];
    for (let from: Buffer = first; ; ) {
      const [present, last] = (await runScript(this.client, LIST_PRESENT, [this.key], [from, to, this.docKey(''), String(PAGE)])) as [
        string[],
        string | null,
      ];
      out.push(...present);
      if (!last) return out;
      from = Buffer.from(`(${last}`);
    }
  }

  /**
   * Fills the index from the documents already stored (a store written before the index existed), once: a flag
   * beside it says it is built. SCAN walks the documents' keys only this one time.
   */
  async buildOnce(metaKey: string, docPattern: string, storeKey: (redisKey: string) => string): Promise<void> {
    if ((await this.client.hGet(metaKey, 'docIndex')) === '1') return;
    for await (const batch of this.client.scanIterator({ MATCH: docPattern, COUNT: 1000 })) {
      if (batch.length > 0)
        await this.client.zAdd(
          this.key,
          batch.map((full) => ({ score: 0, value: storeKey(full) })),
        );
    }
    await this.client.hSet(metaKey, 'docIndex', '1');
  }
}

/** Index entries looked at per script call. */
const PAGE = 1000;

/**
 * KEYS[1]: the index. ARGV: the range's two bounds, the documents' key prefix, the page size. Returns {the indexed
 * keys of the page whose document exists, the page's last key (false when the range ends here)}, and takes the
 * others out, in one atomic step (a document written meanwhile is written with its index entry, before or after
 * this, never between a check and a removal). It reads documents by a name built from ARGV, which Redis Cluster
 * would refuse; the store runs on one Redis (or a replicated primary).
 */
const LIST_PRESENT = `
local page = tonumber(ARGV[4])
local listed = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', 0, page)
local present = {}
for _, k in ipairs(listed) do
  if redis.call('EXISTS', ARGV[3] .. k) == 1 then present[#present + 1] = k else redis.call('ZREM', KEYS[1], k) end
end
if #listed < page then return {present, false} end
return {present, listed[#listed]}
`;
