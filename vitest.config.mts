import { defineConfig } from 'vitest/config';

/**
 * Unit tests of the web app's helpers (apps/web/src/**\/*.test.ts) in happy-dom: fast, no browser.
 * Jest runs everything else; its testRegex (*.spec|int-spec|e2e-spec.ts) never matches *.test.ts.
 */
export default defineConfig({
  test: {
    include: ['apps/web/src/**/*.test.ts'],
    environment: 'happy-dom',
    restoreMocks: true,
    unstubGlobals: true,
  },
});
