import { basename, extname } from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { Pack, Question } from '../core/bank/bank.js';
import { figureText } from '../core/bank/figure-text.js';
import { shortened } from '../core/shared/shortened.js';
import { readCsvPack, slugOf, writeCsvPack } from './csv.js';
import { uploadRuleProblem } from './guards.js';
import { BankError, parseQuestion } from './load.js';
import { checked, type ParsedFile, parseDocumentOf } from './parse.js';
import { MAX_SLUG, packSchema } from './schema.js';

/** An uploaded pack file is at most this big. */
export const MAX_UPLOAD_BYTES = 1024 * 1024;
/** At most this many questions per file. */
export const MAX_UPLOAD_QUESTIONS = 2000;
/** The reply names at most this many problems. */
export const MAX_PROBLEMS = 20;

export type PackFormat = 'yaml' | 'json' | 'csv';
export type UploadResult = { ok: true; pack: Pack; format: PackFormat } | { ok: false; problems: string[] };

const FORMATS: Record<string, PackFormat> = { '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json', '.csv': 'csv' };

/**
 * An uploaded pack file, validated all or nothing by the rules of the built-in packs: the pack, or every problem
 * (up to 20), each naming the line or row, the question id and the field.
 */
export function parsePackUpload(
  fileName: string,
  bytes: Uint8Array,
  /** Which other pack already uses a question id, if one does: those ids are refused with the rest. */
  takenBy: (id: string, packId: string) => string | undefined = () => undefined,
): UploadResult {
  const name = shortened(basename(fileName), 80);
  const format = FORMATS[extname(fileName).toLowerCase()];
  if (!format) return { ok: false, problems: [`${name}: a pack file is .yaml, .yml, .json or .csv`] };
  if (bytes.byteLength > MAX_UPLOAD_BYTES) {
    return { ok: false, problems: [tooLarge(name, bytes.byteLength)] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return { ok: false, problems: [`${name}: not UTF-8 text (save it as UTF-8)`] };
  }
  return format === 'csv' ? fromCsv(name, fileName, text, takenBy) : fromDocument(name, text, format, takenBy);
}

/** The refusal of a file over MAX_UPLOAD_BYTES, in bytes ("1.0 MB" read as within the limit). */
export const tooLarge = (name: string, size: number) =>
  `${name}: ${size.toLocaleString('en-US')} bytes; a pack file is at most ${MAX_UPLOAD_BYTES.toLocaleString('en-US')} bytes (1 MB)`;

type TakenBy = (id: string, packId: string) => string | undefined;

/** The first MAX_PROBLEMS problems, and how many more there are: a file with 90 is not mistaken for one with 20. */
function atMost(problems: readonly string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return [...problems];
  return [...problems.slice(0, MAX_PROBLEMS), `…and ${problems.length - MAX_PROBLEMS} more problems like these`];
}

/** The pack's questions through the one validation, collecting every problem instead of stopping at the first. */
function collect(
  name: string,
  pack: { id: string; topics: Record<string, string> },
  items: readonly { item: unknown; at: (sub: (string | number)[]) => string }[],
  takenBy: TakenBy,
): { questions: Question[]; problems: string[] } {
  const questions: Question[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  if (items.length > MAX_UPLOAD_QUESTIONS)
    problems.push(`${name}: ${items.length} questions; a pack file holds at most ${MAX_UPLOAD_QUESTIONS}`);
  for (const [index, { item, at }] of items.slice(0, MAX_UPLOAD_QUESTIONS).entries()) {
    try {
      const question = parseQuestion(item, index, pack, ids, at);
      const other = takenBy(question.id, pack.id);
      if (other) throw new BankError(`${at(['id'])}: question "${question.id}": field id: already used by ${other}`);
      const rule = uploadRuleProblem(question);
      if (rule) throw new BankError(`${at(rule.path)}: question "${question.id}": field ${rule.path.join('.')}: ${rule.problem}`);
      questions.push(question);
    } catch (error) {
      if (!(error instanceof BankError)) throw error;
      problems.push(...error.problems);
    }
  }
  return { questions, problems };
}

function fromDocument(name: string, text: string, format: PackFormat, takenBy: TakenBy): UploadResult {
  let parsed: ParsedFile;
  let head: { id: string; name: string; description?: string; topics: Record<string, string>; questions: unknown[] };
  try {
    parsed = parseDocumentOf(name, text, format === 'json' ? 'JSON' : 'YAML');
    head = checked(name, parsed, packSchema);
  } catch (error) {
    if (error instanceof BankError) return { ok: false, problems: [error.message] };
    throw error;
  }
  const items = head.questions.map((item, index) => ({
    item,
    at: (sub: (string | number)[]) => `${name}${parsed.lineOf(['questions', index, ...sub])}`,
  }));
  const { questions, problems } = collect(name, head, items, takenBy);
  if (problems.length) return { ok: false, problems: atMost(problems) };
  return { ok: true, format, pack: { id: head.id, name: head.name, description: head.description, topics: head.topics, questions } };
}

function fromCsv(name: string, fileName: string, text: string, takenBy: TakenBy): UploadResult {
  const id = slugOf(basename(fileName, extname(fileName)));
  if (!id) return { ok: false, problems: [`${name}: the file's name is the pack's id: name it with letters or digits (our-stack.csv)`] };
  // A YAML pack's id is held to 60 characters by its schema; a CSV's comes from its name, held to the same here.
  if (id.length > MAX_SLUG)
    return {
      ok: false,
      problems: [`${name}: the file's name is the pack's id, at most ${MAX_SLUG} characters; this one's is ${id.length}: rename the file`],
    };
  const read = readCsvPack(text);
  if ('problems' in read) return { ok: false, problems: read.problems.map((p) => `${name}: ${p}`) };
  const pack = { id, topics: read.head.topics };
  const misaligned = read.rows
    .filter((r) => r.misaligned)
    .map(
      ({ row, line }) =>
        `${name}: row ${row} (line ${line}): its number of fields differs from the header's (a field with a comma needs double quotes)`,
    );
  const items = read.rows
    .filter((r) => !r.misaligned)
    .map(({ row, line, question }) => ({ item: question, at: () => `${name}: row ${row} (line ${line})` }));
  const { questions, problems } = collect(name, pack, items, takenBy);
  // The CSV's own column names, not the fields they fill: distractor2, not distractors.1.
  const inColumns = problems.map((p) =>
    p
      .replace(/field distractors\.([0-2])\b/, (_, i: string) => `field distractor${Number(i) + 1}`)
      .replace(/field distractors\b/, 'field distractor1–3'),
  );
  if (misaligned.length || problems.length) return { ok: false, problems: atMost([...misaligned, ...inColumns]) };
  return {
    ok: true,
    format: 'csv',
    pack: { id, name: id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()), topics: pack.topics, questions },
  };
}

/** A pack as a file in a format an upload reads back: its name, and its text. */
export function packFile(pack: Pack, format: PackFormat): { name: string; text: string } {
  if (format === 'csv') return { name: `${pack.id}.csv`, text: writeCsvPack(pack) };
  const doc = {
    id: pack.id,
    name: pack.name,
    ...(pack.description ? { description: pack.description } : {}),
    topics: pack.topics,
    questions: pack.questions.map((q) => ({
      id: q.id,
      topic: q.topic,
      difficulty: q.difficulty,
      prompt: q.prompt,
      answer: q.answer,
      distractors: [...q.distractors],
      explanation: q.explanation,
      ...(q.keyPoints ? { key_points: q.keyPoints.map((k) => ({ point: k.point, terms: k.terms.map((t) => t.join('|')) })) } : {}),
      ...(q.figure ? { figure: figureText(q.figure) } : {}),
    })),
  };
  return format === 'json'
    ? { name: `${pack.id}.json`, text: `${JSON.stringify(doc, null, 2)}\n` }
    : { name: `${pack.id}.yaml`, text: toYaml(doc, { lineWidth: 0 }) };
}
