import type { CorpusData } from '../../src/corpus/corpusData';
import { readBundle } from '../../src/corpus/node/bundleFiles';
import { loadSearchEngine } from '../../src/search/loadSearchEngine';
import type { SearchEngine } from '../../src/search/searchEngine';
import { existsSync, readFileSync } from 'node:fs';
import { BUNDLE_FILES } from '../../src/corpus/corpusData';

let cached: { corpus: CorpusData; engine: SearchEngine } | undefined;

/**
 * The shipped corpus bundle (public/corpus, built by `npm test` before the tests run) and its
 * engine as the app loads it — prebuilt index and corpus vectors — once per test file.
 */
export function realEngine(): { corpus: CorpusData; engine: SearchEngine } {
  if (!cached) {
    const dir = 'public/corpus';
    const corpus = readBundle(dir);
    const optional = (name: string) => (existsSync(`${dir}/${name}`) ? new Uint8Array(readFileSync(`${dir}/${name}`)) : undefined);
    corpus.searchIndex = optional(BUNDLE_FILES.searchIndex);
    corpus.semantics = optional(BUNDLE_FILES.semantics);
    cached = { corpus, engine: loadSearchEngine(corpus).engine };
  }
  return cached;
}
