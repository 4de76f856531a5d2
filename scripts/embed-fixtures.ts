/**
 * npx tsx scripts/embed-fixtures.ts — regenerates the small embedder models committed under
 * tests/fixtures/embed/ (each well under 1 MB):
 *   tiny-encoder-f32/, tiny-encoder-int8/  the e5 architecture at toy size (2 layers, hidden 32),
 *                                          weights from a seed the tests regenerate for their
 *                                          reference computation; Unigram tokenizer.json
 *   static-mini/                           the corpus-learnt static model of tests/helpers/miniCorpus
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { embedderSpec, type EmbedderSpec } from '../src/embed/catalog';
import { encoderGraph, randomEncoderWeights, type EncoderShape } from './lib/encoderModel';
import { staticModelFolder, tableFromSemantics } from '../src/embed/node/staticModel';
import { unigramTokenizer, XLMR_TOKENIZER_CONFIG } from './lib/unigramTokenizer';
import { LatentSemantics } from '../src/search/index/latentSemantics';
import { SearchEngine } from '../src/search/searchEngine';
import { miniCorpus, miniTexts } from '../tests/helpers/miniCorpus';

export const TINY_SHAPE: EncoderShape = { vocab: 400, hidden: 32, layers: 2, heads: 4, ffn: 64, maxPositions: 64 };
export const TINY_SEED = 7;
export const MINI_SEMANTICS = { dim: 8, titleWeight: 3, maxDfShare: 0.5, powerIterations: 2 };

const root = 'tests/fixtures/embed';
const write = (dir: string, files: Record<string, Uint8Array | string>) => {
  mkdirSync(join(root, dir), { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(root, dir, name), bytes);
};

if (process.argv[1]?.endsWith('embed-fixtures.ts')) {
  const tokenizer = JSON.stringify(unigramTokenizer(miniTexts(), { vocabSize: TINY_SHAPE.vocab, words: 120, pieces: 150, seed: 1 }));
  const weights = randomEncoderWeights(TINY_SHAPE, TINY_SEED);
  for (const precision of ['float32', 'int8'] as const) {
    const id = `tiny-encoder-${precision === 'float32' ? 'f32' : 'int8'}`;
    const spec: EmbedderSpec = { ...embedderSpec('multilingual-e5-small')!, id, label: id, dims: TINY_SHAPE.hidden, maxLength: 48, modelFile: 'model.onnx', sizeMB: 0, params: 0, notes: 'test fixture' };
    write(id, { 'model.onnx': encoderGraph(weights, precision), 'tokenizer.json': tokenizer, 'tokenizer_config.json': JSON.stringify(XLMR_TOKENIZER_CONFIG), 'embedder.json': JSON.stringify(spec) });
  }
  const corpus = miniCorpus();
  const engine = SearchEngine.build(corpus);
  const semantics = LatentSemantics.build(engine.index, MINI_SEMANTICS);
  write('static-mini', { ...staticModelFolder(tableFromSemantics(engine.index, semantics), 'static-mini') });
  console.log(`fixtures written under ${root}`);
}
