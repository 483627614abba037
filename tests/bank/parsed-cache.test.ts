import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank/load.js';
import { checked, parseDocumentOf } from '../../src/bank/parse.js';
import { contentKey, exactJson, forgetParsed, isKept, loadParsed, parsedBefore, saveParsed } from '../../src/bank/parsed-cache.js';
import { PARSED_PACKS_FILE, preparse } from '../../src/bank/preparse.js';
import { packHeadSchema } from '../../src/bank/schema.js';
import { parsePackUpload } from '../../src/bank/upload.js';
import { buildDist } from '../fakes/backprop-process.js';
import { REAL_PACKS } from '../fakes/engine.js';
import { REPO_ROOT } from '../fakes/shell-process.js';

const scratchFile = (name: string, text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'bp-parsed-')), name);
  writeFileSync(file, text);
  return file;
};

/** A file as saveParsed writes it (its first line, the parser's fingerprint), holding these entries as they are. */
function savedFile(entries: [string, string][]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bp-parsed-')), 'parsed.json');
  saveParsed(file, []);
  writeFileSync(file, `${readFileSync(file, 'utf8')}${entries.map(([key, json]) => `${key} ${json}\n`).join('')}`);
  return file;
}

/** A pack file whose text differs from every other test's (what is kept is shared by the whole file). */
const packText = (tag: string, topics = '  alpha: Alpha\n') =>
  `id: pack-${tag}\nname: Pack ${tag}\ntopics:\n${topics}questions:\n  - id: q-${tag}\n`;

describe('pack files kept as parsed, by their content (src/bank/parsed-cache.ts)', () => {
  // What is kept is one per worker (test files share modules): each test starts from nothing.
  beforeEach(() => forgetParsed());

  it('a text parsed once reads back the same values, a fresh copy each time', () => {
    const text = packText('again');
    const first = parseDocumentOf('a.yaml', text, 'YAML', true);
    expect(isKept(contentKey(text))).toBe(true);
    const second = parseDocumentOf('a.yaml', text, 'YAML', true);
    expect(second.raw).toEqual(first.raw);
    (second.raw as { id: string }).id = 'changed by a caller';
    expect((parseDocumentOf('a.yaml', text, 'YAML', true).raw as { id: string }).id).toBe('pack-again');
  });

  it('what a saved file holds is used for that exact text only: a changed text is parsed', () => {
    const text = packText('saved');
    const file = savedFile([[contentKey(text), '{"kept":"from the file"}']]);
    forgetParsed();
    expect(loadParsed(file)).toEqual([contentKey(text)]);
    expect(parseDocumentOf('b.yaml', text).raw).toEqual({ kept: 'from the file' });
    expect((parseDocumentOf('b.yaml', `${text}# edited\n`).raw as { id: string }).id).toBe('pack-saved');
  });

  it('a problem in a kept text still names its line and field', () => {
    const text = packText('lines', '  alpha: Alpha\n  Not A Slug: Beta\n');
    const problem = () => {
      try {
        checked('c.yaml', parseDocumentOf('c.yaml', text, 'YAML', true), packHeadSchema);
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
    expect(parseDocumentOf('d.yaml', text, 'YAML', true).raw).toEqual({ a: Number.POSITIVE_INFINITY, b: Number.NaN, c: -0, d: 1 });
    expect(isKept(contentKey(text))).toBe(false);
    expect(parseDocumentOf('d.yaml', text, 'YAML', true).raw).toEqual({ a: Number.POSITIVE_INFINITY, b: Number.NaN, c: -0, d: 1 });
  });

  it('a damaged saved file only means parsing again', () => {
    const text = packText('damaged');
    const file = savedFile([[contentKey(text), '{"kept": "cut sho']]);
    forgetParsed();
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

  it('a file saved by another parser (a yaml upgrade, a new structure rule) is not read', () => {
    const text = packText('other-parser');
    const file = scratchFile('parsed.json', `backprop-parsed another-fingerprint\n${contentKey(text)} {"kept":"stale"}\n`);
    expect(loadParsed(file)).toEqual([]);
    expect((parseDocumentOf('f.yaml', text).raw as { id: string }).id).toBe('pack-other-parser');
  });

  it('keeps only what a packs directory holds: an upload is parsed once and not kept, nor a parse past the bound', () => {
    const text = packText('uploaded');
    expect(parsePackUpload('uploaded.yaml', new TextEncoder().encode(text)).ok).toBe(false);
    expect(isKept(contentKey(text))).toBe(false);
    // 400 KB repeated by 99 aliases: 40 M characters in JSON, past the 32 M bound, counted before any is written.
    const big = `big: &a "${'x'.repeat(400_000)}"\nmany: [${Array(99).fill('*a').join(', ')}]\n`;
    expect((parseDocumentOf('g.yaml', big, 'YAML', true).raw as { many: string[] }).many).toHaveLength(99);
    expect(isKept(contentKey(big))).toBe(false);
  });

  it('counts what small values cost in JSON against the bound: separators and digits, not one each', () => {
    const flags = Array(200).fill(true); // 1,001 characters of JSON
    expect(exactJson(flags, 1_010)).toBe(JSON.stringify(flags));
    expect(exactJson(flags, 1_000)).toBeUndefined();
    expect(exactJson(Array(10).fill(flags), 9_000)).toBeUndefined();
    expect(exactJson({ a: [1.5, null, 'x'] }, 100)).toBe('{"a":[1.5,null,"x"]}');
  });

  it('preparse repairs a damaged saved entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-preparse-'));
    writeFileSync(join(dir, 'one.yaml'), packText('repair'));
    const key = contentKey(packText('repair'));
    const saved = savedFile([[key, '{"cut": "sho']]);
    forgetParsed();
    expect(preparse(dir, saved)).toBe(1);
    forgetParsed();
    expect(loadParsed(saved)).toEqual([key]);
    expect((parsedBefore(key) as { id: string }).id).toBe('pack-repair');
  });

  it('the build keeps the built-in bank parsed, one entry per file, and a rebuild leaves it as it is', () => {
    const saved = join(REPO_ROOT, 'dist', PARSED_PACKS_FILE);
    const files = readdirSync(REAL_PACKS, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(20);
    // Written by the compiled parser (its own fingerprint, not these sources'): read as text.
    const [head, ...lines] = readFileSync(saved, 'utf8').trimEnd().split('\n');
    expect(head).toMatch(/^backprop-parsed [\w-]{43}$/);
    const held = lines.map((line) => line.slice(0, line.indexOf(' ')));
    for (const entry of files) expect(held).toContain(contentKey(readFileSync(join(entry.parentPath, entry.name), 'utf8')));
    const before = statSync(saved).mtimeMs;
    buildDist();
    expect(statSync(saved).mtimeMs).toBe(before);
  });
});
