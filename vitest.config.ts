import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Spawned consoles and e2e clients each open their own SQLite file; two workers match the machine.
    maxWorkers: 2,
  },
});
