import type { CorpusData } from '../corpus/corpusData';
import { SearchEngine } from './searchEngine';

export interface EngineLoad {
  engine: SearchEngine;
  /** How the index came to be: read as shipped, or rebuilt because it was missing or stale. */
  index: 'loaded' | 'built';
  indexMs: number;
}

/** The engine for a corpus: its serialised index when it matches the chunks, else a rebuild. */
export function loadSearchEngine(corpus: CorpusData): EngineLoad {
  const started = performance.now();
  if (corpus.searchIndex) {
    try {
      return { engine: SearchEngine.load(corpus, corpus.searchIndex), index: 'loaded', indexMs: performance.now() - started };
    } catch {
      // Built for other chunks or damaged: fall through to a rebuild (about a second).
    }
  }
  return { engine: SearchEngine.build(corpus), index: 'built', indexMs: performance.now() - started };
}
