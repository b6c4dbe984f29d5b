import { defineConfig } from 'vitest/config';
import { createDashboardViteConfig } from './src-renderer/build/vite-dashboard.js';

export default defineConfig({
  ...createDashboardViteConfig({ gatewayUrl: process.env.OPENCLAW_DASHBOARD_GATEWAY }),
  test: {
    root: '.',
    // Explicit, so Playwright specs under tests/e2e are never collected by vitest.
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
