import * as Comlink from 'comlink';
import type { WllamaChatOptions, WllamaChatOutcome, WllamaLoadOptions, WllamaModelInfo, WllamaWorkerApi } from './wllamaApi';
import type { ChatMessage, ChatRequest, ChatResult, GenerationStats, LlmEngine, LoadProgress } from './llmEngine';
import { llamaThreads } from '../policy/cpuBudget';
import { AppError } from '../../errors/appFailure';
import { wllamaFailure } from './engineFailure';

export interface WllamaEngineOptions {
  id: string;
  /** Absolute or page-relative URL of the .gguf file. */
  url: string;
  contextWindow: number;
}

/** Threads wllama should use here (see llamaThreads): SharedArrayBuffer needs isolation. */
export function threadsFor(env: { crossOriginIsolated?: boolean; hardwareConcurrency?: number }): number {
  return llamaThreads({ cores: env.hardwareConcurrency, crossOriginIsolated: env.crossOriginIsolated });
}

const newWorker = () => new Worker(new URL('../../../workers/wllama.worker.ts', import.meta.url), { type: 'module' });

/**
 * LlmEngine over llama.cpp (wllama) in its own worker: the CPU engine for PCs without a usable
 * WebGPU. GGUF files carry their own chat template and tokenizer. Tests and benches use
 * LabWllamaEngine (src/lab/), which adds their options through the protected hooks.
 */
export class WllamaEngine implements LlmEngine {
  readonly id: string;
  readonly contextWindow: number;
  info?: WllamaModelInfo;
  lastStats: GenerationStats = {};
  protected worker?: Worker;
  protected remote?: Comlink.Remote<WllamaWorkerApi>;
  private cancelLoad?: (reason: unknown) => void;

  constructor(private readonly options: WllamaEngineOptions) {
    this.id = options.id;
    this.contextWindow = options.contextWindow;
  }

  async load(onProgress: (p: LoadProgress) => void): Promise<void> {
    this.worker = newWorker();
    this.remote = Comlink.wrap<WllamaWorkerApi>(this.worker);
    const url = new URL(this.options.url, globalThis.location?.href).href;
    // The worker is dropped on cancel, so its answer would never come: the load fails at once.
    const cancelled = new Promise<never>((_, reject) => (this.cancelLoad = reject));
    try {
      this.info = await Promise.race([
        this.remote.load(url, this.loadOptions(),
          Comlink.proxy((fraction: number, text: string) => onProgress({ fraction, text }))),
        cancelled,
      ]);
    } catch (err) {
      this.dispose();
      throw wllamaFailure(err);
    } finally {
      this.cancelLoad = undefined;
    }
  }

  /** What load() asks the worker for. */
  protected loadOptions(): WllamaLoadOptions {
    const threads = threadsFor({ crossOriginIsolated: globalThis.crossOriginIsolated, hardwareConcurrency: globalThis.navigator?.hardwareConcurrency });
    return { nCtx: this.contextWindow, nThreads: threads, cache: true };
  }

  /** Stops a load in progress (its load() rejects with model/aborted). */
  cancel(): void {
    this.cancelLoad?.(new AppError('model', 'aborted'));
  }

  /** Prefills the fixed prompt prefix in the worker (see the worker's prime); never fails the caller. */
  async prime(messages: ChatMessage[]): Promise<void> {
    await this.remote?.prime(messages).catch(() => undefined);
  }

  async forgetConversation(keep?: ChatMessage[]): Promise<void> {
    await this.remote?.forgetConversation(keep).catch(() => undefined);
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const out = await this.generate(request, { maxTokens: request.maxTokens, temperature: request.temperature });
    return { text: out.text, finishReason: out.finishReason, stats: this.lastStats };
  }

  /** One streamed answer with the worker's options (LabWllamaEngine adds its own). */
  protected async generate(request: ChatRequest, options: WllamaChatOptions): Promise<WllamaChatOutcome> {
    if (!this.remote) throw new AppError('model', 'not-loaded');
    try {
      const out = await this.remote.chat(request.messages, options, Comlink.proxy((delta: string) => request.onToken(delta)));
      this.lastStats = {
        promptTokens: out.promptTokens, completionTokens: out.completionTokens,
        prefillTokensPerSecond: out.prefillTokensPerSecond, decodeTokensPerSecond: out.decodeTokensPerSecond,
        timeToFirstTokenSeconds: out.timeToFirstTokenSeconds, cachedTokens: out.cachedTokens, prefilledTokens: out.prefilledTokens,
      };
      return out;
    } catch (err) {
      throw wllamaFailure(err);
    }
  }

  abort(): void {
    void this.remote?.abort();
  }

  async countTokens(text: string): Promise<number> {
    if (!this.remote) throw new AppError('model', 'not-loaded');
    return this.remote.countTokens(text);
  }

  async unload(): Promise<void> {
    await this.remote?.unload().catch(() => {});
    this.dispose();
  }

  /** Removes the verified copy kept for offline use. */
  async forget(): Promise<void> {
    const worker = newWorker();
    try {
      await Comlink.wrap<WllamaWorkerApi>(worker).forget(new URL(this.options.url, globalThis.location?.href).href);
    } finally {
      worker.terminate();
    }
  }

  private dispose(): void {
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.remote = undefined;
    this.worker = undefined;
  }
}
