/**
 * npm run bench:cpu-memory [-- --models id,id --threads 1 --decode 8 --app-path --profile disk --llama n_parallel=1]
 * Where the CPU engine's memory goes, per Chromium process and per phase of the app's flow: a
 * fresh engine loads the model (as bench:cpu writes it: real size, random weights), primes the
 * compact system prompt (as the model controller does), answers the desk question warm, then the
 * same question cold (cache off, as bench:cpu --cpu-prompt does), and unloads. After each phase:
 * RSS and PSS per process kind (browser, renderer, GPU, utility), the phase's peak (sampled every
 * 250 ms) and the renderer's largest mappings (a wasm memory is one anonymous mapping).
 * `--app-path` loads as the app does (cache on): the first load downloads and keeps a copy in the
 * Cache API, then the engine is unloaded and loaded again from that copy, as on every later visit.
 * `--profile disk` gives Chromium a profile on disk (a desk PC); the default, like Playwright,
 * incognito and kiosk sessions, has none, and the Cache API then lives in memory.
 * `--llama key=value,…` overrides llama.cpp load settings (experiments).
 * The last line is one JSON object: `{"<model id>": {"file_mib": N, "peak_pss_mib": N, "peak_rss_mib": N, "phases": {...}}}`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import type { CpuModel } from '../src/llm/catalogs/cpuModels';
import type { TestHarness } from '../src/lab/testHarness';
import { primingMessages } from '../src/rag/prompts';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/chromiumPath';
import { benchModelFile } from './lib/benchModels';
import { catalogModels, openTestPage, serveTestBuild } from './lib/benchPage';
import { deskCpuPrompt } from './lib/benchPrompt';
import { llamaOverrides } from './lib/llamaOverrides';
import { largestMappings, processesBelow, settle, totals, type ProcessMemory } from './lib/processMemory';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'Qwen2.5-0.5B-Instruct-Q8_0-GGUF' },
    threads: { type: 'string', default: '1' },
    decode: { type: 'string', default: '8' },
    passages: { type: 'string', default: '1' },
    'passage-tokens': { type: 'string', default: '100' },
    'app-path': { type: 'boolean', default: false },
    profile: { type: 'string', default: 'memory' },
    llama: { type: 'string', default: '' },
    /** Skip the cold question (cache off), which the app never asks. */
    'no-cold': { type: 'boolean', default: false },
    mappings: { type: 'boolean', default: false },
    /** Only load and unload (what llama.cpp allocates up front: weights, KV cache, compute buffers). */
    'load-only': { type: 'boolean', default: false },
    /** Context window instead of the catalog's. */
    ctx: { type: 'string' },
    /**
     * Let the app load its own start-up model beside the bench's engine, as the plain page does
     * (the models in .bench-cpu/ are on the origin, and the app loads the policy's pick).
     * The baseline waits for the page to settle, so that engine lands in the baseline: the
     * baseline and `--mappings` (two wasm memories) show it, not the phases' figures.
     */
    'app-engine': { type: 'boolean', default: false },
  },
});
const DIR = '.bench-cpu';
const models = catalogModels(values.models!);
if (!chromiumPath()) {
  console.log('bench:cpu-memory needs Debian chromium at /usr/bin/chromium.');
  process.exit(0);
}
const llama = llamaOverrides(values.llama!);
const decode = Number(values.decode);
const { messages: prompt } = await deskCpuPrompt(Number(values.passages), Number(values['passage-tokens']));

const KINDS = ['browser', 'renderer', 'gpu-process', 'utility'] as const;
const kindOf = (p: ProcessMemory) => KINDS.find((k) => p.kind === k || p.kind.startsWith(`${k}:`)) ?? 'other';
interface Snapshot { rss: Record<string, number>; pss: Record<string, number>; rssMiB: number; pssMiB: number; shmemMiB: number }
/**
 * The system's shared memory (tmpfs, memfd, shm), MiB: memory no process may map at the moment,
 * e.g. an in-memory profile's blobs, which PSS does not see. Other sessions on the machine move it too.
 */
function systemShmemMiB(): number {
  const m = /^Shmem:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}
function snapshot(): Snapshot {
  const list = processesBelow();
  const rss: Record<string, number> = {};
  const pss: Record<string, number> = {};
  for (const p of list) {
    const k = kindOf(p);
    rss[k] = (rss[k] ?? 0) + p.rssMiB;
    pss[k] = (pss[k] ?? 0) + p.pssMiB;
  }
  const t = totals(list);
  return { rss, pss, rssMiB: t.rssMiB, pssMiB: t.pssMiB, shmemMiB: systemShmemMiB() };
}
/** Thread names of a process, counted (Chromium names a worker's thread « DedicatedWorker thread »). */
function threadNames(pid: number): string {
  const counts = new Map<string, number>();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const name = readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim();
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  } catch {
    // ended
  }
  return [...counts].filter(([n]) => /Worker|wasm|V8/i.test(n)).map(([n, c]) => `${n}×${c}`).join(', ');
}
const rendererPids = () => processesBelow(process.pid, false).filter((p) => p.kind === 'renderer').map((p) => p.pid);

/** Runs `step`, sampling every 250 ms; returns the phase's peak and its end state (both above `base`). */
async function phase<T>(page: Page, name: string, base: Snapshot, step: () => Promise<T>): Promise<{ value: T; row: PhaseRow }> {
  let peakRss = 0;
  let peakPss = 0;
  let peakShmem = 0;
  const sample = () => {
    const s = snapshot();
    peakRss = Math.max(peakRss, s.rssMiB);
    peakPss = Math.max(peakPss, s.pssMiB);
    peakShmem = Math.max(peakShmem, s.shmemMiB);
  };
  const timer = setInterval(sample, 250);
  const t0 = performance.now();
  let value: T;
  try {
    value = await step();
  } finally {
    clearInterval(timer);
  }
  sample();
  const end = snapshot();
  const row: PhaseRow = {
    name, seconds: (performance.now() - t0) / 1000, peakShmem: peakShmem - base.shmemMiB, endShmem: end.shmemMiB - base.shmemMiB, peakPss: peakPss - base.pssMiB, peakRss: peakRss - base.rssMiB, endPss: end.pssMiB - base.pssMiB, endRss: end.rssMiB - base.rssMiB,
    byKind: Object.fromEntries([...new Set([...Object.keys(end.pss), ...Object.keys(base.pss)])].map((k) => [k, { rss: (end.rss[k] ?? 0) - (base.rss[k] ?? 0), pss: (end.pss[k] ?? 0) - (base.pss[k] ?? 0) }])),
  };
  const kinds = Object.entries(row.byKind).filter(([, v]) => Math.abs(v.pss) >= 5 || Math.abs(v.rss) >= 5).map(([k, v]) => `${k} ${sign(v.pss)}/${sign(v.rss)}`).join(' · ');
  console.log(`  ${name.padEnd(22)} ${row.seconds.toFixed(1).padStart(6)} s · peak PSS ${sign(row.peakPss)} (RSS ${sign(row.peakRss)}) · after: PSS ${sign(row.endPss)} (RSS ${sign(row.endRss)}) · per process PSS/RSS: ${kinds} · system shmem peak ${sign(row.peakShmem)}, after ${sign(row.endShmem)}`);
  if (values.mappings) {
    console.log(`      ${page.workers().length} workers`);
    for (const pid of rendererPids()) {
      console.log(`      renderer ${pid}: threads ${threadNames(pid)}`);
      for (const m of largestMappings(pid, 24).slice(0, 6)) console.log(`      renderer ${pid} ${m.range} ${m.name}: size ${m.sizeMiB.toFixed(0)} MiB, RSS ${m.rssMiB.toFixed(0)}, PSS ${m.pssMiB.toFixed(0)}`);
    }
  }
  return { value: value!, row };
}
const sign = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(0)}`;
interface PhaseRow { name: string; seconds: number; peakShmem: number; endShmem: number; peakPss: number; peakRss: number; endPss: number; endRss: number; byKind: Record<string, { rss: number; pss: number }> }

type W = Window & { __comptoirTest: TestHarness; __engine?: InstanceType<TestHarness['LabWllamaEngine']> };
async function loadStep(page: Page, model: CpuModel, cache: boolean) {
  return page.evaluate(async ({ id, url, contextWindow, threads, cache, llama }) => {
    const w = window as unknown as W;
    const engine = new w.__comptoirTest.LabWllamaEngine({ id, url, contextWindow, threads, cache, llama });
    await engine.load(() => {});
    w.__engine = engine;
    return engine.info!.threads;
  }, { id: model.id, url: `/models/${model.id}/${model.file}`, contextWindow: values.ctx ? Number(values.ctx) : model.contextWindow, threads: Number(values.threads), cache, llama });
}
const unloadStep = (page: Page) => page.evaluate(async () => {
  const w = window as unknown as W;
  await w.__engine?.unload();
  w.__engine = undefined;
  // Let the worker's teardown and the collector run before the next snapshot.
  await new Promise((r) => setTimeout(r, 3000));
});
const chatStep = (page: Page, cachePrompt: boolean) => page.evaluate(async ({ prompt, decode, cachePrompt }) => {
  const out = await (window as unknown as W).__engine!.chat({ messages: prompt, maxTokens: decode, temperature: 0, onToken: () => {} }, { cachePrompt });
  return { prompt: out.stats.promptTokens ?? 0, cached: out.stats.cachedTokens ?? 0 };
}, { prompt, decode, cachePrompt });

const profileDir = values.profile === 'disk' ? mkdtempSync(join(tmpdir(), 'bench-cpu-memory-profile-')) : undefined;
const files = new Map(models.map((m) => [m.id, statSync(benchModelFile(DIR, m)).size / 2 ** 20]));
const server = await serveTestBuild('bench-cpu-memory', DIR);
const args = [...CHROMIUM_ARGS, '--js-flags=--expose-gc'];
const context = profileDir
  ? await chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath(), args })
  : await (await chromium.launch({ executablePath: chromiumPath(), args })).newContext();
const summary: Record<string, { file_mib: number; threads: number; peak_pss_mib: number; peak_rss_mib: number; phases: Record<string, { peak_pss_mib: number; end_pss_mib: number }> }> = {};
try {
  const page = await openTestPage(context, server.url, values['app-engine']);
  console.log(`profile: ${profileDir ? 'on disk' : 'in memory (no disk, as Playwright, incognito and kiosk)'} · ${values['app-path'] ? 'app path (cache on)' : 'no cache'} · threads ${values.threads}${Object.keys(llama).length ? ` · llama.cpp overrides ${JSON.stringify(llama)}` : ''} · load average ${loadavg()[0]!.toFixed(2)}`);
  for (const model of models) {
    await page.evaluate(() => (globalThis as unknown as { gc?: () => void }).gc?.());
    await settle(() => snapshot().pssMiB);
    const base = snapshot();
    console.log(`${model.id} (file ${files.get(model.id)!.toFixed(0)} MiB, context ${model.contextWindow}) · baseline PSS ${base.pssMiB.toFixed(0)} MiB, RSS ${base.rssMiB.toFixed(0)} MiB`);
    const rows: PhaseRow[] = [];
    const run = async <T>(name: string, step: () => Promise<T>) => {
      const { value, row } = await phase(page, name, base, step);
      rows.push(row);
      return value;
    };
    const threads = await run(values['app-path'] ? 'load (download, keep)' : 'load', () => loadStep(page, model, values['app-path']!));
    if (values['app-path']) {
      const kept = await page.evaluate(async (url) => Boolean(await (await caches.open('comptoir-gguf')).match(new URL(url, location.href).href)), `/models/${model.id}/${model.file}`);
      console.log(`  the Cache API ${kept ? 'holds' : 'does NOT hold'} the file after the first load`);
      await run('unload', () => unloadStep(page));
      await run('load (from the cache)', () => loadStep(page, model, true));
    }
    if (!values['load-only']) await run('prime', () => page.evaluate(async (priming) => (window as unknown as W).__engine!.prime(priming), primingMessages('compact')));
    const warm = values['load-only'] ? { prompt: 0, cached: 0 } : await run('warm question', () => chatStep(page, true));
    if (!values['no-cold'] && !values['load-only']) await run('cold question', () => chatStep(page, false));
    await run('unload', () => unloadStep(page));
    if (values['app-path']) await page.evaluate(async (url) => (await caches.open('comptoir-gguf')).delete(new URL(url, location.href).href), `/models/${model.id}/${model.file}`);
    if (warm.prompt) console.log(`  warm question: ${warm.prompt} prompt tokens, ${warm.cached} from the cache`);
    summary[model.id] = {
      file_mib: Math.round(files.get(model.id)!), threads,
      peak_pss_mib: Math.round(Math.max(...rows.map((r) => r.peakPss))), peak_rss_mib: Math.round(Math.max(...rows.map((r) => r.peakRss))),
      phases: Object.fromEntries(rows.map((r, i) => [`${i + 1}. ${r.name}`, { peak_pss_mib: Math.round(r.peakPss), end_pss_mib: Math.round(r.endPss) }])),
    };
  }
} finally {
  await context.close();
  server.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
}
console.log(JSON.stringify(summary));
process.exit(0);
