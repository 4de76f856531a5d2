/**
 * Every default the answer path is tuned with, in one place, each with what it does and why this
 * value. Readers import from here rather than writing the figure again; the stored settings an
 * agent or administrator changes are in `storedSettings.ts`. tests/unit/settings.test.ts checks
 * that every export here has its comment and is read somewhere.
 */

/** Prompt wording: 'full' (GPU) or 'compact' (CPU: short system prompt, sources without URL lines; src/rag/prompts.ts). */
export type PromptStyle = 'full' | 'compact';

/**
 * What the answer pipeline may spend on one question. The engine in use hands it over: the GPU
 * engine's is `GENERATION`, the CPU engine's is computed from measured speeds (src/llm's CPU budget).
 */
export interface GenerationBudget {
  /** Passages packed into the prompt, at most. */
  maxSources: number;
  /** Tokens of prompt (system, passages, question) at most. */
  promptTokens: number;
  /** Tokens kept for the answer. */
  answerTokens: number;
  /** Previous turns sent to the model (their questions and answers, not their sources). */
  historyTurns: number;
  prompt: PromptStyle;
  /** Each passage trimmed to its sentences closest to the question, within this many tokens (CPU), for a question of typical length. */
  passageTokens?: number;
  /**
   * Tokens (framing, question, sources) the CPU engine reads before the first-words target: a
   * longer question leaves less to its passages, a shorter one more.
   */
  readTokens?: number;
  /** Pack with the engine's own token counts (GPU) or with the estimate (CPU: counting costs a prefill). */
  exactTokenCount: boolean;
}

/**
 * The default budget, the GPU engine's: the whole context window, 8 passages (what the desk shows
 * of its 8 best fiches' leads), a full answer of up to 512 tokens (a dozen French sentences, the
 * longest the desk's answers need), and the last 2 answered turns so that « et pour un mineur ? »
 * is read with its question.
 */
export const GENERATION: Readonly<GenerationBudget> = { maxSources: 8, promptTokens: Infinity, answerTokens: 512, historyTurns: 2, prompt: 'full', exactTokenCount: true };

/**
 * Sampling temperature of every answer, on either engine: low, because the answer must restate
 * the fiches, not vary them; not 0, which lets small models fall into repeating loops sooner.
 */
export const ANSWER_TEMPERATURE = 0.2;

/**
 * Tokens the passages always get, whatever the fixed part of the prompt (system prompt, previous
 * turns, question) leaves: a long question on a small window still reads at least one passage.
 */
export const MIN_SOURCES_TOKENS = 256;

/**
 * What a question on the desk's screen asks of the search: its 8 best fiches (what the agent scans
 * at a glance, and the passages the prompt packs) with 3 passages each (the lead and its next
 * ones; the case chooser asks for as many when the agent picks a case).
 */
export const DESK_SEARCH = { fiches: 8, passagesPerFiche: 3 } as const;

/**
 * The fiche picker of a search avis (« Chercher une autre fiche »): 6 titles fit its list
 * without scrolling, and the agent types a few words of a title they already know, so the wanted
 * fiche is near the top; a pause of 250 ms between keystrokes spares a search per key.
 */
export const FICHE_PICKER = { fiches: 6, pauseMs: 250 } as const;

/**
 * The search engine's own defaults when a caller gives none (CLIs, evaluation): 10 fiches, the
 * depth at which its metrics are measured (recall@10), and 3 passages each, as on the desk.
 */
export const ENGINE_SEARCH = { fiches: 10, passagesPerFiche: 3 } as const;

/** Fiches shown when the engine judges the question off-topic: enough for the agent to judge. */
export const CLOSEST_FICHES_ON_ABSTAIN = 5;

/**
 * A model's memory budget on this PC. Browsers expose `navigator.deviceMemory` capped at 8 GB
 * and hide it in some contexts: 8 GB is assumed when unknown. Half of it goes to the model:
 * integrated GPUs share that RAM, and the browser, the OS and the other tabs need the rest.
 */
const MODEL_MEMORY = { assumedDeviceGB: 8, share: 0.5 } as const;

/** MiB a model may take on a PC reporting `deviceMemoryGB` (see MODEL_MEMORY). */
export function modelMemoryBudgetMB(deviceMemoryGB: number | undefined): number {
  return (deviceMemoryGB ?? MODEL_MEMORY.assumedDeviceGB) * 1024 * MODEL_MEMORY.share;
}

/**
 * Seconds before the first words of an answer on a 4-core PC without a GPU: the CPU budgets
 * choose how much the model reads to meet it, and the on-desk qualification judges a model by it.
 * Ten seconds is about as long as an agent waits with the citizen before reading the fiches.
 */
export const FIRST_WORDS_TARGET_S = 10;

/** Seconds for a whole answer on the same PC: the CPU budgets size the answer's length to it, the qualification checks it. */
export const ANSWER_TARGET_S = 45;
