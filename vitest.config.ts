import { defineConfig } from 'vitest/config';

// Locale and time zone are pinned so that French number formats and dates in snapshots are the same everywhere.
process.env.TZ = 'Europe/Paris';
process.env.LANG = 'fr_FR.UTF-8';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'test/**/*.test.tsx', 'e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
