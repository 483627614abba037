import { z } from 'zod';
import { type RecordKind, recordKind } from '../shared/records.js';
import type { Difficulty, Pack, Question } from './bank.js';

/** A question as a team pack stores it (the pack and topic names are the pack's). */
export interface StoredQuestion {
  id: string;
  topic: string;
  difficulty: Difficulty;
  prompt: string;
  answer: string;
  distractors: [string, string, string];
  explanation: string;
  keyPoints?: { point: string; terms: string[][] }[];
}

/**
 * A team's own question pack, kept in the store (not in files): so every process sharing the store uses it at
 * once, and it moves with migrate-store, backups and purge.
 */
export const TEAM_PACK_SCHEMA = 1;
export interface StoredPack {
  v: typeof TEAM_PACK_SCHEMA;
  id: string;
  name: string;
  description?: string;
  topics: Record<string, string>;
  questions: StoredQuestion[];
  /** Questions an update took out: never drawn again, still found by id for history that names them. */
  retired: StoredQuestion[];
  /** What it was uploaded as (an export gives the same format back); `suggestions` for approved suggestions. */
  format: 'yaml' | 'json' | 'csv';
  source: 'upload' | 'suggestions';
  /** The admin who uploaded it last (cleared if they ask Backprop to forget them). */
  uploadedBy?: string;
  updatedAt: number;
}

const QUESTION = z.looseObject({
  id: z.string(),
  topic: z.string(),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  prompt: z.string(),
  answer: z.string(),
  distractors: z.tuple([z.string(), z.string(), z.string()]),
  explanation: z.string(),
  keyPoints: z.array(z.object({ point: z.string(), terms: z.array(z.array(z.string())) })).optional(),
});

export const teamPackRecord: RecordKind<StoredPack> = recordKind(
  'a team question pack',
  z.looseObject({
    v: z.literal(TEAM_PACK_SCHEMA),
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    topics: z.record(z.string(), z.string()),
    questions: z.array(QUESTION),
    retired: z.array(QUESTION),
    format: z.enum(['yaml', 'json', 'csv']),
    source: z.enum(['upload', 'suggestions']),
    uploadedBy: z.string().optional(),
    updatedAt: z.number(),
  }),
);

export function toQuestion(pack: Pick<StoredPack, 'id' | 'topics'>, q: StoredQuestion): Question {
  return { ...q, pack: pack.id, topicName: pack.topics[q.topic] ?? q.topic };
}

/** The pack as the engine's bank holds it, and its retired questions. */
export function toPack(stored: StoredPack): { pack: Pack; retired: Question[] } {
  return {
    pack: {
      id: stored.id,
      name: stored.name,
      description: stored.description,
      topics: stored.topics,
      questions: stored.questions.map((q) => toQuestion(stored, q)),
    },
    retired: stored.retired.map((q) => toQuestion(stored, q)),
  };
}

/** A bank question as a team pack stores it. */
export function toStored(q: Question): StoredQuestion {
  const stored: StoredQuestion = {
    id: q.id,
    topic: q.topic,
    difficulty: q.difficulty,
    prompt: q.prompt,
    answer: q.answer,
    distractors: [...q.distractors],
    explanation: q.explanation,
  };
  if (q.keyPoints) stored.keyPoints = q.keyPoints.map((k) => ({ point: k.point, terms: k.terms.map((t) => [...t]) }));
  return stored;
}
