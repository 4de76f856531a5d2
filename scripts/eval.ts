/**
 * npm run eval -- --questions FILE.jsonl|titles[,FILE2…] [--k 10] [--json] [--misses] [--lexical] [--baseline] [--corpus public/corpus]
 * `titles`: the question-type fiches' titles, derived from the corpus (src/search/evaluation/titleQueries.ts).
 * FILE may also be the desk's feedback export (Paramètres › Exporter les avis, CSV): rows whose
 * question was kept and whose answering fiche is known become questions.
 * `--baseline`: the same questions through MiniSearch with a plain French analyzer
 * (scripts/lib/miniSearchBaseline.ts), same run, printed below Comptoir's figures.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { feedbackEvalQuestions, isFeedbackCsv } from '../src/feedback/evalSet';
import { evaluate, metricsOf, parseQuestions, rowOf, type EvalMetrics, type EvalRow } from '../src/search/evaluation/evaluate';
import { loadEngine } from '../src/search/node/loadEngine';
import { titleQueries } from '../src/search/evaluation/titleQueries';
import { buildMiniSearchBaseline } from './lib/miniSearchBaseline';
import { setPath } from './lib/setManifest';

const { values } = parseArgs({
  options: {
    questions: { type: 'string', default: setPath('dev') },
    k: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    /** Leave the corpus vectors out (words only), to measure what they add. */
    lexical: { type: 'boolean', default: false },
    baseline: { type: 'boolean', default: false },
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
let peer: ReturnType<typeof buildMiniSearchBaseline> | undefined;
for (const file of values.questions!.split(',')) {
  const questions = readQuestions(file);
  const { metrics, rows } = evaluate(engine, questions, k);

  let baseline: { metrics: EvalMetrics; rows: EvalRow[] } | undefined;
  if (values.baseline) {
    peer ??= buildMiniSearchBaseline(engine.corpus);
    const peerRows = questions.map((q) => {
      const started = performance.now();
      const hits = peer!.search(q.question, q.audience ?? 'particuliers', Math.max(k, 10));
      return rowOf(q, { hits, abstain: false, verdict: 'answer', confidence: 0, offTopic: 0 }, performance.now() - started, k);
    });
    baseline = { metrics: metricsOf(peerRows, k), rows: peerRows };
  }

  if (values.misses) {
    for (const r of rows) {
      const wrongAbstain = r.abstain !== (r.expected.length === 0);
      const missed = r.expected.length && !r.answerAudience && (r.rank === 0 || r.rank > 5);
      const lead = r.leadAnswers === false || r.leadWrongCase ? ` lead ${r.leadWrongCase ? 'WRONG CASE' : 'no phrase'}: ${r.lead?.path.slice(1).join(' › ') || '(intro)'}` : '';
      if (missed || wrongAbstain || lead) {
        console.log(`${r.rank ? `rank ${r.rank}` : 'MISS  '} p(off) ${r.offTopic.toFixed(2)} ${r.verdict}  ${r.question}  want ${r.expected.join(',') || '(none)'}  got ${r.got.slice(0, 3).join(',')}${lead}`);
      }
    }
  }
  // Per audience and per kind, when the set spans several (each question searched in its own audience).
  const groups = (key: (r: EvalRow) => string | undefined) => {
    const names = [...new Set(rows.filter((r) => r.expected.length).map(key).filter((x): x is string => Boolean(x)))];
    return names.length > 1 ? Object.fromEntries(names.map((n) => [n, metricsOf(rows.filter((r) => key(r) === n), k)])) : undefined;
  };
  const perAudience = groups((r) => (r.answerAudience ? undefined : r.audience));
  const perKind = groups((r) => r.kind);
  const line = (m: EvalMetrics) => Object.entries(m).filter(([key]) => key !== 'n').map(([key, v]) => `${key} ${v}`).join(', ');
  if (!values.json) {
    console.log(`${file}: ${metrics.n} questions`);
    for (const [key, value] of Object.entries(metrics)) if (key !== 'n') console.log(`  ${key.padEnd(24)} ${value}`);
    for (const [a, m] of Object.entries(perAudience ?? {})) console.log(`  ${a} (${m.n}): ${line(m)}`);
    for (const [kind, m] of Object.entries(perKind ?? {})) console.log(`  kind ${kind} (${m.n}): ${line(m)}`);
    if (baseline) {
      console.log(`MiniSearch 7.2 baseline (French analyzer, 1,000-character chunks), same questions:`);
      for (const key of ['recall@1', 'recall@5', 'recall@10', 'mrr', 'lead_answers', 'lead_chars_p50', 'p50_ms'] as const) {
        if (baseline.metrics[key] !== undefined) console.log(`  ${key.padEnd(24)} ${baseline.metrics[key]}  (Comptoir ${metrics[key]})`);
      }
    }
  }
  if (values.json) {
    console.log(JSON.stringify({ set: file, ...metrics, ...(perAudience ? { audiences: perAudience } : {}), ...(perKind ? { kinds: perKind } : {}), ...(baseline ? { baseline: baseline.metrics } : {}) }));
  }
}
