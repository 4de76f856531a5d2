/**
 * npm run models:random [-- --out models --shape e5-small] — writes, at bench time, models with
 * the exact architecture of multilingual-e5-small (XLM-R encoder, 250,002 tokens) and random
 * weights, in float32 and int8, each with a Unigram tokenizer.json of that vocabulary size learnt
 * from the corpus. Never committed (models/ is git-ignored): speed and memory do not depend on
 * the weights, so they give true costs; their vectors mean nothing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readBundle } from '../src/corpus/node/bundleFiles';
import { embedderSpec, type EmbedderSpec } from '../src/embed/catalog';
import { E5_SMALL_SHAPE, encoderGraph, encoderParams, randomEncoderWeights } from './lib/encoderModel';
import { unigramTokenizer, XLMR_TOKENIZER_CONFIG } from './lib/unigramTokenizer';
import { passageText } from '../src/embed/passageText';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'models' }, corpus: { type: 'string', default: 'public/corpus' }, precision: { type: 'string', default: 'int8,float32' } } });
const started = performance.now();
const chunks = readBundle(values.corpus!).chunks;
const sample = chunks.filter((_, i) => i % 3 === 0).map(passageText);
// ~45k French entries of 250k: roughly the share a 100-language vocabulary gives one language.
const tokenizer = unigramTokenizer(sample, { vocabSize: 250_002, words: 25_000, pieces: 20_000 });
const weights = randomEncoderWeights(E5_SMALL_SHAPE);
const base = embedderSpec('multilingual-e5-small')!;
for (const precision of values.precision!.split(',') as ('int8' | 'float32')[]) {
  const id = `e5-small-random-${precision}`;
  const dir = join(values.out!, id);
  const model = encoderGraph(weights, precision);
  const spec: EmbedderSpec = { ...base, id, label: `multilingual-e5-small shape, random weights (${precision})`, modelFile: 'model.onnx', sizeMB: Math.round(model.length / 1e6), params: encoderParams(E5_SMALL_SHAPE), notes: 'Random weights: for benchmarks only, its vectors mean nothing.' };
  const files: Record<string, Uint8Array> = {
    'model.onnx': model,
    'tokenizer.json': Buffer.from(JSON.stringify(tokenizer)),
    'tokenizer_config.json': Buffer.from(JSON.stringify(XLMR_TOKENIZER_CONFIG)),
    'embedder.json': Buffer.from(JSON.stringify(spec)),
  };
  mkdirSync(dir, { recursive: true });
  const sums: Record<string, { bytes: number; sha256: string }> = {};
  for (const [name, bytes] of Object.entries(files)) {
    writeFileSync(join(dir, name), bytes);
    sums[name] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  writeFileSync(join(dir, 'sha256.json'), JSON.stringify({ id, fetchedAt: new Date().toISOString(), files: sums }, null, 2));
  console.log(`${dir}: ${encoderParams(E5_SMALL_SHAPE).toLocaleString('en')} params, model.onnx ${(model.length / 1e6).toFixed(1)} MB`);
}
console.log(`written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
