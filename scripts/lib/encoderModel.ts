/**
 * An XLM-RoBERTa encoder (the architecture of multilingual-e5-small: 12 layers, hidden 384, 12
 * heads, FFN 1536, 250,002 tokens, 512 positions) written as ONNX with seeded random weights, in
 * float32 or in the int8 form onnxruntime's dynamic quantisation produces (int8 weights,
 * DynamicQuantizeLinear + MatMulInteger, int8 embedding table gathered then dequantised). Speed
 * and memory do not depend on the weights' values, so this measures a real e5-small's cost
 * without its file. Output: `last_hidden_state` [batch, sequence, hidden] (mean pooling is ours).
 */
import { GraphBuilder } from '../../src/embed/node/onnxGraph';

export interface EncoderShape {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  ffn: number;
  /** Real positions; XLM-R's table has 2 more (padding index 1, positions start at 2). */
  maxPositions: number;
}

// 250,037 embedding rows as in e5-small's config; its XLM-R tokenizer uses the first 250,002.
export const E5_SMALL_SHAPE: EncoderShape = { vocab: 250_037, hidden: 384, layers: 12, heads: 12, ffn: 1536, maxPositions: 512 };

export function encoderParams(s: EncoderShape): number {
  const layer = 4 * (s.hidden * s.hidden + s.hidden) + 2 * s.hidden * s.ffn + s.ffn + s.hidden + 4 * s.hidden;
  return s.vocab * s.hidden + (s.maxPositions + 2) * s.hidden + s.hidden + 2 * s.hidden + s.layers * layer;
}

/** Deterministic weights: the test suite regenerates them to compute a reference forward pass. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [-1, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  /** `n` values with BERT's initialisation spread (std 0.02). */
  fill(n: number, std = 0.02): Float32Array {
    const a = std * Math.sqrt(3);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = a * this.next();
    return out;
  }
}

export interface EncoderLayerWeights {
  q: Float32Array; qb: Float32Array; k: Float32Array; kb: Float32Array; v: Float32Array; vb: Float32Array;
  o: Float32Array; ob: Float32Array; ln1g: Float32Array; ln1b: Float32Array;
  f1: Float32Array; f1b: Float32Array; f2: Float32Array; f2b: Float32Array; ln2g: Float32Array; ln2b: Float32Array;
}

export interface EncoderWeights {
  shape: EncoderShape;
  word: Float32Array;
  position: Float32Array;
  tokenType: Float32Array;
  lnG: Float32Array;
  lnB: Float32Array;
  layers: EncoderLayerWeights[];
}

/** Matrices are [in, out] row-major (x · W). Layer norms start at γ = 1 + noise, β = noise. */
export function randomEncoderWeights(shape: EncoderShape, seed = 13): EncoderWeights {
  const r = new Rng(seed);
  const h = shape.hidden;
  const gamma = (n: number) => r.fill(n, 0.1).map((x) => 1 + x);
  return {
    shape,
    word: r.fill(shape.vocab * h),
    position: r.fill((shape.maxPositions + 2) * h),
    tokenType: r.fill(h),
    lnG: gamma(h), lnB: r.fill(h),
    layers: Array.from({ length: shape.layers }, () => ({
      q: r.fill(h * h), qb: r.fill(h), k: r.fill(h * h), kb: r.fill(h), v: r.fill(h * h), vb: r.fill(h),
      o: r.fill(h * h), ob: r.fill(h), ln1g: gamma(h), ln1b: r.fill(h),
      f1: r.fill(h * shape.ffn), f1b: r.fill(shape.ffn), f2: r.fill(shape.ffn * h), f2b: r.fill(h), ln2g: gamma(h), ln2b: r.fill(h),
    })),
  };
}

/** Symmetric per-tensor int8: scale = max|w| / 127, zero point 0. */
export function quantizeTensor(w: Float32Array): { q: Int8Array; scale: number } {
  let max = 0;
  for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i]!));
  const scale = max / 127 || 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.round(w[i]! / scale);
  return { q, scale };
}

export function encoderGraph(w: EncoderWeights, precision: 'float32' | 'int8'): Uint8Array {
  const s = w.shape;
  const h = s.hidden;
  const hd = h / s.heads;
  const g = new GraphBuilder();
  const ids = g.input('input_ids', 'int64', ['batch', 'sequence']);
  const mask = g.input('attention_mask', 'int64', ['batch', 'sequence']);
  const ints = (name: string, v: number[]) => g.constant(name, 'int64', [v.length], v);
  const f = (name: string, dims: number[], data: Float32Array | number[]) => g.constant(name, 'float', dims, data);
  const one = f('one', [], [1]);

  // Embeddings: word (+ dequantised when int8) + position (XLM-R: cumsum of the mask + 1) + type.
  let word: string;
  if (precision === 'int8') {
    const qw = quantizeTensor(w.word);
    const table = g.constant('word_embeddings_i8', 'int8', [s.vocab, h], qw.q);
    word = g.one('DequantizeLinear', [g.one('Gather', [table, ids], { axis: 0 }), f('word_scale', [], [qw.scale]), g.constant('word_zp', 'int8', [], [0])]);
  } else {
    word = g.one('Gather', [f('word_embeddings', [s.vocab, h], w.word), ids], { axis: 0 });
  }
  const positions = g.one('Add', [g.one('Mul', [g.one('CumSum', [mask, g.constant('axis1_scalar', 'int64', [], [1])]), mask]), g.constant('pad_index', 'int64', [], [1])]);
  const position = g.one('Gather', [f('position_embeddings', [s.maxPositions + 2, h], w.position), positions], { axis: 0 });
  let x = g.one('Add', [g.one('Add', [word, position]), f('token_type_embedding', [h], w.tokenType)]);
  x = g.one('LayerNormalization', [x, f('emb_ln_g', [h], w.lnG), f('emb_ln_b', [h], w.lnB)], { axis: -1, epsilon: 1e-5 });

  const maskF = g.one('Cast', [mask], { to: 1 });
  const bias = g.one('Mul', [g.one('Sub', [one, maskF]), f('neg_inf', [], [-1e4])]);
  const maskBias = g.one('Unsqueeze', [bias, ints('axes_1_2', [1, 2])]);
  const headsShape = ints('heads_shape', [0, 0, s.heads, hd]);
  const mergedShape = ints('merged_shape', [0, 0, h]);

  const linear = (name: string, input: string, weight: Float32Array, b: Float32Array, inDim: number, outDim: number): string => {
    let y: string;
    if (precision === 'int8') {
      const qw = quantizeTensor(weight);
      const [xq, xs, xz] = g.op('DynamicQuantizeLinear', [input], {}, 3);
      const prod = g.one('MatMulInteger', [xq!, g.constant(`${name}_w_i8`, 'int8', [inDim, outDim], qw.q), xz!, g.constant(`${name}_w_zp`, 'int8', [], [0])]);
      y = g.one('Mul', [g.one('Cast', [prod], { to: 1 }), g.one('Mul', [xs!, f(`${name}_w_scale`, [], [qw.scale])])]);
    } else {
      y = g.one('MatMul', [input, f(`${name}_w`, [inDim, outDim], weight)]);
    }
    return g.one('Add', [y, f(`${name}_b`, [outDim], b)]);
  };

  w.layers.forEach((L, i) => {
    const heads = (t: string, perm: number[]) => g.one('Transpose', [g.one('Reshape', [t, headsShape])], { perm });
    const q = heads(linear(`l${i}_q`, x, L.q, L.qb, h, h), [0, 2, 1, 3]);
    const k = heads(linear(`l${i}_k`, x, L.k, L.kb, h, h), [0, 2, 3, 1]);
    const v = heads(linear(`l${i}_v`, x, L.v, L.vb, h, h), [0, 2, 1, 3]);
    const scores = g.one('Add', [g.one('Mul', [g.one('MatMul', [q, k]), f(`l${i}_scale`, [], [1 / Math.sqrt(hd)])]), maskBias]);
    const probs = g.one('Softmax', [scores], { axis: -1 });
    const ctx = g.one('Reshape', [g.one('Transpose', [g.one('MatMul', [probs, v])], { perm: [0, 2, 1, 3] }), mergedShape]);
    const attn = linear(`l${i}_o`, ctx, L.o, L.ob, h, h);
    x = g.one('LayerNormalization', [g.one('Add', [x, attn]), f(`l${i}_ln1_g`, [h], L.ln1g), f(`l${i}_ln1_b`, [h], L.ln1b)], { axis: -1, epsilon: 1e-5 });
    const up = linear(`l${i}_f1`, x, L.f1, L.f1b, h, s.ffn);
    // GELU (erf form, as BERT/XLM-R use): 0.5·x·(1 + erf(x/√2)).
    const gelu = g.one('Mul', [g.one('Mul', [up, f(`l${i}_half`, [], [0.5])]), g.one('Add', [one, g.one('Erf', [g.one('Mul', [up, f(`l${i}_rsqrt2`, [], [Math.SQRT1_2])])])])]);
    const down = linear(`l${i}_f2`, gelu, L.f2, L.f2b, s.ffn, h);
    x = g.one('LayerNormalization', [g.one('Add', [x, down]), f(`l${i}_ln2_g`, [h], L.ln2g), f(`l${i}_ln2_b`, [h], L.ln2b)], { axis: -1, epsilon: 1e-5 }, i === w.layers.length - 1 ? 'last_hidden_state' : undefined);
  });
  g.output('last_hidden_state', 'float', ['batch', 'sequence', h]);
  return g.encode(`XLM-R encoder with random weights (${precision}), shape ${JSON.stringify(s)}`, 17);
}
