/**
 * npx tsx scripts/repro-cpu-load.ts [-- --models id[,id] --loops 10 --threads 1 --native-log --generate 0]
 * Loads a CPU model again and again through our worker client (WllamaEngine) in headless
 * Chromium, as bench:cpu does, and counts the failed loads with their codes and details. For the
 * intermittent « File read failed: NotReadableError » on large GGUFs (issue 12): catalog models are
 * written to .bench-cpu/ with their real size and random weights (as bench:cpu writes them, kept
 * for the next run), stories260K is the fixture. `--generate N` also asks for N tokens after each
 * load; `--native-log` prints llama.cpp's own log (which backend and device it uses).
 * `--chats N` then streams N answers per load, each after 4 exact token counts as the answer
 * pipeline makes them, and reports any answer that has not ended 60 s later (issue 12's stall);
 * with `--pipeline` each answer is our whole answer pipeline instead (the desk question's passages,
 * the model's CPU budgets, exact token counts), as tests/browser/cpuAnswer.test.ts asks it.
 */
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { cpuGeneration } from '../src/llm/cpuBudget';
import { TEST_CPU_MODEL, type CpuModel } from '../src/llm/cpuCatalog';
import { loadEngine } from '../src/search/node/loadEngine';
import type { TestHarness } from '../src/llm/testHarness';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/chromiumPath';
import { benchModelFile } from './lib/benchModels';
import { catalogModels, openTestPage, serveTestBuild } from './lib/benchPage';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: TEST_CPU_MODEL.id },
    loops: { type: 'string', default: '10' },
    threads: { type: 'string', default: '1' },
    'native-log': { type: 'boolean', default: false },
    generate: { type: 'string', default: '0' },
    chats: { type: 'string', default: '0' },
    'max-tokens': { type: 'string', default: '200' },
    pipeline: { type: 'boolean', default: false },
    /** Extra Chromium flags, e.g. "--disable-features=..." to test a hypothesis. */
    'chromium-args': { type: 'string', default: '' },
  },
});
const DIR = '.bench-cpu';
const models = catalogModels(values.models!);
if (!chromiumPath()) {
  console.log('repro:cpu-load needs Debian chromium at /usr/bin/chromium.');
  process.exit(0);
}

const modelFile = (model: CpuModel) => benchModelFile(DIR, model);

// The search result the app gets for the desk question (plain data: it crosses into the page).
const QUESTION = "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";
const searchResult = values.pipeline ? JSON.parse(JSON.stringify(loadEngine().search(QUESTION, { k: 8, passagesPerFiche: 3 }))) : undefined;

for (const m of models) console.log(`${m.id}: ${(statSync(modelFile(m)).size / 2 ** 20).toFixed(0)} MiB`);
const server = await serveTestBuild('repro-cpu-load', DIR);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...values['chromium-args']!.split(' ').filter(Boolean)] });
type W = Window & { __comptoirTest: TestHarness; __engine?: InstanceType<TestHarness['WllamaEngine']> };
const failures = new Map<string, number>();
let runs = 0;
let chats = 0;
let stalls = 0;
try {
  const page = await openTestPage(browser, server.url);
  if (values['native-log']) page.on('console', (m) => console.log(`  [${m.type()}] ${m.text()}`));
  for (let i = 0; i < Number(values.loops); i++) {
    for (const model of models) {
      const started = performance.now();
      const out = await page.evaluate(async ({ id, url, contextWindow, threads, nativeLog, generate }) => {
        const w = window as unknown as W;
        await w.__engine?.unload();
        w.__engine = undefined;
        const engine = new w.__comptoirTest.WllamaEngine({ id, url, contextWindow, threads, cache: false, nativeLog });
        try {
          await engine.load(() => {});
          w.__engine = engine;
          let text = '';
          if (generate) text = (await engine.chat({ messages: [{ role: 'user', content: 'Bonjour' }], maxTokens: generate, temperature: 0, onToken: () => {} })).text;
          return { ok: true as const, bytes: engine.info!.bytes, text };
        } catch (err) {
          const failure = (err as { failure?: { code: string; message: string; detail: string } }).failure;
          return { ok: false as const, failure: failure ?? { code: '?', message: String(err), detail: '' } };
        }
      }, { id: model.id, url: `/models/${model.id}/${model.file}`, contextWindow: values.pipeline ? model.contextWindow : 512, threads: Number(values.threads), nativeLog: values['native-log'], generate: Number(values.generate) });
      runs++;
      const s = ((performance.now() - started) / 1000).toFixed(1);
      if (out.ok) console.log(`#${i + 1} ${model.id}: loaded ${(out.bytes / 2 ** 20).toFixed(0)} MiB in ${s} s${out.text ? ` · ${JSON.stringify(out.text.slice(0, 40))}` : ''} · load average ${loadavg()[0]!.toFixed(2)}`);
      else {
        const key = `${out.failure.code}: ${out.failure.detail}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
        console.log(`#${i + 1} ${model.id}: FAILED in ${s} s · ${out.failure.code} · « ${out.failure.message} » · ${out.failure.detail} · load average ${loadavg()[0]!.toFixed(2)}`);
      }
      for (let c = 0; out.ok && c < Number(values.chats); c++) {
        chats++;
        const t0 = performance.now();
        const chat = values.pipeline ? await page.evaluate(async ({ question, result, generation }) => {
          const w = window as unknown as W;
          const engine = w.__engine!;
          let deltas = 0;
          const answer = w.__comptoirTest.answerQuestion(question, [], { retrieve: async () => result, engine, budget: generation }, (e) => { if (e.type === 'partial') deltas++; });
          const timeout = new Promise<'stalled'>((r) => setTimeout(() => r('stalled'), 60_000));
          const settled = await Promise.race([answer.then((a) => a.finishReason ?? a.mode), timeout]);
          return { settled, deltas };
        }, { question: QUESTION, result: searchResult, generation: cpuGeneration(model, Number(values.threads)) }) : await page.evaluate(async ({ maxTokens }) => {
          const engine = (window as unknown as W).__engine!;
          const passages = ['Carte nationale d’identité perdue : déclaration de perte.', 'Mineur : présence d’un parent, justificatif de domicile.', 'Timbre fiscal de 25 €.', 'Rendez-vous en mairie équipée.'];
          for (const p of passages) await engine.countTokens(p);
          let deltas = 0;
          const result = engine.chat({ messages: [{ role: 'user', content: `Sources : ${passages.join(' ')} Question : ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?` }], maxTokens, temperature: 0.2, onToken: () => deltas++ });
          const timeout = new Promise<'stalled'>((r) => setTimeout(() => r('stalled'), 60_000));
          const settled = await Promise.race([result.then((r) => r.finishReason), timeout]);
          return { settled, deltas };
        }, { maxTokens: Number(values['max-tokens']) });
        const s2 = ((performance.now() - t0) / 1000).toFixed(1);
        if (chat.settled === 'stalled') {
          stalls++;
          console.log(`  chat ${c + 1}: STALLED after ${chat.deltas} pieces (${s2} s) · load average ${loadavg()[0]!.toFixed(2)}`);
          break;
        }
        if ((c + 1) % 10 === 0) console.log(`  chat ${c + 1}: ${chat.settled}, ${chat.deltas} pieces in ${s2} s · load average ${loadavg()[0]!.toFixed(2)}`);
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
const failed = [...failures.values()].reduce((a, b) => a + b, 0);
console.log(`${runs} loads, ${failed} failed${failed ? `: ${[...failures].map(([k, n]) => `${n}× ${k}`).join('; ')}` : ''}${chats ? ` · ${chats} streamed answers, ${stalls} stalled` : ''}`);
process.exit(failed || stalls ? 1 : 0);
