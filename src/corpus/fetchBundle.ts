import { BUNDLE_FILES, EMBEDDINGS_FILE, LEGACY_CHUNKS_FILE, type CorpusData, type CorpusManifest } from './corpusData';
import { ChunkTextLoader, chunksWithoutTexts, chunkTextKinds, readChunkMeta } from './chunkTexts';
import { AppError } from '../errors/appFailure';

export interface FetchedBundle {
  corpus: CorpusData;
  /** analyzer-terms.json as read, when the bundle has one (src/search/analysis/termMemory.ts). */
  terms?: unknown;
}

/**
 * Loads the bundle that `npm run corpus:build` wrote into public/corpus/: what search needs at
 * start, the passage texts left to `corpus.texts` (read as results need them). `onStep` hears
 * how long each file took to arrive and to be parsed.
 */
export async function fetchBundle(
  baseUrl: string, fetchImpl: typeof fetch = fetch, onStep: (step: string, ms: number) => void = () => {},
  /** How the files after the manifest are read (src/corpus/cachedFetch.ts in the app). */
  readFile: (url: string) => Promise<Response> = (url) => fetchImpl(url),
): Promise<FetchedBundle> {
  const get = async <T>(name: string, step = onStep): Promise<T> => {
    const started = performance.now();
    let res: Response;
    try {
      // The manifest always asks the server (or the service worker): it names the bundle in use.
      res = await (name === BUNDLE_FILES.manifest ? fetchImpl(new URL(name, baseUrl)) : readFile(new URL(name, baseUrl).href));
    } catch (err) {
      // Offline with nothing cached (the service worker installs the bundle on the first visit).
      throw new AppError('corpus', 'bundle-unreachable', { file: name }, String((err as Error)?.message ?? err));
    }
    if (!res.ok) throw new AppError('corpus', 'bundle-missing', { file: name, status: res.status });
    try {
      const text = await res.text();
      const read = performance.now();
      const value = JSON.parse(text) as T;
      step(`${name} read`, read - started);
      step(`${name} parse`, performance.now() - read);
      return value;
    } catch (err) {
      throw new AppError('corpus', 'bundle-format', { file: name }, String((err as Error)?.message ?? err));
    }
  };
  const manifest = await get<CorpusManifest>(BUNDLE_FILES.manifest);
  if (manifest.format !== 'comptoir-corpus' || manifest.version !== 1) throw new AppError('corpus', 'bundle-format', { file: BUNDLE_FILES.manifest });
  const listed = new Set((manifest.files ?? []).map((f) => f.name));
  // The index, the vectors and the terms are optional: without them the engine rebuilds the
  // index, searches lexically, or stems from cold.
  const optional = (name: string) => {
    const started = performance.now();
    return readFile(new URL(name, baseUrl).href)
      .then(async (r) => (r.ok ? new Uint8Array(await r.arrayBuffer()) : undefined))
      .catch(() => undefined)
      .finally(() => onStep(`${name} read`, performance.now() - started));
  };
  const [fiches, chunks, searchIndex, semantics, embeddings, terms] = await Promise.all([
    get<CorpusData['fiches']>(BUNDLE_FILES.fiches),
    listed.has(BUNDLE_FILES.chunkMeta) ? get<unknown>(BUNDLE_FILES.chunkMeta).then(readChunkMeta) : get<CorpusData['chunks']>(LEGACY_CHUNKS_FILE),
    optional(BUNDLE_FILES.searchIndex),
    optional(BUNDLE_FILES.semantics),
    manifest.embedding ? optional(EMBEDDINGS_FILE) : undefined,
    listed.has(BUNDLE_FILES.terms) ? get<unknown>(BUNDLE_FILES.terms).catch(() => undefined) : undefined,
  ]);
  const corpus: CorpusData = { manifest, fiches, chunks: [], searchIndex, semantics, embeddings };
  if (Array.isArray(chunks)) corpus.chunks = chunks;
  else {
    corpus.chunks = chunksWithoutTexts(chunks);
    corpus.fingerprint = chunks.fingerprint;
    corpus.textKinds = chunkTextKinds(chunks);
    corpus.texts = new ChunkTextLoader(corpus.chunks, chunks.texts, (file) => get<unknown>(file, () => {}), chunks.fingerprint);
  }
  return { corpus, terms };
}
