import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// The learners' documents (import fixtures) sit beside the repository, where CI checks them out.
// A clone on its own skips the tests that read them; under CI they always run, so a missing
// folder fails there.
const seedsDir = fileURLToPath(new URL('../shared/seeds', import.meta.url));
const withSeeds = existsSync(seedsDir) || process.env.CI === 'true';
const readingSeeds = ['tests/importer/seeds.test.ts', 'tests/importer/store.test.ts'];

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/build.global.ts'],
    exclude: withSeeds ? configDefaults.exclude : [...configDefaults.exclude, ...readingSeeds],
    env: { NEXUS_SEEDS_DIR: seedsDir, NEXUS_WITH_SEEDS: withSeeds ? 'yes' : 'no' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Spawned consoles and e2e clients each open their own SQLite file; two workers match the machine.
    maxWorkers: 2,
  },
});
