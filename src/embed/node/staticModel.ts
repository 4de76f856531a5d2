/**
 * The corpus-learnt static embedder (in the spirit of model2vec) as a real model folder: the
 * corpus vectors' term table behind a WordLevel `tokenizer.json` over the index's terms, and an
 * ONNX graph that turns `input_ids` + `attention_mask` into the pooled vector the search engine
 * computes today:
 *   Σ over distinct tokens t of  class(t) × (1 + ln tf_t) × idf_t × v_t
 * where tf_t counts t's occurrences in the input (a passage repeats its title terms, see
 * analysedText.ts), class is 1 for a question term and SYNONYM_WEIGHT for its `~` expansion, and
 * class × idf × quantisation scale is folded into one factor per vocabulary id. The tf part is computed in the
 * graph (each position weighs (1 + ln tf) / tf), so a question (each term once) gets plain
 * idf-weighted sums and a passage the chunk weighting of latentSemantics.ts.
 */
import type { Bm25Index } from '../../search/index/bm25';
import { DEFAULT_SEMANTICS, type LatentSemantics } from '../../search/index/latentSemantics';
import { DEFAULT_QUERY_TERMS } from '../../search/analysis/queryTerms';

const SYNONYM_WEIGHT = DEFAULT_QUERY_TERMS.synonymWeight;
import { SYNONYM_MARK } from '../analysedText';
import type { EmbedderConfig } from '../embedder';
import { embedderSpec } from '../catalog';
import { GraphBuilder } from './onnxGraph';

export const SPECIAL = { pad: '[PAD]', unk: '[UNK]' } as const;

export interface ModelFolderFiles {
  'model.onnx': Uint8Array;
  'tokenizer.json': Uint8Array;
  'tokenizer_config.json': Uint8Array;
  'embedder.json': Uint8Array;
}

/** Vocabulary (id = row) and table of a static model: rows 0 and 1 are [PAD] and [UNK], all zero. */
export interface StaticTable {
  terms: string[];
  dim: number;
  i8: Int8Array;
  factors: Float32Array;
}

export function tableFromSemantics(index: Bm25Index, semantics: LatentSemantics): StaticTable {
  const { i8, factors } = semantics.termTable();
  const dim = semantics.dim;
  // Terms the corpus vectors leave out (factor 0) are dropped: they would only add zero rows.
  const kept = index.terms.map((_, id) => id).filter((id) => factors[id]! > 0);
  const rows = kept.length + 2;
  const table = new Int8Array(rows * dim);
  const f = new Float32Array(rows);
  kept.forEach((id, r) => {
    table.set(i8.subarray(id * dim, (id + 1) * dim), (r + 2) * dim);
    f[r + 2] = factors[id]!;
  });
  return { terms: [SPECIAL.pad, SPECIAL.unk, ...kept.map((id) => index.terms[id]!)], dim, i8: table, factors: f };
}

export function staticGraph(table: StaticTable, debugOutputs = false): Uint8Array {
  const V = table.terms.length;
  const g = new GraphBuilder();
  const ids = g.input('input_ids', 'int64', ['batch', 'sequence']);
  const mask = g.input('attention_mask', 'int64', ['batch', 'sequence']);
  const vocab = g.constant('vocab_size', 'int64', [], [V]);
  const rowsT = g.constant('term_vectors_i8', 'int8', [V, table.dim], table.i8);
  // One factor per vocabulary id: a `~term` id (V + row) has its row's factor × SYNONYM_WEIGHT.
  // (Gathering a class weight by ids / V instead gave zeros on onnxruntime-web's WebGPU EP.)
  const allFactors = new Float32Array(2 * V);
  allFactors.set(table.factors);
  for (let r = 0; r < V; r++) allFactors[V + r] = table.factors[r]! * SYNONYM_WEIGHT;
  const factors = g.constant('term_factors', 'float', [2 * V], allFactors);
  const ax = (name: string, values: number[]) => g.constant(name, 'int64', [values.length], values);
  const ax1 = ax('axis_1', [1]);
  const ax2 = ax('axis_2', [2]);

  const row = g.one('Mod', [ids, vocab]);
  const vectors = g.one('Cast', [g.one('Gather', [rowsT, row], { axis: 0 })], { to: 1 });
  const factor = g.one('Gather', [factors, ids], { axis: 0 });
  const maskF = g.one('Cast', [mask], { to: 1 });
  // tf of each position's token among the real tokens of its input: [b, s, s] equalities summed.
  const same = g.one('Cast', [g.one('Equal', [g.one('Unsqueeze', [ids, ax2]), g.one('Unsqueeze', [ids, ax1])])], { to: 1 });
  const counted = g.one('Mul', [same, g.one('Unsqueeze', [maskF, ax1])]);
  const one = g.constant('one', 'float', [], [1]);
  const tf = g.one('Max', [g.one('ReduceSum', [counted, ax2], { keepdims: 0 }), one]);
  const tfWeight = g.one('Div', [g.one('Add', [g.one('Log', [tf]), one]), tf]);
  const weight = g.one('Mul', [g.one('Mul', [factor, tfWeight]), maskF]);
  const pooled = g.one('MatMul', [g.one('Unsqueeze', [weight, ax1]), vectors]);
  g.one('Squeeze', [pooled, ax1], {}, 'sentence_embedding');
  g.output('sentence_embedding', 'float', ['batch', table.dim]);
  if (debugOutputs) for (const [n, v] of Object.entries({ row, factor, tf, weight })) g.output(v, n === 'row' ? 'int64' : 'float', ['batch', 'sequence']);
  return g.encode('Comptoir corpus-learnt static embedder (term vectors of the corpus SVD)', 17, { vocab_size: String(V), dim: String(table.dim) });
}

export function staticTokenizer(table: StaticTable): { tokenizer: object; config: object } {
  const V = table.terms.length;
  const vocab: Record<string, number> = {};
  table.terms.forEach((t, i) => {
    vocab[t] = i;
    if (i >= 2) vocab[SYNONYM_MARK + t] = V + i;
  });
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    tokenizer: {
      version: '1.0', truncation: null, padding: null,
      added_tokens: [special(0, SPECIAL.pad), special(1, SPECIAL.unk)],
      normalizer: null,
      pre_tokenizer: { type: 'WhitespaceSplit' },
      post_processor: null,
      decoder: null,
      model: { type: 'WordLevel', vocab, unk_token: SPECIAL.unk },
    },
    config: { unk_token: SPECIAL.unk, pad_token: SPECIAL.pad, model_max_length: 4096 },
  };
}

export function staticModelFolder(table: StaticTable, id = 'comptoir-corpus-static', titleRepeat = DEFAULT_SEMANTICS.titleWeight): ModelFolderFiles {
  const base = embedderSpec('comptoir-corpus-static')!;
  const model = staticGraph(table);
  const { tokenizer, config } = staticTokenizer(table);
  const spec: EmbedderConfig = { ...base, id, dims: table.dim, sizeMB: Math.round(model.length / 1e5) / 10, params: table.terms.length * table.dim, titleRepeat };
  const json = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));
  return { 'model.onnx': model, 'tokenizer.json': json(tokenizer), 'tokenizer_config.json': json(config), 'embedder.json': json(spec) };
}
