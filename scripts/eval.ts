/** npm run eval -- --questions FILE.jsonl|titles [--k 10] [--json] [--misses] [--lexical] [--corpus public/corpus] */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluate, parseQuestions } from '../src/search/evaluate';
import { loadEngine } from '../src/search/node/loadEngine';
import { titleQueries } from '../src/search/titleQueries';

const { values } = parseArgs({
  options: {
    questions: { type: 'string', default: 'tests/eval/dev.jsonl' },
    k: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    /** Leave the corpus vectors out (words only), to measure what they add. */
    lexical: { type: 'boolean', default: false },
    corpus: { type: 'string', default: 'public/corpus' },
  },
});
const engine = loadEngine(values.corpus, { lexical: values.lexical });
const k = Number(values.k);
// `titles`: the question-type fiches' titles, derived from the corpus (src/search/titleQueries.ts).
const questions = values.questions === 'titles' ? titleQueries(engine.corpus.fiches) : parseQuestions(readFileSync(values.questions!, 'utf8'));
const { metrics, rows } = evaluate(engine, questions, k);

if (values.misses) {
  for (const r of rows) {
    const wrongAbstain = r.abstain !== (r.expected.length === 0);
    if ((r.expected.length && (r.rank === 0 || r.rank > 5)) || wrongAbstain) {
      console.log(`${r.rank ? `rank ${r.rank}` : 'MISS  '} conf ${r.confidence.toFixed(2)}${r.abstain ? ' ABSTAIN' : ''}  ${r.question}  want ${r.expected.join(',') || '(none)'}  got ${r.got.slice(0, 3).join(',')}`);
    }
  }
}
if (!values.json) {
  console.log(`${values.questions}: ${metrics.n} questions`);
  for (const [key, value] of Object.entries(metrics)) if (key !== 'n') console.log(`  ${key.padEnd(18)} ${value}`);
}
if (values.json) console.log(JSON.stringify(metrics));
