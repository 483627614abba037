import { z } from 'zod';
import { own } from '../shared/own.js';
import { type RecordKind, recordKind } from '../shared/records.js';
import type { Difficulty, Pack, Question } from './bank.js';
import { type FigureText, figureOfText, figureText, isImageDataUri } from './figure-text.js';

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
  figure?: FigureText;
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
  figure: z
    .union([
      z.object({ alt: z.string(), chart: z.record(z.string(), z.unknown()) }),
      z.object({ alt: z.string(), image: z.string().refine(isImageDataUri, 'not a PNG or SVG data URI') }),
    ])
    .optional()
    // A damaged figure costs the question its figure, not the team its pack.
    .catch(undefined),
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
  const { figure, ...rest } = q;
  // The record was read through its schema, so its image is a data URI that decodes.
  const drawn = figure && figureOfText(figure);
  return { ...rest, pack: pack.id, topicName: own(pack.topics, q.topic) ?? q.topic, ...(drawn ? { figure: drawn } : {}) };
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
  // Kept with the question: before, an uploaded chart was checked and then left out, and the question went without it.
  if (q.figure) stored.figure = figureText(q.figure);
  return stored;
}
