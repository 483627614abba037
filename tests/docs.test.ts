import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, usageOf } from '../src/commands/table.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const config = readFileSync(new URL('../src/config.ts', import.meta.url), 'utf8');
const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');

describe('the README keeps up with the code', () => {
  it('documents every command of the command table', () => {
    for (const c of COMMANDS) expect(readme, usageOf(c)).toContain(`${c.group} ${c.name}`);
  });

  it('documents every environment variable the config reads, and .env.example lists them', () => {
    // SHARDING_MANAGER, SHARDS and SHARD_COUNT are set by discord.js in shard processes, not by operators.
    const internal = ['SHARDING_MANAGER', 'SHARDS', 'SHARD_COUNT'];
    const variables = [...config.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!).filter((v) => !internal.includes(v));
    expect(variables.length).toBeGreaterThan(5);
    for (const v of variables) {
      expect(readme, v).toContain(`\`${v}\``);
      if (v !== 'ENV_FILE') expect(example, v).toContain(`${v}=`);
    }
  });

  it('gives the two set-up commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
