/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { activeCorpus } from '../src/corpus/corpusStore';
import type { Chunk } from '../src/corpus/chunk';
import type { CorpusData, CorpusManifest } from '../src/corpus/corpusData';
import { fetchBundle } from '../src/corpus/fetchBundle';
import { loadSearchEngine } from '../src/search/loadSearchEngine';
import type { SearchEngine, SearchOptions, SearchResult } from '../src/search/searchEngine';
import { ComptoirDb } from '../src/storage/db';

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
    return engine.search(question, options);
  },

  /** One fiche's passages in fiche order, for the print sheet's « Pièces à fournir » (issue 14). */
  async ficheChunks(ficheId: string): Promise<Chunk[]> {
    await loading;
    return corpus?.chunks.filter((c) => c.ficheId === ficheId) ?? [];
  },
};

async function loadCorpus(baseUrl: string): Promise<CorpusInfo> {
  const started = performance.now();
  const imported = await activeCorpus(new ComptoirDb());
  corpus = imported ?? (await fetchBundle(new URL('corpus/', baseUrl).href));
  const corpusMs = performance.now() - started;
  const loaded = loadSearchEngine(corpus);
  engine = loaded.engine;
  return { manifest: corpus.manifest, imported: Boolean(imported), index: loaded.index, vectors: loaded.vectors, timings: { corpusMs, indexMs: loaded.indexMs } };
}

export type SearchApi = typeof api;
Comlink.expose(api);
