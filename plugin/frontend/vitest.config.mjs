import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'transform', jsxFactory: 'React.createElement', jsxFragment: 'React.Fragment' },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,mjs}'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20000,
    // One fork: the machine has 2 cores and @grafana/ui is large to import.
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    server: { deps: { inline: [/@grafana\//] } },
  },
});
