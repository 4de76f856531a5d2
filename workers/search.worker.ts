/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { carryFailures } from '../src/errors/failureTransfer';
import { activeCorpus } from '../src/storage/corpusStore';
import type { Chunk } from '../src/corpus/chunk';
import type { CorpusData, CorpusManifest } from '../src/corpus/corpusData';
import { fetchBundle } from '../src/corpus/fetchBundle';
import { cachedFetch } from '../src/corpus/cachedFetch';
import { AppError, toFailure, type Failure } from '../src/errors/appFailure';
import { loadSearchEngine, type EngineLoad } from '../src/search/loadSearchEngine';
import type { CasePick, Passage, SearchEngine, SearchOptions, SearchResult } from '../src/search/searchEngine';
import { markPassages } from '../src/search/searchEngine';
import { rememberTerms } from '../src/search/analysis/termMemory';
import { ComptoirDb } from '../src/storage/db';
import type { EmbeddingProgress } from '../src/embed/corpusEmbedding';
import { dexieSliceStore } from '../src/storage/dexieSliceStore';
import { NeuralSearch, type ModelIdentity } from '../src/embed/neuralSearch';
import type { EmbedApi } from './embed.worker';
import { forgetAnalysedWords } from '../src/search/analysis/frenchAnalyzer';

carryFailures();

export interface CorpusInfo {
  manifest: CorpusManifest;
  imported: boolean;
  /** The imported corpus's id in IndexedDB (undefined for the bundle): tabs compare it on a change. */
  corpusId?: string;
  index: 'loaded' | 'built';
  /** Why the shipped index was not used, when it was rebuilt. */
  rebuiltBecause?: string;
  /** 'loaded': hybrid search (words + corpus-learnt vectors); 'none': words only. */
  semantics: 'loaded' | 'none';
  /**
   * Time to read the corpus (IndexedDB or bundle) and to load (or rebuild) the index; `steps`:
   * where that time went, file by file (read, parse) and part by part.
   */
  timings: { corpusMs: number; indexMs: number; steps: [string, number][] };
}

export type CorpusLoad = { ok: true; info: CorpusInfo } | { ok: false; failure: Failure };

/** One connection for the worker's life (one opened per load would never be closed). */
const db = new ComptoirDb();
let engine: SearchEngine | undefined;
/** The corpus the engine searches (its chunks serve `ficheChunks`). */
let corpus: CorpusData | undefined;
/** Loads run one after the other, so the last one asked for (the newest corpus) wins. */
let loads: Promise<unknown> = Promise.resolve();
/** The embedding model, reached through a port to the embed worker. */
let embedderLink: { remote: Comlink.Remote<EmbedApi>; model: ModelIdentity; onProgress: (p: EmbeddingProgress) => void } | undefined;
let neural: NeuralSearch | undefined;
let bundledEmbedding: EngineLoad['embedding'];

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
    const [searching, searched] = [engine, corpus];
    if (!searching || !searched) throw new AppError('search', 'not-loaded');
    const queryVector = await neural?.queryVector(question);
    const result = searching.search(question, { ...options, marks: false, queryVector });
    // The passages' texts arrive now, fiche by fiche, when the bundle left them for later.
    const shown = [...result.hits, ...result.otherHits];
    await searched.texts?.ensure(shown.flatMap((h) => h.passages.map((p) => p.chunk)));
    if (options.marks) markPassages(shown, result.terms);
    return result;
  },

  /**
   * One fiche's passages for a question under the cases the agent picked on screen (the case
   * chooser), marked for highlighting.
   */
  async passagesFor(question: string, fiche: { id: string; audience: Chunk['audience'] }, cases: CasePick[], count = 3): Promise<Passage[]> {
    await loads;
    const [searching, searched] = [engine, corpus];
    if (!searching || !searched) throw new AppError('search', 'not-loaded');
    const passages = searching.passagesFor(question, fiche, cases, count);
    await searched.texts?.ensure(passages.map((p) => p.chunk));
    markPassages([{ passages }], searching.search(question, { k: 1, marks: false }).terms);
    return passages;
  },

  /**
   * Connects the embed worker (a port of it): its vectors serve once the corpus has them, from the
   * bundle or embedded here in the background (progress reported, pause/resume below).
   */
  async useEmbedder(port: MessagePort, model: ModelIdentity, onProgress: (p: EmbeddingProgress) => void): Promise<void> {
    await loads;
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

  /** « Nouvel usager »: what this worker and the embedder keep of the questions (words, query vectors). */
  async forgetQuestions(): Promise<void> {
    forgetAnalysedWords();
    // The corpus's own words hold nothing of a citizen: given back, the next search stays warm.
    if (shippedTerms) rememberTerms(shippedTerms);
    await embedderLink?.remote.forgetQueries();
  },

  /** Every request this worker made (the corpus bundle, its index): the « Transparence » panel counts them. */
  networkRequests(): string[] {
    return performance.getEntriesByType('resource').map((e) => e.name);
  },

  /** One fiche's passages in fiche order, for the print sheet's « Pièces à fournir ». */
  async ficheChunks(ficheId: string, audience?: Chunk['audience']): Promise<Chunk[]> {
    await loads;
    // Some fiche ids exist in two audiences: the caller names the one it printed.
    const chunks = corpus?.chunks.filter((c) => c.ficheId === ficheId && (!audience || c.audience === audience)) ?? [];
    await corpus?.texts?.ensure(chunks);
    return chunks;
  },
};

/** The bundle's word → term pairs (analyzer-terms.json), given again to the analyzer after « Nouvel usager ». */
let shippedTerms: unknown;

async function loadCorpus(baseUrl: string): Promise<CorpusInfo> {
  const started = performance.now();
  const steps: [string, number][] = [['worker started', started]];
  const step = (name: string, ms: number) => steps.push([name, ms]);
  // A browser without IndexedDB (private mode, blocked storage) still runs on the bundle.
  const imported = await activeCorpus(db).catch(() => undefined);
  step('imported corpus looked up', performance.now() - started);
  const bundle = imported ? undefined : await fetchBundle(new URL('corpus/', baseUrl).href, fetch, step, (url) => cachedFetch(url));
  const loadedCorpus = imported?.corpus ?? bundle!.corpus;
  const corpusMs = performance.now() - started;
  shippedTerms = bundle?.terms;
  if (bundle?.terms) {
    const at = performance.now();
    step(`${rememberTerms(bundle.terms)} analyzer terms taken`, performance.now() - at);
  }
  // Without its prebuilt index the engine is built from the texts: all of them first.
  if (!loadedCorpus.searchIndex) await loadedCorpus.texts?.ensureAll();
  let loaded = loadSearchEngine(loadedCorpus);
  if (loaded.index === 'built' && loadedCorpus.texts && loadedCorpus.texts.loaded < loadedCorpus.texts.files) {
    // The shipped index did not match: rebuilt above on texts not read yet, so read them and rebuild.
    await loadedCorpus.texts.ensureAll();
    loaded = loadSearchEngine({ ...loadedCorpus, fingerprint: undefined });
  }
  step('search engine', loaded.indexMs);
  engine = loaded.engine;
  corpus = loadedCorpus;
  bundledEmbedding = loaded.embedding;
  startNeural();
  return {
    manifest: loadedCorpus.manifest,
    imported: Boolean(imported),
    corpusId: imported?.id,
    index: loaded.index,
    rebuiltBecause: loaded.rebuiltBecause,
    semantics: loaded.semantics,
    timings: { corpusMs, indexMs: loaded.indexMs, steps },
  };
}

function startNeural(): void {
  neural?.stop();
  neural = undefined;
  const [link, searching, searched] = [embedderLink, engine, corpus];
  if (!link || !searching || !searched) return;
  // Embedding the corpus reads every passage: their texts first (the bundle leaves them for later).
  void (searched.texts?.ensureAll() ?? Promise.resolve()).then(() => {
    if (link !== embedderLink || searching !== engine || neural) return;
    neural = new NeuralSearch(searching, searched.chunks, bundledEmbedding, link.model, link.remote, dexieSliceStore(db), link.onProgress);
  }, () => undefined);
}

export type SearchApi = typeof api;
Comlink.expose(api);
