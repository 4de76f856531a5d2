/**
 * npm run eval -- --questions FILE.jsonl [--k 10] [--json] [--misses] [--lexical] [--corpus public/corpus]
 * FILE may also be the desk's feedback export (Paramètres › Exporter les avis, CSV): rows whose
 * question was kept and whose answering fiche is known become questions.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { feedbackEvalQuestions, isFeedbackCsv } from '../src/feedback/evalSet';
import { evaluate, parseQuestions } from '../src/search/evaluate';
import { loadEngine } from '../src/search/node/loadEngine';

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
const input = readFileSync(values.questions!, 'utf8');
let questions = isFeedbackCsv(input) ? undefined : parseQuestions(input);
if (!questions) {
  const fromFeedback = feedbackEvalQuestions(input);
  questions = fromFeedback.questions;
  console.error(`feedback export: ${questions.length} question(s), ${fromFeedback.skipped} row(s) skipped (question not kept or no answering fiche)`);
}
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
