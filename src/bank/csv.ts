import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Pack } from '../core/bank/bank.js';
import { emptyRecord, own } from '../core/shared/own.js';

/**
 * The CSV form of a question pack, for spreadsheet users: one question per row, under this header. The pack's
 * id is the file's name; its topics are the topic column's values (a name such as "Our stack", or a slug).
 * README "Question packs" documents it with an example.
 */
export const CSV_COLUMNS = [
  'id',
  'topic',
  'difficulty',
  'prompt',
  'answer',
  'distractor1',
  'distractor2',
  'distractor3',
  'explanation',
] as const;
/** Optional: one key point per line inside the cell; after " :: ", its terms, comma-separated, alternatives with |. */
export const CSV_KEY_POINTS = 'key_points';

const DIFFICULTY: Record<string, number> = { '1': 1, '2': 2, '3': 3, easy: 1, medium: 2, hard: 3 };

/** A topic as a slug: "Our stack" → "our-stack". */
export function slugOf(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface CsvRow {
  /** 1-based, the header being row 1; and the file line the row starts on. */
  row: number;
  line: number;
  question: Record<string, unknown>;
  /** The row has more or fewer fields than the header: its fields cannot be trusted to be in their columns. */
  misaligned?: boolean;
}

/**
 * Reads a CSV pack into the pack file's shape (validated afterwards by the same rules as a YAML pack), or the
 * problems that stop it being read at all: the header, or the CSV syntax. Quoted fields may hold commas, quotes
 * and line breaks; a UTF-8 byte-order mark is ignored.
 */
export function readCsvPack(text: string): { head: { topics: Record<string, string> }; rows: CsvRow[] } | { problems: string[] } {
  let records: {
    record: Record<string, string>;
    info: { lines: number; records: number; columns?: { name: string }[]; error?: { code?: string } };
  }[];
  try {
    // A row with more or fewer fields than the header is one row's problem (named with the others), not the file's.
    // Line breaks as \n only: a spreadsheet's \r\n inside a quoted field would otherwise stay in the question's text.
    records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      columns: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
      relax_column_count: true,
    }) as typeof records;
  } catch (error) {
    const e = error as { message: string; lines?: number };
    return {
      problems: [`${e.lines ? `line ${e.lines}: ` : ''}not valid CSV: ${e.message.replace(/^Invalid[^:]*:\s*/, '').slice(0, 160)}`],
    };
  }
  // The header as read, not the first row's keys: a short first row would look like missing columns.
  const header = (records[0]?.info.columns ?? []).map((c) => c.name);
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c) && c !== CSV_KEY_POINTS);
  if (records.length === 0)
    return { problems: [text.trim() === '' ? 'the file is empty' : 'the file has no question rows under its header'] };
  if (missing.length || unknown.length) {
    return {
      problems: [
        ...(missing.length ? [`row 1 (header): missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`] : []),
        ...(unknown.length ? [`row 1 (header): unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`] : []),
      ],
    };
  }
  const topics = emptyRecord<string>();
  let previousLine = 1;
  const rows = records.map(({ record: cells, info }, i) => {
    const record = Object.fromEntries(Object.entries(cells).map(([column, cell]) => [column, fromSpreadsheet(cell)])) as typeof cells;
    const name = record.topic ?? '';
    const slug = slugOf(name);
    if (slug) topics[slug] ??= name === slug ? titleOf(slug) : name;
    const difficulty = DIFFICULTY[(record.difficulty ?? '').toLowerCase()] ?? record.difficulty;
    const question: Record<string, unknown> = {
      id: record.id,
      topic: slug || name,
      difficulty,
      prompt: record.prompt,
      answer: record.answer,
      distractors: [record.distractor1, record.distractor2, record.distractor3],
      explanation: record.explanation,
    };
    const points = (record[CSV_KEY_POINTS] ?? '').split(/\r?\n/).filter((l) => l.trim());
    if (points.length) question.key_points = points.map(keyPointOf);
    const line = previousLine + 1;
    previousLine = info.lines;
    const misaligned = info.error?.code === 'CSV_RECORD_INCONSISTENT_COLUMNS';
    return { row: i + 2, line, question, ...(misaligned ? { misaligned } : {}) };
  });
  return { head: { topics }, rows };
}

function keyPointOf(text: string): { point: string; terms?: string[] } {
  const [point, terms] = text.split(' :: ');
  return terms === undefined ? { point: point!.trim() } : { point: point!.trim(), terms: terms.split(',').map((t) => t.trim()) };
}

const titleOf = (slug: string) => slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** A pack as CSV, in the same form the upload reads (an export can be edited and uploaded again). */
export function writeCsvPack(pack: Pack): string {
  const hasPoints = pack.questions.some((q) => q.keyPoints?.length);
  const header = [...CSV_COLUMNS, ...(hasPoints ? [CSV_KEY_POINTS] : [])];
  const rows = pack.questions.map((q) => [
    q.id,
    own(pack.topics, q.topic) ?? q.topic,
    String(q.difficulty),
    q.prompt,
    q.answer,
    ...q.distractors,
    q.explanation,
    ...(hasPoints ? [(q.keyPoints ?? []).map((k) => `${k.point} :: ${k.terms.map((t) => t.join('|')).join(', ')}`).join('\n')] : []),
  ]);
  return stringify([header, ...rows.map((row) => row.map(spreadsheetSafe))]);
}

/**
 * A spreadsheet runs a cell that starts with =, +, - or @ as a formula (`=HYPERLINK(…)` in a member's suggestion,
 * exported and opened by an admin): such a cell is written after an apostrophe, which spreadsheets read as "text"
 * and do not show. Values that already start with apostrophes before one of those get one more, and reading takes
 * exactly one away (fromSpreadsheet), so an export uploaded again holds the same text.
 */
// The full-width forms too: some spreadsheets (East Asian locales) read them as the ASCII ones.
const FORMULA_START = /^'*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
const spreadsheetSafe = (cell: string) => (FORMULA_START.test(cell) ? `'${cell}` : cell);
const fromSpreadsheet = (cell: string) => (cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell);
