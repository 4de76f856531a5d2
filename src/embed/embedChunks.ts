/**
 * The corpus's chunks through an embedder, a slice at a time, into int8 rows: what
 * `corpus:embed` does in Node and the background job does in the browser (one slice per step,
 * so it can pause, persist finished slices and resume).
 */
import type { Chunk } from '../corpus/chunk';
import { quantizeRows, VectorStore } from '../search/index/vectorStore';
import { passageText } from './passageText';
import { AppError } from '../errors/appFailure';

export interface PassageEmbedder {
  embed(texts: readonly string[], kind: 'passage'): Promise<Float32Array[]>;
}

/** One slice of chunks → its int8 rows and scales (chunks [start, start + count)). */
export async function embedSlice(embedder: PassageEmbedder, chunks: readonly Chunk[], start: number, count: number, dims: number): Promise<{ i8: Int8Array; scales: Float32Array }> {
  const slice = chunks.slice(start, start + count);
  const vectors = await embedder.embed(slice.map(passageText), 'passage');
  const flat = new Float32Array(slice.length * dims);
  vectors.forEach((v, i) => {
    if (v.length !== dims) throw new AppError('embed', 'bad-config', undefined, `embedder returned ${v.length} values, expected ${dims}`);
    flat.set(v, i * dims);
  });
  return quantizeRows(normalizedRows(flat, dims), slice.length, dims);
}

export async function embedAll(
  embedder: PassageEmbedder, chunks: readonly Chunk[], dims: number,
  onProgress?: (done: number, total: number) => void, sliceSize = 256,
): Promise<VectorStore> {
  const i8 = new Int8Array(chunks.length * dims);
  const scales = new Float32Array(chunks.length);
  for (let start = 0; start < chunks.length; start += sliceSize) {
    const part = await embedSlice(embedder, chunks, start, sliceSize, dims);
    i8.set(part.i8, start * dims);
    scales.set(part.scales, start);
    onProgress?.(Math.min(chunks.length, start + sliceSize), chunks.length);
  }
  return VectorStore.fromQuantized(i8, scales, dims);
}

function normalizedRows(flat: Float32Array, dims: number): Float32Array {
  for (let r = 0; r * dims < flat.length; r++) {
    const row = flat.subarray(r * dims, (r + 1) * dims);
    let n = 0;
    for (let j = 0; j < dims; j++) n += row[j]! * row[j]!;
    n = Math.sqrt(n);
    if (n > 0) for (let j = 0; j < dims; j++) row[j]! /= n;
  }
  return flat;
}
