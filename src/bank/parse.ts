import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { BankError, fieldName, problemOf, yamlProblem } from './bank-error.js';
import { contentKey, parsedBefore, rememberParse } from './parsed-cache.js';
import { structureProblem } from './structure.js';

/** The files of a packs directory that hold packs (JSON is read as the YAML it is). */
export const PACK_FILE = /\.(ya?ml|json)$/i;

/** A parsed file with a way to find the line of any of its fields. */
export interface ParsedFile {
  raw: unknown;
  lineOf(path: (string | number)[]): string;
}

/**
 * `format` names the file's language in a syntax error (a .json file is read by the YAML parser, as JSON is YAML).
 * A text that parsed before (parsed-cache.ts) is not parsed again unless a problem needs the line of a field;
 * `keep`: remember this one's parse (a packs directory's file, which the build or a test reads again).
 */
export function parseDocumentOf(file: string, source: string, format: 'YAML' | 'JSON' = 'YAML', keep = false): ParsedFile {
  const key = contentKey(source);
  const known = parsedBefore(key);
  if (known !== undefined) {
    let lines: ParsedFile | undefined;
    const lineOf = (path: (string | number)[]) => {
      lines ??= parseFresh(file, source, format);
      return lines.lineOf(path);
    };
    return { raw: known, lineOf };
  }
  const parsed = parseFresh(file, source, format);
  if (keep) rememberParse(key, parsed.raw);
  return parsed;
}

function parseFresh(file: string, source: string, format: 'YAML' | 'JSON'): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const at = e.linePos?.[0];
    throw new BankError(`${file}${at ? `:${at.line}` : ''}: not valid ${format}: ${yamlProblem(e.message)}`);
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
    throw new BankError(`${file}: not valid ${format}: ${yamlProblem((error as Error).message)}`);
  }
  const odd = structureProblem(raw);
  if (odd) throw new BankError(`${file}${lineOf(odd.path)}: field ${odd.path.join('.') || '(top)'}: ${odd.problem}`);
  return { raw, lineOf };
}

/** The file's top level read through a schema; the first problem is a BankError with its line and field. */
export function checked<T>(file: string, parsed: ParsedFile, schema: z.ZodType<T>): T {
  const result = schema.safeParse(parsed.raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new BankError(`${file}${parsed.lineOf(issue.path as (string | number)[])}: field ${fieldName(issue)}: ${problemOf(issue)}`);
}
