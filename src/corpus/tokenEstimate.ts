/**
 * A safe token estimate for French text when no tokenizer is at hand. Llama/Qwen tokenizers
 * average 3.5–4 characters per token on the fiches; 3.5 errs on the side of more tokens so a
 * context budget computed with it is never overrun.
 */
export const CHARS_PER_TOKEN = 3.5;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
