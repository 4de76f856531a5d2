/**
 * The one interface the answer pipeline talks to. Two client engines implement it, each over its
 * own worker: web-llm on WebGPU (webLlmEngine.ts) and wllama, llama.cpp on the CPU
 * (wllamaEngine.ts); so does the scripted engine of the tests and the test build
 * (src/lab/scriptedEngine.ts).
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LoadProgress {
  /** 0–1, continuous across the engine's phases. */
  fraction: number;
  text: string;
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

export interface LlmEngine {
  readonly id: string;
  /** Tokens the model accepts in one request (prompt + answer). */
  readonly contextWindow: number;
  load(onProgress: (p: LoadProgress) => void): Promise<void>;
  chat(request: ChatRequest): Promise<ChatResult>;
  /** Stops the generation in progress; its chat() resolves with finishReason 'abort'. */
  abort(): void;
  unload(): Promise<void>;
  /** Exact count with the model's tokenizer, when the engine has one loaded. */
  countTokens?(text: string): Promise<number>;
  /**
   * Reads the fixed start of every prompt (the system prompt) ahead of the first question, so
   * that questions only pay for what follows it. Engines without a reusable cache leave it out.
   */
  prime?(messages: ChatMessage[]): Promise<void>;
  /**
   * « Nouvel usager »: drops what the engine keeps of earlier questions (its prompt cache, its
   * chat state) and any read-ahead still waiting; `keep`, the fixed start of every prompt, is read
   * again so the next citizen's first question does not pay for it.
   */
  forgetConversation?(keep?: ChatMessage[]): Promise<void>;
}

/** The prompt did not fit the model's context window (the pipeline retries with fewer passages). */
export class ContextWindowError extends Error {
  constructor(message = 'prompt longer than the context window') {
    super(message);
    this.name = 'ContextWindowError';
  }
}
