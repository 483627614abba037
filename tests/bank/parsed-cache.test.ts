import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank/load.js';
import { checked, parseDocumentOf } from '../../src/bank/parse.js';
import { contentKey, isKept, loadParsed } from '../../src/bank/parsed-cache.js';
import { PARSED_PACKS_FILE, preparse } from '../../src/bank/preparse.js';
import { packHeadSchema } from '../../src/bank/schema.js';
import { buildDist } from '../fakes/backprop-process.js';
import { REAL_PACKS } from '../fakes/engine.js';
import { REPO_ROOT } from '../fakes/shell-process.js';

const scratchFile = (name: string, text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'bp-parsed-')), name);
  writeFileSync(file, text);
  return file;
};

/** A pack file whose text differs from every other test's (what is kept is shared by the whole file). */
const packText = (tag: string, topics = '  alpha: Alpha\n') =>
  `id: pack-${tag}\nname: Pack ${tag}\ntopics:\n${topics}questions:\n  - id: q-${tag}\n`;

describe('pack files kept as parsed, by their content (src/bank/parsed-cache.ts)', () => {
  it('a text parsed once reads back the same values, a fresh copy each time', () => {
    const text = packText('again');
    const first = parseDocumentOf('a.yaml', text);
    expect(isKept(contentKey(text))).toBe(true);
    const second = parseDocumentOf('a.yaml', text);
    expect(second.raw).toEqual(first.raw);
    (second.raw as { id: string }).id = 'changed by a caller';
    expect((parseDocumentOf('a.yaml', text).raw as { id: string }).id).toBe('pack-again');
  });

  it('what a saved file holds is used for that exact text only: a changed text is parsed', () => {
    const text = packText('saved');
    const file = scratchFile('parsed.json', `${contentKey(text)} {"kept":"from the file"}\n`);
    expect(loadParsed(file)).toEqual([contentKey(text)]);
    expect(parseDocumentOf('b.yaml', text).raw).toEqual({ kept: 'from the file' });
    expect((parseDocumentOf('b.yaml', `${text}# edited\n`).raw as { id: string }).id).toBe('pack-saved');
  });

  it('a problem in a kept text still names its line and field', () => {
    const text = packText('lines', '  alpha: Alpha\n  Not A Slug: Beta\n');
    const problem = () => {
      try {
        checked('c.yaml', parseDocumentOf('c.yaml', text), packHeadSchema);
        return 'no problem';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const fresh = problem();
    expect(isKept(contentKey(text))).toBe(true);
    expect(problem()).toBe(fresh);
    expect(fresh).toMatch(/^c\.yaml:5: field topics/);
  });

  it('keeps no value JSON cannot hold: .inf, .nan and -0 read back as themselves', () => {
    const text = 'a: .inf\nb: .nan\nc: -0\nd: 1\n';
    expect(parseDocumentOf('d.yaml', text).raw).toEqual({ a: Number.POSITIVE_INFINITY, b: Number.NaN, c: -0, d: 1 });
    expect(isKept(contentKey(text))).toBe(false);
    expect(parseDocumentOf('d.yaml', text).raw).toEqual({ a: Number.POSITIVE_INFINITY, b: Number.NaN, c: -0, d: 1 });
  });

  it('a damaged saved file only means parsing again', () => {
    const text = packText('damaged');
    const file = scratchFile('parsed.json', `${contentKey(text)} {"kept": "cut sho\nnot a line\n`);
    loadParsed(file);
    expect((parseDocumentOf('e.yaml', text).raw as { id: string }).id).toBe('pack-damaged');
  });

  it('preparse saves the files that parse, leaves out one with a problem, and parses only what changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-preparse-'));
    writeFileSync(join(dir, 'one.yaml'), packText('one'));
    writeFileSync(join(dir, 'two.yml'), packText('two'));
    writeFileSync(join(dir, 'broken.yaml'), 'id: [unclosed\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a pack');
    const saved = join(mkdtempSync(join(tmpdir(), 'bp-preparse-out-')), 'packs-parsed.json');
    expect(preparse(dir, saved)).toBe(3);
    const keys = (name: string) => contentKey(readFileSync(join(dir, name), 'utf8'));
    expect(loadParsed(saved).sort()).toEqual([keys('one.yaml'), keys('two.yml')].sort());
    // Only the broken file is parsed again (it is never kept); the saved file is left as it was.
    const before = statSync(saved).mtimeMs;
    expect(preparse(dir, saved)).toBe(1);
    expect(statSync(saved).mtimeMs).toBe(before);
    writeFileSync(join(dir, 'two.yml'), packText('two-edited'));
    expect(preparse(dir, saved)).toBe(2);
    expect(loadParsed(saved).sort()).toEqual([keys('one.yaml'), keys('two.yml')].sort());
    // The process that loads the folder still reports the broken file, with its line.
    expect(checkBank(dir).problems.join('\n')).toMatch(/broken\.yaml:\d+: not valid YAML/);
  });

  it('the build keeps the built-in bank parsed, one entry per file, and a rebuild leaves it as it is', () => {
    const saved = join(REPO_ROOT, 'dist', PARSED_PACKS_FILE);
    const files = readdirSync(REAL_PACKS, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(20);
    const held = loadParsed(saved);
    for (const entry of files) expect(held).toContain(contentKey(readFileSync(join(entry.parentPath, entry.name), 'utf8')));
    const before = statSync(saved).mtimeMs;
    buildDist();
    expect(statSync(saved).mtimeMs).toBe(before);
  });
});
