import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * A vitest sequencer that starts the files whose source matches `long` first. With no timings
 * cached (a fresh clone, CI) vitest orders files by size, and a long file that starts last runs
 * alone at the end while the other workers sit idle: started first, the short ones fill in around it.
 */
export function longFirst(long: RegExp): typeof BaseSequencer {
  return class LongFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files);
      const isLong = (spec: TestSpecification) => long.test(readFileSync(spec.moduleId, 'utf8'));
      return [...sorted.filter(isLong), ...sorted.filter((spec) => !isLong(spec))];
    }
  };
}
