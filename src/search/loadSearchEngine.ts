import type { CorpusData } from '../corpus/corpusData';
import { readEmbeddings, type EmbeddingMeta } from './index/embeddingFile';
import { LatentSemantics } from './index/latentSemantics';
import { corpusFingerprint, SearchEngine } from './searchEngine';

export interface EngineLoad {
  engine: SearchEngine;
  /** How the index came to be: read as shipped, or rebuilt because it was missing or stale. */
  index: 'loaded' | 'built';
  /** Why the serialised index was not used: absent, or the reason it was refused (Diagnostic carries it). */
  rebuiltBecause?: string;
  /** Whether the corpus-learnt vectors were attached (hybrid search) or are absent/stale (lexical only). */
  semantics: 'loaded' | 'none';
  indexMs: number;
  /**
   * The embedder whose chunk vectors were attached: searches given a query vector of
   * that model use them; the others keep the corpus-learnt vectors.
   */
  embedding?: EmbeddingMeta;
}

/**
 * The engine for a corpus: its serialised index when it matches the chunks, else a rebuild; its
 * vectors when they match that index. Vectors are never rebuilt here (seconds of work): without
 * them search stays lexical.
 */
export function loadSearchEngine(corpus: CorpusData): EngineLoad {
  const started = performance.now();
  let engine: SearchEngine | undefined;
  let rebuiltBecause: string | undefined = corpus.searchIndex ? undefined : 'no serialised index';
  if (corpus.searchIndex) {
    try {
      engine = SearchEngine.load(corpus, corpus.searchIndex);
    } catch (err) {
      // Built for other chunks or damaged: fall through to a rebuild (about a second).
      rebuiltBecause = String((err as Error)?.message ?? err);
    }
  }
  const index = engine ? 'loaded' : 'built';
  engine ??= SearchEngine.build(corpus);
  let semantics: EngineLoad['semantics'] = 'none';
  if (corpus.semantics) {
    try {
      engine.attachSemantics(LatentSemantics.load(engine.index, corpus.semantics));
      semantics = 'loaded';
    } catch {
      // Vectors of another index: lexical search still answers.
    }
  }
  let embedding: EmbeddingMeta | undefined;
  if (corpus.embeddings) {
    try {
      const neural = readEmbeddings(corpus.embeddings, { corpus: corpus.fingerprint ?? corpusFingerprint(corpus.chunks), model: corpus.manifest.embedding?.model, sha256: corpus.manifest.embedding?.sha256 });
      engine.attachEmbeddings(neural.store, corpus.manifest.embedding?.fusion);
      embedding = neural.meta;
    } catch {
      // Vectors of other chunks or another model: never mixed in, the corpus vectors serve.
    }
  }
  return { engine, index, rebuiltBecause: engine && index === 'built' ? rebuiltBecause : undefined, semantics, indexMs: performance.now() - started, embedding };
}
