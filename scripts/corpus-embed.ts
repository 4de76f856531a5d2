/**
 * npm run corpus:embed [-- --model models/<id>] [--corpus public/corpus] [--threads N] [--sets a.jsonl,b.jsonl]
 * Adds the chunk vectors of an embedding model to the corpus bundle (embedding-vectors.bin, int8)
 * and names the model and its checksum in the manifest. Then measures, with this model, whether
 * its vectors should join the corpus-learnt ones or replace them (src/embed/fusionChoice.ts) on
 * spoken desk questions (`--sets`, the tuning sets by default; titles alone are won by words) plus
 * the title queries derived from the corpus, and writes the choice in the manifest. Without a model folder the bundle is left
 * as it is and the corpus-learnt vectors keep serving. Running it again with another model
 * replaces the vectors whole: one bundle never mixes two models.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUNDLE_FILES, EMBEDDINGS_FILE, type CorpusManifest } from '../src/corpus/corpusData';
import { readBundle } from '../src/corpus/node/bundleFiles';
import { DEFAULT_EMBEDDER } from '../src/embed/catalog';
import { embedAll } from '../src/embed/embedChunks';
import { nodeEmbedder } from '../src/embed/node/nodeEmbedder';
import { writeEmbeddings } from '../src/search/index/embeddingFile';
import { chooseFusion } from '../src/embed/fusionChoice';
import { isZero } from '../src/embed/pooling';
import { parseQuestions } from '../src/search/evaluation/evaluate';
import { loadSearchEngine } from '../src/search/loadSearchEngine';
import { titleQueries } from '../src/search/evaluation/titleQueries';
import { corpusFingerprint } from '../src/search/searchEngine';
import { setsUsedBy } from './lib/setManifest';

const { values } = parseArgs({ options: {
  model: { type: 'string' }, corpus: { type: 'string', default: 'public/corpus' }, threads: { type: 'string', default: '1' },
  sets: { type: 'string', default: setsUsedBy('corpus:embed').map((set) => set.path).join(',') },
} });
const dir = values.model ?? join('models', DEFAULT_EMBEDDER);
if (!existsSync(dir)) {
  console.log(`No embedding model at ${dir}: bundle unchanged (the corpus-learnt vectors keep serving).`);
  process.exit(0);
}
const corpusDir = values.corpus!;
const corpus = readBundle(corpusDir);
const { embedder, sha256 } = await nodeEmbedder(dir, { threads: Number(values.threads) });
const model = embedder.config.id;
console.log(`Embedding ${corpus.chunks.length} chunks with ${model} (${embedder.config.dims} d, sha256 ${sha256.slice(0, 12)}…)`);
const started = performance.now();
let last = 0;
const store = await embedAll(embedder, corpus.chunks, embedder.config.dims, (done, total) => {
  if (performance.now() - last < 5000 && done < total) return;
  last = performance.now();
  const s = (performance.now() - started) / 1000;
  console.log(`  ${done}/${total} chunks, ${(done / s).toFixed(1)} chunks/s`);
});
const bytes = writeEmbeddings({ model, sha256, corpus: corpusFingerprint(corpus.chunks) }, store);
const write = (name: string, data: Uint8Array | string) => {
  const tmp = join(corpusDir, `${name}.tmp-${process.pid}`);
  writeFileSync(tmp, data);
  renameSync(tmp, join(corpusDir, name));
};
write(EMBEDDINGS_FILE, bytes);
const manifest = JSON.parse(readFileSync(join(corpusDir, 'manifest.json'), 'utf8')) as CorpusManifest;
manifest.files = [...(manifest.files ?? []).filter((f) => f.name !== EMBEDDINGS_FILE), { name: EMBEDDINGS_FILE, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }];
const sets = values.sets!.split(',').filter((f) => f && existsSync(f));
const questions = [...titleQueries(corpus.fiches), ...sets.flatMap((f) => parseQuestions(readFileSync(f, 'utf8')))].filter((q) => q.ids.length);
console.log(`Measuring join vs replace on ${questions.length} questions (title queries + ${sets.join(', ') || 'no set'})…`);
const queryVectors = await embedder.embed(questions.map((q) => q.question), 'query');
const byQuestion = new Map(questions.map((q, i) => [q, queryVectors[i]!]));
// The bundle read above, with its index and corpus vectors: no second read of the chunks.
const optional = (name: string) => (existsSync(join(corpusDir, name)) ? new Uint8Array(readFileSync(join(corpusDir, name))) : undefined);
const { engine } = loadSearchEngine({ ...corpus, searchIndex: optional(BUNDLE_FILES.searchIndex), semantics: optional(BUNDLE_FILES.semantics) });
const fusion = chooseFusion(engine, store, questions, (q) => {
  const v = byQuestion.get(q);
  return v && !isZero(v) ? v : undefined;
});
for (const mode of ['join', 'replace'] as const) {
  const m = fusion.figures[mode];
  console.log(`  ${mode.padEnd(8)} recall@1 ${m['recall@1'].toFixed(3)}  recall@5 ${m['recall@5'].toFixed(3)}  MRR ${m.mrr.toFixed(3)}`);
}
console.log(`  → ${fusion.choice}`);
manifest.embedding = { model, sha256, dims: store.dim, fusion: fusion.choice };
write('manifest.json', JSON.stringify(manifest, null, 2));
console.log(`${EMBEDDINGS_FILE}: ${(bytes.length / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s; manifest names ${model}.`);
