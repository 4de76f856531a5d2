/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { carryFailures } from '../src/errors/failureTransfer';
import { Wllama } from '@wllama/wllama';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import type { ChatMessage } from '../src/llm/engines/llmEngine';
import { checkGgufHeader } from '../src/llm/modelFiles/ggufCheck';
import { AppError } from '../src/errors/appFailure';
import { wllamaFailure } from '../src/llm/engines/engineFailure';
import { checkSha256, expectedSha256, streamingSha256 } from '../src/llm/modelFiles/ggufChecksum';
import { ModelBytes, readBody } from '../src/llm/modelFiles/modelBytes';
import { ANSWER_TEMPERATURE } from '../src/settings/tunables';
import type {
  WllamaChatOptions, WllamaChatOutcome, WllamaLoadOptions, WllamaModelInfo, WllamaPrimeOutcome, WllamaWorkerApi,
} from '../src/llm/engines/wllamaApi';

carryFailures();

/** A load's options for tests and benches (WllamaLabApi). */
export interface WllamaLabLoadOptions extends WllamaLoadOptions {
  /** Sampling seed (default 42). */
  seed?: number;
  /** llama.cpp's own log to the console (diagnosis). */
  nativeLog?: boolean;
  /** llama.cpp load settings that override ours (bench experiments: `bench:cpu-memory --llama`). */
  llama?: Record<string, number | boolean | string>;
}

/** A question's options for tests and benches (WllamaLabApi). */
export interface WllamaLabChatOptions extends WllamaChatOptions {
  /** GBNF the output must follow (tests force a known French text through the detokenizer). */
  grammar?: string;
  /**
   * Reuse the KV cache of the longest common token prefix with an earlier request (llama-server's
   * cache_prompt, on by default). Off only to measure a cold prefill.
   */
  cachePrompt?: boolean;
  /** Return each generated token's log-probability and its `logprobs` best alternatives (tests). */
  logprobs?: number;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  top: { token: string; logprob: number }[];
}

export interface WllamaLabChatOutcome extends WllamaChatOutcome {
  logprobs?: TokenLogprob[];
}

const CACHE_NAME = 'comptoir-gguf';
/** The sha256 a cached copy was verified against: a folder whose sha256.json changed is read anew. */
const VERIFIED_HEADER = 'x-comptoir-sha256';
let wllama: Wllama | undefined;
let controller: AbortController | undefined;
let loadController: AbortController | undefined;
/** The background prefill of the fixed prompt prefix (see prime()); a question waits for it. */
let priming: Promise<unknown> | undefined;
/** Aborts every read under way or waiting (unload); a new one comes with each load. */
let primes = new AbortController();
/** The newest read asked for: a read still waiting when a newer one comes is skipped. */
let latestPrime = 0;
/** The loaded model's file as read, while anything references it (see heldModelBytes). */
let modelBytes: ModelBytes | undefined;

async function download(url: string, onProgress: (loaded: number, total: number) => void, signal: AbortSignal, onChunk?: (chunk: Uint8Array) => void): Promise<ModelBytes> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new AppError('model', 'not-found', undefined, `HTTP ${res.status} ${res.statusText || ''} for ${url}`.trim());
  // A server that answers a missing file with its home page (Vite's dev server does) is a 404 too.
  if (/text\/html/i.test(res.headers.get('content-type') ?? '')) throw new AppError('model', 'not-found', undefined, `404 Not Found: ${url} answered with an HTML page`);
  const total = Number(res.headers.get('content-length')) || 0;
  const bytes = await readBody(res.body!, (loaded) => onProgress(loaded, total), onChunk);
  if (total && bytes.size !== total) throw new AppError('model', 'corrupt', undefined, `truncated download: ${bytes.size} of ${total} bytes`);
  return bytes;
}

/** Whether a failure is only our own abort (Stop, unload, a newer prime): not a failure. */
function stopped(err: unknown, signal: AbortSignal): boolean {
  return (err as Error)?.name === 'AbortError' || signal.aborted;
}

const api = {
  async load(url: string, options: WllamaLabLoadOptions, onProgress: (fraction: number, text: string) => void): Promise<WllamaModelInfo> {
    await api.unload();
    loadController = new AbortController();
    const signal = loadController.signal;
    const cache = options.cache && 'caches' in self ? await caches.open(CACHE_NAME) : undefined;
    // Before first use, the file is checked against its folder's sha256.json (when it has one).
    const expected = await expectedSha256(url);
    let cached = await cache?.match(url);
    if (cached && expected && cached.headers.get(VERIFIED_HEADER) !== expected) cached = undefined;
    // Never a Blob: see ModelBytes for why large models failed to load from one.
    let bytes: ModelBytes;
    let verified: string | undefined;
    if (cached) {
      onProgress(0.5, 'Lecture du modèle');
      bytes = await readBody(cached.body!, () => {});
      verified = expected;
    } else {
      const hash = expected ? await streamingSha256() : undefined;
      bytes = await download(url, (loaded, total) => onProgress(total ? 0.8 * loaded / total : 0, `Téléchargement du modèle ${(loaded / 2 ** 20).toFixed(0)} Mo`), signal, hash?.update);
      if (hash && expected) {
        verified = hash.hex();
        checkSha256(verified, expected, decodeURIComponent(new URL(url).pathname.split('/').pop() ?? url));
      }
    }
    checkGgufHeader(new Uint8Array(await bytes.slice(0, 64).arrayBuffer()), url);
    if (signal.aborted) throw new AppError('model', 'aborted');
    onProgress(0.85, 'Préparation du modèle');
    const engine = new Wllama({ default: wasmUrl }, { suppressNativeLog: !options.nativeLog, allowOffline: true });
    try {
      // CPU only: wllama offloads every layer to WebGPU when an adapter exists, but this engine
      // runs where the policy found WebGPU unusable (no adapter, a software one, a blocked
      // driver), and its speed figures and budgets are the CPU's.
      await engine.loadModel([bytes as unknown as Blob], { n_ctx: options.nCtx, n_threads: options.nThreads, n_gpu_layers: 0, seed: options.seed ?? 42, ...options.llama });
      const meta = engine.getModelMetadata();
      // A truncated GGUF loads "successfully" with an empty vocabulary and zero dimensions.
      if (!(meta.hparams.nVocab > 0) || !(meta.hparams.nLayer > 0)) throw new AppError('model', 'corrupt', undefined, `invalid GGUF: vocabulary ${meta.hparams.nVocab}, layers ${meta.hparams.nLayer} (truncated or corrupt file)`);
      if (signal.aborted) throw new AppError('model', 'aborted');
      wllama = engine;
      modelBytes = bytes;
    } catch (err) {
      await engine.exit().catch(() => {});
      throw wllamaFailure(err);
    }
    if (cache && !cached) {
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream', ...(verified ? { [VERIFIED_HEADER]: verified } : {}) };
      await cache.put(url, new Response(bytes.stream(), { headers })).catch(() => {});
    }
    // llama.cpp has its own copy now: ours would double the model's memory for the engine's life.
    bytes.release();
    // Awaited (Comlink answers once the page has run it): the page then has every progress step
    // before this load returns, not a late one after the model is ready (see chat below).
    await Promise.allSettled([onProgress(1, 'Modèle prêt') as unknown]);
    const meta = wllama.getModelMetadata();
    return {
      nVocab: meta.hparams.nVocab, nCtxTrain: meta.hparams.nCtxTrain, nLayer: meta.hparams.nLayer, nEmbd: meta.hparams.nEmbd,
      threads: wllama.getNumThreads(), multithread: wllama.isMultithread(), chatTemplate: Boolean(wllama.getChatTemplate()),
      name: meta.meta['general.name'] ?? '', bytes: bytes.size,
    };
  },

  /** Bytes of the model file still held in this worker besides llama.cpp's own copy (tests: WllamaLabApi). */
  heldModelBytes(): number {
    return modelBytes?.held ?? 0;
  },

  cancelLoad(): void {
    loadController?.abort();
  },

  /**
   * Prefills `messages` (the system prompt, and the question as typed so far) into the KV cache
   * without writing anything, so that each later question prefills only what follows the common
   * prefix. Runs in the background; a question asked meanwhile waits for it (it would have to read
   * the same tokens anyway). Reads run one after the other: one under way is never cut (what it
   * reads is the start of what the next one reads), one still waiting is skipped for a newer one.
   * unload() aborts them all.
   */
  async prime(messages: ChatMessage[]): Promise<WllamaPrimeOutcome> {
    if (!wllama) throw new AppError('model', 'not-loaded');
    // An answer being written keeps the cores: a read-ahead then would run beside it (another
    // slot) and slow it down.
    if (controller) return { prefilledTokens: 0, seconds: 0, aborted: true };
    const signal = primes.signal;
    const turn = ++latestPrime;
    const started = performance.now();
    const outcome: WllamaPrimeOutcome = { prefilledTokens: 0, seconds: 0, aborted: false };
    const previous = priming;
    const run = (async () => {
      // One at a time: llama-server gives a request that arrives while another runs a slot of its
      // own, with nothing cached, and this read would start from zero.
      await previous;
      // Control flow, not a failure: `stopped` below swallows it.
      if (turn !== latestPrime || signal.aborted) throw new DOMException('replaced by a newer read', 'AbortError');
      // max_tokens 0: llama-server evaluates the prompt into the slot's cache and generates nothing.
      const stream = await wllama!.createChatCompletion({ messages, stream: true, abortSignal: signal, max_tokens: 0, temperature: 0 });
      for await (const chunk of stream) if (chunk.timings) outcome.prefilledTokens = chunk.timings.prompt_n;
    })();
    priming = run.catch(() => {});
    try {
      await run;
    } catch (err) {
      if (!stopped(err, signal)) throw wllamaFailure(err);
      outcome.aborted = true;
    }
    outcome.seconds = (performance.now() - started) / 1000;
    return outcome;
  },

  /**
   * « Nouvel usager »: every read under way or waiting (the last citizen's question as typed) is
   * dropped, then `keep` (the system prompt) is read again. llama-server keeps in a slot only the
   * common prefix with the new prompt, so the previous question, its sources and its answer leave
   * the KV cache.
   */
  async forgetConversation(keep?: ChatMessage[]): Promise<WllamaPrimeOutcome | undefined> {
    primes.abort();
    primes = new AbortController();
    latestPrime++;
    await priming;
    if (!wllama || !keep?.length) return undefined;
    return api.prime(keep);
  },

  async chat(messages: ChatMessage[], options: WllamaLabChatOptions, onDelta: (text: string) => void): Promise<WllamaLabChatOutcome> {
    if (!wllama) throw new AppError('model', 'not-loaded');
    controller = new AbortController();
    const started = performance.now();
    // Stop pressed while waiting for the prime: give up waiting (the request then ends as aborted).
    const signal = controller.signal;
    await Promise.race([priming, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    if (signal.aborted) {
      controller = undefined;
      return { text: '', finishReason: 'abort' };
    }
    let firstAt: number | undefined;
    let text = '';
    let finishReason: WllamaChatOutcome['finishReason'] = 'stop';
    const outcome: WllamaLabChatOutcome = { text: '', finishReason };
    // Each piece reaches the page on the callback's own MessagePort, this reply on the worker's
    // channel: no order between the two. A busy page could get the reply first, then a late
    // piece reopened the finished answer, which then stalled as « streaming ». The reply waits until the page has
    // run the callback for every piece (Comlink answers each call once it has).
    const handedOver: Promise<unknown>[] = [];
    try {
      const stream = await wllama.createChatCompletion({
        messages, stream: true, abortSignal: controller.signal,
        max_tokens: options.maxTokens, temperature: options.temperature ?? ANSWER_TEMPERATURE, cache_prompt: options.cachePrompt ?? true,
        ...(options.grammar ? { grammar: options.grammar } : {}),
        ...(options.logprobs ? { logprobs: true, top_logprobs: options.logprobs } : {}),
      });
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const delta = choice?.delta?.content;
        if (delta) {
          firstAt ??= performance.now();
          text += delta;
          handedOver.push(Promise.resolve(onDelta(delta) as unknown));
        }
        for (const lp of choice?.logprobs?.content ?? []) {
          (outcome.logprobs ??= []).push({ token: lp.token, logprob: lp.logprob, top: lp.top_logprobs.map((t) => ({ token: t.token, logprob: t.logprob })) });
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
        if (chunk.usage) {
          outcome.promptTokens = chunk.usage.prompt_tokens;
          outcome.completionTokens = chunk.usage.completion_tokens;
        }
        if (chunk.timings) {
          // prompt_n counts only the tokens prefilled now; cache_n those reused from the KV cache.
          outcome.promptTokens = chunk.usage?.prompt_tokens ?? chunk.timings.prompt_n + (chunk.timings.cache_n ?? 0);
          outcome.prefilledTokens = chunk.timings.prompt_n;
          outcome.completionTokens = chunk.usage?.completion_tokens ?? chunk.timings.predicted_n;
          outcome.prefillTokensPerSecond = chunk.timings.prompt_per_second;
          outcome.decodeTokensPerSecond = chunk.timings.predicted_per_second;
          outcome.cachedTokens = chunk.timings.cache_n;
        }
      }
    } catch (err) {
      // Stop pressed: what was written so far is the answer, not a failure.
      if (!stopped(err, controller.signal)) throw wllamaFailure(err);
      finishReason = 'abort';
    } finally {
      controller = undefined;
      await Promise.allSettled(handedOver);
    }
    if (firstAt !== undefined) outcome.timeToFirstTokenSeconds = (firstAt - started) / 1000;
    return { ...outcome, text, finishReason };
  },

  abort(): void {
    controller?.abort();
  },

  /** Exact token count of a text with the model's tokenizer (no BOS, no template). */
  async countTokens(text: string): Promise<number> {
    if (!wllama) throw new AppError('model', 'not-loaded');
    const withText = await wllama.createCompletion({ prompt: `${text}`, max_tokens: 1, temperature: 0 });
    const empty = await wllama.createCompletion({ prompt: '', max_tokens: 1, temperature: 0 });
    // The empty prompt measures what the engine adds around any prompt (BOS).
    return withText.usage.prompt_tokens - empty.usage.prompt_tokens;
  },

  async unload(): Promise<void> {
    controller?.abort();
    primes.abort();
    primes = new AbortController();
    const engine = wllama;
    wllama = undefined;
    modelBytes = undefined;
    await engine?.exit().catch(() => {});
  },

  /** Drops a model's verified copy (uninstall, or a copy found damaged). */
  async forget(url: string): Promise<void> {
    if ('caches' in self) await (await caches.open(CACHE_NAME)).delete(url);
  },

  async cached(url: string): Promise<boolean> {
    return 'caches' in self && Boolean(await (await caches.open(CACHE_NAME)).match(url));
  },
};

/** Everything the worker serves: the app's API plus the options and probes of tests and benches (src/lab/). */
export type WllamaLabApi = typeof api;

// The app's API (src/llm/engines/wllamaApi.ts) is part of what it serves: one changed alone fails the build.
Comlink.expose(api satisfies WllamaWorkerApi);

