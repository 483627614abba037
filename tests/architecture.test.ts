import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The lines the code keeps (README "Development"): checked on every file, so a new one cannot drift. Import
 * cycles are a lint error (Biome's noImportCycles, run by npm test).
 */
const ROOT = join(import.meta.dirname, '..');
const files = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
const source = (file: string) => readFileSync(join(ROOT, file), 'utf8');
/** Code without its comments, for checks that must not trip over prose. */
const code = (file: string) =>
  source(file)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
const importsOf = (file: string) => [...source(file).matchAll(/^\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);

describe('the architecture', () => {
  const src = files('src');

  it('keeps every source file under 300 lines', () => {
    const long = src.map((f) => [f, source(f).split('\n').length] as const).filter(([, n]) => n > 300);
    expect(long).toEqual([]);
  });

  it('has no escape-hatch casts (as unknown as, as never) in src', () => {
    expect(src.filter((f) => /\bas unknown as\b|\bas never\b/.test(code(f)))).toEqual([]);
  });

  it('keeps the engine free of platforms and store libraries: src/core imports only core, Node and pure libraries', () => {
    const allowed = /^(node:|\.|luxon$|ts-fsrs$|zod$)/;
    const outside = src
      .filter((f) => f.startsWith('src/core/'))
      .flatMap((f) => importsOf(f).map((spec) => [f, spec] as const))
      .filter(([f, spec]) => !allowed.test(spec) || !join(f, '..', spec).startsWith('src/core'));
    expect(outside).toEqual([]);
  });

  it('reads the environment in one place (src/config.ts)', () => {
    expect(src.filter((f) => f !== 'src/config.ts' && /\bprocess\.env\b/.test(code(f)))).toEqual([]);
  });

  it('lets adapters reach the engine only through the dispatcher and the messenger port', () => {
    const reachIn = src
      .filter((f) => f.startsWith('src/adapters/'))
      .flatMap((f) => importsOf(f).map((spec) => [f, join(f, '..', spec)] as const))
      .filter(([, target]) => /^src\/(core\/(daily|practice|rounds|standings|team|bank)|store|scheduler)\//.test(target));
    expect(reachIn).toEqual([]);
  });
});
