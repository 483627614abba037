import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isValidTimeZone, parseTimeOfDay } from './core/time.js';

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
const STORE_SCHEMES = ['sqlite', 'memory'];

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const schema = z.object({
  STORE_URL: z
    .string()
    .trim()
    .default('sqlite://data/backprop.sqlite')
    .refine((url) => STORE_SCHEMES.some((s) => url.startsWith(`${s}://`)), {
      message: `must start with ${STORE_SCHEMES.map((s) => `${s}://`).join(' or ')}, for example sqlite://data/backprop.sqlite`,
    }),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  PACKS_DIR: z.string().trim().min(1).default('data/packs'),
  DEFAULT_PACK: z.string().trim().min(1).default('deep-learning'),
  DEFAULT_DAILY_TIME: z
    .string()
    .trim()
    .default('09:00')
    .refine((t) => parseTimeOfDay(t) !== undefined, { message: 'must be a time as HH:MM (24-hour), for example 09:00' }),
  DEFAULT_TIMEZONE: z
    .string()
    .trim()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'must be an IANA timezone, for example Europe/Berlin' }),
  SHELL_USER: optionalText,
  ENV_FILE: optionalText,
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || SNOWFLAKE.test(v), {
    message: 'must be the application id from the Discord developer portal (a number of 17–20 digits)',
  }),
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || SNOWFLAKE.test(v), {
    message: 'must be a server id (a number of 17–20 digits)',
  }),
  DISCORD_API_URL: z
    .string()
    .trim()
    .default('https://discord.com/api')
    .refine(isHttpUrl, { message: 'must be an http(s) URL, for example https://discord.com/api' }),
}).superRefine((env, ctx) => {
  if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
    ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'is required when DISCORD_TOKEN is set' });
  }
});

export interface Config {
  storeUrl: string;
  /** Explicit LOG_LEVEL, if set; the logger picks a default per mode otherwise. */
  logLevel?: (typeof LOG_LEVELS)[number];
  packsDir: string;
  defaults: { time: string; timezone: string; pack: string };
  shellUser: string;
  /** Present when DISCORD_TOKEN is set. */
  discord?: { token: string; applicationId: string; guildId?: string; apiUrl: string };
}

export function loadConfig(env: NodeJS.ProcessEnv = readEnvironment()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    storeUrl: e.STORE_URL,
    logLevel: e.LOG_LEVEL,
    packsDir: e.PACKS_DIR,
    defaults: { time: e.DEFAULT_DAILY_TIME, timezone: e.DEFAULT_TIMEZONE, pack: e.DEFAULT_PACK },
    shellUser: e.SHELL_USER ?? 'you',
    discord: e.DISCORD_TOKEN
      ? { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID!, guildId: e.DISCORD_GUILD_ID, apiUrl: e.DISCORD_API_URL }
      : undefined,
  };
}

function readEnvironment(): NodeJS.ProcessEnv {
  const file = process.env.ENV_FILE || '.env';
  if (existsSync(file)) process.loadEnvFile(file);
  return process.env;
}
