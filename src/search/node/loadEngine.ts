import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES } from '../../corpus/corpusData';
import { readBundle } from '../../corpus/node/bundleFiles';
import { SearchEngine } from '../searchEngine';

/** The engine over a bundle on disk: its prebuilt index when present and matching, else built. */
export function loadEngine(dir = 'public/corpus'): SearchEngine {
  const corpus = readBundle(dir);
  const indexPath = join(dir, BUNDLE_FILES.searchIndex);
  if (existsSync(indexPath)) {
    try {
      return SearchEngine.load(corpus, readFileSync(indexPath));
    } catch {
      // Stale or damaged index: rebuilding is a couple of seconds.
    }
  }
  return SearchEngine.build(corpus);
}
