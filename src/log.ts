import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type pinoPretty from 'pino-pretty';

export type { Logger };

/**
 * JSON lines on stdout in production; readable lines on stderr when a person is watching,
 * where stdout belongs to the console protocol.
 */
export function createLogger(options: {
  level: string;
  readable: boolean;
  token?: string | undefined;
  /** Where lines go instead of stdout or stderr. */
  destination?: NodeJS.WritableStream;
}): Logger {
  const redactToken = options.token
    ? (line: string) => line.split(options.token as string).join('[token]')
    : (line: string) => line;
  const base = {
    level: options.level,
    // The token must never reach a log line, even inside an error message or a request dump.
    redact: {
      paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'],
      censor: '[token]',
    },
    hooks: {
      streamWrite: redactToken,
    },
  };
  if (options.readable) {
    // Loaded only here: a bot on Discord logs JSON and never holds the formatter in memory.
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof pinoPretty;
    return pino(
      base,
      pretty({
        destination: options.destination ?? 2,
        sync: true,
        colorize: false,
        singleLine: true,
        translateTime: 'SYS:HH:MM:ss',
      }),
    );
  }
  return pino(base, options.destination ?? pino.destination({ dest: 1, sync: false }));
}

/** A short reference shown to the user and logged with the error, so support can find one from the other. */
export function newErrorRef(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}
