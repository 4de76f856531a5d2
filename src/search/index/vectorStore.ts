/**
 * Chunk embeddings, searched exactly (brute force). Vectors are L2-normalised on the way in, so
 * the dot product is the cosine. `int8` keeps one byte per dimension and a scale per vector:
 * 4× less memory for the same ranking in practice (see bench:search).
 */
export type VectorPrecision = 'float32' | 'int8';

export interface VectorHit {
  index: number;
  score: number;
}

export class VectorStore {
  private constructor(
    readonly dim: number,
    readonly count: number,
    readonly precision: VectorPrecision,
    private readonly f32: Float32Array | undefined,
    private readonly i8: Int8Array | undefined,
    private readonly scales: Float32Array | undefined,
  ) {}

  /** `vectors` holds `count` rows of `dim` values, any embedder's output (copied, not kept). */
  static from(vectors: Float32Array | Float64Array, dim: number, precision: VectorPrecision = 'float32'): VectorStore {
    if (dim <= 0 || vectors.length % dim !== 0) throw new Error(`vectors: length ${vectors.length} is not a multiple of dim ${dim}`);
    const count = vectors.length / dim;
    const normalized = new Float32Array(vectors);
    for (let r = 0; r < count; r++) normalize(normalized.subarray(r * dim, (r + 1) * dim));
    if (precision === 'float32') return new VectorStore(dim, count, precision, normalized, undefined, undefined);
    const { i8, scales } = quantizeRows(normalized, count, dim);
    return new VectorStore(dim, count, precision, undefined, i8, scales);
  }

  /** Rows already quantised (as `quantized()` returns them), e.g. read from a bundle file. */
  static fromQuantized(i8: Int8Array, scales: Float32Array, dim: number): VectorStore {
    if (dim <= 0 || i8.length !== scales.length * dim) throw new Error(`vectors: ${i8.length} bytes for ${scales.length} rows of ${dim}`);
    return new VectorStore(dim, scales.length, 'int8', undefined, i8, scales);
  }

  /** The int8 rows and their scales, for writing to disk. */
  quantized(): { i8: Int8Array; scales: Float32Array } {
    if (!this.i8 || !this.scales) throw new Error('vectors: store is float32, not quantised');
    return { i8: this.i8, scales: this.scales };
  }

  get bytes(): number {
    return (this.f32?.byteLength ?? 0) + (this.i8?.byteLength ?? 0) + (this.scales?.byteLength ?? 0);
  }

  /** Cosine of a (normalised) query with one row. */
  similarity(normalizedQuery: Float32Array, row: number): number {
    const base = row * this.dim;
    let s = 0;
    if (this.f32) for (let j = 0; j < this.dim; j++) s += normalizedQuery[j]! * this.f32[base + j]!;
    else {
      for (let j = 0; j < this.dim; j++) s += normalizedQuery[j]! * this.i8![base + j]!;
      s *= this.scales![row]!;
    }
    return s;
  }

  /** Exact top-k by cosine; `allowed` (one byte per row) filters rows out. */
  topK(query: Float32Array, k: number, allowed?: Uint8Array): VectorHit[] {
    if (query.length !== this.dim) throw new Error(`query has dim ${query.length}, store has ${this.dim}`);
    const q = normalize(new Float32Array(query));
    const heap = new MinHeap(k);
    const dim = this.dim;
    // One loop per precision on purpose: each stays monomorphic on its typed array, which V8
    // compiles to tight code; a shared generic loop measured slower.
    for (let r = 0; r < this.count; r++) {
      if (allowed && !allowed[r]) continue;
      const base = r * dim;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let j = 0;
      if (this.f32) {
        const v = this.f32;
        for (; j + 3 < dim; j += 4) {
          s0 += q[j]! * v[base + j]!;
          s1 += q[j + 1]! * v[base + j + 1]!;
          s2 += q[j + 2]! * v[base + j + 2]!;
          s3 += q[j + 3]! * v[base + j + 3]!;
        }
        for (; j < dim; j++) s0 += q[j]! * v[base + j]!;
        heap.push(r, s0 + s1 + s2 + s3);
      } else {
        const v = this.i8!;
        for (; j + 3 < dim; j += 4) {
          s0 += q[j]! * v[base + j]!;
          s1 += q[j + 1]! * v[base + j + 1]!;
          s2 += q[j + 2]! * v[base + j + 2]!;
          s3 += q[j + 3]! * v[base + j + 3]!;
        }
        for (; j < dim; j++) s0 += q[j]! * v[base + j]!;
        heap.push(r, (s0 + s1 + s2 + s3) * this.scales![r]!);
      }
    }
    return heap.sorted();
  }
}

/**
 * One byte per value and one scale per row (largest magnitude → ±127). An all-zero row gets
 * scale 0, which also marks it as empty for whoever reads the rows.
 */
export function quantizeRows(values: Float32Array | Float64Array, rows: number, dim: number): { i8: Int8Array; scales: Float32Array } {
  const i8 = new Int8Array(rows * dim);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(values[r * dim + j]!));
    if (max === 0) continue;
    const scale = max / 127;
    scales[r] = scale;
    for (let j = 0; j < dim; j++) i8[r * dim + j] = Math.round(values[r * dim + j]! / scale);
  }
  return { i8, scales };
}

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** Keeps the k best (index, score) pairs seen. */
export class MinHeap {
  private readonly idx: Int32Array;
  private readonly val: Float32Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.idx = new Int32Array(Math.max(1, k));
    this.val = new Float32Array(Math.max(1, k));
  }

  push(index: number, score: number): void {
    if (this.k <= 0) return;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.val[parent]! <= score) break;
        this.idx[i] = this.idx[parent]!;
        this.val[i] = this.val[parent]!;
        i = parent;
      }
      this.idx[i] = index;
      this.val[i] = score;
    } else if (score > this.val[0]!) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= this.size) break;
        const r = l + 1;
        const c = r < this.size && this.val[r]! < this.val[l]! ? r : l;
        if (this.val[c]! >= score) break;
        this.idx[i] = this.idx[c]!;
        this.val[i] = this.val[c]!;
        i = c;
      }
      this.idx[i] = index;
      this.val[i] = score;
    }
  }

  sorted(): VectorHit[] {
    const out: VectorHit[] = [];
    for (let i = 0; i < this.size; i++) out.push({ index: this.idx[i]!, score: this.val[i]! });
    return out.sort((a, b) => b.score - a.score || a.index - b.index);
  }
}
