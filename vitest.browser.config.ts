import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The files that run a real model on the CPU (wllama) or make a build of their own take minutes;
 * the rest take seconds. With no timings cached (a fresh clone) vitest would order by file size:
 * starting the long ones first keeps both workers busy to the end.
 */
class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const long = (spec: TestSpecification) => /GGUF_FIXTURES|TEST_CPU_MODEL|\bbuild\(/.test(readFileSync(spec.moduleId, 'utf8'));
    return [...sorted.filter(long), ...sorted.filter((spec) => !long(spec))];
  }
}

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
