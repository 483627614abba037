import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { isSqliteOutage, SqlitePrimitives } from '../../src/store/sqlite.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { storeContract } from './contract/index.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'bp-sqlite-')), 'nested', 'dir', 'test.sqlite');

storeContract('sqlite', { open: async (clock) => new SyncStore(new SqlitePrimitives(tempFile(), clock), clock), expiresOnClock: true });

describe('sqlite store', () => {
  it('creates the file (and its directory) on first run, in WAL mode, and keeps data across reopen', async () => {
    const file = tempFile();
    const store = await openStore(`sqlite://${file}`);
    expect(existsSync(file)).toBe(true);
    await store.set('bp:shell:t:config', { time: '09:00' });
    await store.claim('bp:shell:t:claim:daily:2026-03-02', 'x');
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = await openStore(`sqlite://${file}`);
    expect(await again.get('bp:shell:t:config')).toEqual({ time: '09:00' });
    expect(await again.claim('bp:shell:t:claim:daily:2026-03-02', 'y')).toBe(false);
    await again.close();
  });

  it('refuses a file written by a newer schema, and leaves it untouched', async () => {
    const file = tempFile();
    (await openStore(`sqlite://${file}`)).close();
    const db = new Database(file);
    db.prepare("UPDATE meta SET value = '99' WHERE name = 'schema_version'").run();
    db.close();
    expect(() => new SqlitePrimitives(file)).toThrow(/newer Backprop \(store schema 99/);
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT value FROM meta WHERE name = 'schema_version'").get()).toEqual({ value: '99' });
    check.close();
  });

  it('opens a file written by store schema 1 (no answers table): the table is added, the data stays', async () => {
    const file = tempFile();
    (await openStore(`sqlite://${file}`)).close();
    const db = new Database(file);
    db.exec("DROP TABLE answers; UPDATE meta SET value = '1' WHERE name = 'schema_version'");
    db.prepare('INSERT INTO kv (key, value) VALUES (?, ?)').run('bp:shell:t:config', JSON.stringify({ value: { time: '09:00' } }));
    db.close();
    const store = await openStore(`sqlite://${file}`);
    expect(await store.get('bp:shell:t:config')).toEqual({ time: '09:00' });
    expect(await store.getAnswer('bp:shell:t:m:a:answer:daily:d1')).toBeUndefined();
    await store.close();
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT value FROM meta WHERE name = 'schema_version'").get()).toEqual({ value: '2' });
    check.close();
  });

  it('a file it cannot write (read-only, full, busy past the timeout, moved) is an outage, not a bug', async () => {
    const file = tempFile();
    (await openStore(`sqlite://${file}`)).close();
    const readonly = new Database(file, { readonly: true });
    let error: unknown;
    try {
      readonly.prepare("INSERT INTO kv (key, value) VALUES ('x', 'y')").run();
    } catch (e) {
      error = e;
    }
    readonly.close();
    expect((error as { code?: string }).code).toMatch(/^SQLITE_READONLY/);
    expect(isSqliteOutage(error)).toBe(true);
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_BUSY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_CANTOPEN']) {
      expect(isSqliteOutage(Object.assign(new Error(code), { code })), code).toBe(true);
    }
    for (const code of ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_ERROR', 'SQLITE_CORRUPT', undefined]) {
      expect(isSqliteOutage(Object.assign(new Error('x'), { code })), String(code)).toBe(false);
    }
  });

  it('rejects an unsupported STORE_URL with the variable named', async () => {
    await expect(openStore('mongodb://x')).rejects.toThrow(/STORE_URL: unsupported store "mongodb"/);
    await expect(openStore('sqlite://')).rejects.toThrow(/STORE_URL: sqlite:\/\/ names no file/);
  });
});
