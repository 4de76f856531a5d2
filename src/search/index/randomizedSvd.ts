/**
 * Truncated SVD of a large sparse matrix by randomized range finding (Halko, Martinsson & Tropp,
 * 2011): project on a random subspace, sharpen it with a few power iterations, then solve the
 * small problem exactly. The matrix is only touched through two products, so the caller keeps it
 * in whatever sparse layout it already has (here: the BM25 postings).
 *
 * Dense blocks are row-major Float64Arrays with `width` columns.
 */
export interface LinearOperator {
  rows: number;
  cols: number;
  /** A · X, X being cols × width. */
  times(x: Float64Array, width: number): Float64Array;
  /** Aᵀ · Y, Y being rows × width. */
  transposeTimes(y: Float64Array, width: number): Float64Array;
}

export interface SvdOptions {
  /** Extra random directions beyond the rank, for accuracy. */
  oversample?: number;
  powerIterations?: number;
  seed?: number;
}

export interface TruncatedSvd {
  rank: number;
  /** Largest first. */
  singularValues: Float64Array;
  /** Right singular vectors V, cols × rank, row-major. */
  right: Float64Array;
}

export function truncatedSvd(op: LinearOperator, rank: number, options: SvdOptions = {}): TruncatedSvd {
  const width = Math.min(rank + (options.oversample ?? 16), op.rows, op.cols);
  const k = Math.min(rank, width);
  const random = gaussian(options.seed ?? 1);
  const omega = new Float64Array(op.cols * width);
  for (let i = 0; i < omega.length; i++) omega[i] = random();

  // Power iterations without re-orthonormalising in between: with one or two iterations the
  // spread of singular values stays far inside double precision, and each skipped
  // orthonormalisation is the most expensive step.
  let y = op.times(omega, width);
  for (let it = 0; it < (options.powerIterations ?? 1); it++) y = op.times(op.transposeTimes(y, width), width);
  const q = orthonormalize(y, op.rows, width);
  // B = Qᵀ A is width × cols; it is held transposed (cols × width) as Aᵀ Q.
  const bt = op.transposeTimes(q, width);
  // B Bᵀ = U Σ² Uᵀ gives the singular values and, through Bᵀ U Σ⁻¹, the right vectors.
  const gram = upperGram(bt, op.cols, width);
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) gram[i * width + j] = gram[j * width + i]!;
  const { values, vectors } = symmetricEigen(gram, width);
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]!).slice(0, k);
  const singularValues = Float64Array.from(order, (i) => Math.sqrt(Math.max(values[i]!, 0)));
  const right = new Float64Array(op.cols * k);
  for (let r = 0; r < op.cols; r++) {
    const base = r * width;
    for (let c = 0; c < k; c++) {
      const col = order[c]!;
      const sigma = singularValues[c]!;
      if (sigma === 0) continue;
      let s = 0;
      for (let j = 0; j < width; j++) s += bt[base + j]! * vectors[j * width + col]!;
      right[r * k + c] = s / sigma;
    }
  }
  return { rank: k, singularValues, right };
}

/**
 * Orthonormal columns spanning those of `y` (rows × width), in place, by Cholesky QR: each pass
 * reads `y` row by row, twice, while the small width × width factor stays in cache (on a tall
 * block, several times faster than Gram-Schmidt, which sweeps the whole block per column). A
 * pass loses orthogonality in proportion to the square of the block's condition number, so a
 * second pass ("CholQR2") runs only when the first factor says the block was ill-conditioned.
 */
export function orthonormalize(y: Float64Array, rows: number, width: number): Float64Array {
  for (let pass = 0; pass < 2; pass++) {
    const upper = choleskyUpper(upperGram(y, rows, width), width);
    // Solve Q·R = Y row by row (forward substitution with the upper factor).
    const row = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      for (let j = 0; j < width; j++) {
        let s = y[base + j]!;
        for (let i = 0; i < j; i++) s -= row[i]! * upper[i * width + j]!;
        const d = upper[j * width + j]!;
        row[j] = d > 0 ? s / d : 0;
      }
      y.set(row, base);
    }
    if (conditionEstimate(upper, width) < WELL_CONDITIONED) break;
  }
  return y;
}

/** Below this (ratio of the factor's pivots), one pass leaves orthogonality errors near 1e-10. */
const WELL_CONDITIONED = 1e3;

/** Ratio of the largest to the smallest non-zero pivot of R: a cheap lower bound of cond(Y). */
function conditionEstimate(upper: Float64Array, n: number): number {
  let max = 0;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const d = upper[i * n + i]!;
    if (d <= 0) continue;
    max = Math.max(max, d);
    min = Math.min(min, d);
  }
  return max > 0 ? max / min : 1;
}

/** Upper triangle of YᵀY, accumulated row by row (one sequential read of the tall block). */
function upperGram(y: Float64Array, rows: number, width: number): Float64Array {
  const gram = new Float64Array(width * width);
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let i = 0; i < width; i++) {
      const v = y[base + i]!;
      if (v === 0) continue;
      const gi = i * width;
      for (let j = i; j < width; j++) gram[gi + j]! += v * y[base + j]!;
    }
  }
  return gram;
}

/**
 * Upper factor R of a symmetric positive semi-definite matrix (RᵀR = G, upper triangle of G
 * read). A direction the others already span gets a zero pivot, and its column of Q stays zero.
 */
function choleskyUpper(gram: Float64Array, n: number): Float64Array {
  const r = new Float64Array(n * n);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += gram[i * n + i]!;
  const tiny = 1e-13 * (trace / n || 1);
  for (let j = 0; j < n; j++) {
    let d = gram[j * n + j]!;
    for (let k = 0; k < j; k++) d -= r[k * n + j]! ** 2;
    if (d <= tiny) continue;
    const pivot = Math.sqrt(d);
    r[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let s = gram[j * n + i]!;
      for (let k = 0; k < j; k++) s -= r[k * n + j]! * r[k * n + i]!;
      r[j * n + i] = s / pivot;
    }
  }
  return r;
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i]! ** 2;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off <= 1e-22 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}

/** Deterministic standard normal draws (xorshift32 + Box-Muller): the same corpus gives the same vectors. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
