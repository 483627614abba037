import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';
import { readEnvFileText } from './config-env-file.js';
import { isTokenKey, type SlackOAuthConfig, slackProblems } from './config-slack.js';
import { canonicalTimeZone, isValidTimeZone, normalTimeOfDay, parseTimeOfDay } from './core/shared/time.js';

export type { SlackOAuthConfig } from './config-slack.js';

/**
 * The environment, read and validated once, here and nowhere else. Every problem is reported at once, each
 * naming its variable. A .env file in the working directory (or the file ENV_FILE names) is read first if
 * present; real environment variables win over it.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const SNOWFLAKE = /^\d{17,20}$/;
function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const STORE_SCHEMES = ['sqlite', 'memory', 'redis', 'rediss', 'postgres', 'postgresql'];

/** A port in decimal digits only: Number() would also take 0x10, 1e3 and Infinity. */
const portNumber = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d{1,5}\s*$/.test(v) ? Number(v) : v),
  z
    .number({ error: 'must be a port number from 0 to 65535, in decimal digits' })
    .int('must be a whole number')
    .min(0, 'must be from 0 to 65535')
    .max(65535, 'must be from 0 to 65535'),
);

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const schema = z
  .object({
    STORE_URL: z
      .string()
      .trim()
      .default('sqlite://data/backprop.sqlite')
      .refine((url) => STORE_SCHEMES.some((s) => url.startsWith(`${s}://`)), {
        message: `must start with ${STORE_SCHEMES.map((s) => `${s}://`).join(', ')}, for example sqlite://data/backprop.sqlite`,
      }),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
    PACKS_DIR: z.string().trim().min(1).default('data/packs'),
    PICTURES_DIR: z
      .string()
      .trim()
      .default('data/pictures')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: a control character in a path is the mistake looked for.
      .refine((dir) => !/[\u0000-\u001f]/.test(dir), { message: 'must be a folder path without control characters' })
      .refine((dir) => !existsSync(dir) || statSync(dir).isDirectory(), { message: 'must be a folder (a file of that name exists)' }),
    DEFAULT_PACK: z.string().trim().min(1).default('deep-learning'),
    DEFAULT_DAILY_TIME: z
      .string()
      .trim()
      .default('09:00')
      .refine((t) => parseTimeOfDay(t) !== undefined, { message: 'must be a time as HH:MM (24-hour), for example 09:00' })
      .transform((t) => normalTimeOfDay(t)!),
    DEFAULT_TIMEZONE: z
      .string()
      .trim()
      .default('UTC')
      .refine(isValidTimeZone, { message: 'must be an IANA timezone, for example Europe/Berlin' })
      .transform(canonicalTimeZone),
    SHELL_USER: optionalText,
    ENV_FILE: optionalText,
    INSTANCE_ID: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_.-]{1,64}$/.test(v), {
      message: 'must be 1–64 letters, digits, dots, dashes or underscores',
    }),
    DISCORD_TOKEN: optionalText,
    DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || SNOWFLAKE.test(v), {
      message: 'must be the application id from the Discord developer portal (a number of 17–20 digits)',
    }),
    DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || SNOWFLAKE.test(v), {
      message: 'must be a server id (a number of 17–20 digits)',
    }),
    DISCORD_SHARDS: optionalText.refine((v) => v === undefined || v === 'auto' || /^[1-9]\d{0,3}$/.test(v), {
      message: 'must be auto or a number of shards (1–9999)',
    }),
    // Set by discord.js's ShardingManager in the processes it starts (not by operators).
    SHARDING_MANAGER: optionalText,
    SHARDS: optionalText,
    SHARD_COUNT: optionalText,
    DISCORD_API_URL: z
      .string()
      .trim()
      .default('https://discord.com/api')
      .refine(isHttpUrl, { message: 'must be an http(s) URL, for example https://discord.com/api' }),
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message: 'must be the bot token (xoxb-…) from the Slack app’s OAuth & Permissions page',
    }),
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'must be an app-level token (xapp-…) with the connections:write scope',
    }),
    SLACK_SIGNING_SECRET: optionalText,
    // A distributed app (one Slack app installed in many workspaces through OAuth): see slackProblems().
    SLACK_CLIENT_ID: optionalText,
    SLACK_CLIENT_SECRET: optionalText,
    SLACK_STATE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, {
      message: 'must be a random string of at least 16 characters (it signs OAuth state values)',
    }),
    SLACK_TOKEN_KEY: optionalText.refine((v) => v === undefined || isTokenKey(v), {
      message: 'must be 32 random bytes in base64, for example the output of: openssl rand -base64 32',
    }),
    PORT: portNumber.default(3000),
    // /metrics, /healthz, /readyz on a server of their own (unset: none; in Slack HTTP mode, on Slack's server).
    METRICS_PORT: portNumber.optional(),
    METRICS_HOST: z
      .string()
      .trim()
      .default('127.0.0.1')
      .refine((h) => /^[A-Za-z0-9.:-]{1,253}$/.test(h), { message: 'must be an address to listen on, for example 127.0.0.1 or 0.0.0.0' }),
    SLACK_API_URL: z
      .string()
      .trim()
      .default('https://slack.com/api/')
      .refine(isHttpUrl, { message: 'must be an http(s) URL, for example https://slack.com/api/' })
      .transform((url) => (url.endsWith('/') ? url : `${url}/`)),
  })
  .superRefine((env, ctx) => {
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'is required when DISCORD_TOKEN is set' });
    }
    // Set for nothing, it would be silently ignored: an operator expecting shards would run none.
    if (env.DISCORD_SHARDS !== undefined && !env.DISCORD_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_SHARDS'],
        message: 'shards Discord: it needs DISCORD_TOKEN (and DISCORD_APPLICATION_ID)',
      });
    }
    for (const [path, message] of slackProblems(env)) ctx.addIssue({ code: 'custom', path: [path], message });
    // In a shard process (the condition loadConfig reads them under): malformed values would become NaN shard ids.
    if (env.DISCORD_TOKEN && env.SHARDING_MANAGER && env.SHARDS !== undefined) {
      const count = env.SHARD_COUNT === undefined ? 1 : /^[1-9]\d{0,3}$/.test(env.SHARD_COUNT) ? Number(env.SHARD_COUNT) : undefined;
      if (count === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['SHARD_COUNT'],
          message: 'must be the number of shards, 1–9999 (the shard manager sets it)',
        });
      } else if (!/^\d{1,4}(,\d{1,4})*$/.test(env.SHARDS) || env.SHARDS.split(',').some((id) => Number(id) >= count)) {
        ctx.addIssue({
          code: 'custom',
          path: ['SHARDS'],
          message: `must be shard numbers from 0 to ${count - 1}, separated by commas (the shard manager sets it)`,
        });
      }
    }
  });

export interface Config {
  storeUrl: string;
  /** Explicit LOG_LEVEL, if set; the logger picks a default per mode otherwise. */
  logLevel?: (typeof LOG_LEVELS)[number];
  packsDir: string;
  /** Where the terminal session writes pictures (created when the first one is written). */
  picturesDir: string;
  defaults: { time: string; timezone: string; pack: string };
  shellUser: string;
  /** This process's identity among the processes sharing a store (the scheduler's claims carry it). */
  instanceId: string;
  /** Present when DISCORD_TOKEN is set. */
  discord?: {
    token: string;
    applicationId: string;
    guildId?: string;
    apiUrl: string;
    /** DISCORD_SHARDS: run Discord in shard processes started by this one (which then runs only Slack). */
    shards?: 'auto' | number;
    /** In a shard process: the shards it runs, of how many. */
    shard?: { ids: number[]; count: number };
  };
  /** Present when METRICS_PORT is set: where /metrics, /healthz and /readyz are served. */
  metrics?: { port: number; host: string };
  /**
   * Present when SLACK_BOT_TOKEN (one workspace: Socket Mode with appToken, HTTP mode on port otherwise) or
   * SLACK_CLIENT_ID (a distributed app, installed in many workspaces through OAuth, HTTP mode) is set.
   */
  slack?: {
    botToken?: string;
    appToken?: string;
    signingSecret?: string;
    port: number;
    apiUrl: string;
    oauth?: SlackOAuthConfig;
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = readEnvironment()): Config {
  const parsed = schema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    storeUrl: e.STORE_URL,
    logLevel: e.LOG_LEVEL,
    packsDir: e.PACKS_DIR,
    picturesDir: e.PICTURES_DIR,
    defaults: { time: e.DEFAULT_DAILY_TIME, timezone: e.DEFAULT_TIMEZONE, pack: e.DEFAULT_PACK },
    shellUser: e.SHELL_USER ?? 'you',
    instanceId:
      e.INSTANCE_ID ??
      (hostname()
        .replace(/[^A-Za-z0-9_.-]/g, '-')
        .slice(0, 64) ||
        'backprop'),
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID!,
          guildId: e.DISCORD_GUILD_ID,
          apiUrl: e.DISCORD_API_URL,
          shards: e.DISCORD_SHARDS === undefined ? undefined : e.DISCORD_SHARDS === 'auto' ? 'auto' : Number(e.DISCORD_SHARDS),
          shard:
            e.SHARDING_MANAGER && e.SHARDS !== undefined
              ? { ids: e.SHARDS.split(',').map(Number), count: Number(e.SHARD_COUNT ?? 1) }
              : undefined,
        }
      : undefined,
    metrics: e.METRICS_PORT === undefined ? undefined : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    slack:
      e.SLACK_BOT_TOKEN || e.SLACK_CLIENT_ID
        ? {
            botToken: e.SLACK_BOT_TOKEN,
            appToken: e.SLACK_APP_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            port: e.PORT,
            apiUrl: e.SLACK_API_URL,
            oauth: e.SLACK_CLIENT_ID
              ? {
                  clientId: e.SLACK_CLIENT_ID,
                  clientSecret: e.SLACK_CLIENT_SECRET!,
                  stateSecret: e.SLACK_STATE_SECRET!,
                  tokenKey: Buffer.from(e.SLACK_TOKEN_KEY!, 'base64'),
                }
              : undefined,
          }
        : undefined,
  };
}

/**
 * A variable set to nothing (`LOG_LEVEL=` in a copy of .env.example, or an empty value in a deployment's
 * settings) means "not set": its default applies, instead of an error about an empty value.
 */
function withoutBlanks(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value === undefined || value.trim() !== ''));
}

function readEnvironment(): NodeJS.ProcessEnv {
  const file = process.env.ENV_FILE || '.env';
  // .env is read if it is there; a file named on purpose that is not there is a typo to hear about.
  if (process.env.ENV_FILE && !existsSync(file)) throw new ConfigError([`ENV_FILE: ${file} does not exist`]);
  if (existsSync(file)) {
    // Real environment variables win over the file, except empty ones: those count as not set, so the file fills
    // them in (process.loadEnvFile would keep them empty, and the file's value would be lost).
    const read = readEnvFileText(file, readEnvFile(file));
    if ('problems' in read) throw new ConfigError(read.problems);
    for (const [name, value] of Object.entries(read.values)) {
      if (!process.env[name]?.trim()) process.env[name] = value;
    }
  }
  return process.env;
}

/** The environment file's text; one that cannot be read (a folder, no permission) is named, as a ConfigError. */
function readEnvFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const problem = statSync(file, { throwIfNoEntry: false })?.isDirectory()
      ? 'is a folder, not an environment file'
      : `cannot be read (${(error as Error).message})`;
    throw new ConfigError([`ENV_FILE: ${file} ${problem}`]);
  }
}
