import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BankError } from '../src/bank/load.js';
import { ConfigError } from '../src/config.js';
import { loadConfiguredBank } from '../src/config-packs.js';
import { configProblems } from './fakes/config-problems.js';
import { REAL_PACKS } from './fakes/engine.js';

const load = (packsDir: string, pack: string) => loadConfiguredBank({ packsDir, defaults: { pack } });
const problems = (packsDir: string, pack: string) => configProblems(() => load(packsDir, pack));

describe('PACKS_DIR and DEFAULT_PACK, checked against the packs at start-up', () => {
  it('a default pack the directory holds is fine, alone or with others', () => {
    expect(load(REAL_PACKS, 'deep-learning').packIds()).toEqual(['deep-learning']);
    expect(problems(REAL_PACKS, 'deep-learning, deep-learning')).toEqual([]);
  });

  it('a default pack that is not there stops start-up, naming DEFAULT_PACK and the packs there are', () => {
    expect(problems(REAL_PACKS, 'nope')).toEqual([`DEFAULT_PACK: "nope" is not a pack in ${REAL_PACKS} (deep-learning)`]);
    expect(problems(REAL_PACKS, 'deep-learning,nope,other')).toEqual([
      `DEFAULT_PACK: "nope", "other" are not packs in ${REAL_PACKS} (deep-learning)`,
    ]);
  });

  it('a directory that is missing or holds no packs names PACKS_DIR; a pack file with a mistake names the file', () => {
    expect(problems('/nonexistent/packs', 'deep-learning')).toEqual([
      expect.stringMatching(/^PACKS_DIR: cannot read the question pack directory \/nonexistent\/packs: ENOENT/),
    ]);
    const empty = mkdtempSync(join(tmpdir(), 'bp-packs-'));
    expect(problems(empty, 'deep-learning')).toEqual([expect.stringMatching(/^PACKS_DIR: no question packs .* in /)]);
    writeFileSync(join(empty, 'broken.yaml'), 'id: broken\nname: Broken\ntopics: {}\nquestions: nope\n');
    expect(() => load(empty, 'broken')).toThrow(BankError);
    expect(() => load(empty, 'broken')).not.toThrow(ConfigError);
  });
});
