import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { LogLine } from './bot.js';
import { tempDir } from './db.js';
import { productionNodeFlags } from './production.js';

/** A file of the build the tests' global setup compiled to dist/: `compiled('src/main.js')`. */
export const compiled = (file: string) =>
  fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

/** What a process printed on one stream, and a way to wait for what it has yet to print. */
export class Output {
  text = '';
  private readonly listeners = new Set<() => void>();

  constructor(stream: Readable) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      this.text += chunk;
      for (const listener of this.listeners) listener();
    });
  }

  /** Every complete line that is a JSON object (pino's lines on a bot's stdout). */
  jsonLines(): LogLine[] {
    return this.text
      .split('\n')
      .filter((line) => line.startsWith('{') && line.endsWith('}'))
      .map((line) => JSON.parse(line) as LogLine);
  }

  /** `find`'s first answer on the output so far, or once more is printed. */
  waitFor<T>(find: (output: Output) => T | undefined, what: string, timeoutMs = 10_000) {
    return new Promise<T>((resolve, reject) => {
      const look = () => {
        const found = find(this);
        if (found === undefined) return;
        this.listeners.delete(look);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(look);
        reject(new Error(`no ${what} within ${timeoutMs} ms; printed:\n${this.text.slice(-2000)}`));
      }, timeoutMs);
      this.listeners.add(look);
      look();
    });
  }

  /** The first JSON log line matching `match`, now or once it is printed. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine> {
    return this.waitFor((output) => output.jsonLines().find(match), 'matching log line', timeoutMs);
  }
}

export interface CompiledBot {
  child: ChildProcessWithoutNullStreams;
  stdout: Output;
  stderr: Output;
  /** Resolves with the exit code (null when ended by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, as a supervisor stops it, then the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<CompiledBot>();
afterEach(async () => {
  for (const bot of running) {
    bot.child.kill('SIGKILL');
    await bot.exited;
  }
  running.clear();
});

/**
 * `node dist/src/main.js` as production runs it (with its flags), in a folder of its own (so no `.env` of the
 * checkout leaks in), with `env` over a blank configuration. Without a token it is the console,
 * reading stdin until the test ends it; with one, it logs JSON lines on stdout. Killed after the
 * test if still running.
 */
export function startCompiledBot(env: Record<string, string>): CompiledBot {
  const child = spawn(process.execPath, [...productionNodeFlags(), compiled('src/main.js')], {
    cwd: tempDir(),
    env: {
      ...process.env,
      DISCORD_TOKEN: '',
      DISCORD_GUILD_ID: '',
      HTTP_PORT: '',
      BACKUP_DIR: '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const bot: CompiledBot = {
    child,
    stdout: new Output(child.stdout),
    stderr: new Output(child.stderr),
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  running.add(bot);
  return bot;
}
