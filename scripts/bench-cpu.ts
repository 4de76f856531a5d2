/**
 * npm run bench:cpu [-- --models id,id --decode 24 --threads 1,2 --passages 5 --keep] [--cpu-prompt [--typed]] [--no-native]
 * Experiment flags (docs/BENCH-CPU.md, docs/journal/BENCH-CPU.md): --layers N keeps the first N layers, --scales
 * realistic|random-bytes|legacy chooses how the random blocks get their scales, --llama key=value,…
 * overrides llama.cpp settings (n_batch, n_ubatch, flash_attn…).
 * After each browser run, native llama.cpp (node-llama-cpp's prebuilt CPU binary, installed on
 * demand) reads the same prompt from the same file on as many threads, and the ratios are printed.
 * The CPU engine (wllama in its worker, through our client) in headless Chromium, cross-origin
 * isolated, on stories260K and on each CPU catalog model rebuilt with its exact architecture,
 * Q4_K_M types and real tokenizer but random weights (written to .bench-cpu/, git-ignored, at
 * bench time). Prompt: our own pipeline's (system prompt + 5 packed passages for a desk question).
 * Per model: file size, load time, prefill tok/s, decode tok/s, time to first token, peak memory
 * (Chromium processes' RSS above the idle baseline), on 1 thread and on every core. The last
 * line is one JSON object with the all-threads figures.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CPU_CATALOG, type CpuModel, type CpuQuantization } from '../src/llm/catalogs/cpuModels';
import { TEST_CPU_MODEL } from '../src/lab/testModel';
import type { TestHarness } from '../src/lab/testHarness';
import { primingMessages } from '../src/rag/prompts';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/chromiumPath';
import { benchModelFile } from './lib/benchModels';
import { openTestPage, serveTestBuild } from './lib/benchPage';
import { processesBelow, settle, threadCpu, threadCpuSplit, totals } from './lib/processMemory';
import { DESK_QUESTION as QUESTION, deskCpuPrompt, deskRagPrompt } from './lib/benchPrompt';
import type { BlockScales } from './lib/ggufWriter';
import { llamaOverrides } from './lib/llamaOverrides';
import { ensureNativeLlama, nativeRun, NODE_LLAMA_CPP_VERSION, type NativeRun } from './lib/nativeLlama';

const { values } = parseArgs({
  options: {
    models: { type: 'string' },
    decode: { type: 'string', default: '24' },
    'skip-1-thread': { type: 'boolean', default: false },
    /** Thread counts to run, e.g. "1" on a busy machine; default 1 and every core. */
    threads: { type: 'string' },
    keep: { type: 'boolean', default: false },
    /** Passages in the prompt (a shorter slice of the same prompt for the slowest models). */
    passages: { type: 'string', default: '5' },
    /** Passages for the models of 1 B parameters and more, when their full prompt would take too long here. */
    'passages-1b': { type: 'string' },
    layers: { type: 'string' },
    scales: { type: 'string', default: 'realistic' },
    /** Another published quantization of the same models: Q4_K_M (the catalog's), Q4_0 or Q8_0. */
    quant: { type: 'string' },
    /**
     * The prompt the app sends on CPU (compact system prompt, passages trimmed to --passage-tokens),
     * measured cold (cache off), then primed (system prompt alone) and warm (the question reuses it).
     */
    'cpu-prompt': { type: 'boolean', default: false },
    'passage-tokens': { type: 'string', default: '100' },
    /** With --cpu-prompt: the prime also reads the question, as the app does while the agent types it. */
    typed: { type: 'boolean', default: false },
    /** llama.cpp load settings that override the worker's, `key=value,…` (experiments: n_batch, n_ubatch, flash_attn…). */
    llama: { type: 'string', default: '' },
    /** Skip the native yardstick (node-llama-cpp on the same file, threads and prompt). */
    'no-native': { type: 'boolean', default: false },
  },
});
const DIR = '.bench-cpu';
const llama = llamaOverrides(values.llama!);
const decodeTokens = Number(values.decode);
// Smallest first, the biggest last: if it is too slow to finish, the others are already printed.
const order = [...CPU_CATALOG].sort((a, b) => a.paramsB - b.paramsB);
const wanted = values.models ? values.models.split(',') : [TEST_CPU_MODEL.id, ...order.map((m) => m.id)];
const scales = values.scales as BlockScales;
if (!['realistic', 'random-bytes', 'legacy'].includes(scales)) throw new Error(`--scales ${scales}: realistic, random-bytes or legacy`);
const layers = values.layers ? Number(values.layers) : undefined;
const quant = values.quant as CpuQuantization | undefined;
if (quant && !['Q4_K_M', 'Q4_0', 'Q8_0'].includes(quant)) throw new Error(`--quant ${quant}: Q4_K_M, Q4_0 or Q8_0`);
const variant = (m: CpuModel): CpuModel => (m.testOnly || (!layers && scales === 'realistic' && (!quant || quant === m.quantization)) ? m : {
  ...m, id: `${m.id}~${quant ?? m.quantization}~${layers ?? m.architecture.layers}L~${scales}`, quantization: quant ?? m.quantization,
  architecture: { ...m.architecture, layers: layers ?? m.architecture.layers },
});
const models: CpuModel[] = [TEST_CPU_MODEL, ...order].filter((m) => wanted.includes(m.id)).map(variant);
if (!chromiumPath()) {
  console.log('bench:cpu needs Debian chromium at /usr/bin/chromium.');
  process.exit(0);
}

async function ragPrompt(passages: number) {
  const p = await deskRagPrompt(passages);
  console.log(`prompt: system + ${p.sources} passages + question, ${p.chars} characters${layers || scales !== 'realistic' ? ` · experiment: ${layers ?? 'all'} layers, ${scales} scales` : ''}`);
  return p.messages;
}
async function cpuPrompt(passages: number) {
  const budget = Number(values['passage-tokens']);
  const p = await deskCpuPrompt(passages, budget);
  console.log(`prompt (CPU, compact): system + ${p.sources} passages trimmed to ${budget} tokens + question, ${p.chars} characters`);
  return p.messages;
}
const warmRun = values['cpu-prompt'];
const promptFor = warmRun ? cpuPrompt : ragPrompt;
const messages = await promptFor(Number(values.passages));
const messages1b = values['passages-1b'] === undefined ? messages : await promptFor(Number(values["passages-1b"]));

mkdirSync(DIR, { recursive: true });
const modelFile = (model: CpuModel) => benchModelFile(DIR, model, scales, (path, bytes, seconds) =>
  console.log(`  wrote ${path}: ${(bytes / 2 ** 20).toFixed(0)} MiB = ${(bytes / 1e6).toFixed(0)} MB in ${model.quantization} (published ${CPU_CATALOG.find((c) => model.id.startsWith(c.id))?.quantization ?? ''} file: ${model.fileMB} MB) in ${seconds.toFixed(1)} s`));

/** Threads named in the split: llama.cpp's compute threads (wllama's worker is the first) and our worker around it. */
const threadsShown = (threads: number) => threads + 1;

/** RSS (MiB) and CPU time (s) of every process below this one: Chromium's browser, renderer and helpers. */
const children = () => totals(processesBelow(process.pid, false));
const childrenRssMiB = () => children().rssMiB;

const server = await serveTestBuild('bench-cpu', DIR);
// BENCH_CPU_CHROMIUM_ARGS adds flags, e.g. "--js-flags=--perf-basic-prof" to profile wllama's wasm with Linux perf.
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...(process.env.BENCH_CPU_CHROMIUM_ARGS?.split(' ').filter(Boolean) ?? [])] });
type W = Window & { __comptoirTest: TestHarness; __engine?: InstanceType<TestHarness['LabWllamaEngine']> };
interface Warm { primeTokens: number; primeS: number; ttftMs: number; promptTokens: number; cachedTokens: number; prefilled: number; prefillTps: number; same: boolean }
interface Row { threads: number; loadS: number; promptTokens: number; prefillTps: number; decodeTps: number; ttftMs: number; peakMiB: number; completion: number; cpuRates: { prefill: number; decode: number }; warm?: Warm }
const summary: Record<string, {
  params: number; threads: number; prefill_tps: number; decode_tps: number; ttft_ms: number; peak_mb: number; ttft_warm_ms?: number; prefilled_warm?: number;
  native_prefill_tps?: number; native_decode_tps?: number; prefill_ratio?: number; decode_ratio?: number;
}> = {};
// The yardstick: native llama.cpp on the same file, threads and prompt, right after each browser run.
const native = values['no-native'] ? undefined : ensureNativeLlama();
if (native && 'error' in native) console.log(`native llama.cpp: not measured (${native.error})`);
const nativeDir = native && 'dir' in native ? native.dir : undefined;
// On a slow or busy machine the biggest model may not finish: Ctrl-C still prints what was measured.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.log(`(interrupted: ${Object.keys(summary).length} of ${models.length} models measured)`);
    console.log(JSON.stringify(summary));
    process.exit(130);
  });
}
try {
  const page = await openTestPage(browser, server.url);
  const env = await page.evaluate(() => ({ cores: navigator.hardwareConcurrency, isolated: crossOriginIsolated }));
  console.log(`Chromium: ${env.cores} cores, crossOriginIsolated ${env.isolated}; host: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), shared`);
  for (const model of models) {
    const path = modelFile(model);
    const fileMiB = statSync(path).size / 2 ** 20;
    const threadsList = values.threads ? values.threads.split(',').map(Number) : values['skip-1-thread'] || env.cores === 1 ? [env.cores] : [1, env.cores];
    // The highest peak of the model's runs: memory released by the previous run's worker may not
    // be back yet when the next run takes its baseline.
    let modelPeakMiB = 0;
    for (const threads of threadsList) {
      await settle(childrenRssMiB);
      const loadBefore = loadavg()[0]!;
      const baseline = childrenRssMiB();
      let peak = baseline;
      const timer = setInterval(() => (peak = Math.max(peak, childrenRssMiB())), 250);
      // stories260K has a 512-token context: it gets the question alone (with the compact system
      // prompt on a longer context for the warm run: llama.cpp runs it, in nonsense either way).
      const contextWindow = model.testOnly ? (warmRun ? 1024 : 512) : model.contextWindow;
      const prompt = model.testOnly
        ? [...(warmRun ? primingMessages('compact').slice(0, 1) : []), { role: 'user' as const, content: QUESTION }]
        : model.paramsB >= 1 ? messages1b : messages;
      const loaded = await page.evaluate(async ({ id, url, contextWindow, threads, llama }) => {
        const w = window as unknown as W;
        await w.__engine?.unload();
        const engine = new w.__comptoirTest.LabWllamaEngine({ id, url, contextWindow, threads, cache: false, llama });
        const t0 = performance.now();
        await engine.load(() => {});
        const loadS = (performance.now() - t0) / 1000;
        w.__engine = engine;
        return { loadS, threads: engine.info!.threads };
      }, { id: model.id, url: `/models/${model.id}/${model.file}`, contextWindow, threads, llama });
      // Warm first, on the fresh engine: what the app does after a load (prime the system
      // prompt), then the question. The cold run after it has the cache off.
      const warmRaw = !warmRun ? undefined : await page.evaluate(async ({ prompt, priming, decodeTokens }) => {
        const engine = (window as unknown as W).__engine!;
        await engine.prime(priming);
        const t1 = performance.now();
        let first = 0;
        const out = await engine.chat({ messages: prompt, maxTokens: decodeTokens, temperature: 0, onToken: () => (first ||= performance.now()) });
        return {
          primeTokens: engine.lastPrime?.prefilledTokens ?? 0, primeS: engine.lastPrime?.seconds ?? NaN, ttftMs: first ? first - t1 : NaN,
          promptTokens: out.stats.promptTokens ?? 0, cachedTokens: out.stats.cachedTokens ?? 0, prefilled: out.stats.prefilledTokens ?? 0,
          prefillTps: out.stats.prefillTokensPerSecond ?? 0, text: out.text,
        };
      }, { prompt, priming: primingMessages('compact', values.typed && !model.testOnly ? QUESTION : ''), decodeTokens });
      const cpuBefore = children().cpuS;
      const threadsBefore = threadCpu();
      const gen = await page.evaluate(async ({ prompt, decodeTokens, warmRun }) => {
        const w = window as unknown as W;
        const engine = w.__engine!;
        const t1 = performance.now();
        let first = 0;
        // Cold: every prompt token prefilled (the cache is off for this request).
        const out = await engine.chat({ messages: prompt, maxTokens: decodeTokens, temperature: 0, onToken: () => (first ||= performance.now()) }, { cachePrompt: !warmRun });
        return {
          promptTokens: out.stats.promptTokens ?? 0, completion: out.stats.completionTokens ?? 0, text: out.text,
          prefillTps: out.stats.prefillTokensPerSecond ?? 0, decodeTps: out.stats.decodeTokensPerSecond ?? 0, ttftMs: first ? first - t1 : NaN,
        };
      }, { prompt, decodeTokens, warmRun });
      const cpuUsed = children().cpuS - cpuBefore;
      // Which of Chromium's threads used the CPU during the cold read: llama.cpp's, or the page's own work.
      const threadSplit = threadCpuSplit(threadsBefore, threadCpu(), threadsShown(threads));
      // On this shared machine wall-clock rates are deflated by other engineers' work: with one
      // thread, tokens per CPU-second is what an idle core would do. The CPU time is split
      // between prefill and decode in proportion to their wall-clock durations.
      const prefillWall = gen.promptTokens / (gen.prefillTps || Infinity);
      const decodeWall = gen.completion / (gen.decodeTps || Infinity);
      const share = prefillWall / (prefillWall + decodeWall || 1);
      const cpuRates = { prefill: gen.promptTokens / (cpuUsed * share || Infinity), decode: gen.completion / (cpuUsed * (1 - share) || Infinity) };
      const warm: Warm | undefined = warmRaw && { ...warmRaw, same: warmRaw.text === gen.text };
      const row = { ...loaded, ...gen, cpuRates, warm };
      clearInterval(timer);
      peak = Math.max(peak, childrenRssMiB());
      const r: Row = { ...row, peakMiB: peak - baseline };
      await page.evaluate(async () => {
        const w = window as unknown as W;
        await w.__engine?.unload();
        w.__engine = undefined;
      });
      let nat: NativeRun | undefined;
      if (nativeDir) {
        try {
          nat = await nativeRun(nativeDir, path, { messages: prompt, threads: r.threads, contextWindow, decodeTokens });
        } catch (err) {
          console.log(`  native llama.cpp failed: ${(err as Error).message.split('\n')[0]}`);
        }
      }
      console.log(`${model.id} (${model.paramsB} B, ${fileMiB.toFixed(0)} MiB) · ${r.threads} thread${r.threads > 1 ? 's' : ''}: load ${r.loadS.toFixed(1)} s · prompt ${r.promptTokens} tokens · prefill ${r.prefillTps.toFixed(1)} tok/s · decode ${r.decodeTps.toFixed(1)} tok/s (${r.completion} tokens) · TTFT ${(r.ttftMs / 1000).toFixed(2)} s · peak +${r.peakMiB.toFixed(0)} MiB · per CPU-second: prefill ${r.cpuRates.prefill.toFixed(1)} tok/s, decode ${r.cpuRates.decode.toFixed(1)} tok/s · load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after`);
      console.log(`  Chromium's threads during the cold read: ${threadSplit}`);
      if (nat) {
        console.log(`  native llama.cpp (node-llama-cpp ${NODE_LLAMA_CPP_VERSION}, CPU): prompt ${nat.promptTokens} tokens · prefill ${nat.prefillTps.toFixed(1)} tok/s · decode ${nat.decodeTps.toFixed(1)} tok/s · TTFT ${(nat.ttftMs / 1000).toFixed(2)} s · per CPU-second: prefill ${nat.cpuRates.prefill.toFixed(1)}, decode ${nat.cpuRates.decode.toFixed(1)} · load average ${loadavg()[0]!.toFixed(2)}`);
        console.log(`  wllama ÷ native: prefill ${(r.prefillTps / nat.prefillTps).toFixed(2)}×, decode ${(r.decodeTps / nat.decodeTps).toFixed(2)}× (per CPU-second: ${(r.cpuRates.prefill / nat.cpuRates.prefill).toFixed(2)}×, ${(r.cpuRates.decode / nat.cpuRates.decode).toFixed(2)}×) · TTFT ×${(r.ttftMs / nat.ttftMs).toFixed(1)}`);
      }
      if (r.warm) console.log(`  warm: primed ${r.warm.primeTokens} tokens in ${r.warm.primeS.toFixed(1)} s · then the question: ${r.warm.prefilled} of ${r.warm.promptTokens} prompt tokens prefilled (${r.warm.cachedTokens} from the cache) · prefill ${r.warm.prefillTps.toFixed(1)} tok/s · TTFT ${(r.warm.ttftMs / 1000).toFixed(2)} s (cold ${(r.ttftMs / 1000).toFixed(2)} s, ×${(r.ttftMs / r.warm.ttftMs).toFixed(1)} faster) · same text as cold: ${r.warm.same} · load average ${loadavg()[0]!.toFixed(2)}`);
      modelPeakMiB = Math.max(modelPeakMiB, r.peakMiB);
      if (threads === Math.max(...threadsList)) {
        summary[model.id] = {
          params: Math.round(model.paramsB * 1e9), threads: r.threads, prefill_tps: Number(r.prefillTps.toFixed(1)),
          decode_tps: Number(r.decodeTps.toFixed(1)), ttft_ms: Math.round(r.ttftMs), peak_mb: Math.round(modelPeakMiB),
          ...(r.warm ? { ttft_warm_ms: Math.round(r.warm.ttftMs), prefilled_warm: r.warm.prefilled } : {}),
          ...(nat ? {
            native_prefill_tps: Number(nat.prefillTps.toFixed(1)), native_decode_tps: Number(nat.decodeTps.toFixed(1)),
            prefill_ratio: Number((r.prefillTps / nat.prefillTps).toFixed(3)), decode_ratio: Number((r.decodeTps / nat.decodeTps).toFixed(3)),
          } : {}),
        };
      }
    }
  }
} finally {
  await browser.close();
  server.close();
  if (!values.keep) for (const m of models) if (!m.testOnly) rmSync(join(DIR, m.id), { recursive: true, force: true });
}
console.log(JSON.stringify(summary));
process.exit(0);
