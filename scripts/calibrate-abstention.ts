/**
 * npm run calibrate:abstention [-- --write] — fits the off-topic model
 * (src/search/abstention/abstention.ts): a class-balanced logistic regression over the retrieval
 * signals, fitted on the training sets, then the two thresholds. Off-topic: the lowest probability
 * at which at most `--max-flagged` of the real questions (and no title query) would lose their
 * model answer, read on the calibration sets: measured held-out sets no learnt table was fitted
 * on (read on the training questions at 1.5 %, a threshold flagged 2.8–3.5 % of fresh sets).
 * Without a calibration set, out-of-fold training scores stand in. The training sets' signals are
 * read with translations and word odds learnt without each set, as a new writer's questions meet
 * them. Low confidence: where the off-topic questions are caught at `--low-recall`.
 * `--write` rewrites the data files src/search/abstention/abstentionModel.json and
 * offTopicWords.json (the word odds of the `offTopicWords` signal, learnt from the training
 * questions). A set is passed here only once its figures have been reported (see docs/EVAL.md); a
 * held-out set never is.
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
import { leaveSetOutTranslations } from './lib/translationModel';

const { values } = parseArgs({
  options: {
    /** Comma-separated; default: every set the manifest (tests/eval/sets.json) marks `training`. */
    sets: { type: 'string', default: setsWithRole('training').join(',') },
    /** Sets the threshold is read on, never fitted on; default: the manifest's `calibration` sets. */
    calibration: { type: 'string', default: setsWithRole('calibration').join(',') },
    // The bound is 3 % of fresh questions flagged with 80 % of off-topic ones caught; read on the
    // calibration sets, the catch reaches 80 % at 2.5 %, and the threshold barely moves up to 3 %.
    'max-flagged': { type: 'string', default: '0.025' },
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
const calibrationFiles = values.calibration!.split(',').filter(Boolean);
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
  // Calibration sets are kept apart from the fit like the checks; only the threshold reads them.
  sets.push(...calibrationFiles.map((file) => read(file, true)));
  sets.push(...values.check!.split(',').filter(Boolean).map((file) => read(file, true)));
  // Each training set is read with translations learnt without it, as a new writer's questions
  // meet them (scored with the shipped table, its own questions' words would all be known).
  const withoutOwnTranslations = leaveSetOutTranslations(engine, files);
  const rows = sets.flatMap(({ name, questions, checkOnly }) =>
    withoutOwnTranslations(() => evaluate(engine, questions, 10))(name).rows.filter((row) => row.signals).map((row) => ({ row, name, checkOnly, terms: analyze(row.question) })));
  // The word odds are learnt from the training questions themselves (not the title queries): each
  // question is scored by odds learnt without its own set, or the fit would trust them blindly (a
  // writer repeats words across a set: folds that split a set leak them).
  const learning = rows.filter((r) => !r.checkOnly && r.name !== 'titles');
  const learnFrom = (keep: (r: (typeof learning)[number]) => boolean) => learnWordOdds(
    learning.filter((r) => keep(r) && r.row.expected.length).map((r) => r.terms),
    learning.filter((r) => keep(r) && !r.row.expected.length).map((r) => r.terms));
  const setNames = [...new Set(learning.map((r) => r.name))];
  for (const held of setNames) {
    const odds = learnFrom((r) => r.name !== held);
    for (const r of learning) if (r.name === held) r.row.signals!.offTopicWords = wordOdds(r.terms, odds);
  }
  wordTable = learnFrom(() => true);
  const learnt = new Set(learning);
  for (const r of rows) if (!learnt.has(r)) r.row.signals!.offTopicWords = wordOdds(r.terms, wordTable);
  const all: Example[] = rows.map(({ row, name, checkOnly }) => ({ x: names.map((n) => row.signals![n]), y: row.expected.length ? 0 : 1, title: name === 'titles', set: name, checkOnly }));
  const examples = all.filter((e) => !e.checkOnly);
  const { w, b } = logistic(examples, names.length);
  const prob = (e: Example) => sigmoid(b + e.x.reduce((s, v, i) => s + v * w[i]!, 0));
  // Out-of-fold probabilities (each training set scored by a model fitted without it): what the
  // per-set report shows, and where the threshold is read when no calibration set exists.
  const outOfFold = new Map<Example, number>();
  for (const held of setNames) {
    const fold = logistic(examples.filter((e) => e.set !== held), names.length);
    for (const e of examples) if (e.set === held) outOfFold.set(e, sigmoid(fold.b + e.x.reduce((s, v, i) => s + v * fold.w[i]!, 0)));
  }
  const oof = (e: Example) => outOfFold.get(e) ?? prob(e);
  const held = all.filter((e) => calibrationFiles.includes(e.set));
  const reading = held.some((e) => e.y === 0) ? held : examples;
  const real = reading.filter((e) => e.y === 0 && !e.title).map(oof).sort((a, c) => c - a);
  const titles = examples.filter((e) => e.title).map(prob).sort((a, c) => c - a);
  const off = [...examples, ...held].filter((e) => e.y === 1).map(oof).sort((a, c) => c - a);
  const thresholdAt = (share: number) => Math.max(real[Math.floor(share * real.length)] ?? 0, titles[0] ?? 0) + 1e-3;
  const offTopicAbove = thresholdAt(Number(values['max-flagged']));
  const lowAt = off[Math.min(off.length - 1, Math.ceil(Number(values['low-recall']) * off.length) - 1)]!;
  const caughtAt = (list: Example[], t: number) => list.filter((e) => e.y === 1 && oof(e) > t).length / Math.max(1, list.filter((e) => e.y === 1).length);
  console.log(`${mode}: threshold read on ${reading === held ? `${calibrationFiles.length} calibration sets` : 'out-of-fold training scores'} (${real.length} real questions)`);
  for (const share of [0.01, 0.015, 0.02, 0.025, 0.03]) {
    const t = thresholdAt(share);
    console.log(`  flag ${(share * 100).toFixed(1)} %: threshold ${round(t)}, off-topic caught ${(100 * caughtAt(held, t)).toFixed(0)} % (calibration), ${(100 * caughtAt(examples, t)).toFixed(0)} % (training, out of fold)`);
  }
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
    const flagged = (e: Example) => oof(e) > model.offTopicAbove;
    const low = (e: Example) => oof(e) > model.lowConfidenceAbove && !flagged(e);
    console.log(`  ${calibrationFiles.includes(name) ? '(calibration) ' : checkOnly ? '(check) ' : name === 'titles' ? '' : '(out of fold) '}${name}: real flagged ${r.filter(flagged).length}/${r.length}, real low-confidence ${r.filter(low).length}, off-topic caught ${o.filter(flagged).length}/${o.length} (+${o.filter(low).length} low-confidence)`);
  }
  const share = (list: Example[], test: (e: Example) => boolean) => `${(100 * list.filter(test).length / Math.max(1, list.length)).toFixed(1)} %`;
  const realAll = examples.filter((e) => e.y === 0 && !e.title);
  const offAll = examples.filter((e) => e.y === 1);
  console.log(`  out of fold, all training sets: real flagged ${share(realAll, (e) => oof(e) > model.offTopicAbove)}, off-topic caught ${share(offAll, (e) => oof(e) > model.offTopicAbove)}; in-sample: ${share(realAll, (e) => prob(e) > model.offTopicAbove)}, ${share(offAll, (e) => prob(e) > model.offTopicAbove)}`);
  return model;
}

/**
 * Class-balanced logistic regression, plain gradient descent (a few features, a few thousand rows).
 * Titles are many and easy: together they weigh less than the long real questions.
 */
function logistic(examples: Example[], dim: number): { w: number[]; b: number } {
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
  return { w, b };
}

const params: AbstentionParams = { ...DEFAULT_ABSTENTION, hybrid: fit('hybrid'), lexical: fit('lexical') };
if (values.write) {
  const { words: _words, ...fitted } = params;
  const data = { ...fitted, clip: DEFAULT_WORD_ODDS.clip, fittedOn: files, thresholdsReadOn: calibrationFiles };
  writeFileSync('src/search/abstention/abstentionModel.json', `${JSON.stringify(data, null, 2)}\n`);
  writeFileSync('src/search/abstention/offTopicWords.json', `${JSON.stringify(wordTable)}\n`);
  console.log(`wrote src/search/abstention/abstentionModel.json and offTopicWords.json (${Object.keys(wordTable).length} terms)`);
}
