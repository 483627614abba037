import { z } from 'zod';
import { type RecordKind, recordKind } from '../shared/records.js';
import type { StoredQuestion } from './team-pack-model.js';

/** A question a member suggested, waiting for a quiz admin: approved into the team's pack "suggestions", or rejected. */
export const SUGGESTION_SCHEMA = 1;
export interface Suggestion {
  v: typeof SUGGESTION_SCHEMA;
  /** The short id its buttons carry. */
  id: string;
  /** Checked by the built-in questions' rules when it was sent; its id is the one it keeps once approved. */
  question: StoredQuestion;
  /** The topic's display name ("Our stack"); question.topic is its slug. */
  topicName: string;
  suggestedBy: string;
  suggestedAt: number;
}

export const suggestionRecord: RecordKind<Suggestion> = recordKind(
  'a suggested question',
  z.looseObject({
    v: z.literal(SUGGESTION_SCHEMA),
    id: z.string(),
    question: z.looseObject({
      id: z.string(),
      topic: z.string(),
      difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      prompt: z.string(),
      answer: z.string(),
      distractors: z.tuple([z.string(), z.string(), z.string()]),
      explanation: z.string(),
    }),
    topicName: z.string(),
    suggestedBy: z.string(),
    suggestedAt: z.number(),
  }),
);

/** What an admin's decision tells the member who suggested the question. */
export type Decision = { kind: 'approved'; question: StoredQuestion } | { kind: 'rejected'; reason?: string };
