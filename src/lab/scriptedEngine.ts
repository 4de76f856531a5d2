import { ContextWindowError, type ChatRequest, type ChatResult, type LlmEngine, type LoadProgress } from '../llm/engines/llmEngine';
import { estimateTokens } from '../corpus/tokenEstimate';

export interface ScriptedEngineOptions {
  /** The answer to give for a request (the last user message carries the numbered sources). */
  reply: (request: ChatRequest) => string;
  /** Delay between streamed pieces, in ms (0: as fast as possible). */
  tokenDelayMs?: number;
  contextWindow?: number;
}

/**
 * A deterministic LlmEngine: streams a scripted reply word by word, honours abort and the context
 * window. Drives the pipeline's tests and the test build of the app (?moteur=test); never shipped
 * as a real model.
 */
export class ScriptedEngine implements LlmEngine {
  readonly id = 'scripted-fake';
  readonly contextWindow: number;
  private aborted = false;
  loaded = false;

  constructor(private readonly options: ScriptedEngineOptions) {
    this.contextWindow = options.contextWindow ?? 4096;
  }

  async load(onProgress: (p: LoadProgress) => void): Promise<void> {
    for (const fraction of [0, 0.5, 1]) onProgress({ fraction, text: `Chargement du modèle de test ${Math.round(fraction * 100)} %` });
    this.loaded = true;
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    if (!this.loaded) throw new Error('engine not loaded');
    const promptTokens = request.messages.reduce((n, m) => n + estimateTokens(m.content), 0);
    if (promptTokens > this.contextWindow) throw new ContextWindowError(`prompt of ${promptTokens} tokens exceeds ${this.contextWindow}`);
    this.aborted = false;
    const reply = this.options.reply(request);
    const pieces = reply.match(/\S+\s*|\s+/g) ?? [];
    const max = request.maxTokens ?? Infinity;
    let text = '';
    let count = 0;
    const started = performance.now();
    for (const piece of pieces) {
      if (this.aborted) return { text, finishReason: 'abort', stats: { promptTokens, completionTokens: count } };
      if (count >= max) return { text, finishReason: 'length', stats: { promptTokens, completionTokens: count } };
      if (this.options.tokenDelayMs) await new Promise((r) => setTimeout(r, this.options.tokenDelayMs));
      else await Promise.resolve();
      if (this.aborted) return { text, finishReason: 'abort', stats: { promptTokens, completionTokens: count } };
      text += piece;
      count++;
      request.onToken(piece);
    }
    const seconds = (performance.now() - started) / 1000 || 1e-3;
    return { text, finishReason: 'stop', stats: { promptTokens, completionTokens: count, decodeTokensPerSecond: count / seconds } };
  }

  abort(): void {
    this.aborted = true;
  }

  async unload(): Promise<void> {
    this.loaded = false;
  }

  async countTokens(text: string): Promise<number> {
    return estimateTokens(text);
  }
}
