import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Config, ConfigError, loadConfig } from '../../src/config.js';
import { isValidTimeZone, parseTimeOfDay } from '../../src/core/shared/time.js';
import { anyString } from './arbitraries.js';

/**
 * The environment is read once at start-up. Whatever it holds, loadConfig gives a Config whose every value is
 * well-formed, or a ConfigError whose every problem starts with the variable it is about. Every test passes its
 * own env object: loadConfig(env) never reads process.env nor an .env file (ENV_FILE is only read without one).
 */

/** The variables README.md documents, read from its Configuration table so that a new one is fuzzed too. */
const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const DOCUMENTED = [
  ...README.slice(README.indexOf('## Configuration'), README.indexOf('## Question packs')).matchAll(/^\| `([A-Z_]+)` \|/gm),
].map((m) => m[1]!);
/** Set by discord.js's ShardingManager in the shard processes it starts, not by operators (so not in the README). */
const SHARD_VARIABLES = ['SHARDING_MANAGER', 'SHARDS', 'SHARD_COUNT'];

/** A valid SLACK_TOKEN_KEY: 32 bytes in base64. */
const TOKEN_KEY = Buffer.alloc(32, 7).toString('base64');

/** Values that are valid for each variable, alone (some need a partner: DISCORD_TOKEN needs an application id). */
const GOOD: Record<string, string[]> = {
  STORE_URL: [
    'sqlite://data/backprop.sqlite',
    'sqlite:///srv/bp.sqlite',
    'memory://',
    'redis://localhost:6379/0',
    'rediss://cache:6380',
    'postgres://bp@db:5432/bp',
    'postgresql://db/bp?schema=x',
  ],
  LOG_LEVEL: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', '', ' '],
  PACKS_DIR: ['data/packs', '/srv/packs', ' packs ', ''],
  PICTURES_DIR: ['data/pictures', '/tmp/backprop-pictures', ' pictures ', ''],
  DEFAULT_PACK: ['deep-learning', 'mine', ' '],
  DEFAULT_DAILY_TIME: ['09:00', '7:30', '23:59', '0:00', ' 09:00 ', ''],
  DEFAULT_TIMEZONE: ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/New_York', 'Etc/GMT+5', ''],
  SHELL_USER: ['ada', 'you', ''],
  ENV_FILE: ['/nonexistent/backprop-fuzz.env', ''],
  INSTANCE_ID: ['worker-1', 'a', 'x'.repeat(64), 'host.example_1', ''],
  DISCORD_TOKEN: ['token.abc', ''],
  DISCORD_APPLICATION_ID: ['12345678901234567', '12345678901234567890', ''],
  DISCORD_GUILD_ID: ['98765432109876543', ''],
  DISCORD_SHARDS: ['auto', '1', '16', '9999', ''],
  DISCORD_API_URL: ['https://discord.com/api', 'http://127.0.0.1:9999/api', ''],
  SLACK_BOT_TOKEN: ['xoxb-1-2-abc', ''],
  SLACK_APP_TOKEN: ['xapp-1-A1-abc', ''],
  SLACK_SIGNING_SECRET: ['s3cret', ''],
  SLACK_CLIENT_ID: ['123.456', ''],
  SLACK_CLIENT_SECRET: ['client-secret', ''],
  SLACK_STATE_SECRET: ['a-state-secret-of-16', ''],
  SLACK_TOKEN_KEY: [TOKEN_KEY, ''],
  PORT: ['3000', '0', '65535', '', ' 8080 '],
  METRICS_PORT: ['9464', '0', '65535', '', ' 9100 '],
  METRICS_HOST: ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', ''],
  SLACK_API_URL: ['https://slack.com/api/', 'https://slack-gov.com/api', 'http://localhost:1/api/', ''],
  SHARDING_MANAGER: ['true'],
  SHARDS: ['0', '1', '0,1', '2,3'],
  SHARD_COUNT: ['4'],
};

/** Values that are invalid for each variable whatever else is set (with the partner it needs, if any). */
const BAD: Record<string, string[]> = {
  STORE_URL: ['mysql://db', 'sqlite:/x', 'data/backprop.sqlite', 'SQLITE://x'],
  LOG_LEVEL: ['loud', 'INFO', 'warning'],
  DEFAULT_DAILY_TIME: ['24:00', '9am', '09:60', '0900'],
  DEFAULT_TIMEZONE: ['Moon/Base', 'Europe/Atlantis', 'local'],
  INSTANCE_ID: ['a b', 'x'.repeat(65), 'é', 'a/b'],
  DISCORD_APPLICATION_ID: ['1234', 'abc', '1'.repeat(21), '12345678901234567x'],
  DISCORD_GUILD_ID: ['1234', 'guild'],
  DISCORD_SHARDS: ['0', '10000', 'Auto', '-1', '1.5', '01'],
  DISCORD_API_URL: ['ftp://discord.com/api', 'discord.com/api', 'https//discord.com'],
  SLACK_BOT_TOKEN: ['xoxp-1', 'XOXB-1', 'bot'],
  SLACK_APP_TOKEN: ['xoxb-1', 'app'],
  SLACK_STATE_SECRET: ['short'],
  SLACK_TOKEN_KEY: ['short', Buffer.alloc(16).toString('base64'), `${TOKEN_KEY.slice(0, -2)}!=`],
  PORT: ['65536', '-1', '3.5', 'abc', 'Infinity', '1e9', '0x10', '1e3', '3000a'],
  METRICS_PORT: ['65536', '-1', '3.5', 'abc', 'Infinity', '0x10', '1e3'],
  METRICS_HOST: ['my host', 'http://0.0.0.0', '0.0.0.0/0', 'é'],
  SLACK_API_URL: ['ftp://slack.com/api/', 'slack.com'],
  SHARDS: ['x', '1,', ',', '-1', '0;1', 'NaN', '4'],
  SHARD_COUNT: ['x', '0', '-1', '1.5', 'NaN'],
};

/** Variables that may be reported although not set: they are required by another one that is set. */
const REQUIRED_BY_OTHERS = [
  'DISCORD_APPLICATION_ID',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'SLACK_TOKEN_KEY',
];
const ALL_VARIABLES = [...DOCUMENTED, ...SHARD_VARIABLES];

const padded = (v: string) => fc.constantFrom(v, ` ${v}`, `${v}\t`, `\n${v}\n`);

/** Any value for a variable: valid, invalid, padded with whitespace, or random. */
const valueFor = (name: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(GOOD[name] ?? [''])) },
    { weight: 3, arbitrary: fc.constantFrom(...(BAD[name] ?? [''])) },
    { weight: 1, arbitrary: fc.constantFrom(...(GOOD[name] ?? [''])).chain(padded) },
    { weight: 2, arbitrary: anyString(30) },
  );

/** A valid environment: any of the terminal, Discord (maybe sharded, maybe a shard process), Slack (socket or HTTP). */
const validEnv: fc.Arbitrary<NodeJS.ProcessEnv> = fc
  .record(
    {
      common: fc.record(
        Object.fromEntries(
          [
            'STORE_URL',
            'LOG_LEVEL',
            'PACKS_DIR',
            'PICTURES_DIR',
            'DEFAULT_PACK',
            'DEFAULT_DAILY_TIME',
            'DEFAULT_TIMEZONE',
            'SHELL_USER',
            'ENV_FILE',
            'INSTANCE_ID',
            'SLACK_API_URL',
            'DISCORD_API_URL',
          ].map((name) => [name, fc.constantFrom(...GOOD[name]!)]),
        ) as Record<string, fc.Arbitrary<string>>,
        { requiredKeys: [] },
      ),
      discord: fc.option(
        fc.record(
          {
            DISCORD_TOKEN: fc.constant('token.abc'),
            DISCORD_APPLICATION_ID: fc.constant('12345678901234567'),
            DISCORD_GUILD_ID: fc.constantFrom(...GOOD.DISCORD_GUILD_ID!),
            DISCORD_SHARDS: fc.constantFrom(...GOOD.DISCORD_SHARDS!),
          },
          { requiredKeys: ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'] },
        ),
        { nil: undefined },
      ),
      // A shard process: the three variables the shard manager sets, together.
      shard: fc.option(
        fc.record({ SHARDING_MANAGER: fc.constant('true'), SHARDS: fc.constantFrom(...GOOD.SHARDS!), SHARD_COUNT: fc.constant('4') }),
        { nil: undefined },
      ),
      slack: fc.option(
        fc.oneof(
          fc.record({ SLACK_BOT_TOKEN: fc.constant('xoxb-1'), SLACK_APP_TOKEN: fc.constant('xapp-1') }),
          fc.record(
            { SLACK_BOT_TOKEN: fc.constant('xoxb-1'), SLACK_SIGNING_SECRET: fc.constant('s3cret'), PORT: fc.constantFrom(...GOOD.PORT!) },
            { requiredKeys: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] },
          ),
          // A distributed app: OAuth in HTTP mode.
          fc.record({
            SLACK_CLIENT_ID: fc.constant('123.456'),
            SLACK_CLIENT_SECRET: fc.constant('client-secret'),
            SLACK_STATE_SECRET: fc.constant('a-state-secret-of-16'),
            SLACK_TOKEN_KEY: fc.constant(TOKEN_KEY),
            SLACK_SIGNING_SECRET: fc.constant('s3cret'),
          }),
        ),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['common'] },
  )
  .map(({ common, discord, shard, slack }) => ({ ...common, ...discord, ...(discord && shard), ...slack }));

/** Every real variable maybe set to anything, plus unrelated ones. */
const randomEnv: fc.Arbitrary<NodeJS.ProcessEnv> = fc
  .tuple(
    fc.record(Object.fromEntries(ALL_VARIABLES.map((name) => [name, valueFor(name)])) as Record<string, fc.Arbitrary<string>>, {
      requiredKeys: [],
    }),
    fc.dictionary(fc.constantFrom('PATH', 'HOME', 'NODE_ENV', 'store_url', 'Port', 'DISCORD_TOKEN_FILE'), anyString(10), { maxKeys: 3 }),
  )
  .map(([real, other]) => ({ ...other, ...real }));

/** A valid environment with one or two variables changed or removed: near misses of working setups. */
const nearValidEnv: fc.Arbitrary<NodeJS.ProcessEnv> = fc
  .tuple(
    validEnv,
    fc.array(
      fc.constantFrom(...ALL_VARIABLES).chain((name) => fc.tuple(fc.constant(name), fc.option(valueFor(name), { nil: undefined }))),
      { minLength: 1, maxLength: 2 },
    ),
  )
  .map(([env, changes]) => {
    const changed = { ...env };
    for (const [name, v] of changes) {
      if (v === undefined) delete changed[name];
      else changed[name] = v;
    }
    return changed;
  });

const anyEnv = fc.oneof(randomEnv, nearValidEnv);

/** Load, returning the ConfigError instead of throwing it; any other exception fails the test. */
function load(env: NodeJS.ProcessEnv): Config | ConfigError {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw new Error(`loadConfig threw ${String(error)} instead of a ConfigError for ${JSON.stringify(env)}`, { cause: error });
  }
}

const problemVariables = (error: ConfigError) => error.problems.map((p) => /^([A-Z_]+): \S/.exec(p)?.[1]);

/** What the rest of Backprop relies on in a Config. */
function expectWellFormed(config: Config, env: NodeJS.ProcessEnv): void {
  expect(config.storeUrl).toMatch(/^(sqlite|memory|redis|rediss|postgres|postgresql):\/\//);
  expect([undefined, 'fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).toContain(config.logLevel);
  expect(config.packsDir.trim()).toBe(config.packsDir);
  expect(config.packsDir.length).toBeGreaterThan(0);
  expect(config.picturesDir.trim()).toBe(config.picturesDir);
  expect(config.picturesDir.length).toBeGreaterThan(0);
  expect(config.defaults.pack.length).toBeGreaterThan(0);
  expect(parseTimeOfDay(config.defaults.time)).toBeDefined();
  expect(isValidTimeZone(config.defaults.timezone)).toBe(true);
  expect(config.instanceId).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
  expect(config.shellUser.length).toBeGreaterThan(0);
  expect(config.discord !== undefined).toBe(Boolean(env.DISCORD_TOKEN?.trim()));
  if (config.discord) {
    expect(config.discord.applicationId).toMatch(/^\d{17,20}$/);
    if (config.discord.guildId !== undefined) expect(config.discord.guildId).toMatch(/^\d{17,20}$/);
    expect(['http:', 'https:']).toContain(new URL(config.discord.apiUrl).protocol);
    const shards = config.discord.shards;
    if (shards !== undefined && shards !== 'auto') expect(Number.isInteger(shards) && shards >= 1 && shards <= 9999).toBe(true);
    const shard = config.discord.shard;
    if (shard) {
      expect(Number.isInteger(shard.count) && shard.count >= 1, `shard count ${shard.count}`).toBe(true);
      for (const id of shard.ids) expect(Number.isInteger(id) && id >= 0 && id < shard.count, `shard ${id} of ${shard.count}`).toBe(true);
    }
  }
  expect(config.slack !== undefined).toBe(Boolean(env.SLACK_BOT_TOKEN?.trim() || env.SLACK_CLIENT_ID?.trim()));
  if (config.slack) {
    // One workspace's bot token, or a distributed app's OAuth settings (HTTP mode, a 32-byte key): never both.
    if (config.slack.oauth) {
      expect(config.slack.botToken).toBeUndefined();
      expect(config.slack.appToken).toBeUndefined();
      expect(config.slack.oauth.tokenKey).toHaveLength(32);
      expect(config.slack.oauth.clientSecret && config.slack.oauth.stateSecret && config.slack.signingSecret).toBeTruthy();
    } else expect(config.slack.botToken).toMatch(/^xoxb-/);
    if (config.slack.appToken !== undefined) expect(config.slack.appToken).toMatch(/^xapp-/);
    expect(config.slack.appToken ?? config.slack.signingSecret).toBeTruthy();
    expect(Number.isInteger(config.slack.port) && config.slack.port >= 0 && config.slack.port <= 65535, `port ${config.slack.port}`).toBe(
      true,
    );
    expect(config.slack.apiUrl).toMatch(/^https?:\/\/.*\/$/);
  }
}

describe('fuzz: environment configuration', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('fuzzes every variable the README documents', () => {
    expect(DOCUMENTED.length).toBeGreaterThanOrEqual(19);
    for (const name of DOCUMENTED) expect(GOOD, name).toHaveProperty(name);
  });

  it('any environment gives a well-formed Config or a ConfigError naming each variable', () => {
    let configs = 0;
    let errors = 0;
    fc.assert(
      fc.property(anyEnv, (env) => {
        const result = load(env);
        if (result instanceof ConfigError) {
          errors += 1;
          expect(result.problems.length).toBeGreaterThan(0);
          for (const [i, name] of problemVariables(result).entries()) {
            expect(name, result.problems[i]).toBeDefined();
            // A problem is about a variable that is set, or one that a set variable requires.
            expect(env[name!] !== undefined || REQUIRED_BY_OTHERS.includes(name!), result.problems[i]).toBe(true);
            expect(result.message).toContain(result.problems[i]);
          }
        } else {
          configs += 1;
          expectWellFormed(result, env);
        }
      }),
      { numRuns: 2000 },
    );
    expect(configs).toBeGreaterThan(200);
    expect(errors).toBeGreaterThan(800);
  });

  it('every valid environment loads', () => {
    fc.assert(
      fc.property(validEnv, (env) => {
        const result = load(env);
        expect(result instanceof ConfigError ? result.problems : []).toEqual([]);
        expectWellFormed(result as Config, env);
      }),
      { numRuns: 500 },
    );
  });

  it('one bad variable in a valid environment is reported by its name', () => {
    const oneBad = validEnv.chain((env) =>
      fc.constantFrom(...Object.keys(BAD)).chain((name) =>
        fc.constantFrom(...BAD[name]!).map((bad) => {
          // Shard variables count only in a shard process of a Discord bot.
          const partner = SHARD_VARIABLES.includes(name)
            ? {
                DISCORD_TOKEN: 'token.abc',
                DISCORD_APPLICATION_ID: '12345678901234567',
                SHARDING_MANAGER: 'true',
                SHARDS: '0',
                SHARD_COUNT: '4',
              }
            : {};
          return { env: { ...env, ...partner, [name]: bad } as NodeJS.ProcessEnv, name };
        }),
      ),
    );
    fc.assert(
      fc.property(oneBad, ({ env, name }) => {
        const result = load(env);
        expect(result, `${name}=${JSON.stringify(env[name])}`).toBeInstanceOf(ConfigError);
        expect(problemVariables(result as ConfigError)).toContain(name);
      }),
      { numRuns: 1000 },
    );
  });

  it('an env object is all it reads: ENV_FILE names a file that is not loaded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-fuzz-env-'));
    dirs.push(dir);
    const file = join(dir, '.env');
    writeFileSync(file, 'STORE_URL=mysql://from-the-file\nLOG_LEVEL=loud\nBACKPROP_FUZZ_MARKER=read\n');
    expect(loadConfig({ ENV_FILE: file })).toMatchObject({ storeUrl: 'sqlite://data/backprop.sqlite', logLevel: undefined });
    // Not loaded into the process either (only this made-up variable is looked at: no real one is read).
    expect(process.env.BACKPROP_FUZZ_MARKER).toBeUndefined();
  });

  describe('regressions found by fuzzing', () => {
    const shardProcess = { DISCORD_TOKEN: 'token.abc', DISCORD_APPLICATION_ID: '12345678901234567', SHARDING_MANAGER: 'true' };

    it.each([
      [{ SHARDS: 'x,', SHARD_COUNT: '2' }, 'SHARDS'],
      [{ SHARDS: '0', SHARD_COUNT: 'many' }, 'SHARD_COUNT'],
      [{ SHARDS: '4', SHARD_COUNT: '4' }, 'SHARDS'],
    ])('malformed shard variables %j are a ConfigError, not NaN shard ids', (shards, name) => {
      const result = load({ ...shardProcess, ...shards });
      expect(result).toBeInstanceOf(ConfigError);
      expect(problemVariables(result as ConfigError)).toEqual([name]);
    });

    it('well-formed shard variables still load', () => {
      expect(loadConfig({ ...shardProcess, SHARDS: '2,3', SHARD_COUNT: '4' }).discord?.shard).toEqual({ ids: [2, 3], count: 4 });
      expect(loadConfig({ ...shardProcess, SHARDS: '0' }).discord?.shard).toEqual({ ids: [0], count: 1 });
    });
  });
});
