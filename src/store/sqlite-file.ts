import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StoreOpenError } from './open-error.js';

/**
 * Makes the folders an SQLite file goes in, and checks what is in the way first, so that a mistyped path fails
 * with a sentence rather than an error from deep inside mkdir or SQLite: a file where a folder should be, a
 * folder where the file should be.
 *
 * The missing folders are made one level at a time: Node's recursive mkdirSync never returns on a path under
 * /proc (it spins at full CPU on the ENOENT it gets there), where a single-level mkdir fails at once.
 */
export function prepareSqliteFile(file: string): void {
  const missing: string[] = [];
  let dir = dirname(resolve(file));
  for (; !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
  if (!statSync(dir).isDirectory()) throw new StoreOpenError(`cannot open the SQLite file ${file}: ${dir} is a file, not a folder`);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Another process starting at the same moment made it: that is what was wanted.
      if ((error as { code?: unknown }).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
    }
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new StoreOpenError(
      `cannot open the SQLite file ${file}: it is a folder (name a file in it, such as ${join(file, 'backprop.sqlite')})`,
    );
  }
}
