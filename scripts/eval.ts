/**
 * npm run eval -- --questions FILE.jsonl|titles [--k 10] [--json] [--misses] [--lexical] [--corpus public/corpus]
 * `titles`: the question-type fiches' titles, derived from the corpus (src/search/titleQueries.ts).
 * FILE may also be the desk's feedback export (Paramètres › Exporter les avis, CSV): rows whose
 * question was kept and whose answering fiche is known become questions.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { feedbackEvalQuestions, isFeedbackCsv } from '../src/feedback/evalSet';
import { evaluate, metricsOf, parseQuestions } from '../src/search/evaluation/evaluate';
import { loadEngine } from '../src/search/node/loadEngine';
import { titleQueries } from '../src/search/evaluation/titleQueries';

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
function readQuestions(file: string) {
  if (file === 'titles') return titleQueries(engine.corpus.fiches);
  const input = readFileSync(file, 'utf8');
  if (!isFeedbackCsv(input)) return parseQuestions(input);
  const fromFeedback = feedbackEvalQuestions(input);
  console.error(`feedback export: ${fromFeedback.questions.length} question(s), ${fromFeedback.skipped} row(s) skipped (question not kept or no answering fiche)`);
  return fromFeedback.questions;
}
const questions = readQuestions(values.questions!);
const { metrics, rows } = evaluate(engine, questions, k);

if (values.misses) {
  for (const r of rows) {
    const wrongAbstain = r.abstain !== (r.expected.length === 0);
    if ((r.expected.length && (r.rank === 0 || r.rank > 5)) || wrongAbstain) {
      console.log(`${r.rank ? `rank ${r.rank}` : 'MISS  '} p(off) ${r.offTopic.toFixed(2)} ${r.verdict}  ${r.question}  want ${r.expected.join(',') || '(none)'}  got ${r.got.slice(0, 3).join(',')}`);
    }
  }
}
// Recall per audience, when the set asks about several (each question searched in its own).
const audiences = [...new Set(rows.filter((r) => r.expected.length).map((r) => r.audience))];
const perAudience = audiences.length > 1
  ? Object.fromEntries(audiences.map((a) => [a, metricsOf(rows.filter((r) => r.audience === a && r.expected.length), k)]))
  : undefined;
if (!values.json) {
  console.log(`${values.questions}: ${metrics.n} questions`);
  for (const [key, value] of Object.entries(metrics)) if (key !== 'n') console.log(`  ${key.padEnd(20)} ${value}`);
  for (const [a, m] of Object.entries(perAudience ?? {})) {
    console.log(`  ${a} (${m.n}): recall@1 ${m['recall@1']}, @5 ${m['recall@5']}, @10 ${m['recall@10']}, MRR ${m.mrr}, flagged ${m.real_flagged}`);
  }
}
if (values.json) console.log(JSON.stringify(perAudience ? { ...metrics, audiences: perAudience } : metrics));
