/**
 * npm run models:corpus [-- --out models/comptoir-corpus-static] — writes the corpus-learnt
 * static embedder (src/embed/node/staticModel.ts) from the bundle in public/corpus: model.onnx,
 * tokenizer.json, tokenizer_config.json, embedder.json and sha256.json.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { staticModelFolder, tableFromSemantics } from '../src/embed/node/staticModel';
import { LatentSemantics } from '../src/search/index/latentSemantics';
import { loadEngine } from '../src/search/node/loadEngine';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'models/comptoir-corpus-static' }, corpus: { type: 'string', default: 'public/corpus' } } });
const engine = loadEngine(values.corpus!, { lexical: true });
const semantics = LatentSemantics.load(engine.index, new Uint8Array(readFileSync(join(values.corpus!, 'semantic-vectors.bin'))));
const table = tableFromSemantics(engine.index, semantics);
const files = staticModelFolder(table);
mkdirSync(values.out!, { recursive: true });
const sums: Record<string, { bytes: number; sha256: string }> = {};
for (const [name, bytes] of Object.entries(files)) {
  writeFileSync(join(values.out!, name), bytes);
  sums[name] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
writeFileSync(join(values.out!, 'sha256.json'), JSON.stringify({ id: 'comptoir-corpus-static', fetchedAt: new Date().toISOString(), files: sums }, null, 2));
console.log(`${values.out}: ${table.terms.length} terms × ${table.dim} d, model.onnx ${(files['model.onnx'].length / 1e6).toFixed(1)} MB`);
