import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { consoleGuildId } from '../discord/console.js';
import { prepareDatabase } from '../setup.js';
import { exportHub } from './export.js';

/** `npm run export -- <dir> [--server <id>]`: the hub as Markdown docs. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { server: { type: 'string' } },
  });
  const [dir] = positionals;
  if (!dir || positionals.length > 1)
    throw new ConfigError('Usage: npm run export -- <dir> [--server <id>]');
  const config = loadConfig();
  const guildId = values.server ?? config.DISCORD_GUILD_ID ?? consoleGuildId;
  const { db } = await prepareDatabase(config.DATABASE_PATH);
  try {
    const report = await exportHub(db, guildId, dir, new Date());
    process.stdout.write(
      `Exported server ${guildId}: ${report.learnings} learnings, ${report.challenges} challenges, ${report.bestPractices} best practices.\n${report.files.join('\n')}\n`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Export failed: ${String(error)}`}\n`,
  );
  process.exitCode = 1;
});
