import type { CorpusData } from '../../src/corpus/corpusData';
import { readBundle } from '../../src/corpus/node/bundleFiles';
import { loadSearchEngine } from '../../src/search/loadSearchEngine';
import { loadEngine } from '../../src/search/node/loadEngine';
import type { SearchEngine } from '../../src/search/searchEngine';
import { existsSync, readFileSync } from 'node:fs';
import { BUNDLE_FILES } from '../../src/corpus/corpusData';

/*
 * The shipped bundle is loaded once per test process, not once per file: the test files that
 * import this module run in vitest's non-isolated « shared » project (vitest.config.ts), whose
 * forks keep their modules from one file to the next. So no test may change these engines
 * (attachEmbeddings, attachSemantics): a test that needs to builds its own with loadEngine().
 */

let cached: { corpus: CorpusData; engine: SearchEngine } | undefined;

/**
 * The shipped corpus bundle (public/corpus, built by `npm test` before the tests run) and its
 * engine as the app loads it — prebuilt index and corpus vectors.
 */
export function realEngine(): { corpus: CorpusData; engine: SearchEngine } {
  if (!cached) {
    const dir = 'public/corpus';
    const corpus = readBundle(dir);
    const optional = (name: string) => (existsSync(`${dir}/${name}`) ? new Uint8Array(readFileSync(`${dir}/${name}`)) : undefined);
    corpus.searchIndex = optional(BUNDLE_FILES.searchIndex);
    corpus.semantics = optional(BUNDLE_FILES.semantics);
    cached = { corpus, engine: loadSearchEngine(corpus).engine };
  }
  return cached;
}

const shipped = new Map<boolean, SearchEngine>();

/** What `loadEngine('public/corpus', { lexical })` gives (the CLIs' engine), shared the same way. */
export function shippedEngine(options: { lexical?: boolean } = {}): SearchEngine {
  const lexical = options.lexical ?? false;
  let engine = shipped.get(lexical);
  if (!engine) shipped.set(lexical, (engine = loadEngine('public/corpus', { lexical })));
  return engine;
}
