import { parseEnv } from 'node:util';

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/**
 * An environment file's variables, or its lines that are not NAME=value, each named with its line. Node's parser
 * does not refuse them: a line without "=" was joined to the next one into one odd name (so "STORE_URL=…" after
 * it was never set and the default store was opened), or dropped when last; a name with a space was kept, unused.
 * Blank lines, comments, `export` and quoted values over several lines are fine; a BOM (Windows editors) is dropped.
 */
export function readEnvFileText(file: string, text: string): { values: NodeJS.Dict<string> } | { problems: string[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: string[] = [];
  let quote: string | undefined; // the quote a value opened and has not closed yet
  // Each line as Node's parser reads it best: blank when blank (Node 20 joins a whitespace-only line to the next),
  // NAME=value without indentation or `export` (it would keep them in the name).
  const plain = lines.map((line, i) => {
    if (quote !== undefined) {
      if (line.includes(quote)) quote = undefined;
      return line;
    }
    if (/^\s*(#.*)?$/.test(line)) return '';
    const assignment = ASSIGNMENT.exec(line);
    if (!assignment) {
      const shown = line.trim().slice(0, 60);
      problems.push(`${file}:${i + 1}: "${shown}" is not NAME=value (a variable's name is letters, digits and _, then "=")`);
      return '';
    }
    const value = assignment[2]!;
    const opening = /^["'`]/.exec(value)?.[0];
    if (opening && value.indexOf(opening, 1) < 0) quote = opening;
    return `${assignment[1]}=${value}`;
  });
  return problems.length ? { problems } : { values: parseEnv(plain.join('\n')) };
}
