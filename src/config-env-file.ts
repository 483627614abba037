import { parseEnv } from 'node:util';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An environment file's variables, or the lines that are not NAME=value, each named with its line. Node's parser
 * does not refuse them: a line without "=" joined the next one into one odd name (so "STORE_URL=…" after it was
 * never set and the default store was opened), and a name with a space was kept as it was, silently unused.
 */
export function readEnvFileText(file: string, text: string): { values: NodeJS.Dict<string> } | { problems: string[] } {
  const values = parseEnv(text);
  const lines = text.split(/\r?\n/);
  const problems = Object.keys(values)
    .filter((name) => !NAME.test(name))
    .map((name) => {
      const first = name.split(/\r?\n/)[0]!;
      const at = lines.findIndex((line) =>
        line
          .trim()
          .replace(/^export\s+/, '')
          .startsWith(first),
      );
      const where = at >= 0 ? `${file}:${at + 1}` : file;
      return first !== name
        ? `${where}: "${first.slice(0, 60)}" is not NAME=value (a line without "=" is read together with the next one)`
        : `${where}: "${first.slice(0, 60)}" is not a variable name (letters, digits and _, no spaces)`;
    });
  return problems.length ? { problems } : { values };
}
