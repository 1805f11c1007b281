import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema, parseConfig } from '../src/config.js';

describe('configuration', () => {
  it('has defaults for everything, so an empty environment runs the console', () => {
    expect(parseConfig({})).toEqual({
      DATABASE_PATH: 'data/nexus.db',
      DEFAULT_TIMEZONE: 'UTC',
      RATE_LIMIT_BURST: 8,
      RATE_LIMIT_REFILL_SECONDS: 2,
      LOG_LEVEL: 'info',
      HTTP_HOST: '127.0.0.1',
    });
  });

  it('treats blank values as unset and reads numbers', () => {
    const config = parseConfig({
      DISCORD_TOKEN: '  ',
      RATE_LIMIT_BURST: '3',
      RATE_LIMIT_REFILL_SECONDS: '0.5',
      DEFAULT_TIMEZONE: 'Africa/Lagos',
      HTTP_PORT: '9464',
    });
    expect(config).toMatchObject({
      HTTP_PORT: 9464,
      RATE_LIMIT_BURST: 3,
      RATE_LIMIT_REFILL_SECONDS: 0.5,
      DEFAULT_TIMEZONE: 'Africa/Lagos',
    });
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it.each([
    [
      { DEFAULT_TIMEZONE: 'Mars/Olympus' },
      'Invalid DEFAULT_TIMEZONE: expected an IANA timezone such as Africa/Lagos or UTC',
    ],
    [
      { RATE_LIMIT_BURST: '2.5' },
      'Invalid RATE_LIMIT_BURST: expected a positive whole number such as 8',
    ],
    [
      { RATE_LIMIT_REFILL_SECONDS: '-1' },
      'Invalid RATE_LIMIT_REFILL_SECONDS: expected a positive number of seconds such as 2',
    ],
    [
      { DISCORD_GUILD_ID: 'my-server' },
      'Invalid DISCORD_GUILD_ID: expected a Discord id (17 to 20 digits)',
    ],
    [
      { DISCORD_API_BASE: 'ftp://x' },
      'Invalid DISCORD_API_BASE: expected an http(s) URL such as https://discord.com/api',
    ],
    [{ HTTP_PORT: '80.5' }, 'Invalid HTTP_PORT: expected a port number from 0 to 65535'],
    [{ HTTP_PORT: '70000' }, 'Invalid HTTP_PORT: expected a port number from 0 to 65535'],
    [{ HTTP_PORT: 'http' }, 'Invalid HTTP_PORT: expected a port number from 0 to 65535'],
    [
      { LOG_LEVEL: 'loud' },
      'Invalid LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
    ],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('.env.example lists exactly the variables the bot reads', () => {
    const listed = [...readFileSync('.env.example', 'utf8').matchAll(/^([A-Z_]+)=/gm)].map(
      (m) => m[1],
    );
    expect(listed.sort()).toEqual(Object.keys(configSchema.shape).sort());
  });
});
