import type { SearchCorpus } from '../searchEngine';
import { SearchEngine } from '../searchEngine';
import { LatentSemantics } from './latentSemantics';

export interface CorpusIndexes {
  /** BM25 index (bm25.ts format). */
  searchIndex: Uint8Array;
  /** Corpus-learnt chunk and term vectors (latentSemantics.ts format). */
  semantics: Uint8Array;
  timings: { lexicalMs: number; semanticsMs: number };
}

/** Everything search needs besides the chunks, built once and shipped (or stored) with them. */
export function indexCorpus(corpus: SearchCorpus): CorpusIndexes {
  const started = performance.now();
  const engine = SearchEngine.build(corpus);
  const searchIndex = engine.serialize();
  const lexicalMs = performance.now() - started;
  const semantics = LatentSemantics.build(engine.index).serialize();
  return { searchIndex, semantics, timings: { lexicalMs, semanticsMs: performance.now() - started - lexicalMs } };
}
