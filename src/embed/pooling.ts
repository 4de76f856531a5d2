/**
 * Token states → one vector per input, as model cards say: mean over the attended tokens (e5,
 * Solon), the first token (granite, BERT-style CLS), then optional L2 normalisation.
 */
import type { Pooling } from './catalog';

/** `states` is [batch, seq, dim] row-major; `mask` is [batch, seq] (1 = real token). */
export function pool(states: Float32Array, mask: ArrayLike<number | bigint>, batch: number, seq: number, dim: number, how: Pooling): Float32Array[] {
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Float32Array(dim);
    if (how === 'cls') {
      v.set(states.subarray(b * seq * dim, b * seq * dim + dim));
    } else {
      let n = 0;
      for (let s = 0; s < seq; s++) {
        if (!Number(mask[b * seq + s])) continue;
        n++;
        const base = (b * seq + s) * dim;
        for (let j = 0; j < dim; j++) v[j]! += states[base + j]!;
      }
      if (n > 0) for (let j = 0; j < dim; j++) v[j]! /= n;
    }
    out.push(v);
  }
  return out;
}

/** Rows of an already pooled [batch, dim] output. */
export function rows(data: Float32Array, batch: number, dim: number): Float32Array[] {
  return Array.from({ length: batch }, (_, b) => data.slice(b * dim, (b + 1) * dim));
}

export function l2Normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

export function isZero(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}
