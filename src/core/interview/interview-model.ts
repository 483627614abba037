import { z } from 'zod';
import { type RecordKind, recordKind } from '../shared/records.js';

/** A self-rating: FSRS's Again (1), Hard (2), Good (3), Easy (4). */
export type RecallGrade = 1 | 2 | 3 | 4;
export const RECALL_GRADES: readonly RecallGrade[] = [1, 2, 3, 4];
export const GRADE_NAMES: Record<RecallGrade, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

/**
 * A member's interview session in progress. What the member typed is never stored: only which key points it
 * appeared to cover, for the summary's "most often missed".
 */
export const INTERVIEW_SCHEMA = 1;
export interface InterviewSession {
  v: typeof INTERVIEW_SCHEMA;
  id: string;
  /** review: due recall cards first (quiz review); interview otherwise. */
  kind: 'interview' | 'review';
  /** For a review: how many recall cards were due when it started. */
  due?: number;
  items: { questionId: string }[];
  /** Index of the question on screen. */
  index: number;
  /** Per item: shown (revealed), what a typed answer covered, and the rating once given. */
  steps: { revealed: boolean; covered?: boolean[]; rating?: RecallGrade }[];
  startedAt: number;
}

const GRADE = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const interviewRecord: RecordKind<InterviewSession> = recordKind(
  'an interview session',
  z.looseObject({
    v: z.literal(INTERVIEW_SCHEMA),
    id: z.string(),
    kind: z.enum(['interview', 'review']),
    due: z.number().int().min(0).optional(),
    items: z.array(z.object({ questionId: z.string() })),
    index: z.number().int().min(0),
    steps: z.array(z.object({ revealed: z.boolean(), covered: z.array(z.boolean()).optional(), rating: GRADE.optional() })),
    startedAt: z.number(),
  }),
);
