import type * as Comlink from 'comlink';
import type { WllamaLabApi, WllamaLabChatOptions, WllamaLabChatOutcome, WllamaLabLoadOptions } from '../../workers/wllama.worker';
import type { WllamaPrimeOutcome } from '../llm/engines/wllamaApi';
import type { ChatMessage, ChatRequest, ChatResult } from '../llm/engines/llmEngine';
import { WllamaEngine, type WllamaEngineOptions } from '../llm/engines/wllamaEngine';

/** What tests and benches set besides the app's options. */
export interface LabWllamaOptions {
  /** Threads for llama.cpp; default as in the app (threadsFor). */
  threads?: number;
  /** Keep a verified copy in the Cache API (default true, as in the app). */
  cache?: boolean;
  seed?: number;
  /** llama.cpp's own log to the console (diagnosis). */
  nativeLog?: boolean;
  /** llama.cpp load settings that override the worker's (bench experiments). */
  llama?: Record<string, number | boolean | string>;
}

/**
 * The CPU engine as tests and benches drive it (window.__comptoirTest in the test build): the
 * app's WllamaEngine plus the worker's lab options (seed, threads, llama.cpp settings, grammar,
 * log-probabilities, a cold prefill) and probes (the last prime's outcome, the bytes the worker
 * still holds).
 */
export class LabWllamaEngine extends WllamaEngine {
  /** The last prime()'s outcome. */
  lastPrime?: WllamaPrimeOutcome;

  constructor(private readonly lab: WllamaEngineOptions & LabWllamaOptions) {
    super(lab);
  }

  private get labRemote(): Comlink.Remote<WllamaLabApi> | undefined {
    return this.remote as unknown as Comlink.Remote<WllamaLabApi> | undefined;
  }

  protected override loadOptions(): WllamaLabLoadOptions {
    const base = super.loadOptions();
    return { ...base, nThreads: this.lab.threads ?? base.nThreads, cache: this.lab.cache ?? true, seed: this.lab.seed, nativeLog: this.lab.nativeLog, llama: this.lab.llama };
  }

  override async prime(messages: ChatMessage[]): Promise<void> {
    if (!this.remote) return;
    this.lastPrime = await this.remote.prime(messages).catch(() => undefined);
  }

  override async forgetConversation(keep?: ChatMessage[]): Promise<void> {
    if (!this.remote) return;
    this.lastPrime = await this.remote.forgetConversation(keep).catch(() => undefined);
  }

  override async chat(request: ChatRequest, extra: Omit<WllamaLabChatOptions, 'maxTokens' | 'temperature'> = {}): Promise<ChatResult & Pick<WllamaLabChatOutcome, 'logprobs'>> {
    const options: WllamaLabChatOptions = { maxTokens: request.maxTokens, temperature: request.temperature, ...extra };
    const out = (await this.generate(request, options)) as WllamaLabChatOutcome;
    return { text: out.text, finishReason: out.finishReason, stats: this.lastStats, ...(out.logprobs ? { logprobs: out.logprobs } : {}) };
  }

  /** Bytes of the model file the worker still holds besides llama.cpp's copy. */
  async heldModelBytes(): Promise<number> {
    return this.labRemote ? this.labRemote.heldModelBytes() : 0;
  }
}
