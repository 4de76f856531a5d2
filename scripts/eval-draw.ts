/**
 * npm run eval:draw -- --audience particuliers --seed 2027 --n 100 [--corpus public/corpus]
 * Draws answer fiches at random (seeded Fisher–Yates over the audience's F fiches with a body),
 * one line each: id, type, title. For writers of question sets: the draw, not the writer, picks
 * which fiches are asked about.
 */
import { parseArgs } from 'node:util';
import { readBundle } from '../src/corpus/node/bundleFiles';
import type { Audience } from '../src/corpus/model';

const { values } = parseArgs({
  options: {
    audience: { type: 'string', default: 'particuliers' },
    seed: { type: 'string', default: '1' },
    n: { type: 'string', default: '50' },
    corpus: { type: 'string', default: 'public/corpus' },
  },
});
const corpus = readBundle(values.corpus!);
const withBody = new Set(corpus.chunks.map((c) => `${c.audience}/${c.ficheId}`));
const pool = corpus.fiches
  .filter((f) => f.audience === (values.audience as Audience) && f.role === 'answer' && f.id.startsWith('F') && withBody.has(`${f.audience}/${f.id}`))
  .sort((a, b) => a.id.localeCompare(b.id));
// mulberry32: a small seeded generator, enough to make a draw reproducible.
let state = Number(values.seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
for (let i = pool.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [pool[i], pool[j]] = [pool[j]!, pool[i]!];
}
for (const f of pool.slice(0, Number(values.n))) console.log(`${f.id}\t${f.type}\t${f.title}`);
