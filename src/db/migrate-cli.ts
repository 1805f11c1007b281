import { ConfigError, loadConfig } from '../config.js';
import { prepareDatabase } from '../setup.js';

try {
  const config = loadConfig();
  const { db, migrations, shipped, shippedChallenges } = await prepareDatabase(
    config.DATABASE_PATH,
  );
  await db.destroy();
  process.stdout.write(
    `${config.DATABASE_PATH}: ${migrations.length} migration(s) applied${migrations.length ? ` (${migrations.join(', ')})` : ''}; shipped learnings: ${JSON.stringify(shipped)}; shipped challenges: ${JSON.stringify(shippedChallenges)}\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
