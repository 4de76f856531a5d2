import { BUNDLE_FILES, EMBEDDINGS_FILE, type CorpusData, type CorpusManifest } from './corpusData';
import { AppError } from '../errors/appFailure';

/** Loads the bundle that `npm run corpus:build` wrote into public/corpus/. */
export async function fetchBundle(baseUrl: string, fetchImpl: typeof fetch = fetch): Promise<CorpusData> {
  const get = async <T>(name: string): Promise<T> => {
    let res: Response;
    try {
      res = await fetchImpl(new URL(name, baseUrl));
    } catch (err) {
      // Offline with nothing cached (the service worker installs the bundle on the first visit).
      throw new AppError('corpus', 'bundle-unreachable', { file: name }, String((err as Error)?.message ?? err));
    }
    if (!res.ok) throw new AppError('corpus', 'bundle-missing', { file: name, status: res.status });
    try {
      return (await res.json()) as T;
    } catch (err) {
      throw new AppError('corpus', 'bundle-format', { file: name }, String((err as Error)?.message ?? err));
    }
  };
  const manifest = await get<CorpusManifest>(BUNDLE_FILES.manifest);
  if (manifest.format !== 'comptoir-corpus' || manifest.version !== 1) throw new AppError('corpus', 'bundle-format', { file: BUNDLE_FILES.manifest });
  // The index and the vectors are optional: without them the engine rebuilds the index or
  // searches lexically.
  const optional = (name: string) =>
    fetchImpl(new URL(name, baseUrl)).then(async (r) => (r.ok ? new Uint8Array(await r.arrayBuffer()) : undefined)).catch(() => undefined);
  const [fiches, chunks, searchIndex, semantics, embeddings] = await Promise.all([
    get<CorpusData['fiches']>(BUNDLE_FILES.fiches),
    get<CorpusData['chunks']>(BUNDLE_FILES.chunks),
    optional(BUNDLE_FILES.searchIndex),
    optional(BUNDLE_FILES.semantics),
    manifest.embedding ? optional(EMBEDDINGS_FILE) : undefined,
  ]);
  return { manifest, fiches, chunks, searchIndex, semantics, embeddings };
}
