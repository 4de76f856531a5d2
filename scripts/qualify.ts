/**
 * npm run qualify -- --model <id> [--json] [--models DIR]
 * Qualifies a model on this PC: the app's built-in desk questions (src/rag/qualifyQuestions.jsonl)
 * through the real pipeline, worker and engine, as Paramètres › « Tester ce modèle sur ce poste »
 * runs them — in headless Debian Chromium on the app served with DIR (default models/) as its
 * models. `stories260K` (the test fixture) needs no folder. On a machine with a GPU, pass Chromium
 * flags in BENCH_CHROMIUM_ARGS (e.g. "--use-angle=vulkan").
 * `--model scripted[:mistake]` runs the same questions in Node on a scripted engine, correct
 * (`scripted`) or making one of small models' mistakes (src/lab/scriptedMistakes.ts).
 * Prints each figure with its threshold and the verdict; with --json the last line is one JSON object.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { gpuModel } from '../src/llm/catalogs/gpuModels';
import { cpuModel } from '../src/llm/catalogs/cpuModels';
import { TEST_CPU_MODEL } from '../src/lab/testModel';
import { ScriptedEngine } from '../src/lab/scriptedEngine';
import { isMistake, mistakeReply } from '../src/lab/scriptedMistakes';
import { parseQualifySet, QUALIFY_THRESHOLDS, qualifyModel, qualifySummary } from '../src/rag/qualify';
import { loadEngine } from '../src/search/node/loadEngine';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/chromiumPath';
import { openTestPage, serveTestBuild } from './lib/benchPage';
import { qualifyInPage, type PageModel } from './lib/qualifyPage';

const { values } = parseArgs({ options: { model: { type: 'string' }, json: { type: 'boolean', default: false }, models: { type: 'string', default: 'models' } } });
const id = values.model;
if (!id) {
  console.error('usage: npm run qualify -- --model <id> [--json] [--models DIR]   (ids: the catalogs, stories260K, scripted[:mistake])');
  process.exit(2);
}

const summary = id.startsWith('scripted') ? await inNode(id) : await inChromium(id);
const pct = (x: unknown) => (typeof x === 'number' ? `${Math.round(x * 100)} %` : '—');
const sec = (x: unknown) => (typeof x === 'number' ? `${(x / 1000).toFixed(1)} s` : '—');
const t = QUALIFY_THRESHOLDS;
console.log(`model ${summary.model}: ${summary.questions} questions, ${summary.generated} answers written, load ${sec(summary.load_ms)}`);
console.log(`  figures all supported  ${pct(summary.figures_supported)}  (≥ ${pct(t.figures_supported)})`);
console.log(`  expected phrase        ${pct(summary.expected_phrase)}  (in the passages given: ${pct(summary.phrase_in_sources)}; ≥ ${pct(t.phrase_when_given)} of those)`);
console.log(`  citations valid        ${pct(summary.citations_valid)}  (≥ ${pct(t.citations_valid)})`);
console.log(`  off-topic abstained    ${pct(summary.offtopic_abstained)}  (≥ ${pct(t.offtopic_abstained)})`);
console.log(`  answers in French      ${pct(summary.french)}  (≥ ${pct(t.french)})`);
console.log(`  loops                  ${pct(summary.loops)}  (≤ ${pct(t.loops)})`);
console.log(`  written for a wrong case ${pct(summary.wrong_case)}  (the search's case on screen; for information)`);
console.log(`  first words p50        ${sec(summary.ttft_ms_p50)}  (≤ ${sec(t.ttft_ms_p50)})`);
console.log(`  whole answer p50       ${sec(summary.answer_ms_p50)}  (≤ ${sec(t.answer_ms_p50)})`);
console.log(`verdict: ${summary.verdict}`);
if (values.json) console.log(JSON.stringify(summary));
process.exit(0);

async function inNode(name: string): Promise<Record<string, unknown>> {
  const mistake = name.split(':')[1] ?? 'aucune';
  if (!isMistake(mistake)) throw new Error(`unknown mistake ${mistake}`);
  const engine = new ScriptedEngine({ reply: (r) => mistakeReply(mistake, r) });
  await engine.load(() => {});
  const search = loadEngine();
  const questions = parseQualifySet(readFileSync('src/rag/qualifyQuestions.jsonl', 'utf8'));
  const report = await qualifyModel(name, questions, {
    engine,
    retrieve: async (q, audience) => search.search(q, { k: 8, passagesPerFiche: 3, audiences: [audience] }),
    onProgress: (done, total) => process.stderr.write(`\r  ${done} / ${total}`),
  });
  process.stderr.write('\n');
  return qualifySummary(report);
}

async function inChromium(modelId: string): Promise<Record<string, unknown>> {
  const gpu = gpuModel(modelId);
  const cpu = cpuModel(modelId, [TEST_CPU_MODEL]);
  const model: PageModel | undefined = gpu ? { id: gpu.id, label: gpu.label, quantization: gpu.quantization } : cpu ? { id: cpu.id, label: cpu.label, quantization: cpu.quantization } : undefined;
  if (!model) throw new Error(`unknown model ${modelId} (see src/llm/catalogs/gpuModels.ts and src/llm/catalogs/cpuModels.ts)`);
  if (!chromiumPath()) throw new Error('qualify needs Debian chromium (apt-get install -y chromium)');
  let modelsDir = values.models!;
  let scratch: string | undefined;
  if (cpu?.testOnly && !existsSync(join(modelsDir, cpu.id, cpu.file))) {
    // The test fixture, served as an operator's copy would be.
    scratch = mkdtempSync(join(tmpdir(), 'qualify-models-'));
    mkdirSync(join(scratch, cpu.id));
    copyFileSync(join('tests/fixtures/gguf', cpu.file), join(scratch, cpu.id, cpu.file));
    modelsDir = scratch;
  }
  if (!existsSync(join(modelsDir, model.id))) throw new Error(`no folder ${join(modelsDir, model.id)}: copy the model there (npm run models:fetch -- ${model.id}) or pass --models DIR`);
  const server = await serveTestBuild('qualify', modelsDir);
  const extra = (process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...extra] });
  try {
    const page = await openTestPage(await browser.newContext({ locale: 'fr-FR' }), server.url, true);
    return await qualifyInPage(page, model, { onProgress: (text) => process.stderr.write(`\r  ${text}`) });
  } finally {
    process.stderr.write('\n');
    await browser.close();
    server.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
