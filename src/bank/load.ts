import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { Bank, type Pack, type Question } from '../core/bank.js';
import { packSchema, questionSchema } from './schema.js';

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
  for (const [i, pack] of packs.entries()) {
    const file = join(dir, files[i]!);
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
    throw new BankError(`${file}${at ? `:${at.line}` : ''}: not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const lineOf = (path: (string | number)[]): string => {
    const node = doc.getIn(path, true);
    if (!isNode(node) || !node.range) return '';
    return `:${lines.linePos(node.range[0]).line}`;
  };
  const raw: unknown = doc.toJS();
  const head = packSchema.safeParse(raw);
  if (!head.success) {
    const issue = head.error.issues[0]!;
    throw new BankError(`${file}${lineOf(issue.path as (string | number)[])}: field ${fieldName(issue)}: ${issue.message}`);
  }
  const pack = head.data;
  const questions: Question[] = [];
  const ids = new Set<string>();
  pack.questions.forEach((item, index) => {
    const id = idOf(item) ?? `#${index + 1}`;
    const where = (field: string, sub: (string | number)[] = []) =>
      `${file}${lineOf(['questions', index, ...sub])}: question "${id}": field ${field}`;
    const parsed = questionSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new BankError(`${where(fieldName(issue), issue.path as (string | number)[])}: ${issue.message}`);
    }
    const q = parsed.data;
    if (ids.has(q.id)) throw new BankError(`${where('id', ['id'])}: the id is used twice in this pack`);
    ids.add(q.id);
    if (!(q.topic in pack.topics)) {
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

function idOf(item: unknown): string | undefined {
  if (item && typeof item === 'object' && 'id' in item && typeof item.id === 'string') return item.id;
  return undefined;
}

function fieldName(issue: z.core.$ZodIssue): string {
  const path = issue.path.filter((p) => typeof p !== 'symbol').join('.');
  if (issue.code === 'unrecognized_keys') return issue.keys.join(', ');
  return path || '(top level)';
}
