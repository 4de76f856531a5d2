/**
 * What the answer pipeline needs of an engine: chat messages in, a streamed answer out. The
 * engines (src/llm/) implement it as part of their fuller LlmEngine (loading, priming, forgetting);
 * the pipeline, the prompts and the qualification know only this.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerationStats {
  promptTokens?: number;
  completionTokens?: number;
  prefillTokensPerSecond?: number;
  decodeTokensPerSecond?: number;
  timeToFirstTokenSeconds?: number;
  /** Prompt tokens taken from the engine's cache instead of being read again (CPU engine). */
  cachedTokens?: number;
  /** Prompt tokens read by this request (promptTokens less cachedTokens). */
  prefilledTokens?: number;
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  /** Called with each new piece of text as it is generated. */
  onToken: (delta: string) => void;
}

export interface ChatResult {
  text: string;
  finishReason: 'stop' | 'length' | 'abort';
  stats: GenerationStats;
}

export interface ChatEngine {
  readonly id: string;
  /** Tokens the model accepts in one request (prompt + answer). */
  readonly contextWindow: number;
  /** Throws `AppError('model', 'context-window')` when the prompt does not fit (the pipeline retries with fewer passages). */
  chat(request: ChatRequest): Promise<ChatResult>;
  /** Stops the generation in progress; its chat() resolves with finishReason 'abort'. */
  abort(): void;
  /** Exact count with the model's tokenizer, when the engine has one loaded. */
  countTokens?(text: string): Promise<number>;
}
