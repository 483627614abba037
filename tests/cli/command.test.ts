import { describe, expect, it } from 'vitest';
import { CommandError, commandFailure } from '../../src/cli/command.js';
import { StoreUnavailable } from '../../src/core/shared/errors.js';
import { TargetNotEmpty } from '../../src/store/migrate.js';
import { StoreOpenError } from '../../src/store/open-error.js';

describe('how an npm-run command reports a failure', () => {
  it('an operator’s mistake is one line, named after the command, without a stack', () => {
    for (const error of [
      new CommandError('--from: data/x.sqlite does not exist'),
      new TargetNotEmpty('--to: the target store already holds 3 Backprop keys'),
      new StoreOpenError('refused the connection', '--to'),
      // A store that stopped answering, a full disk, a file SQLite cannot open: the operator's to fix.
      new StoreUnavailable('the store is unreachable (database or disk is full)'),
      Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
      Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' }),
    ]) {
      const said = commandFailure('migrate-store', error);
      expect(said).toMatch(/^migrate-store: /);
      expect(said).toContain(error.message);
      expect(said).not.toContain(' at ');
      expect(said.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('a bug keeps its stack, for the report', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'kind')");
    const said = commandFailure('backup-store', bug);
    expect(said).toMatch(/^backup-store: failed: TypeError: Cannot read properties/);
    expect(said).toContain('command.test.ts');
    expect(commandFailure('backup-store', 'a string thrown')).toBe('backup-store: failed: a string thrown\n');
  });
});
