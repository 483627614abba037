import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What pack files parsed to, by the SHA-256 of their text. The built-in bank is about 1 MB of YAML, which the YAML
 * parser takes 1–2 s to read on a 2-core machine (JSON.parse of the same values: 20 ms), at the start of every
 * process and every Discord shard. Keyed by content, so a changed file is simply parsed again. Only files that
 * parsed without a problem are kept, and only if JSON holds their values exactly (YAML's .inf does not survive).
 * `npm run build` saves the built-in bank's (dist/packs-parsed.json, see preparse.ts); a process reads it at start
 * and forgets it once its bank is loaded. Uploads are never kept: a process parses each only once.
 */
const kept = new Map<string, string>();
/** A bound on what one process keeps (an operator's PACKS_DIR may be large; aliases expand in JSON). */
const MAX_KEPT_CHARS = 32 * 1024 * 1024;
let keptChars = 0;

export const contentKey = (source: string): string => createHash('sha256').update(source).digest('base64url');

/**
 * What decides a parse: the YAML library's version and the text of the modules that parse, check and keep. A file
 * saved under another fingerprint (a `yaml` upgrade, a new structure rule) is not read: its files are parsed again.
 */
const FINGERPRINT = (() => {
  try {
    const here = fileURLToPath(import.meta.url);
    const hash = createHash('sha256').update(createRequire(import.meta.url)('yaml/package.json').version);
    for (const name of ['parse', 'structure', 'parsed-cache']) hash.update(readFileSync(join(dirname(here), `${name}${extname(here)}`)));
    return `backprop-parsed ${hash.digest('base64url')}`;
  } catch {
    // Laid out otherwise (bundled): nothing saved can be trusted, so nothing is read; the bank is parsed as always.
    return `backprop-parsed unknown ${process.pid} ${Date.now()}`;
  }
})();

/** The values a text with this key parsed to before (a fresh copy: callers may change it), or undefined. */
export function parsedBefore(key: string): unknown {
  const json = kept.get(key);
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    forget(key); // a damaged saved file: the text is parsed instead
    return undefined;
  }
}

export function rememberParse(key: string, raw: unknown): void {
  if (kept.has(key)) return;
  const json = exactJson(raw, MAX_KEPT_CHARS - keptChars);
  if (json !== undefined) keep(key, json);
}

export const isKept = (key: string): boolean => kept.has(key);

/** Drops everything kept (once the bank is loaded, nothing parses pack files again). */
export function forgetParsed(): void {
  kept.clear();
  keptChars = 0;
}

/**
 * Reads a file saved by saveParsed under this parser's fingerprint; a missing, damaged or older one only means
 * parsing again. Returns the keys it held.
 */
export function loadParsed(file: string): string[] {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
  if (lines[0] !== FINGERPRINT) return [];
  const keys: string[] = [];
  for (const line of lines.slice(1)) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const key = line.slice(0, space);
    keys.push(key);
    if (!kept.has(key) && keptChars + line.length <= MAX_KEPT_CHARS) keep(key, line.slice(space + 1));
  }
  return keys;
}

/** Saves the entries of these keys, one `key json` line each, replacing the file whole (never half-written). */
export function saveParsed(file: string, keys: readonly string[]): void {
  const lines = keys.flatMap((key) => (kept.has(key) ? [`${key} ${kept.get(key)}\n`] : []));
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${FINGERPRINT}\n${lines.join('')}`);
  renameSync(temporary, file);
}

function keep(key: string, json: string): void {
  kept.set(key, json);
  keptChars += json.length;
}

function forget(key: string): void {
  keptChars -= kept.get(key)?.length ?? 0;
  kept.delete(key);
}

/**
 * JSON text that reads back to exactly these values, or undefined: a number JSON cannot hold, a Date, a Map…, or
 * more than `budget` characters of strings, counted before anything is written (aliases repeat a value in JSON).
 */
export function exactJson(raw: unknown, budget: number): string | undefined {
  let chars = 0;
  const exact = (value: unknown): boolean => {
    // What each value costs in JSON, escapes aside (checked on the text below): quotes, separators, digits.
    chars += typeof value === 'string' ? value.length + 3 : typeof value === 'object' ? (value === null ? 5 : 2) : String(value).length + 1;
    if (chars > budget) return false;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
    if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
    if (Array.isArray(value)) return value.every(exact);
    if (typeof value !== 'object') return false;
    const proto = Object.getPrototypeOf(value);
    return (proto === Object.prototype || proto === null) && Object.entries(value as object).every(([k, v]) => exact(k) && exact(v));
  };
  if (!exact(raw)) return undefined;
  try {
    const json = JSON.stringify(raw);
    return json.length <= budget ? json : undefined;
  } catch {
    return undefined; // longer than a string can be
  }
}
