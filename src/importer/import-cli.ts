import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { consoleGuildId } from '../discord/console.js';
import { prepareDatabase } from '../setup.js';
import { ImportError } from './decode.js';
import { describeImport } from './describe.js';
import { importDocument } from './store.js';

const usage =
  'Usage: npm run import -- <file> [--server <id>] [--author <name>] [--dry-run] [--json]';

/** `npm run import`: one nexus document into a server (by default the one `npm start` uses). */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      author: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new ImportError(usage);
  const config = loadConfig();
  const guildId = values.server ?? config.DISCORD_GUILD_ID ?? consoleGuildId;
  const bytes = await readFile(file).catch(() => {
    throw new ImportError(`Cannot read ${file}`);
  });
  const { db } = await prepareDatabase(config.DATABASE_PATH);
  try {
    const report = await importDocument(db, new Uint8Array(bytes), {
      guildId,
      author: { id: null, name: values.author ?? 'imported' },
      fileName: basename(file),
      dryRun: values['dry-run'],
      now: new Date(),
    });
    if (values.json) {
      const {
        created,
        updated,
        skipped,
        repaired,
        topics,
        challenges,
        bestPractices,
        notImported,
      } = report;
      const left = notImported.map(({ line, text }) => ({ line, text }));
      process.stdout.write(
        `${JSON.stringify({ created, updated, skipped, repaired, topics, challenges, bestPractices, notImported: left })}\n`,
      );
    } else {
      process.stdout.write(`${describeImport(report, `server ${guildId}`, values['dry-run'])}\n`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  const known =
    error instanceof ImportError ||
    error instanceof ConfigError ||
    (error instanceof TypeError && 'code' in error);
  process.stderr.write(`${known ? (error as Error).message : `Import failed: ${String(error)}`}\n`);
  process.exitCode = 1;
});
