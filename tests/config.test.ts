import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('has working defaults for a first run', () => {
    expect(loadConfig({})).toEqual({
      instanceId: expect.any(String),
      storeUrl: 'sqlite://data/backprop.sqlite',
      logLevel: undefined,
      packsDir: 'data/packs',
      picturesDir: 'data/pictures',
      defaults: { time: '09:00', timezone: 'UTC', pack: 'deep-learning' },
      shellUser: 'you',
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      STORE_URL: 'memory://',
      LOG_LEVEL: 'debug',
      PACKS_DIR: '/srv/packs',
      PICTURES_DIR: '/srv/pictures',
      DEFAULT_PACK: 'mine',
      DEFAULT_DAILY_TIME: '07:30',
      DEFAULT_TIMEZONE: 'Asia/Kolkata',
      SHELL_USER: 'ada',
      INSTANCE_ID: 'worker-1',
    });
    expect(c.instanceId).toBe('worker-1');
    expect(c.picturesDir).toBe('/srv/pictures');
    expect(c).toMatchObject({ storeUrl: 'memory://', logLevel: 'debug', packsDir: '/srv/packs', shellUser: 'ada' });
    expect(c.defaults).toEqual({ time: '07:30', timezone: 'Asia/Kolkata', pack: 'mine' });
  });

  it('takes a variable set to nothing as not set, as a copy of .env.example with blanked values has them', () => {
    const blank = [
      'STORE_URL',
      'LOG_LEVEL',
      'PACKS_DIR',
      'PICTURES_DIR',
      'DEFAULT_PACK',
      'DEFAULT_DAILY_TIME',
      'DEFAULT_TIMEZONE',
      'SHELL_USER',
      'INSTANCE_ID',
      'DISCORD_TOKEN',
      'SLACK_BOT_TOKEN',
      'PORT',
    ];
    expect(loadConfig(Object.fromEntries(blank.map((name, i) => [name, i % 2 ? '' : '  '])))).toEqual(loadConfig({}));
  });

  it('reads the .env file: a real variable wins over it, an empty one does not (docker-compose passes unset ones empty)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bp-env-')), '.env');
    writeFileSync(file, 'LOG_LEVEL=debug\nSTORE_URL=sqlite://from-the-file.sqlite\nSHELL_USER=filed\n');
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { ENV_FILE: file, LOG_LEVEL: '', STORE_URL: 'memory://' });
      delete process.env.SHELL_USER;
      const config = loadConfig();
      expect(config.logLevel).toBe('debug');
      expect(config.storeUrl).toBe('memory://');
      expect(config.shellUser).toBe('filed');
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });

  it('wants PICTURES_DIR to be a folder, not a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-pictures-'));
    writeFileSync(join(dir, 'a-file'), 'x');
    expect(loadConfig({ PICTURES_DIR: dir }).picturesDir).toBe(dir);
    expect(() => loadConfig({ PICTURES_DIR: join(dir, 'a-file') })).toThrow(/PICTURES_DIR: must be a folder/);
    expect(() => loadConfig({ PICTURES_DIR: 'bad\u0007dir' })).toThrow(/PICTURES_DIR: must be a folder path/);
  });

  it('takes a port in decimal digits only', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(loadConfig({ ...slack, PORT: ' 8080 ' }).slack?.port).toBe(8080);
    for (const port of ['0x10', '1e3', '3000a', '70000']) {
      expect(() => loadConfig({ ...slack, PORT: port }), port).toThrow(/^[\s\S]*PORT: must be/);
    }
  });

  it('reports every bad variable at once, each by name', () => {
    let error: unknown;
    try {
      loadConfig({ STORE_URL: 'mysql://x', LOG_LEVEL: 'loud', DEFAULT_DAILY_TIME: '9am', DEFAULT_TIMEZONE: 'Moon/Base' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DEFAULT_DAILY_TIME', 'DEFAULT_TIMEZONE', 'LOG_LEVEL', 'STORE_URL']);
    expect((error as Error).message).toContain('DEFAULT_TIMEZONE: must be an IANA timezone');
  });
});
