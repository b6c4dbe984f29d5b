import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'src-renderer',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
  test: {
    root: '.',
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
