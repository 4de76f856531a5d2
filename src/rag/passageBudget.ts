import type { GenerationBudget } from '../settings/tunables';

/**
 * What a prompt of ours costs in tokens, counted with Qwen2.5's and Llama 3's real tokenizers
 * (the two agree within 2 %) on our question sets and their best passages (docs/BENCH-CPU.md,
 * « Budgets a desk gets »):
 * - the system prompt, 109 tokens: read once after the model loads and kept in the KV cache, so no
 *   question pays for it (a question asked before that ends waits for it);
 * - per question, its framing (« Question : » and the chat template's turn markers: 9; the case on
 *   screen, « Cas (à nommer) : En France › Cas général », 13 more when the lead fiche splits by
 *   case) and the question itself: 14 tokens for the median question of our sets (975 in-scope
 *   questions: p75 59, p90 70: a citizen's story told at length);
 * - per passage, its title and section (mean 21, p90 30: 25 counted) and its text trimmed to
 *   `passageTokens` estimated tokens, which reads as 0.72 × that on average and at most 0.9 × in
 *   9 passages out of 10 (the trim keeps whole sentences under the budget).
 * The CPU engine's budget is sized with these (src/llm's CPU budget); the pipeline spends it.
 */
export const SYSTEM_TOKENS = 109;
export const FRAMING_TOKENS = 22;
export const TYPICAL_QUESTION_TOKENS = 14;
export const SOURCE_HEADER_TOKENS = 25;
export const PASSAGE_FILL = 0.9;
/** A passage's text on CPU: never trimmed below a few sentences (else no source is worth reading), never above the full passage's usual length. */
export const MIN_PASSAGE_TOKENS = 60;
export const MAX_PASSAGE_TOKENS = 160;

/** Tokens a question makes the engine read (the system prompt being cached), counting each passage at its 9-in-10 fill. */
export function questionTokens(maxSources: number, passageTokens: number, question = TYPICAL_QUESTION_TOKENS): number {
  return FRAMING_TOKENS + question + maxSources * (SOURCE_HEADER_TOKENS + PASSAGE_FILL * passageTokens);
}

export const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** Estimated tokens each passage keeps so that `question` tokens and `maxSources` passages are read within `readTokens`. */
export function passageBudget(readTokens: number, maxSources: number, question: number): number {
  const perSource = (readTokens - FRAMING_TOKENS - question) / maxSources;
  return Math.floor(clamp((perSource - SOURCE_HEADER_TOKENS) / PASSAGE_FILL, MIN_PASSAGE_TOKENS, MAX_PASSAGE_TOKENS));
}

/**
 * The passage budget for this question: what `budget.readTokens` leaves once the question is
 * read (a story told in 60 tokens leaves its passages fewer than « carte grise perdue »).
 */
export function passageTokensFor(budget: Pick<GenerationBudget, 'maxSources' | 'passageTokens' | 'readTokens'>, question: number): number | undefined {
  if (budget.readTokens === undefined) return budget.passageTokens;
  return passageBudget(budget.readTokens, budget.maxSources, question);
}
