import type { Question } from '../bank/bank.js';
import type { Random } from '../ports/clock.js';
import { shuffled } from '../shared/presentation.js';
import type { SrsDoc, TopicMastery } from './srs.js';

/** How much more a topic nobody has mastered weighs than a fully mastered one, in adaptive practice. */
export const WEAK_TOPIC_WEIGHT = 4;

const weightOf = (mastery: number) => 1 + (WEAK_TOPIC_WEIGHT - 1) * (1 - mastery);

/**
 * Adaptive practice: each question's topic is drawn with weight 1 + 3 × (1 − mastery), so a topic the member
 * has not mastered comes up four times as often as a mastered one; then a random question of that topic.
 */
export function adaptiveSample(pool: readonly Question[], mastery: readonly TopicMastery[], count: number, random: Random): Question[] {
  const masteryOf = new Map(mastery.map((m) => [m.topic, m.mastery]));
  const left = [...pool];
  const picked: Question[] = [];
  while (picked.length < count && left.length > 0) {
    const topics = [...new Set(left.map((q) => q.topic))];
    const weights = topics.map((t) => weightOf(masteryOf.get(t) ?? 0));
    let r = random() * weights.reduce((a, b) => a + b, 0);
    let topic = topics[topics.length - 1]!;
    for (const [i, t] of topics.entries()) {
      r -= weights[i]!;
      if (r < 0) {
        topic = t;
        break;
      }
    }
    const candidates = left.filter((q) => q.topic === topic);
    const q = candidates[Math.floor(random() * candidates.length)]!;
    picked.push(q);
    left.splice(left.indexOf(q), 1);
  }
  return picked;
}

/**
 * A review's pool with the member's due questions it lacks (asked from another pack: a topic practised from every
 * pack, a channel's earlier pack), within the topic and difficulty asked for: every card counted as due can be shown.
 */
export function withDue(
  pool: readonly Question[],
  dueIds: readonly string[],
  find: (id: string) => Question | undefined,
  wanted: (q: Question) => boolean,
): Question[] {
  const inPool = new Set(pool.map((q) => q.id));
  const more = dueIds.flatMap((id) => {
    const q = inPool.has(id) ? undefined : find(id);
    return q && wanted(q) ? [q] : [];
  });
  return more.length ? [...pool, ...more] : [...pool];
}

/**
 * quiz review: the member's due questions first (most overdue first), then questions they have never seen from
 * their weakest topics.
 */
export function reviewSample(
  pool: readonly Question[],
  doc: SrsDoc,
  dueIds: readonly string[],
  mastery: readonly TopicMastery[],
  count: number,
  random: Random,
): Question[] {
  const byId = new Map(pool.map((q) => [q.id, q]));
  const picked = dueIds
    .map((id) => byId.get(id))
    .filter((q): q is Question => q !== undefined)
    .slice(0, count);
  if (picked.length < count) {
    const rank = new Map([...mastery].sort((a, b) => a.mastery - b.mastery).map((m, i) => [m.topic, i]));
    const unseen = shuffled(
      pool.filter((q) => !doc.cards[q.id]),
      random,
    ).sort((a, b) => (rank.get(a.topic) ?? 0) - (rank.get(b.topic) ?? 0));
    picked.push(...unseen.slice(0, count - picked.length));
  }
  return picked;
}
