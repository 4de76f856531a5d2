/**
 * npm run bench:embed [-- --sample 24 --browser-sample 8 --no-browser --no-static --threads 1,2 --no-native]
 *
 * 1. The corpus-learnt static model through the new path (tokenizer.json, onnxruntime-web, the
 *    Embedder the worker runs, int8 chunk vectors as corpus:embed writes them): recall@5 and MRR
 *    on every question set against today's hybrid, side by side, and the questions that share no
 *    word with their fiche.
 * 2. The e5-small-sized model (exact architecture, random weights, int8; models:random writes it
 *    if missing): load time, chunks/s in Node and in Chromium (WASM 1 thread, WASM all threads,
 *    WebGPU on SwiftShader, i.e. emulated on the CPU), query latency p50/p95, peak memory, vector
 *    store size for the full corpus, the time to embed the whole corpus here (extrapolated from a
 *    sample: this machine is 2 shared cores) and, from published GPU figures, on a desk GPU.
 * 3. Same run, same chunks: our path against onnxruntime-web alone and native onnxruntime-node
 *    (installed on demand), on 1 and 2 threads, with their ratios.
 * The last line is one JSON object.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { readBundle } from '../src/corpus/node/bundleFiles';
import { embedAll } from '../src/embed/embedChunks';
import { encoderParams, E5_SMALL_SHAPE } from './lib/encoderModel';
import { nodeEmbedder } from '../src/embed/node/nodeEmbedder';
import { passageText } from '../src/embed/passageText';
import { readEmbeddings } from '../src/search/index/embeddingFile';
import { analyze } from '../src/search/analysis/frenchAnalyzer';
import { evaluate, parseQuestions, percentile, type EvalQuestion } from '../src/search/evaluation/evaluate';
import { loadEngine } from '../src/search/node/loadEngine';
import { titleQueries } from '../src/search/evaluation/titleQueries';
import { corpusFingerprint } from '../src/search/searchEngine';
import { buildEmbedHarness, serveEmbedHarness } from './lib/embedHarness';
import { ONNXRUNTIME_NODE_VERSION, runEmbedRuntime, type EmbedRuntimeResult } from './lib/embedRuntimes';
import { setPath, setsUsedBy } from './lib/setManifest';
import { launch } from '../tests/browser/browser';

const { values } = parseArgs({ options: {
  sample: { type: 'string', default: '24' }, 'browser-sample': { type: 'string', default: '8' }, 'no-browser': { type: 'boolean', default: false },
  /** Thread counts for the same-run comparison of our path, bare onnxruntime-web and native onnxruntime-node. */
  threads: { type: 'string', default: '1,2' }, 'no-native': { type: 'boolean', default: false }, 'no-static': { type: 'boolean', default: false },
} });
const STATIC_DIR = 'models/comptoir-corpus-static';
const E5_DIR = 'models/e5-small-random-int8';
const corpus = readBundle('public/corpus');
const N = corpus.chunks.length;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

// ---------- 1. corpus-learnt static model, through the new path ----------
// `--no-static` skips it (the runtime comparison alone).
if (!values['no-static']) await staticModelSection();
async function staticModelSection(): Promise<void> {
  if (!existsSync(STATIC_DIR)) execFileSync('npx', ['tsx', 'scripts/models-corpus.ts'], { stdio: 'inherit' });
  const today = loadEngine();
  const { embedder: staticEmbedder, sha256: staticSha } = await nodeEmbedder(STATIC_DIR);
  let neural;
  const bundled = corpus.manifest.embedding?.model === staticEmbedder.config.id && corpus.manifest.embedding.sha256 === staticSha;
  let staticEmbedS = 0;
  if (bundled) {
    neural = readEmbeddings(new Uint8Array(readFileSync('public/corpus/embedding-vectors.bin')), { corpus: corpusFingerprint(corpus.chunks), sha256: staticSha }).store;
  } else {
    const t = performance.now();
    neural = await embedAll(staticEmbedder, corpus.chunks, staticEmbedder.config.dims);
    staticEmbedS = (performance.now() - t) / 1000;
  }
  // Same vectors through the new path in the corpus vectors' slot ('replace'): must reproduce
  // today's figures. 'join' adds them as a third ranking (here: the same vectors counted twice).
  const viaPath = loadEngine();
  viaPath.attachEmbeddings(neural, 'replace');
  const sets: { key: string; questions: EvalQuestion[] }[] = setsUsedBy('bench:embed')
    .map((set) => ({ key: set.name, questions: parseQuestions(readFileSync(set.path, 'utf8')) }));
  sets.push({ key: 'titles', questions: titleQueries(viaPath.corpus.fiches) });
  console.log(`\n== Corpus-learnt static model through tokenizer.json + onnxruntime-web (vectors ${bundled ? 'from corpus:embed' : `embedded now in ${staticEmbedS.toFixed(1)} s`}) vs today's hybrid ==`);
  console.log('set        n    today r@5  MRR    | new path r@5  MRR    | Δr@5    | joined r@5  MRR');
  const ficheTerms = new Map<string, Set<string>>();
  for (const c of corpus.chunks) {
    let set = ficheTerms.get(c.ficheId);
    if (!set) ficheTerms.set(c.ficheId, (set = new Set()));
    for (const t of analyze(`${c.path.join(' ')} ${c.text}`)) set.add(t);
  }
  const noShared: { question: string; today: number; path: number; lexical: number }[] = [];
  const lexical = loadEngine('public/corpus', { lexical: true });
  const staticRows: Record<string, { today: number; path: number }> = {};
  for (const { key, questions } of sets) {
    const qs = questions.filter((q) => q.ids.length);
    const vectors = await staticEmbedder.embed(qs.map((q) => q.question), 'query');
    const byQ = new Map(qs.map((q, i) => [q.question, vectors[i]!]));
    const a = evaluate(today, qs).metrics;
    const opts = (q: EvalQuestion) => {
      const v = byQ.get(q.question);
      return v && v.some((x) => x !== 0) ? { queryVector: v } : {};
    };
    viaPath.attachEmbeddings(neural, 'join');
    const j = evaluate(viaPath, qs, 10, opts).metrics;
    viaPath.attachEmbeddings(neural, 'replace');
    const b = evaluate(viaPath, qs, 10, opts);
    staticRows[key] = { today: a['recall@5'], path: b.metrics['recall@5'] };
    console.log(`${key.padEnd(10)} ${String(qs.length).padEnd(4)} ${pct(a['recall@5']).padStart(8)}  ${a.mrr.toFixed(3)}  | ${pct(b.metrics['recall@5']).padStart(8)}     ${b.metrics.mrr.toFixed(3)}  | ${((b.metrics['recall@5'] - a['recall@5']) * 100).toFixed(1).padStart(4)} pts | ${pct(j['recall@5']).padStart(8)}  ${j.mrr.toFixed(3)}`);
    if (key === 'titles') continue;
    for (const q of qs) {
      const words = new Set(analyze(q.question));
      if ([...words].some((t) => q.ids.some((id) => ficheTerms.get(id)?.has(t)))) continue;
      const rank = (engine: typeof today, o = {}) => engine.search(q.question, { k: 10, ...o }).hits.findIndex((h) => q.ids.includes(h.fiche.id)) + 1;
      noShared.push({ question: q.question, today: rank(today), path: rank(viaPath, opts(q)), lexical: rank(lexical) });
    }
  }
  console.log(`Questions sharing no word with their fiche (after analysis): ${noShared.length}`);
  for (const r of noShared) console.log(`  rank words-only ${r.lexical || '-'} · today ${r.today || '-'} · new path ${r.path || '-'}  « ${r.question} »`);
}

// ---------- 2. e5-small-sized model ----------
if (!existsSync(E5_DIR)) execFileSync('npx', ['tsx', 'scripts/models-random.ts', '--precision', 'int8'], { stdio: 'inherit' });
const sampleSize = Number(values.sample);
const step = Math.max(1, Math.floor(N / sampleSize));
const sample = corpus.chunks.filter((_, i) => i % step === 0).slice(0, sampleSize).map(passageText);
const queries = parseQuestions(readFileSync(setPath('dev'), 'utf8')).slice(0, 30).map((q) => q.question);
let t = performance.now();
const { embedder: e5 } = await nodeEmbedder(E5_DIR);
const nodeLoadS = (performance.now() - t) / 1000;
const tokens = sample.map((s) => e5.encode(s, 'passage').length);
const meanTokens = tokens.reduce((a, b) => a + b, 0) / tokens.length;
t = performance.now();
await e5.embed(sample, 'passage');
const nodeChunksPerS = sample.length / ((performance.now() - t) / 1000);
const qms: number[] = [];
for (const q of queries) {
  t = performance.now();
  await e5.embed([q], 'query');
  qms.push(performance.now() - t);
}
const peakMB = process.resourceUsage().maxRSS / 1024;
const params = encoderParams(E5_SMALL_SHAPE);
const modelMB = readFileSync(`${E5_DIR}/model.onnx`).length / 1e6;
console.log(`\n== e5-small-sized encoder (XLM-R, ${params.toLocaleString('en')} params, int8 ONNX ${modelMB.toFixed(1)} MB, random weights) ==`);
console.log(`sample: ${sample.length} chunks spread over the corpus, ${meanTokens.toFixed(0)} tokens each on average (max 512)`);
console.log(`Node 20, WASM 1 thread: load ${nodeLoadS.toFixed(1)} s, ${nodeChunksPerS.toFixed(2)} chunks/s, query p50 ${percentile(qms, 0.5).toFixed(0)} ms / p95 ${percentile(qms, 0.95).toFixed(0)} ms, peak RSS ${peakMB.toFixed(0)} MB`);

// Same run, same chunks and token ids, each in its own process: our path, onnxruntime-web alone,
// native onnxruntime-node (installed on demand). Ratios within one run survive a shared machine's load.
const runtimes: EmbedRuntimeResult[] = [];
for (const threads of values.threads!.split(',').map(Number)) {
  for (const path of ['app', 'web', ...(values['no-native'] ? [] : ['native'] as const)] as const) {
    const r = runEmbedRuntime(path, threads, E5_DIR, sample);
    runtimes.push(r);
    const label = { app: 'our path (tokenizer, batches, pooling) on onnxruntime-web', web: 'onnxruntime-web alone (WASM)', native: `onnxruntime-node ${ONNXRUNTIME_NODE_VERSION} (native CPU)` }[path];
    console.log(r.error ? `${label}, ${threads} thread(s): failed (${r.error})`
      : `${label}, ${threads} thread(s): ${r.chunksPerS.toFixed(2)} chunks/s, ${r.chunksPerCpuS.toFixed(2)} per CPU-second${r.tokenizeMsPerChunk !== undefined ? `, tokenizer ${r.tokenizeMsPerChunk.toFixed(1)} ms per chunk` : ''} · load average ${loadavg()[0]!.toFixed(2)}`);
  }
}
const rt = (path: string, threads: number) => runtimes.find((r) => r.path === path && r.threads === threads && !r.error);
const ratios: Record<string, number> = {};
for (const threads of [...new Set(runtimes.map((r) => r.threads))]) {
  const [app, web, nat] = [rt('app', threads), rt('web', threads), rt('native', threads)];
  const parts: string[] = [];
  if (app && web) parts.push(`our path ÷ onnxruntime-web alone ${(app.chunksPerS / web.chunksPerS).toFixed(2)}× (per CPU-second ${(app.chunksPerCpuS / web.chunksPerCpuS).toFixed(2)}×)`);
  if (web && nat) parts.push(`onnxruntime-web ÷ native ${(web.chunksPerS / nat.chunksPerS).toFixed(2)}× (per CPU-second ${(web.chunksPerCpuS / nat.chunksPerCpuS).toFixed(2)}×)`);
  if (app && nat) parts.push(`our path ÷ native ${(app.chunksPerS / nat.chunksPerS).toFixed(2)}×`);
  if (parts.length) console.log(`${threads} thread(s): ${parts.join(' · ')}`);
  if (web && nat) ratios[`web_native_ratio_${threads}t`] = round(web.chunksPerS / nat.chunksPerS);
  if (app && web) ratios[`app_web_ratio_${threads}t`] = round(app.chunksPerS / web.chunksPerS);
}
const first = Math.min(...runtimes.map((r) => r.threads));
const last = Math.max(...runtimes.map((r) => r.threads));
for (const path of ['app', 'web', 'native']) {
  const [a, b] = [rt(path, first), rt(path, last)];
  if (a && b && last > first) console.log(`${path}: ${last} threads ÷ ${first}: ${(b.chunksPerS / a.chunksPerS).toFixed(2)}×`);
}

interface BrowserRow { label: string; loadMs: number; ep: string; threads: number; chunksPerS: number; p50: number; p95: number }
const browser: BrowserRow[] = [];
if (!values['no-browser']) {
  await buildEmbedHarness();
  const bsample = sample.slice(0, Number(values['browser-sample']));
  const configs = [
    { label: 'Chromium WASM 1 thread', isolated: false, backend: 'wasm' as const, n: bsample.length },
    { label: 'Chromium WASM all threads (cross-origin isolated)', isolated: true, backend: 'wasm' as const, n: bsample.length },
    { label: 'Chromium WebGPU on SwiftShader (emulated on the CPU)', isolated: false, backend: 'webgpu' as const, n: Math.min(4, bsample.length) },
  ];
  const b = await launch();
  for (const c of configs) {
    const h = await serveEmbedHarness('models', { isolated: c.isolated });
    const page = await b.newPage();
    try {
      await page.goto(h.url);
      await page.waitForFunction(() => Boolean(window.embedWorker));
      const r = await page.evaluate(async ({ texts, queries, backend }) => {
        const w = window.embedWorker;
        const info = await w.load({ baseUrl: location.href, id: 'e5-small-random-int8' }, { backend });
        let t = performance.now();
        await w.embed(texts, 'passage');
        const chunksPerS = texts.length / ((performance.now() - t) / 1000);
        const ms: number[] = [];
        for (const q of queries) {
          t = performance.now();
          await w.embed([q], 'query');
          ms.push(performance.now() - t);
        }
        return { info, chunksPerS, ms };
      }, { texts: bsample.slice(0, c.n), queries: queries.slice(0, 8), backend: c.backend });
      browser.push({ label: c.label, loadMs: r.info.loadMs, ep: r.info.executionProvider, threads: r.info.threads, chunksPerS: r.chunksPerS, p50: percentile(r.ms, 0.5), p95: percentile(r.ms, 0.95) });
    } catch (err) {
      console.log(`${c.label}: failed (${(err as Error).message.split('\n')[0]})`);
    } finally {
      await page.close();
      await h.close();
    }
  }
  await b.close();
  for (const r of browser) console.log(`${r.label}: provider ${r.ep}, ${r.threads} thread(s), load ${(r.loadMs / 1000).toFixed(1)} s, ${r.chunksPerS.toFixed(2)} chunks/s, query p50 ${r.p50.toFixed(0)} ms / p95 ${r.p95.toFixed(0)} ms`);
}

const dims = E5_SMALL_SHAPE.hidden;
console.log(`Vector store, full corpus (${N} chunks × ${dims} d): float32 ${(N * dims * 4 / 1e6).toFixed(1)} MB, int8 + scales ${((N * dims + N * 4) / 1e6).toFixed(1)} MB`);
const wasm1 = browser.find((r) => r.label.includes('1 thread'));
const wasmAll = browser.find((r) => r.label.includes('all threads'));
const best = Math.max(nodeChunksPerS, wasmAll?.chunksPerS ?? 0, wasm1?.chunksPerS ?? 0);
const corpusEmbedS = N / best;
console.log(`Whole corpus on this machine (2 shared cores), extrapolated from the sample at the best measured rate (${best.toFixed(2)} chunks/s): ${(corpusEmbedS / 3600).toFixed(1)} h`);
// A desk GPU, from published figures: FLOPs per chunk (2 × non-embedding params per token + attention)
// over an Intel Iris Xe's published fp32 peak (~2.2 TFLOPS) at an assumed 25 % efficiency in WebGPU.
const h = E5_SMALL_SHAPE.hidden;
const perLayer = 4 * h * h + 2 * h * E5_SMALL_SHAPE.ffn;
const flopsPerChunk = meanTokens * E5_SMALL_SHAPE.layers * (2 * perLayer + 4 * meanTokens * h);
const deskS = (N * flopsPerChunk) / (2.2e12 * 0.25);
console.log(`Whole corpus on a desk GPU (estimate: ${(flopsPerChunk / 1e9).toFixed(1)} GFLOP per chunk, Iris Xe ~2.2 TFLOPS fp32 peak at 25 %): ~${(deskS / 60).toFixed(0)} min`);
const q95 = percentile(qms, 0.95);
console.log(JSON.stringify({
  model: 'multilingual-e5-small (architecture, random weights, int8)', params, node_chunks_per_s: round(nodeChunksPerS),
  chromium_wasm_chunks_per_s: round(wasmAll?.chunksPerS ?? wasm1?.chunksPerS ?? 0), query_p95_ms: round(q95), corpus_embed_s: Math.round(corpusEmbedS),
  ...Object.fromEntries(runtimes.filter((r) => !r.error).map((r) => [`${r.path}_${r.threads}t_chunks_per_s`, round(r.chunksPerS)])), ...ratios,
}));

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
