/**
 * Vitest's global setup: compiles the bot to dist/ once, before any test file runs, as
 * `npm run build` does. Tests that run the compiled bot (and every `npm start`, whose own build
 * then finds nothing to do and writes nothing) read one finished build, never one being written.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildOnce(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  execFileSync(`${root}node_modules/.bin/tsc`, ['-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
