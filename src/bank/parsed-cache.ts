import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * What pack files parsed to, by the SHA-256 of their text. The built-in bank is about 2 MB of YAML, which the YAML
 * parser takes 1–2 s to read on a 2-core machine (JSON.parse of the same values: 20 ms), at the start of every
 * process and every Discord shard. Keyed by content, so a changed file is simply parsed again. Only files that
 * parsed without a problem are kept, and only if JSON holds their values exactly (YAML's .inf does not survive).
 * `npm run build` saves the built-in bank's (dist/packs-parsed.json, see preparse.ts); a process reads it at start.
 */
const kept = new Map<string, string>();
/** A bound on what one process keeps: uploaded packs are parsed through here too. */
const MAX_KEPT_CHARS = 32 * 1024 * 1024;
let keptChars = 0;

export const contentKey = (source: string): string => createHash('sha256').update(source).digest('base64url');

/** The values a text with this key parsed to before (a fresh copy: callers may change it), or undefined. */
export function parsedBefore(key: string): unknown {
  const json = kept.get(key);
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    kept.delete(key); // a damaged cache file: parse the text instead
    return undefined;
  }
}

export function rememberParse(key: string, raw: unknown): void {
  if (kept.has(key)) return;
  const json = exactJson(raw);
  if (json === undefined || keptChars + json.length > MAX_KEPT_CHARS) return;
  kept.set(key, json);
  keptChars += json.length;
}

/** Reads a file saved by saveParsed; a missing or damaged one only means parsing again. Returns the keys it held. */
export function loadParsed(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const keys: string[] = [];
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const [key, json] = [line.slice(0, space), line.slice(space + 1)];
    keys.push(key);
    if (kept.has(key) || keptChars + json.length > MAX_KEPT_CHARS) continue;
    kept.set(key, json);
    keptChars += json.length;
  }
  return keys;
}

export const isKept = (key: string): boolean => kept.has(key);

/** Saves the entries of these keys, one `key json` line each, replacing the file whole (never half-written). */
export function saveParsed(file: string, keys: readonly string[]): void {
  const lines = keys.flatMap((key) => (kept.has(key) ? [`${key} ${kept.get(key)}\n`] : []));
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, lines.join(''));
  renameSync(temporary, file);
}

/** JSON text that reads back to exactly these values, or undefined (a number JSON cannot hold, a Date, a Map…). */
function exactJson(raw: unknown): string | undefined {
  const exact = (value: unknown): boolean => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
    if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
    if (Array.isArray(value)) return value.every(exact);
    if (typeof value !== 'object') return false;
    const proto = Object.getPrototypeOf(value);
    return (proto === Object.prototype || proto === null) && Object.values(value as object).every(exact);
  };
  return exact(raw) ? JSON.stringify(raw) : undefined;
}
