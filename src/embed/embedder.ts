/**
 * Text → normalised vectors with an ONNX encoder and its `tokenizer.json`: prefixes, truncation at
 * the model's max length, length-sorted batches, pooling and L2 normalisation as the model card
 * says, query vectors cached per query string. Runs wherever onnxruntime-web runs (the embed
 * worker, Node for `corpus:embed` and the benches); the runtime module is handed in.
 */
import type * as Ort from 'onnxruntime-web';
import { Tokenizer } from '@huggingface/tokenizers';
import { analysedPassage, analysedQuery } from './analysedText';
import { padBatch, planBatches, type EncodedInput } from './batching';
import type { EmbedderSpec } from './catalog';
import { AppError } from '../errors/appFailure';
import { isZero, l2Normalize, pool, rows } from './pooling';
import { QueryCache } from './queryCache';

export type EmbedKind = 'query' | 'passage';

/**
 * Padding allowed per batch, as a share of its real tokens. On WASM a padded position costs what a
 * real one does and batching inputs of equal length gains nothing (onnxruntime-web, e5-small
 * shape: batch 8 against batch 1 within noise per CPU-second), so batches there hold only inputs
 * of nearly equal length: on the corpus's slices of 256 chunks this pads 1.4 % instead of 10.4 %
 * (attention 2.8 % instead of 18.6 %). A GPU gains from wider batches: it keeps more.
 */
export const MAX_PADDING = { wasm: 0.02, gpu: 0.1 } as const;
export type OrtModule = typeof Ort;

/** A model folder's own description (`embedder.json`), read over the catalog entry. */
export type EmbedderConfig = EmbedderSpec & { titleRepeat?: number };

export interface EmbedderFiles {
  config: EmbedderConfig;
  model: Uint8Array;
  /** Parsed `tokenizer.json`. */
  tokenizer: unknown;
  tokenizerConfig?: Record<string, unknown>;
}

export interface EmbedderOptions {
  executionProviders?: string[];
  maxBatch?: number;
  /** Batch × padded length ceiling: bounds the attention tensors' memory. */
  tokenBudget?: number;
  /** Padding a batch may add, as a share of its real tokens (see planBatches). */
  maxPadding?: number;
}

export class Embedder {
  private readonly cache = new QueryCache();
  private readonly padId: number;

  private constructor(
    private readonly ort: OrtModule,
    private readonly session: Ort.InferenceSession,
    private readonly tokenizer: Tokenizer,
    readonly config: EmbedderConfig,
    private readonly options: Required<Omit<EmbedderOptions, 'executionProviders'>>,
    readonly executionProvider: string,
  ) {
    this.padId = tokenizer.token_to_id('<pad>') ?? tokenizer.token_to_id('[PAD]') ?? 0;
  }

  static async create(ort: OrtModule, files: EmbedderFiles, options: EmbedderOptions = {}): Promise<Embedder> {
    const config = files.config;
    if (!config || !(config.dims > 0) || !(config.maxLength > 1) || !config.output) throw new AppError('embed', 'bad-config', undefined, 'embedder.json: dims, maxLength and output are required');
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(files.tokenizer as object, files.tokenizerConfig ?? {});
    } catch (err) {
      throw new AppError('embed', 'corrupt-tokenizer', undefined, (err as Error).message);
    }
    const providers = options.executionProviders ?? ['wasm'];
    let session: Ort.InferenceSession | undefined;
    let used = providers[providers.length - 1]!;
    let lastError: unknown;
    // One provider at a time so that a failing WebGPU falls back to WASM and we know which ran.
    for (const ep of providers) {
      try {
        session = await ort.InferenceSession.create(files.model, { executionProviders: [ep], graphOptimizationLevel: 'all' });
        used = ep;
        break;
      } catch (err) {
        lastError = err;
      }
    }
    if (!session) throw new AppError('embed', 'corrupt-model', undefined, lastError instanceof Error ? lastError.message : String(lastError));
    if (!session.outputNames.includes(config.output)) throw new AppError('embed', 'bad-config', undefined, `the model has no output "${config.output}" (${session.outputNames.join(', ')})`);
    if (!session.inputNames.includes('input_ids')) throw new AppError('embed', 'bad-config', undefined, `the model has no input_ids input (${session.inputNames.join(', ')})`);
    return new Embedder(ort, session, tokenizer, config, { maxBatch: options.maxBatch ?? 32, tokenBudget: options.tokenBudget ?? 8192, maxPadding: options.maxPadding ?? (used === 'wasm' ? MAX_PADDING.wasm : MAX_PADDING.gpu) }, used);
  }

  /** Token ids of one input, prefix included, cut at the model's max length. */
  encode(text: string, kind: EmbedKind): number[] {
    const c = this.config;
    const prepared = c.input === 'french-terms'
      ? (kind === 'query' ? analysedQuery(text) : analysedPassage(text, c.titleRepeat ?? 1))
      : c.prefixes[kind] + text;
    const ids = this.tokenizer.encode(prepared).ids;
    if (ids.length <= c.maxLength) return ids;
    // Keep the closing special token (</s>, [SEP]) the model was trained to see.
    const last = ids[ids.length - 1]!;
    const special = this.tokenizer.id_to_token(last);
    const closes = special !== undefined && /^(<\/s>|\[SEP\])$/.test(special);
    return closes ? [...ids.slice(0, c.maxLength - 1), last] : ids.slice(0, c.maxLength);
  }

  /**
   * One vector per text, in order, L2-normalised when the card says so. An input with no known
   * token gives a zero vector (callers treat it as "no vector").
   */
  async embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]> {
    const out: (Float32Array | undefined)[] = texts.map((t) => (kind === 'query' ? this.cache.get(t) : undefined));
    const todo = texts.map((_, i) => i).filter((i) => !out[i]);
    const encoded: EncodedInput[] = todo.map((i) => ({ ids: this.encode(texts[i]!, kind) }));
    for (const batch of planBatches(encoded, this.options.maxBatch, this.options.tokenBudget, this.options.maxPadding)) {
      const vectors = await this.run(batch.map((b) => encoded[b]!));
      batch.forEach((b, k) => {
        const i = todo[b]!;
        out[i] = vectors[k]!;
        if (kind === 'query') this.cache.set(texts[i]!, vectors[k]!);
      });
    }
    return out as Float32Array[];
  }

  private async run(inputs: EncodedInput[]): Promise<Float32Array[]> {
    const { ids, mask, seq } = padBatch(inputs, this.padId);
    const batch = inputs.length;
    const feeds: Record<string, Ort.Tensor> = {
      input_ids: new this.ort.Tensor('int64', ids, [batch, seq]),
    };
    if (this.session.inputNames.includes('attention_mask')) feeds.attention_mask = new this.ort.Tensor('int64', mask, [batch, seq]);
    if (this.session.inputNames.includes('token_type_ids')) feeds.token_type_ids = new this.ort.Tensor('int64', new BigInt64Array(batch * seq), [batch, seq]);
    let result: Ort.InferenceSession.OnnxValueMapType;
    try {
      result = await this.session.run(feeds, [this.config.output]);
    } catch (err) {
      throw new AppError('embed', 'run-failed', undefined, (err as Error).message);
    }
    const tensor = result[this.config.output]!;
    const data = (await tensor.getData()) as Float32Array;
    const dim = this.config.dims;
    if (data.length !== batch * (this.config.pooling === 'none' ? 1 : seq) * dim) {
      throw new AppError('embed', 'bad-config', undefined, `output ${this.config.output} has shape [${tensor.dims.join(', ')}], expected dim ${dim}`);
    }
    tensor.dispose();
    const vectors = this.config.pooling === 'none' ? rows(data, batch, dim) : pool(data, mask, batch, seq, dim, this.config.pooling);
    return this.config.normalize ? vectors.map((v) => (isZero(v) ? v : l2Normalize(v))) : vectors;
  }

  /** « Nouvel usager »: the cached query vectors are the last citizens' questions. */
  forgetQueries(): void {
    this.cache.clear();
  }

  get cachedQueries(): number {
    return this.cache.size;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
