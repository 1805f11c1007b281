import { readdir } from 'node:fs/promises';
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

/** Beside src/ in the sources, and beside dist/src/ compiled: the same relative path. */
const migrationsFolder = new URL('../../migrations/', import.meta.url);
/**
 * TypeScript in the sources, JavaScript compiled; the name recorded in `kysely_migration` is the
 * file's without its extension, so a database migrated by either runs under the other.
 */
const migrationFile = /^(\d{8}T\d{4}_[a-z0-9_]+)\.[jt]s$/;

/**
 * Kysely's FileMigrationProvider runs `import()` from inside node_modules, where tsx and vitest
 * do not compile TypeScript; importing from project code works under tsx, vitest and tsc alike.
 * A migration's module is imported only when it runs, so an up-to-date database (every start but
 * the first after an upgrade) loads none of them.
 */
class ProjectMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(migrationsFolder)).filter((file) => migrationFile.test(file));
    const migrations: Record<string, Migration> = {};
    for (const file of files.sort()) {
      const name = migrationFile.exec(file)?.[1] as string;
      const load = async () => (await import(new URL(file, migrationsFolder).href)) as Migration;
      migrations[name] = {
        up: async (db) => (await load()).up(db),
        down: async (db) => (await load()).down?.(db),
      };
    }
    return migrations;
  }
}

/** Applies every pending migration; throws with the failing migration's name. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and typed against no schema.
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new ProjectMigrationProvider(),
    // Kysely's default, localeCompare, builds an ICU collator for good; names start with a unique
    // timestamp (checked by a test), so code-unit order is the same order.
    nameComparator: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return results.map((result) => result.migrationName);
}
