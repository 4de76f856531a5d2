/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { activeCorpus } from '../src/corpus/corpusStore';
import type { Chunk } from '../src/corpus/chunk';
import type { CorpusData, CorpusManifest } from '../src/corpus/corpusData';
import { fetchBundle } from '../src/corpus/fetchBundle';
import { AppError, toFailure, type Failure } from '../src/errors/appFailure';
import { loadSearchEngine } from '../src/search/loadSearchEngine';
import type { SearchEngine, SearchOptions, SearchResult } from '../src/search/searchEngine';
import { ComptoirDb } from '../src/storage/db';

export interface CorpusInfo {
  manifest: CorpusManifest;
  imported: boolean;
  /** The imported corpus's id in IndexedDB (undefined for the bundle): tabs compare it on a change. */
  corpusId?: string;
  index: 'loaded' | 'built';
  /** Why the shipped index was not used, when it was rebuilt. */
  rebuiltBecause?: string;
  /** 'loaded': hybrid search (words + corpus vectors); 'none': words only. */
  vectors: 'loaded' | 'none';
  /** Time to read the corpus (IndexedDB or bundle) and to load (or rebuild) the index. */
  timings: { corpusMs: number; indexMs: number };
}

export type CorpusLoad = { ok: true; info: CorpusInfo } | { ok: false; failure: Failure };

/** One connection for the worker's life (issue 11: a new one per load was never closed). */
const db = new ComptoirDb();
let engine: SearchEngine | undefined;
/** The corpus the engine searches (its chunks serve `ficheChunks`). */
let corpus: CorpusData | undefined;
/** Loads run one after the other, so the last one asked for (the newest corpus) wins. */
let loads: Promise<unknown> = Promise.resolve();

/**
 * Holds the corpus and the search engine off the main thread: the page sends a question and gets
 * back the ranked fiches with their passages, never the 30 MB of chunks. A reload keeps the
 * current engine answering until the new one is ready.
 */
const api = {
  load(baseUrl: string): Promise<CorpusLoad> {
    const next = loads.then(() => loadCorpus(baseUrl)).then(
      (info): CorpusLoad => ({ ok: true, info }),
      (err: unknown): CorpusLoad => ({ ok: false, failure: toFailure(err, 'corpus') }),
    );
    loads = next;
    return next;
  },

  async search(question: string, options: Omit<SearchOptions, 'queryVector'> = {}): Promise<SearchResult> {
    await loads;
    if (!engine) throw new AppError('search', 'not-loaded');
    return engine.search(question, options);
  },

  /** One fiche's passages in fiche order, for the print sheet's « Pièces à fournir » (issue 14). */
  async ficheChunks(ficheId: string): Promise<Chunk[]> {
    await loads;
    return corpus?.chunks.filter((c) => c.ficheId === ficheId) ?? [];
  },
};

async function loadCorpus(baseUrl: string): Promise<CorpusInfo> {
  const started = performance.now();
  // A browser without IndexedDB (private mode, blocked storage) still runs on the bundle.
  const imported = await activeCorpus(db).catch(() => undefined);
  const loadedCorpus = imported?.corpus ?? (await fetchBundle(new URL('corpus/', baseUrl).href));
  const corpusMs = performance.now() - started;
  const loaded = loadSearchEngine(loadedCorpus);
  engine = loaded.engine;
  corpus = loadedCorpus;
  return {
    manifest: loadedCorpus.manifest,
    imported: Boolean(imported),
    corpusId: imported?.id,
    index: loaded.index,
    rebuiltBecause: loaded.rebuiltBecause,
    vectors: loaded.vectors,
    timings: { corpusMs, indexMs: loaded.indexMs },
  };
}

export type SearchApi = typeof api;
Comlink.expose(api);
