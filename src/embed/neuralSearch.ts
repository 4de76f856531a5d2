/**
 * The search worker's side of the embedder: gives a question its neural vector when
 * the engine holds chunk vectors of that very model (bundled by corpus:embed, or computed here in
 * the background), and nothing otherwise, so the corpus-learnt vectors answer. A search never
 * waits for a model to load or for the corpus to be embedded; an embedder error falls back too.
 */
import type { Chunk } from '../corpus/chunk';
import type { EmbeddingMeta } from '../search/index/embeddingFile';
import type { SearchEngine } from '../search/searchEngine';
import { corpusFingerprint } from '../search/searchEngine';
import { CorpusEmbeddingJob, embeddingKey, type EmbeddingProgress, type SliceStore } from './corpusEmbedding';
import { isZero } from './pooling';

export interface RemoteEmbedder {
  embed(texts: string[], kind: 'query' | 'passage'): Promise<Float32Array[]>;
}

export interface ModelIdentity {
  id: string;
  sha256: string;
  dims: number;
}

export class NeuralSearch {
  private ready: boolean;
  private job?: CorpusEmbeddingJob;
  lastError?: string;

  constructor(
    private readonly engine: SearchEngine,
    chunks: readonly Chunk[],
    bundled: EmbeddingMeta | undefined,
    readonly model: ModelIdentity,
    private readonly embedder: RemoteEmbedder,
    store: SliceStore,
    onProgress: (p: EmbeddingProgress) => void,
  ) {
    this.ready = bundled?.model === model.id && bundled.sha256 === model.sha256;
    if (this.ready) {
      onProgress({ key: 'bundle', done: chunks.length, total: chunks.length, state: 'complete' });
      return;
    }
    const key = embeddingKey(model.id, model.sha256, corpusFingerprint(chunks));
    const passages = { embed: (texts: readonly string[], kind: 'passage') => embedder.embed([...texts], kind) };
    this.job = new CorpusEmbeddingJob(key, chunks, model.dims, passages, store, onProgress);
    this.job.run().then((vectors) => {
      if (!vectors) return;
      // Switched whole, once complete: never a half-embedded corpus.
      this.engine.attachEmbeddings(vectors);
      this.ready = true;
    }, (err: unknown) => {
      this.lastError = err instanceof Error ? err.message : String(err);
    });
  }

  get usable(): boolean {
    return this.ready;
  }

  /** The question's vector, or undefined when the neural vectors cannot serve (yet). */
  async queryVector(question: string): Promise<Float32Array | undefined> {
    if (!this.ready || !question.trim()) return undefined;
    try {
      const [v] = await this.embedder.embed([question], 'query');
      return v && v.length === this.model.dims && !isZero(v) ? v : undefined;
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      return undefined;
    }
  }

  pause(): void {
    this.job?.pause();
  }

  resume(): void {
    this.job?.resume();
  }

  stop(): void {
    this.job?.stop();
  }
}
