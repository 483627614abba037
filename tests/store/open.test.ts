import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionTimeoutError, createClient, ReconnectStrategyError } from '@redis/client';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { maskedUrl, openProblem, StoreOpenError } from '../../src/store/open-error.js';
import { closedPort } from '../fakes/closed-port.js';
import { POSTGRES_URL, postgresAdmin, REDIS_URL, scratch } from '../fakes/stores.js';

/** What opening the store refused with: a StoreOpenError (its message), or the test fails with what it got. */
async function refusal(url: string, setting?: string): Promise<string> {
  const error = await openStore(url, { setting }).then(
    async (store) => {
      await store.close();
      return new Error(`${url} opened`);
    },
    (e: unknown) => e,
  );
  expect(error, String(error)).toBeInstanceOf(StoreOpenError);
  return (error as Error).message;
}

describe('opening the store: an operator’s mistake is one sentence naming the setting, the place and the cause', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'bp-open-'));

  it('SQLite: a file where a folder should be, a folder where the file should be, a file that is no database', async () => {
    const d = dir();
    writeFileSync(join(d, 'plain'), 'not a folder');
    writeFileSync(join(d, 'notes.sqlite'), 'not a database, just some text that is long enough to have a header page');
    mkdirSync(join(d, 'folder.sqlite'));
    expect(await refusal(`sqlite://${join(d, 'plain', 'x.sqlite')}`)).toBe(
      `STORE_URL: cannot open the SQLite file ${join(d, 'plain', 'x.sqlite')}: ${join(d, 'plain')} is a file, not a folder`,
    );
    expect(await refusal(`sqlite://${join(d, 'plain', 'deeper', 'x.sqlite')}`)).toContain(`${join(d, 'plain')} is a file, not a folder`);
    expect(await refusal(`sqlite://${join(d, 'folder.sqlite')}`)).toMatch(
      /^STORE_URL: cannot open the SQLite file .*folder\.sqlite: it is a folder/,
    );
    expect(await refusal(`sqlite://${join(d, 'notes.sqlite')}`)).toBe(
      `STORE_URL: cannot open the SQLite file ${join(d, 'notes.sqlite')} (file is not a database)`,
    );
    expect(await refusal('sqlite://')).toBe('STORE_URL: sqlite:// names no file (for example sqlite://data/backprop.sqlite)');
    // Nothing was made on the way to the refusal.
    expect(existsSync(join(d, 'plain', 'deeper'))).toBe(false);
  });

  it.skipIf(!existsSync('/proc/self'))(
    'SQLite: a folder that cannot be made under /proc fails at once (recursive mkdir spins there)',
    async () => {
      const started = Date.now();
      expect(await refusal('sqlite:///proc/nope/deeper/x.sqlite')).toMatch(
        /^STORE_URL: cannot open the SQLite file \/proc\/nope\/deeper\/x\.sqlite \(ENOENT: .*mkdir '\/proc\/nope'\)$/,
      );
      expect(Date.now() - started).toBeLessThan(2000);
    },
  );

  it('names the command option it came from instead of STORE_URL', async () => {
    expect(await refusal('sqlite://', '--from')).toMatch(/^--from: sqlite:\/\/ names no file/);
    expect(await refusal('mongodb://x', '--to')).toMatch(/^--to: unsupported store "mongodb"/);
    expect(await refusal('/tmp/plain.sqlite', '--to')).toBe(
      '--to: "/tmp/plain.sqlite" is not a store URL (use sqlite://, redis://, postgres:// or memory://; a file is sqlite:///tmp/plain.sqlite)',
    );
  });

  it('Redis: a database that is not a number, a password that is not percent-encoded; the password never shown', async () => {
    expect(await refusal('redis://:s3cret@127.0.0.1:6379/abc')).toBe(
      'STORE_URL: the database in redis://:***@127.0.0.1:6379/abc must be a number, as in redis://127.0.0.1:6379/0',
    );
    expect(await refusal('redis://:100%@127.0.0.1:6379')).toMatch(
      /^STORE_URL: the user or password in redis:\/\/:\*\*\*@127\.0\.0\.1:6379 is not valid/,
    );
    expect(await refusal('redis://[::1')).toBe('STORE_URL: redis://[::1 is not a valid URL');
  });

  it('options a store would ignore are refused: an sqlite:// URL takes none, a Redis URL only its namespace, PostgreSQL its own', async () => {
    const d = dir();
    expect(await refusal(`sqlite://${join(d, 'b.sqlite')}?mode=ro`)).toMatch(
      /^STORE_URL: sqlite:\/\/.*\?mode=ro: an sqlite:\/\/ URL takes no options/,
    );
    expect(existsSync(join(d, 'b.sqlite?mode=ro'))).toBe(false);
    expect(await refusal('redis://:pw@127.0.0.1:6379?namespce=ours:')).toMatch(
      /^STORE_URL: redis:\/\/:\*\*\*@127\.0\.0\.1:6379\?namespce=ours:: unknown option namespce \(a Redis URL takes only \?namespace=/,
    );
    // A PostgreSQL URL: a misspelt schema opened the empty default one; libpq's own parameters pass as before.
    for (const typo of ['schem', 'schemas', 'Schema', 'search_path'])
      expect(await refusal(`postgres://ann:pw@127.0.0.1:5432/test?${typo}=ours&sslmode=disable`)).toBe(
        `STORE_URL: postgres://ann:***@127.0.0.1:5432/test?${typo}=ours&sslmode=disable: unknown option ${typo}: did you mean ?schema=? (without it the default schema "backprop" is used)`,
      );
    const port = await closedPort();
    expect(
      await refusal(`postgres://127.0.0.1:${port}/test?schema=ours&sslmode=disable&channel_binding=disable&target_session_attrs=any`),
    ).toMatch(/cannot reach PostgreSQL/);
  });

  it('PostgreSQL: a server that is not there, named with its password masked', async () => {
    const port = await closedPort();
    expect(await refusal(`postgres://ann:s3cret@127.0.0.1:${port}/test`, '--to')).toBe(
      `--to: cannot reach PostgreSQL at postgres://ann:***@127.0.0.1:${port}/test (ECONNREFUSED)`,
    );
  });

  it.skipIf(!POSTGRES_URL)('PostgreSQL: a database that does not exist', async () => {
    const url = new URL(POSTGRES_URL!);
    url.pathname = '/no_such_database_here';
    expect(await refusal(url.toString())).toMatch(
      /^STORE_URL: PostgreSQL at postgres:\/\/.*\/no_such_database_here refused \(database "no_such_database_here" does not exist\)$/,
    );
  });

  it('Redis: a first connection that got no answer says so; over rediss://, that the port must speak TLS', () => {
    const timedOut = new ReconnectStrategyError(new ConnectionTimeoutError(), new ConnectionTimeoutError());
    expect(openProblem('rediss://:pw@127.0.0.1:6379', '', timedOut)).toBe(
      'cannot reach Redis at rediss://:***@127.0.0.1:6379 (no answer within the connect timeout; rediss:// needs a server that speaks TLS on that port)',
    );
  });

  it('SQLite: what root cannot be shown here (a read-only file, a folder it may not write) is named the same way', () => {
    const readonly = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    expect(openProblem('sqlite:///srv/b.sqlite', '/srv/b.sqlite', readonly)).toBe(
      'cannot open the SQLite file /srv/b.sqlite (attempt to write a readonly database)',
    );
    const cantOpen = Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' });
    expect(openProblem('sqlite:///srv/b.sqlite', '/srv/b.sqlite', cantOpen)).toBe(
      'cannot open the SQLite file /srv/b.sqlite (unable to open database file; check that its folder exists and can be written)',
    );
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/x'"), { code: 'EACCES', syscall: 'mkdir' });
    expect(openProblem('sqlite:///srv/x/b.sqlite', '/srv/x/b.sqlite', denied)).toBe(
      "cannot open the SQLite file /srv/x/b.sqlite (EACCES: permission denied, mkdir '/srv/x')",
    );
  });

  it('a bug is not dressed up as an operator’s mistake', () => {
    expect(openProblem('sqlite://x.sqlite', 'x.sqlite', new TypeError('cannot read properties of undefined'))).toBeUndefined();
    expect(openProblem('redis://h', 'redis://h', new RangeError('x'))).toBeUndefined();
    expect(openProblem('postgres://h/db', 'postgres://h/db', Object.assign(new Error('syntax error'), { code: '42601' }))).toBeUndefined();
  });

  it('masks a password, whatever it holds', () => {
    expect(maskedUrl('redis://:pa@ss@host:6379/0')).toBe('redis://:***@host:6379/0');
    expect(maskedUrl('postgres://ann:x/y@host/db?schema=s')).toBe('postgres://ann:***@host/db?schema=s');
    expect(maskedUrl('postgres://ann@host/db')).toBe('postgres://ann@host/db');
    expect(maskedUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});

describe('a store to copy from (mustExist): a mistyped place is refused before anything is written there', () => {
  const space = scratch('bp_mustexist');

  it.skipIf(!REDIS_URL)('Redis: a namespace holding nothing; one holding a store opens', async () => {
    const url = space.redisUrl();
    const namespace = new URL(url).searchParams.get('namespace')!;
    const raw = createClient({ url: REDIS_URL });
    await raw.connect();
    try {
      await expect(openStore(url, { mustExist: true, setting: '--from' })).rejects.toThrow(/^--from: .* holds no Backprop store/);
      expect(await raw.keys(`${namespace}*`)).toEqual([]);
      const made = await openStore(url);
      await made.set('bp:shell:t:config', { v: 1 });
      await made.close();
      await (await openStore(url, { mustExist: true })).close();
    } finally {
      raw.destroy();
      await space.cleanUp();
    }
  });

  it.skipIf(!POSTGRES_URL)('PostgreSQL: a schema without the tables is not created', async () => {
    const url = space.postgresUrl();
    const schema = new URL(url).searchParams.get('schema')!;
    const admin = postgresAdmin();
    await admin.connect();
    try {
      await expect(openStore(url, { mustExist: true, setting: '--from' })).rejects.toThrow(/^--from: .* holds no Backprop store \(schema/);
      const { rows } = await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
      expect(rows).toEqual([]);
    } finally {
      await admin.end();
      await space.cleanUp();
    }
  });
});
