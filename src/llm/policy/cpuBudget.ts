import { CPU_CATALOG, type CpuModel } from '../catalogs/cpuModels';
import {
  clamp, FRAMING_TOKENS, MAX_PASSAGE_TOKENS, PASSAGE_FILL, passageBudget, passageTokensFor, questionTokens, SOURCE_HEADER_TOKENS, SYSTEM_TOKENS, TYPICAL_QUESTION_TOKENS,
} from '../../rag/passageBudget';
import { ANSWER_TARGET_S, FIRST_WORDS_TARGET_S, type GenerationBudget } from '../../settings/tunables';

/**
 * What `npm run bench:cpu` measured on this project's machine (Chromium, wllama 3.13.0, random
 * weights at the catalog models' exact dimensions, their file's types and quantizer-like block scales,
 * a real RAG prompt of our pipeline), on one thread, in tokens per CPU-second: the machine is
 * shared, so wall-clock rates there understate an idle core. See docs/BENCH-CPU.md.
 */
export interface MeasuredSpeed {
  prefill1: number;
  decode1: number;
}

// CroissantLLMChat and Qwen2.5-1.5B: `npm run bench:cpu -- --passages 1 --passages-1b 0 --decode 16`
// (load average 2–6), the Q4_K_M models on 349–419 prompt tokens. Qwen2.5-0.5B in Q8_0: `npm run
// bench:cpu -- --models Qwen2.5-0.5B-Instruct-Q8_0-GGUF --cpu-prompt --passages 1 --threads 1
// --decode 16` (load average 9.9 → 4.8) on the app's CPU prompt (268 tokens cold); its Q4_K_M
// file measured 2.7 / 2.9 in the same runs, so Q8_0 prefills 1.5× faster. Llama-3.2-1B: the first
// command on the idle machine (load average 1.0), 2.5 / 1.3; other runs gave 2.2–3.1 (3.1 on the
// full 1,655-token prompt): this VM's speed varies from day to day, and the lowest figure is the
// one a desk can count on. docs/BENCH-CPU.md, "Budgets a desk gets".
export const MEASURED: Readonly<Record<string, MeasuredSpeed>> = {
  'Qwen2.5-0.5B-Instruct-Q8_0-GGUF': { prefill1: 4.0, decode1: 2.4 },
  'Llama-3.2-1B-Instruct-Q4_K_M-GGUF': { prefill1: 2.5, decode1: 1.3 },
  'CroissantLLMChat-1.3B-Q4_K_M-GGUF': { prefill1: 1.5, decode1: 1.2 },
  'Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF': { prefill1: 2.0, decode1: 1.5 },
};

/**
 * Gain of each added core, relative to the first. Measured for the second core on this project's
 * idle 2-core VM (Qwen2.5-0.5B Q8_0 at real size, two runs of `npm run bench:cpu --
 * --models Qwen2.5-0.5B-Instruct-Q8_0-GGUF --cpu-prompt --passages 1 --passage-tokens 63 --threads
 * 1,2 --decode 32`): prefill ×1.82 and ×1.85 on the 232-token prompt, ×1.76 and ×1.98 on the
 * system prompt, ×1.47 and ×2.5 on the question alone (93–113 tokens: noisy); decode ×1.67 and
 * ×1.78. Beyond two cores, not measurable here: llama.cpp's usual CPU scaling, prefill (matrix ×
 * matrix) compute-bound and nearly linear, decode (matrix × vector) held back by memory bandwidth
 * and the threads' synchronisation at every operation, so decode keeps a lower gain than measured.
 */
export const PREFILL_CORE_GAIN = 0.85;
export const DECODE_CORE_GAIN = 0.5;
/** Decode reads every weight once per token: at most bandwidth ÷ file size (dual-channel DDR4 ≈ 20 GB/s in practice). */
export const MEMORY_BANDWIDTH_MBPS = 20_000;

export interface CpuSpeed {
  prefillTps: number;
  decodeTps: number;
  /** Expected seconds before the first words, and for a whole answer, with cpuGeneration()'s budget and the system prompt cached. */
  firstWordsS: number;
  answerS: number;
  /** Seconds to read the system prompt after a load (in the background); a question asked sooner waits for it. */
  primeS: number;
}

/**
 * Throughput on `threads` cores from the one-thread measurement and the per-core gains; decode is
 * capped by memory bandwidth. Unmeasured models are scaled from the nearest measured one by
 * parameter count (compute per token grows with it).
 */
export function throughput(model: CpuModel, threads: number, measured: Readonly<Record<string, MeasuredSpeed>> = MEASURED): { prefillTps: number; decodeTps: number } {
  let m = measured[model.id];
  let scale = 1;
  if (!m || !m.prefill1) {
    const known = Object.entries(measured).filter(([, v]) => v.prefill1 > 0);
    if (!known.length) return { prefillTps: 0, decodeTps: 0 };
    const params = (id: string) => PARAMS_B[id] ?? model.paramsB;
    const [id, v] = known.sort((a, b) => Math.abs(params(a[0]) - model.paramsB) - Math.abs(params(b[0]) - model.paramsB))[0]!;
    m = v;
    scale = params(id) / model.paramsB;
  }
  const extra = Math.max(0, threads - 1);
  return {
    prefillTps: m.prefill1 * scale * (1 + PREFILL_CORE_GAIN * extra),
    decodeTps: Math.min(m.decode1 * scale * (1 + DECODE_CORE_GAIN * extra), MEMORY_BANDWIDTH_MBPS / model.fileMB),
  };
}

const PARAMS_B: Record<string, number> = Object.fromEntries(CPU_CATALOG.map((m) => [m.id, m.paramsB]));

/**
 * Budgets for the CPU engine on `threads` cores, derived from the measured throughput: the tokens
 * the prefill reads before the first-words target (the system prompt is cached), spent on whole
 * passages (up to 5) when a question of typical length leaves room for them, else on one passage
 * trimmed to what fits (never below MIN_PASSAGE_TOKENS); each question then re-spends that room
 * by its own length. Then as many answer tokens as the decode writes before the answer target.
 * No previous turn on CPU: it would be read again with every question (≈ 100–250 tokens).
 */
export function cpuGeneration(model: CpuModel, threads: number, measured: Readonly<Record<string, MeasuredSpeed>> = MEASURED): GenerationBudget {
  const cpu = { prompt: 'compact' as const, exactTokenCount: false, historyTurns: 0 };
  // The test fixture writes nonsense: a short answer from two passages proves the path, fast. Its
  // 512-token vocabulary spends about a token per 2 characters of French, far above the estimate,
  // so it packs with exact counts (a tiny model reads them in milliseconds).
  if (model.testOnly) return { ...cpu, maxSources: 2, promptTokens: 1024, answerTokens: 48, passageTokens: MAX_PASSAGE_TOKENS, exactTokenCount: true };
  const { prefillTps, decodeTps } = throughput(model, threads, measured);
  if (!prefillTps || !decodeTps) return { ...cpu, maxSources: 3, promptTokens: Math.min(model.contextWindow - 256, SYSTEM_TOKENS + Math.ceil(questionTokens(3, MAX_PASSAGE_TOKENS))), answerTokens: 256, passageTokens: MAX_PASSAGE_TOKENS };
  // The first token costs the question's prefill plus one decode step.
  const readTokens = Math.floor(prefillTps * (FIRST_WORDS_TARGET_S - 1 / decodeTps));
  const room = readTokens - FRAMING_TOKENS - TYPICAL_QUESTION_TOKENS;
  const whole = SOURCE_HEADER_TOKENS + PASSAGE_FILL * MAX_PASSAGE_TOKENS;
  const maxSources = clamp(Math.floor(room / whole), 1, 5);
  const passageTokens = passageBudget(readTokens, maxSources, TYPICAL_QUESTION_TOKENS);
  const firstWords = questionTokens(maxSources, passageTokens) / prefillTps + 1 / decodeTps;
  const answerTokens = Math.floor(clamp(decodeTps * (ANSWER_TARGET_S - firstWords), 96, 400));
  // The context window is the only cap: passages are bounded by their count and trim, and a long
  // question must still fit whole.
  const promptTokens = model.contextWindow - answerTokens;
  return { ...cpu, maxSources, promptTokens, answerTokens, passageTokens, readTokens };
}

/** Expected speed of a model on `threads` cores with its CPU budget (system prompt cached), for a question of `question` tokens. */
export function cpuSpeed(model: CpuModel, threads: number, measured: Readonly<Record<string, MeasuredSpeed>> = MEASURED, question = TYPICAL_QUESTION_TOKENS): CpuSpeed {
  const { prefillTps, decodeTps } = throughput(model, threads, measured);
  const g = cpuGeneration(model, threads, measured);
  if (!prefillTps || !decodeTps) return { prefillTps, decodeTps, firstWordsS: NaN, answerS: NaN, primeS: NaN };
  const firstWordsS = questionTokens(g.maxSources, passageTokensFor(g, question) ?? MAX_PASSAGE_TOKENS, question) / prefillTps + 1 / decodeTps;
  return { prefillTps, decodeTps, firstWordsS, answerS: firstWordsS + g.answerTokens / decodeTps, primeS: SYSTEM_TOKENS / prefillTps };
}

/**
 * Threads llama.cpp gets: every core but one when the page is cross-origin isolated (else one).
 * Its threads spin while they wait for each other, so one per core starves the page and the
 * worker's message loop: on this project's 2-core machine two threads ran stories260K's prefill at
 * 14–69 tok/s against 224 on one, and the answer test sometimes took over two minutes.
 */
export function llamaThreads(cpu: { cores?: number; crossOriginIsolated?: boolean }): number {
  return cpu.crossOriginIsolated ? Math.max(1, (cpu.cores ?? 1) - 1) : 1;
}
