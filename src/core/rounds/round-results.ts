import { z } from 'zod';
import { OPTION_ORDER } from '../shared/presentation.js';
import { type RecordKind, recordKind } from '../shared/records.js';
/** A live round's state and its pure scoring: totals and the streak bonus. */

export interface RoundAnswer {
  memberId: string;
  name: string;
  option: number;
  correct: boolean;
  /** Milliseconds after the question was posted. */
  elapsedMs: number;
  points: number;
}

export interface RoundRecord {
  v: 1;
  id: string;
  channelId: string;
  startedBy: string;
  /** The instance running its timers (a crashed one's rounds are ended by whoever owns the team next). */
  runner: string;
  topic?: string;
  seconds: number;
  items: { questionId: string; order: number[] }[];
  /** The question on screen (or the last one, once ended). */
  index: number;
  postedAt?: number;
  deadline?: number;
  messageId?: string;
  /** Per closed question: the answers, fastest first. */
  results: RoundAnswer[][];
  status: 'running' | 'ended';
}

export interface Standing {
  memberId: string;
  name: string;
  points: number;
  right: number;
  rank: number;
}

/** A round's totals, best first; ties share a rank. */
export function scoreboard(round: RoundRecord): Standing[] {
  const totals = new Map<string, { name: string; points: number; right: number }>();
  for (const answers of round.results) {
    for (const a of answers) {
      const t = totals.get(a.memberId) ?? { name: a.name, points: 0, right: 0 };
      t.points += a.points;
      t.right += a.correct ? 1 : 0;
      totals.set(a.memberId, t);
    }
  }
  const sorted = [...totals]
    .map(([memberId, t]) => ({ memberId, ...t }))
    .sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
  return sorted.map((s) => ({ ...s, rank: 1 + sorted.filter((o) => o.points > s.points).length }));
}

/** Right answers in a row that a member had just before question `index` (for the streak bonus). */
export function rightInARow(round: RoundRecord, index: number, memberId: string): number {
  let n = 0;
  for (let i = index - 1; i >= 0; i--) {
    if (!round.results[i]?.some((a) => a.memberId === memberId && a.correct)) break;
    n++;
  }
  return n;
}

export const roundRecord: RecordKind<RoundRecord> = recordKind(
  'a live round',
  z.looseObject({
    v: z.literal(1),
    id: z.string(),
    channelId: z.string(),
    startedBy: z.string(),
    runner: z.string(),
    topic: z.string().optional(),
    seconds: z.number().int().positive(),
    items: z.array(z.object({ questionId: z.string(), order: OPTION_ORDER })),
    index: z.number().int().min(0),
    postedAt: z.number().optional(),
    deadline: z.number().optional(),
    messageId: z.string().optional(),
    results: z.array(
      z.array(
        z.object({
          memberId: z.string(),
          name: z.string(),
          option: z.number(),
          correct: z.boolean(),
          elapsedMs: z.number(),
          points: z.number(),
        }),
      ),
    ),
    status: z.enum(['running', 'ended']),
  }),
);
