/**
 * `npm run backup -- FILE` (compiled: `node dist/src/ops/backup-cli.js FILE`): a consistent copy
 * of the database at DATABASE_PATH, safe while the bot runs.
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config.js';
import { formatCount } from '../text.js';
import { backupDatabase } from './backup.js';

try {
  const [target] = process.argv.slice(2);
  if (!target) throw new ConfigError('Usage: npm run backup -- <new file>');
  const { DATABASE_PATH: source } = loadConfig();
  if (!existsSync(source)) throw new ConfigError(`No database at ${source} (DATABASE_PATH)`);
  const { path, bytes } = backupDatabase(source, target);
  process.stdout.write(`${source} backed up to ${path} (${formatCount(bytes)} bytes)\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
