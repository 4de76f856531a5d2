/** An Embedder over a model folder in Node (onnxruntime-web's wasm build, as in the worker). */
import * as ort from 'onnxruntime-web';
import { Embedder, type EmbedderOptions } from '../embedder';
import { readEmbedderFolder } from './embedderFolder';

export async function nodeEmbedder(dir: string, options: EmbedderOptions & { threads?: number } = {}): Promise<{ embedder: Embedder; sha256: string }> {
  ort.env.wasm.numThreads = options.threads ?? 1;
  const files = readEmbedderFolder(dir);
  return { embedder: await Embedder.create(ort, files, { ...options, executionProviders: ['wasm'] }), sha256: files.sha256 };
}
