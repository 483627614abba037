import { z } from 'zod';

/** The question-pack file format (data/packs/). README "Question packs" documents it for authors. */

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The longest id or topic slug: a pack's id is part of store keys and of buttons' ids. */
export const MAX_SLUG = 60;
const slug = (what: string) =>
  z.string().regex(SLUG, `${what} must be a lowercase slug of letters, digits and single hyphens`).max(MAX_SLUG);
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

/** An alternative of a term: a word or a short phrase with at least one letter or digit. */
const alternative = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/[A-Za-z0-9]/, 'a term needs a letter or a digit');

/**
 * A key point: the statement (at most 120 characters) and its terms, each a word or phrase with alternatives
 * separated by | ("divide|scale"). Terms are optional in the file: without them the point's own words count.
 */
export const keyPointSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { point: v } : v),
  z.strictObject({
    point: text(3, 120),
    terms: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(200)
          .refine(
            (t) => t.split('|').every((a) => alternative.safeParse(a).success),
            'each alternative (between |) must be a word or phrase of 1–40 characters',
          ),
      )
      .min(1, 'at least one term')
      .max(8, 'at most 8 terms')
      .optional(),
  }),
);

/** A figure: a Vega-Lite chart (data inline) or an image (a file next to the pack, or a data URI), and its alt text. */
const figureSchema = z.strictObject({
  chart: z.record(z.string(), z.unknown(), { error: 'chart must be a Vega-Lite spec (a mapping)' }).optional(),
  image: z
    .string({ error: 'image must be a file name or a data URI' })
    .trim()
    .min(1)
    .refine((image) => image.startsWith('data:') || image.length <= 200, 'a file name is at most 200 characters')
    .optional(),
  alt: z
    .string({ error: 'alt is required: say in words what the figure shows (screen readers and the terminal read it)' })
    .trim()
    .min(10, 'alt must say what the figure shows, in at least 10 characters')
    .max(1000),
});

export const questionSchema = z.strictObject({
  id: slug('id'),
  topic: slug('topic'),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'difficulty must be 1, 2 or 3 (easy, medium or hard)' }),
  prompt: text(10, 500),
  answer: text(1, 300),
  distractors: z.array(text(1, 300)).length(3, 'exactly three distractors are required'),
  explanation: text(20, 1500).refine((e) => {
    const n = countSentences(e);
    return n >= 2 && n <= 5;
  }, 'the explanation must be 2 to 5 sentences'),
  key_points: z.array(keyPointSchema).min(3, 'give 3 to 5 key points').max(5, 'give 3 to 5 key points').optional(),
  figure: figureSchema.optional(),
});

const packHead = {
  id: slug('pack id'),
  name: text(1, 80),
  description: text(1, 500).optional(),
  topics: z.record(slug('topic'), text(1, 80)).refine((t) => Object.keys(t).length > 0, 'at least one topic'),
};

export const packSchema = z.strictObject({ ...packHead, questions: z.array(z.unknown()).min(1, 'a pack needs at least one question') });

/** A pack kept as a folder: pack.yaml holds the head (and may hold questions); every other file holds questions. */
export const packHeadSchema = z.strictObject({ ...packHead, questions: z.array(z.unknown()).optional() });
export const questionFileSchema = z.strictObject({ questions: z.array(z.unknown()).min(1, 'a question file needs at least one question') });
