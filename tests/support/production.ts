import { readFileSync } from 'node:fs';

/**
 * The flags node runs the compiled bot with in production, read from `npm start`'s command (the
 * Dockerfile and the README repeat them; a test keeps them in step), so that the tests and the
 * bench start the bot the way it runs.
 */
export function productionNodeFlags(): string[] {
  const manifest = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { scripts: { start: string } };
  const run = manifest.scripts.start.split('&&').at(-1)?.trim().split(/\s+/) ?? [];
  if (run[0] !== 'node' || run.at(-1) !== 'dist/src/main.js')
    throw new Error(
      `npm start does not end with "node … dist/src/main.js": ${manifest.scripts.start}`,
    );
  return run.slice(1, -1);
}
