/**
 * A GGUF file held in the worker's memory as the chunks it arrived in, read by wllama as it reads a
 * Blob: `size`, `slice(start, end)`, `arrayBuffer()`, `stream()` (all that wllama 3.13 calls on a
 * model; checked in its worker.ts and utils.ts). Every read returns a fresh buffer, since wllama
 * transfers it to its own worker.
 *
 * Why not a Blob: wllama reads a model through hundreds of `blob.slice(a, b).arrayBuffer()` calls.
 * Chromium stores each slice of an in-memory Blob as a copy, freed only when the slice is
 * garbage-collected, and keeps at most 2 GiB of blobs in memory; a profile without a disk
 * (incognito, guest, kiosk, Playwright's contexts) cannot move them to disk. Loads of 0.8–1.1 GB
 * models then failed at random with « File read failed: NotReadableError ». Plain ArrayBuffers
 * have no such cap.
 */
export class ModelBytes {
  readonly size: number;
  readonly type = '';

  private constructor(
    /** Shared by every slice, so that release() empties them all. */
    private readonly store: { parts: readonly Uint8Array[]; released?: boolean },
    /** Offset of each part in the whole file, ascending. */
    private readonly starts: readonly number[],
    private readonly begin: number,
    end: number,
  ) {
    this.size = end - begin;
  }

  static of(parts: readonly Uint8Array[]): ModelBytes {
    const starts: number[] = [];
    let total = 0;
    for (const p of parts) {
      starts.push(total);
      total += p.byteLength;
    }
    return new ModelBytes({ parts }, starts, 0, total);
  }

  /** Same arguments as Blob.slice (negative offsets count from the end); shares the bytes. */
  slice(start = 0, end = this.size): ModelBytes {
    const clamp = (n: number) => Math.min(this.size, Math.max(0, n < 0 ? this.size + n : n));
    const a = clamp(start);
    const b = Math.max(a, clamp(end));
    return new ModelBytes(this.store, this.starts, this.begin + a, this.begin + b);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.store.released) throw new Error('ModelBytes: read after release');
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const piece of this.pieces()) {
      out.set(piece, at);
      at += piece.byteLength;
    }
    return out.buffer;
  }

  /** The bytes in pieces of at most `chunk` bytes, each one a fresh copy. */
  stream(chunk = 4 * 2 ** 20): ReadableStream<Uint8Array> {
    let offset = 0;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        if (offset >= this.size) return controller.close();
        const next = Math.min(this.size, offset + chunk);
        controller.enqueue(new Uint8Array(await this.slice(offset, next).arrayBuffer()));
        offset = next;
      },
    });
  }

  /**
   * Drops the bytes, for this object and every slice of it. wllama keeps the object it loaded
   * from for the engine's whole life, but llama.cpp has copied every tensor into its wasm memory
   * by then and never reads the file again: without this the worker held the file twice
   * (docs/BENCH-CPU.md, "Memory"). A read afterwards fails.
   */
  release(): void {
    this.store.parts = [];
    this.store.released = true;
  }

  /** Bytes of the whole file still held (0 once released). */
  get held(): number {
    return this.store.parts.reduce((n, p) => n + p.byteLength, 0);
  }

  /** Views (no copy) of the parts that cover this range, in order. */
  private *pieces(): Generator<Uint8Array> {
    const parts = this.store.parts;
    const end = this.begin + this.size;
    // Last part starting at or before `begin`.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= this.begin) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i < parts.length && this.starts[i]! < end; i++) {
      const part = parts[i]!;
      const from = Math.max(0, this.begin - this.starts[i]!);
      const to = Math.min(part.byteLength, end - this.starts[i]!);
      if (to > from) yield part.subarray(from, to);
    }
  }
}

/** Reads a response body to the end, in memory, reporting the bytes received so far and handing each piece to `onChunk` (a hash). */
export async function readBody(body: ReadableStream<Uint8Array>, onProgress: (loaded: number) => void, onChunk?: (chunk: Uint8Array) => void): Promise<ModelBytes> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    onChunk?.(value);
    loaded += value.byteLength;
    onProgress(loaded);
  }
  return ModelBytes.of(parts);
}
