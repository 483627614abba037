import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // As `npm start` does: the discord.js cache limits are deliberate (src/adapters/discord/cache.ts).
    execArgv: ['--disable-warning=UnsupportedCacheOverwriteWarning'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Test files share their worker's modules instead of importing discord.js, Bolt and the engine again each
    // (2.5 of 9.5 minutes on a 2-core machine). Nothing in src/ keeps state across files but caches of pure
    // results; tests restore the timers and spies they change. The suite passes in a shuffled file order too.
    isolate: false,
  },
});
