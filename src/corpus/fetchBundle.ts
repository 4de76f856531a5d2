import { BUNDLE_FILES, EMBEDDINGS_FILE, type CorpusData, type CorpusManifest } from './corpusData';

/** Loads the bundle that `npm run corpus:build` wrote into public/corpus/. */
export async function fetchBundle(baseUrl: string, fetchImpl: typeof fetch = fetch): Promise<CorpusData> {
  const get = async <T>(name: string): Promise<T> => {
    const res = await fetchImpl(new URL(name, baseUrl));
    if (!res.ok) throw new Error(`Corpus introuvable (${name} : HTTP ${res.status}). Lancez « npm run corpus:build ».`);
    return (await res.json()) as T;
  };
  const manifest = await get<CorpusManifest>(BUNDLE_FILES.manifest);
  if (manifest.format !== 'comptoir-corpus' || manifest.version !== 1) {
    throw new Error('Format de corpus inconnu : reconstruisez-le avec « npm run corpus:build ».');
  }
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
