/**
 * npm run calibrate:abstention [-- --write] — fits the off-topic model
 * (src/search/abstention/abstention.ts) on the tuning sets: a class-balanced logistic regression
 * over the retrieval signals, then the two thresholds. Off-topic: the lowest probability at which
 * at most `--max-flagged` of the real questions (and no title query) would lose their model
 * answer. Low confidence: where the tuning sets' off-topic questions are caught at `--low-recall`.
 * `--write` rewrites the data files src/search/abstention/abstentionModel.json and
 * offTopicWords.json. A set is passed here only once its figures have been reported (see
 * docs/EVAL.md); a held-out set never is. The word odds of the `offTopicWords` signal are learnt
 * from the same sets' questions (cross-fitted here, so that the fit sees them as it will see new
 * questions).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SIGNAL_NAMES, type AbstentionParams, type OffTopicModel } from '../src/search/abstention/abstention';
import { DEFAULT_ABSTENTION } from '../src/search/abstention/abstentionModel';
import { evaluate, parseQuestions, type EvalQuestion } from '../src/search/evaluation/evaluate';
import { analyze } from '../src/search/analysis/frenchAnalyzer';
import { loadEngine } from '../src/search/node/loadEngine';
import { DEFAULT_WORD_ODDS, learnWordOdds, wordOdds } from '../src/search/abstention/offTopicWords';
import { titleQueries } from '../src/search/evaluation/titleQueries';
import { setsWithRole } from './lib/setManifest';

const { values } = parseArgs({
  options: {
    /** Comma-separated; default: every set the manifest (tests/eval/sets.json) marks `training`. */
    sets: { type: 'string', default: setsWithRole('training').join(',') },
    'max-flagged': { type: 'string', default: '0.015' },
    'low-recall': { type: 'string', default: '0.95' },
    l2: { type: 'string', default: '0.003' },
    write: { type: 'boolean', default: false },
    /** Sets only reported on, never fitted: to check a change of signals on questions it did not see. */
    check: { type: 'string', default: '' },
    /** Leave these signals out of the fit (comma-separated), to measure what one adds. */
    without: { type: 'string', default: '' },
  },
});

const files = values.sets!.split(',');
const round = (x: number) => Math.round(x * 1000) / 1000;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

interface Example { x: number[]; y: 0 | 1; title: boolean; set: string; checkOnly: boolean }

let wordTable: Record<string, number> = {};

/** Fits one mode's model on every tuning question and prints what it would do per set. */
function fit(mode: 'hybrid' | 'lexical'): OffTopicModel {
  const engine = loadEngine('public/corpus', { lexical: mode === 'lexical' });
  const left = new Set(values.without!.split(',').filter(Boolean));
  const names = SIGNAL_NAMES.filter((n) => !left.has(n));
  const read = (file: string, checkOnly: boolean) => ({ name: file, checkOnly, questions: parseQuestions(readFileSync(file, 'utf8')) });
  const sets: { name: string; checkOnly: boolean; questions: EvalQuestion[] }[] = files.map((file) => read(file, false));
  sets.push({ name: 'titles', checkOnly: false, questions: titleQueries(engine.corpus.fiches) });
  const checks = values.check!.split(',').filter(Boolean).map((file) => read(file, true));
  sets.push(...checks);
  const rows = sets.flatMap(({ name, questions, checkOnly }) =>
    evaluate(engine, questions, 10).rows.filter((row) => row.signals).map((row) => ({ row, name, checkOnly, terms: analyze(row.question) })));
  // The word odds are learnt from the tuning questions themselves (not the title queries): each
  // tuning question is scored by odds learnt without its fold, or the fit would trust them blindly.
  const learning = rows.filter((r) => !r.checkOnly && r.name !== 'titles');
  const learnFrom = (keep: (i: number) => boolean) => learnWordOdds(
    learning.filter((r, i) => keep(i) && r.row.expected.length).map((r) => r.terms),
    learning.filter((r, i) => keep(i) && !r.row.expected.length).map((r) => r.terms));
  const folds = 5;
  for (let k = 0; k < folds; k++) {
    const odds = learnFrom((i) => i % folds !== k);
    learning.forEach((r, i) => { if (i % folds === k) r.row.signals!.offTopicWords = wordOdds(r.terms, odds); });
  }
  wordTable = learnFrom(() => true);
  const learnt = new Set(learning);
  for (const r of rows) if (!learnt.has(r)) r.row.signals!.offTopicWords = wordOdds(r.terms, wordTable);
  const all: Example[] = rows.map(({ row, name, checkOnly }) => ({ x: names.map((n) => row.signals![n]), y: row.expected.length ? 0 : 1, title: name === 'titles', set: name, checkOnly }));
  const examples = all.filter((e) => !e.checkOnly);
  // Class-balanced logistic regression, plain gradient descent (a few features, about 800 rows).
  // Titles are many and easy: together they weigh less than the long real questions.
  const dim = names.length;
  const w = new Array<number>(dim).fill(0);
  let b = 0;
  const pos = examples.filter((e) => e.y === 1).length;
  const titleCount = examples.filter((e) => e.title).length;
  const neg = examples.length - pos - titleCount;
  const weightOf = (e: Example) => (e.y === 1 ? 0.5 / pos : e.title ? 0.15 / titleCount : 0.35 / neg);
  const l2 = Number(values.l2);
  for (let epoch = 0; epoch < 20000; epoch++) {
    const gw = new Array<number>(dim).fill(0);
    let gb = 0;
    for (const e of examples) {
      const g = (sigmoid(b + e.x.reduce((s, v, i) => s + v * w[i]!, 0)) - e.y) * weightOf(e);
      for (let i = 0; i < dim; i++) gw[i]! += g * e.x[i]!;
      gb += g;
    }
    for (let i = 0; i < dim; i++) w[i]! -= 5 * (gw[i]! + l2 * w[i]!);
    b -= 5 * gb;
  }
  const prob = (e: Example) => sigmoid(b + e.x.reduce((s, v, i) => s + v * w[i]!, 0));
  const real = examples.filter((e) => e.y === 0 && !e.title).map(prob).sort((a, c) => c - a);
  const titles = examples.filter((e) => e.title).map(prob).sort((a, c) => c - a);
  const off = examples.filter((e) => e.y === 1).map(prob).sort((a, c) => c - a);
  const offTopicAbove = Math.max(real[Math.floor(Number(values['max-flagged']) * real.length)] ?? 0, titles[0] ?? 0) + 1e-3;
  const lowAt = off[Math.min(off.length - 1, Math.ceil(Number(values['low-recall']) * off.length) - 1)]!;
  const model: OffTopicModel = {
    weights: Object.fromEntries(names.map((n, i) => [n, round(w[i]!)])),
    bias: round(b),
    offTopicAbove: round(offTopicAbove),
    lowConfidenceAbove: round(Math.min(offTopicAbove, lowAt)),
  };
  console.log(`${mode}: ${JSON.stringify(model)}`);
  for (const { name, checkOnly } of sets) {
    const mine = all.filter((e) => e.set === name);
    const r = mine.filter((e) => e.y === 0);
    const o = mine.filter((e) => e.y === 1);
    const flagged = (e: Example) => prob(e) > model.offTopicAbove;
    const low = (e: Example) => prob(e) > model.lowConfidenceAbove && !flagged(e);
    console.log(`  ${checkOnly ? '(check) ' : ''}${name}: real flagged ${r.filter(flagged).length}/${r.length}, real low-confidence ${r.filter(low).length}, off-topic caught ${o.filter(flagged).length}/${o.length} (+${o.filter(low).length} low-confidence)`);
  }
  return model;
}

const params: AbstentionParams = { ...DEFAULT_ABSTENTION, hybrid: fit('hybrid'), lexical: fit('lexical') };
if (values.write) {
  const { words: _words, ...fitted } = params;
  const data = { ...fitted, clip: DEFAULT_WORD_ODDS.clip, fittedOn: files };
  writeFileSync('src/search/abstention/abstentionModel.json', `${JSON.stringify(data, null, 2)}\n`);
  writeFileSync('src/search/abstention/offTopicWords.json', `${JSON.stringify(wordTable)}\n`);
  console.log(`wrote src/search/abstention/abstentionModel.json and offTopicWords.json (${Object.keys(wordTable).length} terms)`);
}
