import type { MLCEngineInterface } from '@mlc-ai/web-llm';
import { buildAppConfig, type ModelSource } from './webLlmAppConfig';
import type { GpuModel } from '../catalogs/gpuModels';
import { ContextWindowError, type ChatRequest, type ChatResult, type GenerationStats, type LlmEngine, type LoadProgress } from './llmEngine';
import { LlmError } from '../llmError';
import { mapLlmError } from '../llmErrors';
import { continuousProgress } from './webLlmProgress';

export { LlmError };

export type WorkerFactory = () => Worker;

const defaultWorker: WorkerFactory = () => new Worker(new URL('../../../workers/llm.worker.ts', import.meta.url), { type: 'module' });

/** French progress text from web-llm's phase text. */
export function frenchProgressText(text: string): string {
  const counter = /\[(\d+)\/(\d+)\]/.exec(text)?.slice(1).join('/') ?? '';
  if (/fetching param cache/i.test(text)) return `Téléchargement des poids ${counter}`.trim();
  if (/loading model from cache/i.test(text)) return `Lecture du modèle ${counter}`.trim();
  if (/finish loading/i.test(text)) return 'Modèle prêt';
  if (/gpu shader modules/i.test(text)) return `Préparation de la carte graphique ${counter}`.trim();
  return 'Chargement du modèle…';
}

/**
 * LlmEngine over web-llm running in its own worker. web-llm (6 MB) is imported on first load
 * only, so it never weighs on the page's first load.
 */
export class WebLlmEngine implements LlmEngine {
  readonly id: string;
  readonly contextWindow: number;
  private engine?: MLCEngineInterface;
  private worker?: Worker;
  private cancelLoad?: (reason: unknown) => void;
  lastStats: GenerationStats = {};

  constructor(
    readonly model: GpuModel,
    private readonly source: ModelSource,
    private readonly createWorker: WorkerFactory = defaultWorker,
  ) {
    this.id = model.id;
    this.contextWindow = model.contextWindow;
  }

  async load(onProgress: (p: LoadProgress) => void): Promise<void> {
    const webllm = await import('@mlc-ai/web-llm');
    this.worker = this.createWorker();
    let fraction = 0;
    const cancelled = new Promise<never>((_, reject) => (this.cancelLoad = reject));
    try {
      this.engine = await Promise.race([
        webllm.CreateWebWorkerMLCEngine(this.worker, this.model.id, {
          appConfig: buildAppConfig([this.model], this.source),
          logLevel: 'WARN',
          initProgressCallback: (report) => {
            fraction = continuousProgress(report.text, report.progress, fraction);
            onProgress({ fraction, text: frenchProgressText(report.text) });
          },
        }),
        cancelled,
      ]);
    } catch (err) {
      this.worker.terminate();
      this.worker = undefined;
      throw new LlmError(mapLlmError(err, { f32Twin: this.model.twin }));
    } finally {
      this.cancelLoad = undefined;
    }
  }

  /** Stops a load in progress (the worker and its partial work are dropped). */
  cancel(): void {
    this.cancelLoad?.('AbortError: chargement annulé');
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    if (!this.engine) throw new LlmError(mapLlmError('WorkerEngineModelNotLoadedError'));
    let text = '';
    let finishReason: ChatResult['finishReason'] = 'stop';
    try {
      const stream = await this.engine.chat.completions.create({
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: request.maxTokens,
        temperature: request.temperature,
        // Qwen3 would otherwise spend its budget "thinking" before answering.
        ...(/^Qwen3-/.test(this.model.id) ? { extra_body: { enable_thinking: false } } : {}),
      });
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const delta = choice?.delta?.content;
        if (delta) {
          text += delta;
          request.onToken(delta);
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason === 'length' ? 'length' : choice.finish_reason === 'abort' ? 'abort' : 'stop';
        if (chunk.usage) {
          const extra = chunk.usage.extra;
          this.lastStats = {
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
            prefillTokensPerSecond: extra?.prefill_tokens_per_s,
            decodeTokensPerSecond: extra?.decode_tokens_per_s,
            timeToFirstTokenSeconds: extra?.time_to_first_token_s,
          };
        }
      }
    } catch (err) {
      const failure = mapLlmError(err);
      if (failure.code === 'context-window') throw new ContextWindowError(failure.detail);
      throw new LlmError(failure);
    }
    return { text, finishReason, stats: this.lastStats };
  }

  abort(): void {
    void this.engine?.interruptGenerate();
  }

  async reset(): Promise<void> {
    await this.engine?.resetChat();
  }

  /** web-llm reuses the KV cache of a chat that goes on: « Nouvel usager » resets it. */
  async forgetConversation(): Promise<void> {
    await this.reset();
  }

  async unload(): Promise<void> {
    await this.engine?.unload().catch(() => {});
    this.worker?.terminate();
    this.engine = undefined;
    this.worker = undefined;
  }
}
