import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACK_FILE, parseDocumentOf } from './parse.js';
import { contentKey, isKept, loadParsed, parsedBefore, saveParsed } from './parsed-cache.js';

/** Beside the compiled index.js: dist/packs-parsed.json. */
export const PARSED_PACKS_FILE = './packs-parsed.json';

/**
 * Saves what the pack files under `dir` parse to (parsed-cache.ts), for processes to read at start instead of
 * parsing them: `npm run build` runs it on the built-in bank. Only files that changed are parsed; a file with a
 * problem is left out, so that the process that loads it reports the problem as always. Returns how many files
 * were parsed now.
 */
export function preparse(dir: string, file: string): number {
  const saved = loadParsed(file);
  const keys: string[] = [];
  let parsedNow = 0;
  let added = false;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !PACK_FILE.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const source = readFileSync(path, 'utf8');
    const key = contentKey(source);
    // A damaged saved entry is dropped by reading it, and parsed again here.
    if (parsedBefore(key) === undefined) {
      parsedNow++;
      try {
        parseDocumentOf(path, source, 'YAML', true);
        added ||= isKept(key);
      } catch {
        continue;
      }
    }
    if (isKept(key)) keys.push(key);
  }
  const same = !added && keys.length === saved.length && keys.every((key) => saved.includes(key));
  if (!same) saveParsed(file, keys);
  return parsedNow;
}
