import type { z } from 'zod';
import { shortened } from '../core/shared/shortened.js';

/** A pack file that cannot be used. The message names the file, the question id (or index) and the field. */
export class BankError extends Error {
  /** Every problem found together (a question's fields), the first being the message: listed one by one. */
  readonly problems: readonly string[];
  constructor(message: string, more: readonly string[] = []) {
    super(message);
    this.name = 'BankError';
    this.problems = [message, ...more];
  }
}

/** The pack directory itself cannot be used (missing, unreadable, empty): start-up names PACKS_DIR for it. */
export class PacksDirError extends BankError {
  constructor(message: string) {
    super(message);
    this.name = 'PacksDirError';
  }
}

/**
 * Where a pack's problems go: the first thrown (start-up), or each one collected while the rest is read on
 * (check-bank lists them all). A question or a file with a problem is left out of what is read.
 */
export type Report = (problem: BankError) => void;
export const stop: Report = (problem) => {
  throw problem;
};

/** work(), or undefined once its BankError is reported. */
export function attempt<T>(report: Report, work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof BankError)) throw error;
    for (const [i, problem] of error.problems.entries()) report(i === 0 ? error : new BankError(problem));
    return undefined;
  }
}

/**
 * The yaml library's message, on one line and without the position (given as the line already). It quotes what it
 * could not read: a long anchor, alias or block header is cut short.
 */
export function yamlProblem(message: string): string {
  // The parser recurses per level: a file nested thousands deep overflows its stack before any field is checked.
  if (/Maximum call stack size exceeded/.test(message)) return 'nested too deeply to read';
  const problem = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return shortened(problem, 160);
}

/** The field an issue is about, as a pack's author writes it: key_points.0.terms, or the unknown keys. */
export function fieldName(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .filter((p) => typeof p !== 'symbol')
    .map(keyName)
    .join('.');
  if (issue.code === 'unrecognized_keys') {
    // Inside a nested object (a key point), the unknown field is named with its place: key_points.0.words.
    const at = path ? `${path}.` : '';
    return (
      issue.keys
        .slice(0, 5)
        .map((k) => at + keyName(k))
        .join(', ') + (issue.keys.length > 5 ? ', …' : '')
    );
  }
  return path || '(top level)';
}

/**
 * The problem in an admin's words. Zod's message for unknown keys repeats them raw, newlines and all (the field
 * name shows them), and its default messages are a developer's ("Invalid input: expected string, received
 * undefined"); the schema's own messages are kept as written.
 */
/** What a field must be, as an admin reads it (Zod names JavaScript's types). */
const KINDS: Record<string, string> = {
  array: 'a list',
  object: 'a set of fields',
  record: 'a set of fields',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
};
/** What a length bound counts: characters of a text, items of a list (a number's bound is the number itself). */
const UNITS: Record<string, string | undefined> = { string: 'character', array: 'item', set: 'item' };

export function problemOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return issue.keys.length === 1 ? 'not a known field' : 'not known fields';
  // A record's key (a topic's slug) that its schema refused: that schema's words, not "Invalid key in record".
  if (issue.code === 'invalid_key' && issue.issues[0]) return problemOf(issue.issues[0]);
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return issue.message.endsWith('received undefined') ? 'missing' : `must be ${KINDS[issue.expected] ?? issue.expected}`;
  }
  if ((issue.code === 'too_small' || issue.code === 'too_big') && /^Too (small|big)/.test(issue.message)) {
    const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    const unit = UNITS[issue.origin];
    const bound = `${issue.code === 'too_small' ? 'at least' : 'at most'} ${n}`;
    return unit ? `${bound} ${unit}${n === 1 ? '' : 's'}` : bound;
  }
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
