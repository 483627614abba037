import { z } from 'zod';
import { OPTION_ORDER } from '../shared/presentation.js';
import { type RecordKind, recordKind } from '../shared/records.js';
/** A member's practice or review quiz in progress. */

export const PRACTICE_SCHEMA = 1;
export interface PracticeSession {
  v: typeof PRACTICE_SCHEMA;
  id: string;
  /** review: due questions from spaced repetition (answers count as review); practice otherwise. */
  kind?: 'practice' | 'review';
  /** For a review: how many were due when it started, and when the next review after those falls due. */
  due?: { count: number; nextAt?: number };
  items: { questionId: string; order: number[] }[];
  /** Index of the question on screen. */
  index: number;
  /** Per item: not answered yet (null), or whether it was right and the points it earned. */
  results: ({ correct: boolean; points: number } | null)[];
  startedAt: number;
}

const ITEM = z.object({ questionId: z.string(), order: OPTION_ORDER });

export const practiceRecord: RecordKind<PracticeSession> = recordKind(
  'a practice quiz',
  z.looseObject({
    v: z.literal(PRACTICE_SCHEMA),
    id: z.string(),
    kind: z.enum(['practice', 'review']).optional(),
    due: z.object({ count: z.number().int().min(0), nextAt: z.number().optional() }).optional(),
    items: z.array(ITEM),
    index: z.number().int().min(0),
    results: z.array(z.object({ correct: z.boolean(), points: z.number() }).nullable()),
    startedAt: z.number(),
  }),
);
