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

  it('stores the default time and timezone as a team’s settings hold them: 9:00 is 09:00, europe/berlin Europe/Berlin', () => {
    expect(loadConfig({ DEFAULT_DAILY_TIME: '9:00', DEFAULT_TIMEZONE: 'europe/berlin' }).defaults).toMatchObject({
      time: '09:00',
      timezone: 'Europe/Berlin',
    });
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

  it('refuses an environment file line that is not NAME=value, naming the file and line, instead of joining it to the next', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bp-env-')), '.env');
    // The file's variables land in process.env: all of it is put back as it was (test files share the process).
    const saved = { ...process.env };
    try {
      process.env.ENV_FILE = file;
      writeFileSync(file, '# settings\nDISCORD_GUILD_ID\nSTORE_URL=sqlite://kept.sqlite\n');
      expect(() => loadConfig()).toThrow(ConfigError);
      expect(() => loadConfig()).toThrow(
        `${file}:2: "DISCORD_GUILD_ID" is not NAME=value (a variable's name is letters, digits and _, then "=")`,
      );
      writeFileSync(file, 'LOG_LEVEL=info\nSHELL USER=sp\n');
      expect(() => loadConfig()).toThrow(`${file}:2: "SHELL USER=sp" is not NAME=value`);
      // Last in the file, with no line after it to join: refused too, not dropped.
      writeFileSync(file, 'LOG_LEVEL=info\nSTORE_URL postgres://db/backprop\n# end\n');
      expect(() => loadConfig()).toThrow(`${file}:2: "STORE_URL postgres://db/backprop" is not NAME=value`);
      // What the format allows still reads: a BOM, comments, export, blank and whitespace-only lines, tabs, CRLF,
      // spaces around "=", quotes over several lines.
      writeFileSync(
        file,
        '\uFEFF# c\r\nexport  SHELL_USER=ann\r\n   \r\n\tLOG_LEVEL = warn\r\nSLACK_APP_NAME="two\nlines"\nPICTURES_DIR=\n',
      );
      const config = loadConfig();
      expect(config.shellUser).toBe('ann');
      expect(config.logLevel).toBe('warn');
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });

  it('names ENV_FILE when the file cannot be read (a folder), instead of failing with EISDIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-env-'));
    const saved = process.env.ENV_FILE;
    try {
      process.env.ENV_FILE = dir;
      expect(() => loadConfig()).toThrow(ConfigError);
      expect(() => loadConfig()).toThrow(`ENV_FILE: ${dir} is a folder, not an environment file`);
    } finally {
      if (saved === undefined) delete process.env.ENV_FILE;
      else process.env.ENV_FILE = saved;
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

  describe('a distributed Slack app (OAuth)', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const oauth = {
      SLACK_CLIENT_ID: '123.456',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'a-state-secret-of-some-length',
      SLACK_TOKEN_KEY: key,
      SLACK_SIGNING_SECRET: 'signing',
    };
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };

    it('runs in HTTP mode with the client id, secrets and the token key decoded', () => {
      const c = loadConfig(oauth);
      expect(c.slack).toMatchObject({ botToken: undefined, signingSecret: 'signing' });
      expect(c.slack?.oauth).toMatchObject({ clientId: '123.456', clientSecret: 'client-secret' });
      expect(c.slack?.oauth?.tokenKey).toEqual(Buffer.alloc(32, 7));
    });

    it('refuses a mix that cannot work, naming the variables', () => {
      expect(problemsOf({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
        expect.stringMatching(/^SLACK_BOT_TOKEN: cannot be set together with SLACK_CLIENT_ID/),
      ]);
      expect(problemsOf({ ...oauth, SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
        expect.stringMatching(/^SLACK_APP_TOKEN: .*SLACK_CLIENT_ID.*HTTP mode/),
      ]);
      const { SLACK_TOKEN_KEY: _key, SLACK_SIGNING_SECRET: _signing, ...missing } = oauth;
      expect(problemsOf(missing).sort()).toEqual([
        'SLACK_SIGNING_SECRET: is required when SLACK_CLIENT_ID is set (HTTP mode)',
        'SLACK_TOKEN_KEY: is required when SLACK_CLIENT_ID is set',
      ]);
      expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_TOKEN_KEY: key })).toEqual([
        expect.stringMatching(/^SLACK_TOKEN_KEY: is only used with SLACK_CLIENT_ID/),
      ]);
    });

    it('takes only a 32-byte base64 token key and a state secret of 16 characters or more', () => {
      for (const bad of ['short', Buffer.alloc(16).toString('base64'), Buffer.alloc(33).toString('base64'), `${key.slice(0, -1)}!`]) {
        expect(problemsOf({ ...oauth, SLACK_TOKEN_KEY: bad }), bad).toEqual([
          expect.stringMatching(/^SLACK_TOKEN_KEY: must be 32 random bytes/),
        ]);
      }
      expect(problemsOf({ ...oauth, SLACK_STATE_SECRET: 'short' })).toEqual([expect.stringMatching(/^SLACK_STATE_SECRET: must be/)]);
      // Without Discord, shards would be silently ignored.
      expect(problemsOf({ ...oauth, DISCORD_SHARDS: 'auto' })).toEqual([
        'DISCORD_SHARDS: shards Discord: it needs DISCORD_TOKEN (and DISCORD_APPLICATION_ID)',
      ]);
    });
  });
});
