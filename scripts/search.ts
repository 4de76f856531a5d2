/** npm run search -- "question" [--k 5] [--json] [--lexical] [--audience particuliers] [--theme "..."] [--corpus public/corpus] */
import { parseArgs } from 'node:util';
import type { Audience } from '../src/corpus/model';
import { loadEngine } from '../src/search/node/loadEngine';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    k: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    lexical: { type: 'boolean', default: false },
    audience: { type: 'string' },
    theme: { type: 'string' },
    corpus: { type: 'string', default: 'public/corpus' },
  },
});
const question = positionals.join(' ');
const engine = loadEngine(values.corpus, { lexical: values.lexical });
const started = performance.now();
const result = engine.search(question, {
  k: Number(values.k),
  audiences: values.audience ? (values.audience.split(',') as Audience[]) : undefined,
  theme: values.theme,
});
const ms = performance.now() - started;

if (values.json) {
  console.log(JSON.stringify({
    question, status: result.status, mode: result.mode, confidence: result.confidence, verdict: result.verdict, abstain: result.abstain, ms,
    terms: result.terms,
    hits: result.hits.map((h) => ({
      id: h.fiche.id, title: h.fiche.title, url: h.fiche.url, score: h.score,
      passages: h.passages.map((p) => ({ id: p.chunk.id, path: p.chunk.path, score: p.score, text: p.chunk.text })),
    })),
  }));
} else {
  if (result.status !== 'ok') console.log(`status: ${result.status} (${result.status === 'empty' ? 'nothing typed' : 'only stop words'})`);
  console.log(`${result.hits.length} fiche(s) in ${ms.toFixed(1)} ms (${result.mode}) — confidence ${result.confidence.toFixed(2)}${result.verdict !== 'answer' ? ` (${result.verdict})` : ''}`);
  console.log(`terms: ${result.terms.map((t) => (t.kind === 'query' ? t.term : `${t.term}(${t.kind})`)).join(' ')}`);
  result.hits.forEach((h, i) => {
    console.log(`\n${i + 1}. ${h.fiche.id}  ${h.fiche.title}  [${h.score.toFixed(2)}]\n   ${h.fiche.url}`);
    const best = h.passages[0];
    if (best) console.log(`   › ${best.chunk.path.slice(1).join(' › ') || '(introduction)'}\n   ${best.chunk.text.replace(/\s+/g, ' ').slice(0, 240)}…`);
  });
}
