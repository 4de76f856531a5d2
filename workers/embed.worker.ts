/// <reference lib="webworker" />
/**
 * The embedding model, off the main thread: onnxruntime-web with WebGPU when the
 * browser gives an adapter, WASM otherwise, several threads when the page is cross-origin
 * isolated (SharedArrayBuffer), one otherwise. A narrow API: load a model folder, embed texts.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web';
import { Embedder, type EmbedKind } from '../src/embed/embedder';
import { EmbedError } from '../src/embed/embedErrors';
import { fetchEmbedderFiles, type EmbedderSource } from '../src/embed/fetchEmbedderFiles';

export interface EmbedderInfo {
  id: string;
  dims: number;
  sha256: string;
  /** 'webgpu' or 'wasm': the provider the session runs on. */
  executionProvider: string;
  threads: number;
  crossOriginIsolated: boolean;
  /** Where the files came from (same origin or hub). */
  from: string;
  loadMs: number;
}

/** How benches and tests pin the session (EmbedLabApi); the app lets the worker choose. */
export interface EmbedLabLoadOptions {
  /** 'auto' (default): WebGPU when an adapter exists. */
  backend?: 'auto' | 'wasm' | 'webgpu';
  /** WASM threads; default: all cores when cross-origin isolated, else 1. */
  threads?: number;
}

let embedder: Embedder | undefined;
let info: EmbedderInfo | undefined;

async function hasAdapter(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    return Boolean(await gpu.requestAdapter());
  } catch {
    return false;
  }
}

const api = {
  async load(source: EmbedderSource, options: EmbedLabLoadOptions = {}): Promise<EmbedderInfo> {
    const started = performance.now();
    const isolated = self.crossOriginIsolated === true;
    const threads = isolated ? Math.max(1, options.threads ?? navigator.hardwareConcurrency ?? 1) : 1;
    ort.env.wasm.numThreads = threads;
    const backend = options.backend ?? 'auto';
    const providers = backend === 'wasm' ? ['wasm'] : backend === 'webgpu' ? ['webgpu'] : (await hasAdapter()) ? ['webgpu', 'wasm'] : ['wasm'];
    const files = await fetchEmbedderFiles(source);
    const next = await Embedder.create(ort, files, { executionProviders: providers });
    await embedder?.release();
    embedder = next;
    info = {
      id: files.config.id, dims: files.config.dims, sha256: files.sha256, executionProvider: next.executionProvider,
      threads, crossOriginIsolated: isolated, from: files.from, loadMs: performance.now() - started,
    };
    return info;
  },

  info(): EmbedderInfo | undefined {
    return info;
  },

  async embed(texts: string[], kind: EmbedKind): Promise<Float32Array[]> {
    if (!embedder) throw new EmbedError('not-loaded', 'no model loaded');
    return embedder.embed(texts, kind);
  },

  /** « Nouvel usager »: drops the cached query vectors (keyed by the questions' text). */
  forgetQueries(): number {
    const had = embedder?.cachedQueries ?? 0;
    embedder?.forgetQueries();
    return had;
  },

  /** Serves this API on another port too (the search worker's link to the model). */
  connect(port: MessagePort): void {
    Comlink.expose(api, port);
  },

  async unload(): Promise<void> {
    await embedder?.release();
    embedder = undefined;
    info = undefined;
  },
};

/** Everything the worker serves: the app's API plus the load options of benches and tests. */
export type EmbedLabApi = typeof api;

/** The worker as the app uses it (src/ui/embedderState.svelte.ts, the search worker's link). */
export type EmbedApi = Omit<EmbedLabApi, 'load'> & {
  load(source: EmbedderSource): Promise<EmbedderInfo>;
};
Comlink.expose(api);
