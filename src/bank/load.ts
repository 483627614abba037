import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { Bank, type Pack, type Question } from '../core/bank.js';
import { packSchema, questionSchema } from './schema.js';
import { shortened } from '../core/shortened.js';

/** A pack file that cannot be used. The message names the file, the question id (or index) and the field. */
export class BankError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BankError';
  }
}

const PACK_FILE = /\.(ya?ml|json)$/i;

/** Loads and validates every pack in a directory. Any problem stops start-up with a BankError. */
export function loadBank(dir: string): Bank {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => PACK_FILE.test(f)).sort();
  } catch (error) {
    throw new BankError(`cannot read the question pack directory ${dir}: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new BankError(`no question packs (*.yaml, *.json) in ${dir}`);
  const packs = files.map((f) => loadPackFile(join(dir, f)));
  const seen = new Map<string, string>();
  const packFiles = new Map<string, string>();
  for (const [i, pack] of packs.entries()) {
    const file = join(dir, files[i]!);
    // Checked here so that it is a BankError naming both files, not the Bank's plain Error.
    const otherPack = packFiles.get(pack.id);
    if (otherPack) throw new BankError(`${file}: field id: the pack id "${pack.id}" is used in ${otherPack}`);
    packFiles.set(pack.id, file);
    for (const q of pack.questions) {
      const other = seen.get(q.id);
      if (other) throw new BankError(`${file}: question "${q.id}": field id: the same id is used in ${other}`);
      seen.set(q.id, file);
    }
  }
  return new Bank(packs);
}

export function loadPackFile(file: string): Pack {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BankError(`${file}: cannot read: ${(error as Error).message}`);
  }
  return parsePack(file, source);
}

/** Parses one pack's text. `file` is only used in error messages. */
export function parsePack(file: string, source: string): Pack {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const at = e.linePos?.[0];
    throw new BankError(`${file}${at ? `:${at.line}` : ''}: not valid YAML: ${yamlProblem(e.message)}`);
  }
  const lineOf = (path: (string | number)[]): string => {
    // A missing field has no line of its own: the nearest node that exists (its question) gives the line.
    for (let at = path; at.length > 0; at = at.slice(0, -1)) {
      const node = doc.getIn(at, true);
      if (isNode(node) && node.range) return `:${lines.linePos(node.range[0]).line}`;
    }
    return '';
  };
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // toJS throws (a ReferenceError) on an alias without its anchor, or aliases that expand exponentially:
    // that is a broken file too.
    throw new BankError(`${file}: not valid YAML: ${yamlProblem((error as Error).message)}`);
  }
  const head = packSchema.safeParse(raw);
  if (!head.success) {
    const issue = head.error.issues[0]!;
    throw new BankError(`${file}${lineOf(issue.path as (string | number)[])}: field ${fieldName(issue)}: ${problemOf(issue)}`);
  }
  const pack = head.data;
  const questions: Question[] = [];
  const ids = new Set<string>();
  pack.questions.forEach((item, index) => {
    const id = idOf(item) ?? `#${index + 1}`;
    // The id is not validated yet: quoted (escaped, shortened) so that a long or multi-line one cannot flood the
    // message. A valid id reads as before: question "some-slug".
    const name = JSON.stringify(shortened(id));
    const where = (field: string, sub: (string | number)[] = []) =>
      `${file}${lineOf(['questions', index, ...sub])}: question ${name}: field ${field}`;
    const parsed = questionSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new BankError(`${where(fieldName(issue), issue.path as (string | number)[])}: ${problemOf(issue)}`);
    }
    const q = parsed.data;
    if (ids.has(q.id)) throw new BankError(`${where('id', ['id'])}: the id is used twice in this pack`);
    ids.add(q.id);
    // Own keys only: `in` also finds Object.prototype, so "topic: constructor" passed.
    if (!Object.hasOwn(pack.topics, q.topic)) {
      throw new BankError(
        `${where('topic', ['topic'])}: "${q.topic}" is not one of the pack's topics (${Object.keys(pack.topics).join(', ')})`,
      );
    }
    const options = [q.answer, ...q.distractors].map((o) => o.toLowerCase());
    if (new Set(options).size !== options.length) {
      throw new BankError(`${where('distractors', ['distractors'])}: the four options must all differ`);
    }
    questions.push({ ...q, pack: pack.id, topicName: pack.topics[q.topic]!, distractors: [q.distractors[0]!, q.distractors[1]!, q.distractors[2]!] });
  });
  return { id: pack.id, name: pack.name, description: pack.description, topics: pack.topics, questions };
}

/**
 * The yaml library's message, on one line and without the position (given as the line already). It quotes what it
 * could not read: a long anchor, alias or block header is cut short.
 */
function yamlProblem(message: string): string {
  const problem = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return shortened(problem, 160);
}

function idOf(item: unknown): string | undefined {
  if (item && typeof item === 'object' && 'id' in item && typeof item.id === 'string') return item.id;
  return undefined;
}

function fieldName(issue: z.core.$ZodIssue): string {
  const path = issue.path.filter((p) => typeof p !== 'symbol').map(keyName).join('.');
  if (issue.code === 'unrecognized_keys') return issue.keys.slice(0, 5).map(keyName).join(', ') + (issue.keys.length > 5 ? ', …' : '');
  return path || '(top level)';
}

/** Zod's message for unknown keys repeats them raw, newlines and all: the field name shows them. */
function problemOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return issue.keys.length === 1 ? 'not a known field' : 'not known fields';
  return issue.message;
}

/**
 * A key from the file as an error shows it: as written when it looks like a field name, otherwise quoted and
 * shortened, so that a long or multi-line unknown key cannot flood the one-line message.
 */
function keyName(key: string | number): string {
  const text = String(key);
  if (/^[\w-]{1,60}$/.test(text)) return text;
  return JSON.stringify(shortened(text));
}
