import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-client.js';

/**
 * The Lua scripts of the Redis store. Each runs atomically on the server: the store's compound writes are one
 * round trip each, on the shared connection, with no WATCH and no dedicated connection to hold.
 */

/**
 * The answer step's writes, if nothing changed since its reads. KEYS: answer, member, closed, card, log, the
 * boards (p.boards of them), one counters key per entry of p.counts, then the document index (the member's record
 * and card go into it, by their store keys p.memberKey and p.cardKey). ARGV[1]: the plan as JSON (see
 * redis-answer-step.ts). Replies: {'closed'}, {'duplicate',
 * existing}, {'changed', member, card} (they are not what the step was decided from: decide again from these; ''
 * for absent) or {'ok'}.
 */
export const ANSWER_STEP = `
local p = cjson.decode(ARGV[1])
if p.closed == 1 and redis.call('EXISTS', KEYS[3]) == 1 then return {'closed'} end
local existing = redis.call('GET', KEYS[1])
if existing then return {'duplicate', existing} end
local memberNow = redis.call('GET', KEYS[2]) or ''
local cardNow = ''
if p.card == 1 then cardNow = redis.call('GET', KEYS[4]) or '' end
if memberNow ~= p.memberWas or cardNow ~= p.cardWas then return {'changed', memberNow, cardNow} end
if p.answerTtl > 0 then redis.call('SET', KEYS[1], p.answer, 'PX', p.answerTtl) else redis.call('SET', KEYS[1], p.answer) end
redis.call('SET', KEYS[2], p.member)
redis.call('ZADD', KEYS[#KEYS], 0, p.memberKey)
if p.card == 1 and p.cardIs ~= '' then
  redis.call('SET', KEYS[4], p.cardIs)
  redis.call('ZADD', KEYS[#KEYS], 0, p.cardKey)
end
if p.log ~= '' then redis.call('RPUSH', KEYS[5], p.log) end
for i = 6, 5 + p.boards do redis.call('ZINCRBY', KEYS[i], p.points, p.memberId) end
for i, by in ipairs(p.counts) do
  for field, n in pairs(by) do redis.call('HINCRBY', KEYS[5 + p.boards + i], field, n) end
end
return {'ok'}
`;

/**
 * Sets KEYS[1] to ARGV[2] if it still holds ARGV[1] ('' for absent), keeping its expiry, and adds ARGV[3] (its store
 * key) to the document index KEYS[2]. 1 if set, 0 if it changed.
 */
export const COMPARE_AND_SET = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl) else redis.call('SET', KEYS[1], ARGV[2]) end
redis.call('ZADD', KEYS[2], 0, ARGV[3])
return 1
`;

/**
 * Moves a member's points off the first ARGV[2] boards of KEYS (and, when more keys follow, onto those, in the
 * same order): hide from or return to the leaderboards in one step.
 */
export const MOVE_MEMBER = `
local n = tonumber(ARGV[2])
for i = 1, n do
  local score = redis.call('ZSCORE', KEYS[i], ARGV[1])
  if score then
    redis.call('ZREM', KEYS[i], ARGV[1])
    if #KEYS > n then redis.call('ZINCRBY', KEYS[n + i], score, ARGV[1]) end
  end
end
return 1
`;

/** A member's score on board KEYS[1] and how many members have more, in one round trip: {} when not on it. */
export const BOARD_STANDING = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return {} end
return {score, redis.call('ZCOUNT', KEYS[1], '(' .. score, '+inf')}
`;

/**
 * A board read in one round trip: board KEYS[1]'s top ARGV[1], points descending and equal points by member
 * ascending. ZRANGE REV gives the scores shown; each score's members are then read with ZRANGE BYSCORE, which
 * orders them by their bytes (Lua's own string comparison follows the server's locale). With ARGV[2] = '1', member
 * ARGV[3]'s score and how many have more ({} when not on the board); with ARGV[4] (not empty), each member's
 * document, named ARGV[4] .. member .. ARGV[5] (false when absent).
 */
export const BOARD_READ = `
local limit = tonumber(ARGV[1])
local members, scores, docs = {}, {}, {}
if limit >= 1 then
  local rev = redis.call('ZRANGE', KEYS[1], 0, limit - 1, 'REV', 'WITHSCORES')
  local i = 2
  while i <= #rev and #members < limit do
    local score = rev[i]
    for _, m in ipairs(redis.call('ZRANGE', KEYS[1], score, score, 'BYSCORE', 'LIMIT', 0, limit - #members)) do
      members[#members + 1] = m
      scores[#scores + 1] = score
    end
    while i <= #rev and rev[i] == score do i = i + 2 end
  end
  if ARGV[4] ~= '' then
    for n, m in ipairs(members) do docs[n] = redis.call('GET', ARGV[4] .. m .. ARGV[5]) end
  end
end
local standing = {}
local score = ARGV[2] == '1' and redis.call('ZSCORE', KEYS[1], ARGV[3])
if score then standing = {score, redis.call('ZCOUNT', KEYS[1], '(' .. score, '+inf')} end
return {members, scores, docs, standing}
`;

const shas = new Map<string, string>();

/** Runs a script by its SHA1, loading it the first time the server does not know it (after a restart, say). */
export async function runScript(client: RedisClient, script: string, keys: string[], args: (string | Buffer)[]): Promise<unknown> {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  try {
    return await client.evalSha(sha, { keys, arguments: args });
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script, { keys, arguments: args });
  }
}
