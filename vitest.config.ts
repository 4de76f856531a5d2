import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { longFirst } from './tests/helpers/longFirst.ts';
import { READS_CORPUS } from './tests/helpers/corpusFiles.ts';

/**
 * Test files run in a non-isolated project: a fork keeps its modules from one file to the next, so
 * the files that read the shipped corpus through tests/helpers/realEngine.ts (several seconds of
 * loading per engine) load the bundle once for all of them, and no file imports again what an
 * earlier one imported. Files that install globals (fake-indexeddb) stay isolated.
 */
const dir = 'tests/unit';
const sharedFiles = readdirSync(dir)
  .filter((name) => name.endsWith('.test.ts'))
  .filter((name) => !readFileSync(`${dir}/${name}`, 'utf8').includes('fake-indexeddb'))
  .map((name) => `${dir}/${name}`);

// The files that read the real corpus or the fiches take seconds to tens of seconds, the rest
// well under one: they start first.
const CorpusFirst = longFirst(READS_CORPUS);

// vitest's default is one fork fewer than the cores: a single fork on a 2-core desk PC or CI
// runner, where the main process sits idle. The tests are CPU-bound.
const maxWorkers = Math.max(2, availableParallelism());

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    maxWorkers,
    sequence: { sequencer: CorpusFirst },
    projects: [
      { extends: true, test: { name: 'isolated', include: [`${dir}/**/*.test.ts`], exclude: sharedFiles } },
      { extends: true, test: { name: 'shared', include: sharedFiles, isolate: false } },
    ],
  },
});
