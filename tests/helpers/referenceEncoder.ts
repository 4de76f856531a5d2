/**
 * A plain, loop-by-loop forward pass of the XLM-R encoder of scripts/lib/encoderModel.ts, for
 * one unpadded input: what the ONNX graph must compute. Slow and obvious on purpose.
 */
import type { EncoderWeights } from '../../scripts/lib/encoderModel';

function erf(x: number): number {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7).
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

function layerNorm(x: number[], g: Float32Array, b: Float32Array): number[] {
  const mean = x.reduce((a, v) => a + v, 0) / x.length;
  const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length;
  return x.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * g[i]! + b[i]!);
}

function linear(x: number[], w: Float32Array, b: Float32Array, outDim: number): number[] {
  const y = Array.from(b);
  for (let i = 0; i < x.length; i++) for (let o = 0; o < outDim; o++) y[o]! += x[i]! * w[i * outDim + o]!;
  return y;
}

/** Token states [seq][hidden] of one input. */
export function referenceStates(w: EncoderWeights, ids: number[]): number[][] {
  const { hidden: h, heads, ffn } = w.shape;
  const hd = h / heads;
  let x = ids.map((id, t) => layerNorm(
    Array.from({ length: h }, (_, j) => w.word[id * h + j]! + w.position[(t + 2) * h + j]! + w.tokenType[j]!), w.lnG, w.lnB));
  for (const L of w.layers) {
    const q = x.map((v) => linear(v, L.q, L.qb, h));
    const k = x.map((v) => linear(v, L.k, L.kb, h));
    const v = x.map((r) => linear(r, L.v, L.vb, h));
    const ctx = x.map(() => new Array<number>(h).fill(0));
    for (let head = 0; head < heads; head++) {
      for (let i = 0; i < x.length; i++) {
        const scores = x.map((_, j) => {
          let s = 0;
          for (let d = 0; d < hd; d++) s += q[i]![head * hd + d]! * k[j]![head * hd + d]!;
          return s / Math.sqrt(hd);
        });
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const sum = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < x.length; j++) for (let d = 0; d < hd; d++) ctx[i]![head * hd + d]! += (e[j]! / sum) * v[j]![head * hd + d]!;
      }
    }
    x = x.map((r, i) => layerNorm(linear(ctx[i]!, L.o, L.ob, h).map((a, j) => a + r[j]!), L.ln1g, L.ln1b));
    x = x.map((r) => {
      const up = linear(r, L.f1, L.f1b, ffn).map((u) => 0.5 * u * (1 + erf(u * Math.SQRT1_2)));
      return layerNorm(linear(up, L.f2, L.f2b, h).map((a, j) => a + r[j]!), L.ln2g, L.ln2b);
    });
  }
  return x;
}

/** Mean over tokens, then L2 normalisation: e5's pooling. */
export function referenceEmbedding(w: EncoderWeights, ids: number[]): Float32Array {
  const states = referenceStates(w, ids);
  const h = w.shape.hidden;
  const mean = new Float32Array(h);
  for (const s of states) for (let j = 0; j < h; j++) mean[j]! += s[j]! / states.length;
  const n = Math.hypot(...mean);
  return mean.map((v) => v / n);
}
