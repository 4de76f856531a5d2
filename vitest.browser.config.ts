import { defineConfig } from 'vitest/config';
import { longFirst } from './tests/helpers/longFirst.ts';

/**
 * The files that run a real model on the CPU (wllama) or make a build of their own take minutes;
 * the rest take seconds: they start first (see longFirst), keeping both workers busy to the end.
 */
const LongFirst = longFirst(/GGUF_FIXTURES|TEST_CPU_MODEL|\bbuild\(/);

/**
 * Browser tests: Debian Chromium driven by playwright-core against a production build. Two files
 * run at a time: much of a browser test is waiting (page loads, service workers, polling), and
 * every test has its own browser context, its own servers and its own output folders.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    sequence: { sequencer: LongFirst },
  },
});
