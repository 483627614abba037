import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Bank, type Pack, type Question } from '../core/bank/bank.js';
import { contentWords, normalise } from '../core/interview/matcher.js';
import { shortened } from '../core/shared/shortened.js';
import { attempt, BankError, fieldName, PacksDirError, problemOf, type Report, stop } from './bank-error.js';
import { readFigure } from './figure.js';
import { checked, PACK_FILE, type ParsedFile, parseDocumentOf } from './parse.js';
import { packHeadSchema, packSchema, questionFileSchema, questionSchema } from './schema.js';

// Where pack problems are defined; every importer of BankError has it from here.
export { BankError, PacksDirError } from './bank-error.js';

/** A folder of PACKS_DIR that holds this file is one pack, spread over the folder's files. */
const PACK_HEAD = 'pack.yaml';

/** Loads and validates every pack in a directory. Any problem stops start-up with a BankError. */
export function loadBank(dir: string): Bank {
  return readBank(dir, stop);
}

/**
 * Every problem of every pack in a directory, each naming its file, line, question and field, and the bank of
 * what has none. The directory itself unusable is still a PacksDirError.
 */
export function checkBank(dir: string): { bank: Bank; problems: string[] } {
  const problems: string[] = [];
  const bank = readBank(dir, (problem) => problems.push(problem.message));
  return { bank, problems };
}

function readBank(dir: string, report: Report): Bank {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw new PacksDirError(`cannot read the question pack directory ${dir}: ${(error as Error).message}`);
  }
  const sources: { file: string; load: () => Pack }[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && existsSync(join(path, PACK_HEAD)))
      sources.push({ file: join(path, PACK_HEAD), load: () => loadPackFolder(path, report) });
    else if (PACK_FILE.test(entry.name)) sources.push({ file: path, load: () => loadPackFile(path, report) });
  }
  if (sources.length === 0) throw new PacksDirError(`no question packs (*.yaml, *.json, or folders with a ${PACK_HEAD}) in ${dir}`);
  const packs: Pack[] = [];
  const seen = new Map<string, string>();
  const packFiles = new Map<string, string>();
  for (const { file, load } of sources) {
    const pack = attempt(report, load);
    if (!pack) continue;
    // Checked here so that it is a BankError naming both files, not the Bank's plain Error.
    const otherPack = packFiles.get(pack.id);
    if (otherPack) {
      report(new BankError(`${file}: field id: the pack id "${pack.id}" is used in ${otherPack}`));
      continue;
    }
    packFiles.set(pack.id, file);
    const questions = pack.questions.filter((q) => {
      const other = seen.get(q.id);
      if (other) report(new BankError(`${file}: question "${q.id}": field id: the same id is used in ${other}`));
      else seen.set(q.id, file);
      return !other;
    });
    packs.push({ ...pack, questions });
  }
  return new Bank(packs);
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new BankError(`${file}: cannot read: ${(error as Error).message}`);
  }
}

export function loadPackFile(file: string, report: Report = stop): Pack {
  return parsePack(file, readSource(file), dirname(file), report, true);
}

/**
 * A pack kept as a folder (the built-in bank, one file per topic): pack.yaml holds the id, name and topics;
 * every other YAML or JSON file in the folder holds `questions:` only. Errors name the file the problem is in.
 */
export function loadPackFolder(folder: string, report: Report = stop): Pack {
  const headFile = join(folder, PACK_HEAD);
  const head = parseDocumentOf(headFile, readSource(headFile), 'YAML', true);
  const pack = checked(headFile, head, packHeadSchema);
  const ids = new Set<string>();
  const questions = parseQuestions(headFile, head, pack.questions ?? [], pack, ids, folder, report);
  const files = readdirSync(folder)
    .filter((f) => PACK_FILE.test(f) && f !== PACK_HEAD)
    .sort();
  for (const name of files) {
    const file = join(folder, name);
    const read = attempt(report, () => {
      const doc = parseDocumentOf(file, readSource(file), 'YAML', true);
      return { doc, items: checked(file, doc, questionFileSchema).questions };
    });
    if (read) questions.push(...parseQuestions(file, read.doc, read.items, pack, ids, folder, report));
  }
  if (questions.length === 0) throw new BankError(`${headFile}: field questions: a pack needs at least one question`);
  return { id: pack.id, name: pack.name, description: pack.description, topics: pack.topics, questions };
}

/** Parses one pack's text. `file` is only used in error messages; figure images are read from `folder`. */
export function parsePack(file: string, source: string, folder?: string, report: Report = stop, keep = false): Pack {
  const parsed = parseDocumentOf(file, source, 'YAML', keep);
  const pack = checked(file, parsed, packSchema);
  const questions = parseQuestions(file, parsed, pack.questions, pack, new Set(), folder, report);
  return { id: pack.id, name: pack.name, description: pack.description, topics: pack.topics, questions };
}

/** Validates a file's questions against the pack's topics; `ids` collects the pack's ids across its files. */
function parseQuestions(
  file: string,
  parsed: ParsedFile,
  items: readonly unknown[],
  pack: { id: string; topics: Record<string, string> },
  ids: Set<string>,
  folder: string | undefined,
  report: Report,
): Question[] {
  return items.flatMap((item, index) => {
    const at = (sub: (string | number)[]) => `${file}${parsed.lineOf(['questions', index, ...sub])}`;
    const question = attempt(report, () => parseQuestion(item, index, pack, ids, at, folder));
    return question ? [question] : [];
  });
}

/**
 * One question of a pack, validated, or a BankError naming where (`at` gives the file and line of a field path
 * within the question), the question id and the field. `ids` collects the pack's ids. `folder`: where a figure's
 * image file is (undefined for an uploaded pack, which may not have one).
 */
export function parseQuestion(
  item: unknown,
  index: number,
  pack: { id: string; topics: Record<string, string> },
  ids: Set<string>,
  at: (sub: (string | number)[]) => string,
  folder?: string,
): Question {
  const id = idOf(item) ?? `#${index + 1}`;
  // The id is not validated yet: quoted (escaped, shortened) so that a long or multi-line one cannot flood the
  // message. A valid id reads as before: question "some-slug".
  const name = JSON.stringify(shortened(id));
  const where = (field: string, sub: (string | number)[] = []) => `${at(sub)}: question ${name}: field ${field}`;
  // Own keys only: `in` also finds Object.prototype, so "topic: constructor" passed.
  const topicProblem = (topic: unknown) =>
    typeof topic === 'string' && !Object.hasOwn(pack.topics, topic)
      ? `${where('topic', ['topic'])}: "${shortened(topic)}" is not one of the pack's topics (${shortened(Object.keys(pack.topics).join(', '), 150)})`
      : undefined;
  const result = questionSchema.safeParse(item);
  if (!result.success) {
    // Every field's problem at once (and an undeclared topic): an author fixes them all before uploading again.
    // One problem per field: a field that is not a list has no count of items to complain about as well.
    const firstPerField = result.error.issues.filter((issue, i, all) => all.findIndex((o) => fieldName(o) === fieldName(issue)) === i);
    const problems = firstPerField.map((issue) => `${where(fieldName(issue), issue.path as (string | number)[])}: ${problemOf(issue)}`);
    const topic = topicProblem((item as { topic?: unknown } | null)?.topic);
    const [first, ...more] = [...problems, ...(topic && !problems.some((p) => p.includes(': field topic:')) ? [topic] : [])];
    throw new BankError(first!, more);
  }
  const q = result.data;
  if (ids.has(q.id)) throw new BankError(`${where('id', ['id'])}: the id is used twice in this pack`);
  ids.add(q.id);
  const topic = topicProblem(q.topic);
  if (topic) throw new BankError(topic);
  const options = [q.answer, ...q.distractors].map((o) => o.toLowerCase());
  if (new Set(options).size !== options.length) {
    throw new BankError(`${where('distractors', ['distractors'])}: the four options must all differ`);
  }
  const { key_points, figure: figureInput, ...rest } = q;
  const figure = figureInput && readFigure(figureInput, folder);
  if (figure && !figure.ok) throw new BankError(`${where(figure.field, figure.field.split('.'))}: ${figure.problem}`);
  const keyPoints = key_points?.map((k, i) => {
    const terms = k.terms ? k.terms.map((t) => t.split('|').map((a) => a.trim())) : contentWords(k.point).map((w) => [w]);
    // Only when there is a problem: the line of a field may mean parsing the file again (parse.ts).
    const field = () => where(`key_points.${i}.terms`, ['key_points', i]);
    if (terms.length === 0) throw new BankError(`${field()}: the point has no words to look for: list its terms`);
    // A lone letter or digit as the matcher reads it ("x", "x)" left over from a | inside "p(y|x)", "9x" read
    // as a product sign would be): found in almost any answer. A number written out ("three") is meant.
    const vague = terms.flat().find((alternative) => {
      const words = normalise(alternative);
      return words.length === 0 || (words.length === 1 && words[0]!.length === 1 && !/^[a-z]{3,}$/i.test(alternative.trim()));
    });
    if (vague !== undefined)
      throw new BankError(`${field()}: "${shortened(vague)}" is a single character, which almost any answer contains`);
    return { point: k.point, terms };
  });
  return {
    ...rest,
    pack: pack.id,
    topicName: pack.topics[q.topic]!,
    distractors: [q.distractors[0]!, q.distractors[1]!, q.distractors[2]!],
    ...(keyPoints ? { keyPoints } : {}),
    ...(figure ? { figure: figure.figure } : {}),
  };
}

function idOf(item: unknown): string | undefined {
  if (item && typeof item === 'object' && 'id' in item && typeof item.id === 'string') return item.id;
  return undefined;
}
