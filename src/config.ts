import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isKnownTimeZone } from './timezone.js';

/** Blank means unset: `.env.example` copied as is must behave like an empty environment. */
const blankIsUnset = (value: unknown) =>
  typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim()) : value;

const unsetOr = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsUnset, schema);

const snowflake = z.string().regex(/^\d{17,20}$/, 'a Discord id (17 to 20 digits)');

const positive = (fallback: number, expected: string, integer: boolean) => {
  const number = z.coerce.number({ error: expected }).positive(expected);
  return unsetOr((integer ? number.int(expected) : number).default(fallback));
};

/** Every environment variable the bot reads; `.env.example` documents the same list. */
export const configSchema = z.object({
  DISCORD_TOKEN: unsetOr(z.string().optional()),
  DISCORD_APPLICATION_ID: unsetOr(snowflake.optional()),
  DISCORD_GUILD_ID: unsetOr(snowflake.optional()),
  DISCORD_API_BASE: unsetOr(
    z
      .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://discord.com/api' })
      .optional(),
  ),
  DATABASE_PATH: unsetOr(z.string().default('data/nexus.db')),
  DEFAULT_TIMEZONE: unsetOr(
    z
      .string()
      .refine(isKnownTimeZone, 'an IANA timezone such as Africa/Lagos or UTC')
      .default('UTC'),
  ),
  RATE_LIMIT_BURST: positive(8, 'a positive whole number such as 8', true),
  RATE_LIMIT_REFILL_SECONDS: positive(2, 'a positive number of seconds such as 2', false),
  LOG_LEVEL: unsetOr(
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  /** Serves /healthz and /metrics when set; 0 takes any free port (logged). */
  HTTP_PORT: unsetOr(
    z.coerce
      .number({ error: 'a port number from 0 to 65535' })
      .int('a port number from 0 to 65535')
      .min(0, 'a port number from 0 to 65535')
      .max(65535, 'a port number from 0 to 65535')
      .optional(),
  ),
  HTTP_HOST: unsetOr(z.string().default('127.0.0.1')),
  /** Where the bot writes a backup of the database once a day, keeping the last seven. */
  BACKUP_DIR: unsetOr(z.string().optional()),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; the error names the first bad variable and what it expects. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = issue?.path[0] ?? 'environment';
  throw new ConfigError(
    `Invalid ${String(variable)}: expected ${issue?.message ?? 'a valid value'}`,
  );
}

/** Reads `.env` (if present) with Node's own loader; real environment variables win. */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}
