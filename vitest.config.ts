import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files that read the shipped corpus through tests/helpers/realEngine.ts (several seconds of
 * loading per engine) run in a non-isolated project: a fork keeps its modules from one file to the
 * next, so it loads the bundle once for all of them. Files that install globals (fake-indexeddb)
 * stay isolated, with the rest.
 */
const dir = 'tests/unit';
const corpusFiles = readdirSync(dir)
  .filter((name) => name.endsWith('.test.ts'))
  .filter((name) => {
    const text = readFileSync(`${dir}/${name}`, 'utf8');
    return text.includes('helpers/realEngine') && !text.includes('fake-indexeddb');
  })
  .map((name) => `${dir}/${name}`);

// vitest's default is one fork fewer than the cores: a single fork on a 2-core desk PC or CI
// runner, where the main process sits idle. The tests are CPU-bound.
const maxWorkers = Math.max(2, availableParallelism());

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    maxWorkers,
    projects: [
      { extends: true, test: { name: 'unit', include: [`${dir}/**/*.test.ts`], exclude: corpusFiles } },
      { extends: true, test: { name: 'corpus', include: corpusFiles, isolate: false } },
    ],
  },
});
