import type { ChatEngine, ChatMessage } from '../../rag/chatEngine';

export type { ChatEngine, ChatMessage, ChatRequest, ChatResult, GenerationStats } from '../../rag/chatEngine';

export interface LoadProgress {
  /** 0–1, continuous across the engine's phases. */
  fraction: number;
  text: string;
}

/**
 * An engine as the model controller drives it: the chat the answer pipeline needs (ChatEngine,
 * src/rag/chatEngine.ts, whose types are given again here for the engines), plus loading,
 * priming and forgetting. Two client engines implement it, each over its own worker: web-llm on
 * WebGPU (webLlmEngine.ts) and wllama, llama.cpp on the CPU (wllamaEngine.ts); so does the
 * scripted engine of the tests and the test build (src/lab/scriptedEngine.ts).
 */
export interface LlmEngine extends ChatEngine {
  load(onProgress: (p: LoadProgress) => void): Promise<void>;
  unload(): Promise<void>;
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
