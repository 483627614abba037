// Compiles src/ to dist/ for `npm start` (run by prestart; about 50 ms). Plain JavaScript so it runs on bare Node.
//
// Running the compiled files rather than TypeScript through tsx's loader saves each process (and each Discord
// shard process) about 25 MB and 0.4 s at start-up. Files whose compiled text is unchanged are not rewritten and
// changed ones are replaced by rename, so a process starting from dist/ while another build runs never reads a
// half-written file.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const outdir = join(root, 'dist');

const result = await build({
  entryPoints: [join(root, 'src/**/*.ts')],
  outdir,
  outbase: join(root, 'src'),
  format: 'esm',
  platform: 'node',
  target: 'node20',
  write: false,
  logLevel: 'warning',
});

const written = new Set();
for (const file of result.outputFiles) {
  written.add(file.path);
  let current;
  try {
    current = readFileSync(file.path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === file.text) continue;
  mkdirSync(dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
}

// A source file deleted since the last build leaves nothing behind.
for (const entry of readdirSync(outdir, { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath ?? entry.path, entry.name);
  if (entry.isFile() && !written.has(path) && !path.endsWith('.tmp')) rmSync(path);
}
