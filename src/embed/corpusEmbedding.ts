/**
 * Embedding the corpus in the background when a model is installed after it: one
 * slice of chunks at a time, each finished slice persisted (so a reload resumes where it
 * stopped), pause and resume between slices, progress after each. The vectors are handed over
 * only when every chunk has one: search switches to them whole, never half-way. Runs on any
 * `PassageEmbedder` (the embed worker through comlink in the app, an Embedder in tests).
 */
import type { Chunk } from '../corpus/chunk';
import { VectorStore } from '../search/index/vectorStore';
import { embedSlice, type PassageEmbedder } from './embedChunks';

export interface SliceStore {
  /** Starts of the slices already finished for this key. */
  finished(key: string): Promise<Set<number>>;
  save(key: string, start: number, rows: { i8: Int8Array; scales: Float32Array }): Promise<void>;
  /** Every finished slice of the key, to assemble the vectors. */
  all(key: string): Promise<{ start: number; i8: Int8Array; scales: Float32Array }[]>;
  /** Forgets slices of other keys (another model or corpus): they will never be used again. */
  keepOnly(key: string): Promise<void>;
}

export interface EmbeddingProgress {
  key: string;
  done: number;
  total: number;
  state: 'running' | 'paused' | 'complete' | 'failed';
  error?: string;
}

/** Ties persisted vectors to one model file and one list of chunks: they are never mixed. */
export function embeddingKey(model: string, sha256: string, corpusFingerprint: string): string {
  return `${model}@${sha256.slice(0, 16)}|${corpusFingerprint}`;
}

export class CorpusEmbeddingJob {
  private paused = false;
  private wake?: () => void;
  private done = 0;
  private running?: Promise<VectorStore | undefined>;
  private stopped = false;

  constructor(
    readonly key: string,
    private readonly chunks: readonly Chunk[],
    private readonly dims: number,
    private readonly embedder: PassageEmbedder,
    private readonly store: SliceStore,
    private readonly onProgress: (p: EmbeddingProgress) => void = () => {},
    readonly sliceSize = 32,
  ) {}

  /** Runs to the end (or until stopped); resolves with the complete vectors, undefined if stopped. */
  run(): Promise<VectorStore | undefined> {
    this.running ??= this.loop();
    return this.running;
  }

  pause(): void {
    this.paused = true;
    this.report('paused');
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  /** Ends the job for good (a model or corpus change); finished slices stay saved. */
  stop(): void {
    this.stopped = true;
    this.resume();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private report(state: EmbeddingProgress['state'], error?: string): void {
    this.onProgress({ key: this.key, done: this.done, total: this.chunks.length, state, error });
  }

  private async loop(): Promise<VectorStore | undefined> {
    await this.store.keepOnly(this.key);
    const finished = await this.store.finished(this.key);
    const starts: number[] = [];
    for (let s = 0; s < this.chunks.length; s += this.sliceSize) starts.push(s);
    this.done = starts.filter((s) => finished.has(s)).reduce((n, s) => n + Math.min(this.sliceSize, this.chunks.length - s), 0);
    for (const start of starts) {
      if (finished.has(start)) continue;
      this.report('running');
      while (this.paused && !this.stopped) await new Promise<void>((r) => (this.wake = r));
      if (this.stopped) return undefined;
      try {
        const rows = await embedSlice(this.embedder, this.chunks, start, this.sliceSize, this.dims);
        await this.store.save(this.key, start, rows);
      } catch (err) {
        this.report('failed', err instanceof Error ? err.message : String(err));
        throw err;
      }
      this.done += Math.min(this.sliceSize, this.chunks.length - start);
    }
    const i8 = new Int8Array(this.chunks.length * this.dims);
    const scales = new Float32Array(this.chunks.length);
    const slices = await this.store.all(this.key);
    let covered = 0;
    for (const s of slices) {
      if (s.start >= this.chunks.length || s.i8.length !== s.scales.length * this.dims) continue;
      i8.set(s.i8, s.start * this.dims);
      scales.set(s.scales, s.start);
      covered += s.scales.length;
    }
    if (covered !== this.chunks.length) throw new Error(`vecteurs incomplets : ${covered} / ${this.chunks.length}`);
    this.report('complete');
    return VectorStore.fromQuantized(i8, scales, this.dims);
  }
}
