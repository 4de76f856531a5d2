/**
 * One browser-style import of a zip file, alone in its process so its peak memory is its own
 * (bench:corpus runs it per case, optionally under a small --max-old-space-size): read the zip,
 * parse and chunk, build the index and vectors, store it in (fake) IndexedDB in bounded records.
 * Prints one JSON line.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { installCorpus } from '../../src/storage/corpusStore';
import { importArchive } from '../../src/corpus/importArchive';
import { toFailure } from '../../src/errors/appFailure';
import { indexCorpus } from '../../src/search/index/indexCorpus';
import { ComptoirDb } from '../../src/storage/db';

const path = process.argv[2]!;
const rss = () => process.memoryUsage().rss;
const baselineRss = rss();
const started = performance.now();
let heapPeak = 0;
const sample = () => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers));
try {
  const bytes = new Uint8Array(readFileSync(path));
  const { corpus, report } = importArchive({ kind: 'zip', name: 'bench.zip', bytes }, () => sample());
  sample();
  const indexes = indexCorpus(corpus);
  corpus.searchIndex = indexes.searchIndex;
  corpus.semantics = indexes.semantics;
  sample();
  await installCorpus(new ComptoirDb(`bench-${process.pid}`), corpus);
  sample();
  console.log(JSON.stringify({
    ok: true, ms: performance.now() - started, baselineRss, peakRss: process.resourceUsage().maxRSS * 1024, heapPeak,
    fiches: corpus.manifest.counts.answer, chunks: corpus.chunks.length, refused: report.errors,
  }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, ms: performance.now() - started, baselineRss, peakRss: process.resourceUsage().maxRSS * 1024, heapPeak, failure: toFailure(err, 'import') }));
}
process.exit(0);
