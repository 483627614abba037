import { z } from 'zod';

/** The question-pack file format (data/packs/*.yaml). README "Adding a pack" documents it for authors. */

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const slug = (what: string) =>
  z.string().regex(SLUG, `${what} must be a lowercase slug of letters, digits and single hyphens`).max(60);
const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|cf|approx|al|resp)\./gi;

export function countSentences(paragraph: string): number {
  const protectedText = paragraph.replace(ABBREVIATIONS, (m) => m.replace(/\./g, '\u2024'));
  return protectedText
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/)
    .filter((s) => s.trim().length > 0).length;
}

export const questionSchema = z.strictObject({
  id: slug('id'),
  topic: slug('topic'),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'difficulty must be 1, 2 or 3' }),
  prompt: text(10, 500),
  answer: text(1, 300),
  distractors: z.array(text(1, 300)).length(3, 'exactly three distractors are required'),
  explanation: text(20, 1500).refine((e) => {
    const n = countSentences(e);
    return n >= 2 && n <= 5;
  }, 'the explanation must be 2 to 5 sentences'),
});

export const packSchema = z.strictObject({
  id: slug('pack id'),
  name: text(1, 80),
  description: text(1, 500).optional(),
  topics: z.record(slug('topic'), text(1, 80)).refine((t) => Object.keys(t).length > 0, 'at least one topic'),
  questions: z.array(z.unknown()).min(1, 'a pack needs at least one question'),
});
