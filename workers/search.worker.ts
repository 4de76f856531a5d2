/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { activeCorpus } from '../src/corpus/corpusStore';
import type { CorpusData, CorpusManifest } from '../src/corpus/corpusData';
import { fetchBundle } from '../src/corpus/fetchBundle';
import { loadSearchEngine, type EngineLoad as EmbeddingLoad } from '../src/search/loadSearchEngine';
import type { SearchEngine, SearchOptions, SearchResult } from '../src/search/searchEngine';
import { ComptoirDb } from '../src/storage/db';
import type { EmbeddingProgress } from '../src/embed/corpusEmbedding';
import { dexieSliceStore } from '../src/embed/dexieSliceStore';
import { NeuralSearch, type ModelIdentity } from '../src/embed/neuralSearch';
import type { EmbedApi } from './embed.worker';

export interface CorpusInfo {
  manifest: CorpusManifest;
  imported: boolean;
  index: 'loaded' | 'built';
  /** 'loaded': hybrid search (words + corpus vectors); 'none': words only. */
  vectors: 'loaded' | 'none';
  /** Time to read the corpus (IndexedDB or bundle) and to load (or rebuild) the index. */
  timings: { corpusMs: number; indexMs: number };
}

let engine: SearchEngine | undefined;
let corpus: CorpusData | undefined;
/** The load in progress: a question asked while the corpus loads waits for it. */
let loading: Promise<unknown> | undefined;
/** The embedding model (issue 13), reached through a port to the embed worker. */
let embedderLink: { remote: Comlink.Remote<EmbedApi>; model: ModelIdentity; onProgress: (p: EmbeddingProgress) => void } | undefined;
let neural: NeuralSearch | undefined;
let bundledEmbedding: EmbeddingLoad['embedding'];

/**
 * Holds the corpus and the search engine off the main thread: the page sends a question and gets
 * back the ranked fiches with their passages, never the 30 MB of chunks.
 */
const api = {
  load(baseUrl: string): Promise<CorpusInfo> {
    const pending = loadCorpus(baseUrl);
    loading = pending.catch(() => undefined);
    return pending;
  },

  async search(question: string, options: Omit<SearchOptions, 'queryVector'> = {}): Promise<SearchResult> {
    await loading;
    if (!engine) throw new Error('Le corpus n’a pas pu être chargé : rechargez la page.');
    const queryVector = await neural?.queryVector(question);
    return engine.search(question, { ...options, queryVector });
  },

  /**
   * Connects the embed worker (a port of it): its vectors serve once the corpus has them, from the
   * bundle or embedded here in the background (progress reported, pause/resume below).
   */
  async useEmbedder(port: MessagePort, model: ModelIdentity, onProgress: (p: EmbeddingProgress) => void): Promise<void> {
    await loading;
    embedderLink = { remote: Comlink.wrap<EmbedApi>(port), model, onProgress };
    startNeural();
  },

  embedding(action: 'pause' | 'resume' | 'stop'): void {
    if (action === 'pause') neural?.pause();
    else if (action === 'resume') neural?.resume();
    else {
      neural?.stop();
      neural = undefined;
      embedderLink = undefined;
    }
  },
};

async function loadCorpus(baseUrl: string): Promise<CorpusInfo> {
  const started = performance.now();
  const imported = await activeCorpus(new ComptoirDb());
  corpus = imported ?? (await fetchBundle(new URL('corpus/', baseUrl).href));
  const corpusMs = performance.now() - started;
  const loaded = loadSearchEngine(corpus);
  engine = loaded.engine;
  bundledEmbedding = loaded.embedding;
  startNeural();
  return { manifest: corpus.manifest, imported: Boolean(imported), index: loaded.index, vectors: loaded.vectors, timings: { corpusMs, indexMs: loaded.indexMs } };
}

function startNeural(): void {
  neural?.stop();
  neural = undefined;
  if (!embedderLink || !engine || !corpus) return;
  neural = new NeuralSearch(engine, corpus.chunks, bundledEmbedding, embedderLink.model, embedderLink.remote, dexieSliceStore(new ComptoirDb()), embedderLink.onProgress);
}

export type SearchApi = typeof api;
Comlink.expose(api);
