import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, EMBEDDINGS_FILE } from '../../corpus/corpusData';
import { readBundle } from '../../corpus/node/bundleFiles';
import { loadSearchEngine } from '../loadSearchEngine';
import type { SearchEngine } from '../searchEngine';

/**
 * The engine over a bundle on disk, as the app loads it: prebuilt index when present and
 * matching (else rebuilt), vectors when present (else lexical). `lexical` leaves vectors out.
 */
export function loadEngine(dir = 'public/corpus', options: { lexical?: boolean } = {}): SearchEngine {
  const optional = (name: string) => (existsSync(join(dir, name)) ? new Uint8Array(readFileSync(join(dir, name))) : undefined);
  const corpus = readBundle(dir);
  corpus.searchIndex = optional(BUNDLE_FILES.searchIndex);
  if (!options.lexical) corpus.semantics = optional(BUNDLE_FILES.semantics);
  if (!options.lexical && corpus.manifest.embedding) corpus.embeddings = optional(EMBEDDINGS_FILE);
  return loadSearchEngine(corpus).engine;
}
