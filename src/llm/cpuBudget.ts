import type { CpuModel } from './cpuCatalog';

/**
 * What `npm run bench:cpu` measured on this project's machine (Chromium, wllama 3.13.0, random
 * weights at the catalog models' exact dimensions, Q4_K_M types and quantizer-like block scales,
 * a real RAG prompt of our pipeline), on one thread, in tokens per CPU-second: the machine is
 * shared, so wall-clock rates there understate an idle core. See docs/BENCH-CPU.md.
 */
export interface MeasuredSpeed {
  prefill1: number;
  decode1: number;
}

// 2026-11-29, `npm run bench:cpu -- --passages 1 --passages-1b 0 --decode 16`, load average 2–6:
// Qwen2.5-0.5B on 787 prompt tokens, the 1 B+ models on 349–419 (the same prompt without passages).
export const MEASURED: Readonly<Record<string, MeasuredSpeed>> = {
  'Qwen2.5-0.5B-Instruct-Q4_K_M-GGUF': { prefill1: 2.6, decode1: 1.7 },
  'Llama-3.2-1B-Instruct-Q4_K_M-GGUF': { prefill1: 3.0, decode1: 1.6 },
  'CroissantLLMChat-1.3B-Q4_K_M-GGUF': { prefill1: 1.5, decode1: 1.2 },
  'Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF': { prefill1: 2.0, decode1: 1.5 },
};

/**
 * Gain of each added core, relative to the first. Not measurable on the shared 2-core machine
 * (two threads there gain 0.8–1.5× on prefill and lose on decode: they wait on each other behind
 * other jobs); these are llama.cpp's usual CPU scaling: prefill (matrix × matrix) compute-bound,
 * nearly linear; decode (matrix × vector) held back by memory bandwidth and by the threads'
 * synchronisation at every operation.
 */
export const PREFILL_CORE_GAIN = 0.85;
export const DECODE_CORE_GAIN = 0.5;
/** Decode reads every weight once per token: at most bandwidth ÷ file size (dual-channel DDR4 ≈ 20 GB/s in practice). */
export const MEMORY_BANDWIDTH_MBPS = 20_000;

/** Targets of issue #12 on a 4-core PC: first words within ~10 s, the whole answer within ~45 s. */
export const FIRST_WORDS_TARGET_S = 10;
export const ANSWER_TARGET_S = 45;
/**
 * Our prompts in Qwen2.5's tokens (counted with its real tokenizer on three desk questions): the
 * system prompt, question and framing ≈ 340; a packed passage 116–235, ≈ 180 on average.
 */
export const FIXED_PROMPT_TOKENS = 340;
export const PASSAGE_TOKENS = 180;

export interface CpuSpeed {
  prefillTps: number;
  decodeTps: number;
  /** Expected seconds before the first words, and for a whole answer, with cpuGeneration()'s budget. */
  firstWordsS: number;
  answerS: number;
}

export interface GenerationSettings {
  /** Passages packed into the prompt, at most. */
  maxSources: number;
  /** Tokens of prompt (system, passages, question) at most. */
  promptTokens: number;
  /** Tokens kept for the answer. */
  answerTokens: number;
  historyTurns: number;
}

/** The GPU engine: the whole context window, the usual 8 passages and a full answer. */
export const GPU_GENERATION: GenerationSettings = { maxSources: 8, promptTokens: Infinity, answerTokens: 512, historyTurns: 2 };

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

const PARAMS_B: Record<string, number> = {
  'Qwen2.5-0.5B-Instruct-Q4_K_M-GGUF': 0.49,
  'Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF': 1.54,
  'Llama-3.2-1B-Instruct-Q4_K_M-GGUF': 1.24,
  'CroissantLLMChat-1.3B-Q4_K_M-GGUF': 1.34,
};

/**
 * Budgets for the CPU engine on `threads` cores, derived from the measured throughput: as many
 * passages as the prefill can read before the first-words target, and as many answer tokens as
 * the decode can write before the answer target (within sensible floors and ceilings).
 */
export function cpuGeneration(model: CpuModel, threads: number, measured: Readonly<Record<string, MeasuredSpeed>> = MEASURED): GenerationSettings {
  // The test fixture writes nonsense: a short answer from two passages proves the path, fast.
  if (model.testOnly) return { maxSources: 2, promptTokens: 1024, answerTokens: 48, historyTurns: 1 };
  const { prefillTps, decodeTps } = throughput(model, threads, measured);
  if (!prefillTps || !decodeTps) return { maxSources: 3, promptTokens: Math.min(model.contextWindow - 256, FIXED_PROMPT_TOKENS + 3 * PASSAGE_TOKENS), answerTokens: 256, historyTurns: 1 };
  // The first token costs the whole prompt's prefill plus one decode step.
  const promptTokens = Math.floor(Math.min(model.contextWindow - 256, prefillTps * (FIRST_WORDS_TARGET_S - 1 / decodeTps)));
  const maxSources = Math.max(1, Math.min(5, Math.floor((promptTokens - FIXED_PROMPT_TOKENS) / PASSAGE_TOKENS)));
  const firstWords = (FIXED_PROMPT_TOKENS + maxSources * PASSAGE_TOKENS) / prefillTps;
  const answerTokens = Math.floor(Math.max(96, Math.min(400, decodeTps * (ANSWER_TARGET_S - firstWords))));
  return { maxSources, promptTokens: Math.max(promptTokens, FIXED_PROMPT_TOKENS + PASSAGE_TOKENS), answerTokens, historyTurns: 1 };
}

/** Expected speed of a model on `threads` cores with its CPU budget. */
export function cpuSpeed(model: CpuModel, threads: number, measured: Readonly<Record<string, MeasuredSpeed>> = MEASURED): CpuSpeed {
  const { prefillTps, decodeTps } = throughput(model, threads, measured);
  const g = cpuGeneration(model, threads, measured);
  if (!prefillTps || !decodeTps) return { prefillTps, decodeTps, firstWordsS: NaN, answerS: NaN };
  const firstWordsS = (FIXED_PROMPT_TOKENS + g.maxSources * PASSAGE_TOKENS) / prefillTps + 1 / decodeTps;
  return { prefillTps, decodeTps, firstWordsS, answerS: firstWordsS + g.answerTokens / decodeTps };
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
