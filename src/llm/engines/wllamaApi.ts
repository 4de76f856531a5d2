import type { ChatMessage, GenerationStats } from './llmEngine';

/**
 * The CPU engine's worker (workers/wllama.worker.ts) as the app calls it through comlink: the
 * worker serves this, and more options and probes for tests and benches (WllamaLabApi, src/lab/).
 */
export interface WllamaWorkerApi {
  load(url: string, options: WllamaLoadOptions, onProgress: (fraction: number, text: string) => void): Promise<WllamaModelInfo>;
  /** Stops a load in progress (its download and checks). */
  cancelLoad(): void;
  /** Reads the fixed start of every prompt into the KV cache ahead of the question. */
  prime(messages: ChatMessage[]): Promise<WllamaPrimeOutcome>;
  /** Drops the cache of earlier questions, `keep` read again. */
  forgetConversation(keep?: ChatMessage[]): Promise<WllamaPrimeOutcome | undefined>;
  chat(messages: ChatMessage[], options: WllamaChatOptions, onDelta: (text: string) => void): Promise<WllamaChatOutcome>;
  abort(): void;
  countTokens(text: string): Promise<number>;
  unload(): Promise<void>;
  /** Drops a model's verified copy (uninstall, or a copy found damaged). */
  forget(url: string): Promise<void>;
  cached(url: string): Promise<boolean>;
}

/** What the app sends with a load (WllamaWorkerApi). */
export interface WllamaLoadOptions {
  nCtx: number;
  /** Explicit: wllama's default is half the cores. */
  nThreads: number;
  /** Keep a verified copy in the Cache API, so the model loads when the server is down. */
  cache: boolean;
}

export interface WllamaModelInfo {
  nVocab: number;
  nCtxTrain: number;
  nLayer: number;
  nEmbd: number;
  threads: number;
  multithread: boolean;
  chatTemplate: boolean;
  name: string;
  bytes: number;
}

/** What the app sends with a question (WllamaWorkerApi). */
export interface WllamaChatOptions {
  maxTokens?: number;
  temperature?: number;
}

/** A question's answer and the engine's figures for it. */
export interface WllamaChatOutcome extends GenerationStats {
  text: string;
  finishReason: 'stop' | 'length' | 'abort';
}

export interface WllamaPrimeOutcome {
  /** Tokens prefilled into the cache, and how long it took. */
  prefilledTokens: number;
  seconds: number;
  aborted: boolean;
}
