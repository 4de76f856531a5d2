/**
 * npm run train:ranker [-- --write] [--check FILE,…] [--compare] [--linear] [--case-margin 0.25] —
 * learns the fiche ranker's weights (src/search/ranking/rankerModel.json) from questions and the
 * fiches that answer them, and the passage ranker's (passageModel.json) and the case picker's
 * (caseModel.json) from questions whose answer phrases are known.
 *
 * Training questions: every set the manifest (tests/eval/sets.json) marks `training`; the
 * professionnels and associations questions among them are asked a second time as a desk would
 * ask them by default, under particuliers, which teaches when another audience's fiche should win
 * (the audience switch). The model is a score over FICHE_FEATURES and their pairwise products
 * (FEATURE_PAIRS), fitted by a listwise softmax loss (the right fiches against every other
 * candidate of the question) with an L2 penalty, by gradient descent; 5-fold cross-validation on
 * the training questions prints what the learnt order gains over the passage order (`--linear`:
 * and what the pairs add). `--check` sets are only measured, never fitted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Audience } from '../src/corpus/model';
import { parseQuestions, type EvalQuestion } from '../src/search/evaluation/evaluate';
import { setsWithRole } from './lib/setManifest';
import { loadEngine } from '../src/search/node/loadEngine';
import { FEATURE_PAIRS, FICHE_FEATURES, RANKER, pairKey, rankerRow, type FicheFeature, type RankerModel } from '../src/search/ranking/ficheRanker';
import { PASSAGE_FEATURES, type PassageFeature, type PassageModel } from '../src/search/ranking/passageRanker';
import { normalizePhrase, passageHolds } from '../src/search/evaluation/phrases';
import { answerAssociation, passageKeys, type AnswerWords } from '../src/search/ranking/answerKinds';
import { analyze } from '../src/search/analysis/frenchAnalyzer';
import { CASE_FEATURES, CASE_PICKER, defaultOption, pickOption, type CaseFeature, type CaseModel } from '../src/search/ranking/casePlan';
import type { CaseChoice } from '../src/corpus/model';
import { leaveSetOutTranslations } from './lib/translationModel';

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    check: { type: 'string', default: '' },
    /** Compare passage-model variants by leave-one-set-out before fitting. */
    compare: { type: 'boolean', default: false },
    /** Also cross-validate the fiche ranker without its pairwise products. */
    linear: { type: 'boolean', default: false },
    l2: { type: 'string', default: '0.01' },
    epochs: { type: 'string', default: '400' },
    /** How much surer than the general case the case picker must be to show another case. */
    'case-margin': { type: 'string', default: '0.25' },
    corpus: { type: 'string', default: 'public/corpus' },
  },
});

interface Example {
  /** Feature rows of the candidates, the right ones flagged. */
  x: number[][];
  gold: boolean[];
  /** Index of the best candidate of the selected audience / of the others, by the passage order (for the switch). */
  selected: boolean[];
  wrongAudience: boolean;
  /** Asked under particuliers, the desk's default: the only audience a switch is suggested from. */
  fromDefault: boolean;
  set: string;
}

const engine = loadEngine(values.corpus);
const trainingFiles = setsWithRole('training');
const checkFiles = values.check!.split(',').filter(Boolean);

function examplesOf(file: string, questions: EvalQuestion[]): Example[] {
  const out: Example[] = [];
  const ask = (q: EvalQuestion, audience: Audience, wrongAudience: boolean) => {
    const result = engine.search(q.question, { audiences: [audience], explain: true, k: 10 });
    const candidates = result.candidates ?? [];
    const answer = q.answer_audience ?? (wrongAudience ? undefined : audience);
    const gold = candidates.map((c) => q.ids.includes(c.fiche.id) && (!answer || c.fiche.audience === answer));
    if (!gold.some(Boolean)) return;
    out.push({
      x: candidates.map((c) => rankerRow(FICHE_FEATURES.map((f) => c.features[f]))),
      gold,
      selected: candidates.map((c) => c.fiche.audience === audience),
      wrongAudience: wrongAudience || Boolean(q.answer_audience && q.answer_audience !== audience),
      fromDefault: audience === 'particuliers',
      set: file,
    });
  };
  for (const q of questions) {
    if (!q.ids.length) continue;
    const audience = q.audience ?? 'particuliers';
    ask(q, audience, false);
    // A professionnels or associations question, asked the way a desk asks by default.
    if (audience !== 'particuliers' && !q.answer_audience) ask({ ...q, answer_audience: audience }, 'particuliers', true);
  }
  return out;
}

// The query's translations (src/search/analysis/translations.json) were learnt from the training
// questions themselves: each set's features are computed with a table learnt without that set, so
// the rankers weigh translations as they will work on questions never seen.
const withoutOwnTranslations = leaveSetOutTranslations(engine, trainingFiles);

const load = withoutOwnTranslations((file: string) => examplesOf(file, parseQuestions(readFileSync(file, 'utf8'))));
const training = trainingFiles.flatMap(load);
const checks = checkFiles.map((file) => ({ file, examples: load(file) }));
console.log(`training: ${training.length} questions with a right fiche among the candidates (${training.filter((e) => e.wrongAudience).length} asked under another audience), from ${trainingFiles.length} sets`);

const dot = (w: number[], x: number[]) => x.reduce((s, v, i) => s + v * w[i]!, 0);

/** The fiche ranker's starting weights: the fused passage score alone. */
const passageOnly = FICHE_FEATURES.map((f) => (f === 'passage' ? 1 : 0));

/** Listwise softmax: maximise the probability mass of the right fiches among all candidates. */
function fit(examples: readonly Pick<Example, 'x' | 'gold'>[], l2: number, epochs: number, start: number[] = [...passageOnly, ...FEATURE_PAIRS.map(() => 0)]): number[] {
  const w = [...start];
  const dim = w.length;
  // Adam: the features differ in scale and sparsity.
  const m = new Array<number>(dim).fill(0);
  const v = new Array<number>(dim).fill(0);
  const rate = 0.05;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const g = new Array<number>(dim).fill(0);
    for (const e of examples) {
      const s = e.x.map((x) => dot(w, x));
      const max = Math.max(...s);
      const p = s.map((z) => Math.exp(z - max));
      const all = p.reduce((a, b) => a + b, 0);
      const goldMass = p.reduce((a, b, i) => a + (e.gold[i] ? b : 0), 0);
      e.x.forEach((x, i) => {
        const coef = p[i]! / all - (e.gold[i] ? p[i]! / goldMass : 0);
        for (let j = 0; j < dim; j++) g[j]! += coef * x[j]!;
      });
    }
    for (let j = 0; j < dim; j++) {
      const grad = g[j]! / examples.length + l2 * w[j]!;
      m[j] = 0.9 * m[j]! + 0.1 * grad;
      v[j] = 0.999 * v[j]! + 0.001 * grad * grad;
      w[j]! -= (rate * (m[j]! / (1 - 0.9 ** epoch))) / (Math.sqrt(v[j]! / (1 - 0.999 ** epoch)) + 1e-8);
    }
  }
  return w;
}

/** Rank of the first right fiche among the selected audience's candidates (wrong-audience: among all). */
function rankOf(e: Example, w: number[] | null): number {
  // Without weights: the order of the fused passage scores alone (feature 'passage').
  const s = e.x.map((x, i) => (w ? dot(w, x) : x[0]! - i * 1e-9));
  const order = s.map((_, i) => i).sort((a, b) => s[b]! - s[a]! || a - b).filter((i) => e.wrongAudience || e.selected[i]);
  return order.findIndex((i) => e.gold[i]) + 1;
}

function report(name: string, examples: readonly Example[], w: number[] | null) {
  const own = examples.filter((e) => !e.wrongAudience);
  const r = (at: number) => (own.length ? own.filter((e) => { const k = rankOf(e, w); return k > 0 && k <= at; }).length / own.length : 0);
  return `${name}: r@1 ${r(1).toFixed(3)} r@5 ${r(5).toFixed(3)} (${own.length})`;
}

/**
 * The smallest margin at which a wrong-audience question's right fiche gets suggested while few
 * others switch. Read from out-of-fold scores (each question scored by the model of the folds that
 * did not see it): scores of questions the model was fitted on put the selected audience's right
 * fiche further ahead than new questions will, and a margin read from them switches too often.
 */
function switchMargin(scored: readonly { e: Example; w: number[] }[]): number {
  const gaps = scored.filter(({ e }) => e.fromDefault).map(({ e, w }) => {
    const s = e.x.map((x) => dot(w, x));
    const mine = Math.max(...s.filter((_, i) => e.selected[i]), -Infinity);
    const theirs = Math.max(...s.filter((_, i) => !e.selected[i]), -Infinity);
    return { gap: theirs - mine, wrong: e.wrongAudience };
  });
  const options = [...new Set(gaps.map((g) => g.gap).filter(Number.isFinite))].sort((a, b) => a - b);
  let best = { margin: Infinity, value: -Infinity };
  for (const margin of options) {
    const caught = gaps.filter((g) => g.wrong && g.gap > margin).length / (gaps.filter((g) => g.wrong).length || 1);
    const falseSwitch = gaps.filter((g) => !g.wrong && g.gap > margin).length / (gaps.filter((g) => !g.wrong).length || 1);
    // A false switch costs more than a missed one: the agent is sent away from the right audience.
    const value = caught - 4 * falseSwitch;
    if (value > best.value) best = { margin, value };
  }
  const at = (wrong: boolean) => (gaps.filter((g) => g.wrong === wrong && g.gap > best.margin).length / (gaps.filter((g) => g.wrong === wrong).length || 1)).toFixed(3);
  console.log(`audience switch (out of fold): suggested for ${at(true)} of the questions another audience answers, ${at(false)} of the others`);
  return best.margin;
}

const l2 = Number(values.l2);
const epochs = Number(values.epochs);
const caseMargin = Number(values['case-margin']);
const folds = 5;
const byFold: Example[][] = Array.from({ length: folds }, () => []);
training.forEach((e, i) => byFold[i % folds]!.push(e));
/** Each training question with the weights fitted on the other folds, its rows first passed through `rows`. */
function outOfFold(rows: (e: Example) => Example = (e) => e, start?: number[]): { e: Example; w: number[] }[] {
  return byFold.flatMap((fold, k) => {
    const w = fit(byFold.filter((_, j) => j !== k).flat().map(rows), l2, epochs, start);
    return fold.map((e) => ({ e: rows(e), w }));
  });
}
/** Share of the ranks within the first n (0: not found). */
const within = (ranks: readonly number[], n: number) => (ranks.filter((r) => r > 0 && r <= n).length / (ranks.length || 1)).toFixed(3);
const cvExamples = outOfFold();
const own = cvExamples.filter(({ e }) => !e.wrongAudience);
const base = own.map(({ e }) => rankOf(e, null));
const learnt = own.map(({ e, w }) => rankOf(e, w));
console.log(`5-fold cross-validation (${own.length} questions): by fused passage score r@1 ${within(base, 1)} r@5 ${within(base, 5)} → learnt r@1 ${within(learnt, 1)} r@5 ${within(learnt, 5)}`);
if (values.linear) {
  // The same folds with the features alone (no pairwise products): what the pairs add.
  const alone = (e: Example): Example => ({ ...e, x: e.x.map((x) => x.slice(0, FICHE_FEATURES.length)) });
  const ranks = outOfFold(alone, passageOnly).filter(({ e }) => !e.wrongAudience).map(({ e, w }) => rankOf(e, w));
  console.log(`  the same folds, features alone (no pairs): r@1 ${within(ranks, 1)} r@5 ${within(ranks, 5)}`);
}

const w = fit(training, l2, epochs);
const model: RankerModel = {
  weights: Object.fromEntries(FICHE_FEATURES.map((f, i) => [f, Math.round(w[i]! * 1000) / 1000])) as Record<FicheFeature, number>,
  pairs: Object.fromEntries(FEATURE_PAIRS.map((p, i) => [pairKey(p), Math.round(w[FICHE_FEATURES.length + i]! * 1000) / 1000]).filter(([, v]) => v !== 0)),
  candidates: RANKER.candidates,
  switchMargin: Math.round(switchMargin(cvExamples) * 1000) / 1000,
  trainedOn: trainingFiles,
};
console.log(JSON.stringify(model.weights), `switchMargin ${model.switchMargin}`);
for (const { file, examples } of checks) console.log(`  (check) ${report(file, examples, null)} → ${report('learnt', examples, w)}`);
if (values.write) {
  writeFileSync('src/search/ranking/rankerModel.json', `${JSON.stringify(model, null, 2)}\n`);
  console.log('wrote src/search/ranking/rankerModel.json');
}

// ---- Cases: which case of the right fiche is shown ----

interface CaseExample { choice: CaseChoice; x: number[][]; gold: boolean[]; set: string }

/**
 * A choice of the right fiche is labelled when the passages holding the question's answer phrase
 * lie under one option of it only, and the writer did not list that option among the wrong cases;
 * a choice DILA repeats (the same options under several sections) counts once per question.
 */
function caseExamples(file: string): CaseExample[] {
  const out: CaseExample[] = [];
  for (const q of parseQuestions(readFileSync(file, 'utf8'))) {
    if (!q.phrases?.length || !q.ids.length) continue;
    const audience = q.answer_audience ?? q.audience ?? 'particuliers';
    const fiche = engine.corpus.fiches.find((f) => f.id === q.ids[0] && f.audience === audience);
    if (!fiche?.choices?.length) continue;
    const phrases = q.phrases.map(normalizePhrase);
    const wrong = new Set((q.wrong_paths ?? []).map((h) => normalizePhrase(h.replace(/\s*:\s*$/, ''))));
    const holding = engine.passagesFor(q.question, fiche, undefined, Infinity).filter((p) => passageHolds(p.chunk, phrases));
    const features = engine.caseFeatures(q.question, fiche);
    const seen = new Set<string>();
    fiche.choices.forEach((choice, c) => {
      const key = choice.options.join('\n');
      if (seen.has(key)) return;
      seen.add(key);
      const options = new Set(holding.flatMap((p) => (p.chunk.cases ?? []).filter(([cc]) => cc === c).map(([, o]) => o)));
      if (options.size !== 1) return;
      const label = [...options][0]!;
      if (wrong.has(normalizePhrase(choice.options[label]!))) return;
      out.push({ choice, x: features[c]!, gold: choice.options.map((_, o) => o === label), set: file });
    });
  }
  return out;
}

const caseTraining = setsWithRole('training', 'tuning').flatMap(withoutOwnTranslations(caseExamples));
if (caseTraining.length) {
  const start = CASE_FEATURES.map((f) => (f === 'default' ? 1 : 0));
  const modelOf = (cw: number[], margin: number): CaseModel => ({ weights: Object.fromEntries(CASE_FEATURES.map((f, i) => [f, Math.round(cw[i]! * 1000) / 1000])) as Record<CaseFeature, number>, margin });
  const n = caseTraining.length;
  const share = (k: number) => (k / n).toFixed(3);
  const tally = (pairs: { e: CaseExample; m: CaseModel }[]) => {
    let right = 0;
    let moved = 0;
    for (const { e, m } of pairs) {
      const pick = pickOption(e.choice, e.x, m);
      const byDefault = defaultOption(e.choice);
      if (e.gold[pick]) right++;
      else if (pick !== byDefault && e.gold[byDefault]) moved++;
    }
    return { right, moved };
  };
  // Leave-one-set-out, as a new writer's questions meet it.
  const sets = [...new Set(caseTraining.map((e) => e.set))];
  const heldOut = sets.map((set) => ({ set, cw: fit(caseTraining.filter((e) => e.set !== set), l2, epochs, start) }));
  // A pick off the default shows a case the question may not state: how much surer must it be?
  // Leave-one-set-out prints the trade-off; the margin is set (--case-margin), as the measured
  // differences between margins are within a question or two and a chosen one would move at each refit.
  const margins = [0, 0.25, 0.5, 0.75, 1, caseMargin].filter((m, i, all) => all.indexOf(m) === i).map((margin) => {
    const t = tally(heldOut.flatMap(({ set, cw }) => caseTraining.filter((e) => e.set === set).map((e) => ({ e, m: modelOf(cw, margin) }))));
    console.log(`  cases, off the default only when surer by ${margin}: right ${share(t.right)}, moved off a right default ${t.moved} (leave-one-set-out)`);
    return { margin, ...t };
  });
  const best = margins.find((m) => m.margin === caseMargin)!;
  const byDefault = caseTraining.filter((e) => e.gold[defaultOption(e.choice)]).length;
  const shipped = tally(caseTraining.map((e) => ({ e, m: CASE_PICKER })));
  console.log(`cases: ${n} choices with a known right option (${sets.length} sets); right option by default ${share(byDefault)}, by the shipped model ${share(shipped.right)} (fitted on them) → learnt, leave-one-set-out ${share(best.right)}, moved off a right default ${best.moved}`);
  const caseModel: CaseModel = { ...modelOf(fit(caseTraining, l2, epochs, start), best.margin), trainedOn: sets };
  console.log(JSON.stringify(caseModel.weights), `margin ${caseModel.margin}`);
  // The passages below are learnt under the cases this model picks.
  engine.params.cases = caseModel;
  if (values.write) {
    writeFileSync('src/search/ranking/caseModel.json', `${JSON.stringify(caseModel, null, 2)}\n`);
    console.log('wrote src/search/ranking/caseModel.json');
  }
}

// ---- Passages: which one of the right fiche comes first ----

interface PassageExample { x: number[][]; gold: boolean[]; terms: string[]; keys: string[][]; set: string }

function passageExamples(file: string): PassageExample[] {
  const out: PassageExample[] = [];
  for (const q of parseQuestions(readFileSync(file, 'utf8'))) {
    if (!q.phrases?.length || !q.ids.length) continue;
    const audience = q.answer_audience ?? q.audience ?? 'particuliers';
    const phrases = q.phrases.map(normalizePhrase);
    // Only the passages of the question's cases compete: the others never lead.
    const fitting = engine.passagesFor(q.question, { id: q.ids[0]!, audience }, undefined, Infinity, true).filter((p) => p.fits);
    const gold = fitting.map((p) => passageHolds(p.chunk, phrases));
    if (!gold.some(Boolean)) continue;
    out.push({
      x: fitting.map((p) => PASSAGE_FEATURES.map((f) => p.features![f])), gold,
      terms: [...new Set(analyze(q.question))], keys: fitting.map((p) => passageKeys(p.chunk.path.slice(1), p.chunk.text)), set: file,
    });
  }
  return out;
}

/**
 * Which passage keys (heading terms, kinds of answer) the right passage has more often than its
 * fiche's other passages, for each question term: log odds against the share a passage drawn at
 * random would have, kept where seen often enough.
 */
function learnAnswerWords(examples: readonly PassageExample[], minSeen = ANSWER_WORDS.minSeen, minCount = ANSWER_WORDS.minCount): AnswerWords {
  const pos = new Map<string, Map<string, number>>();
  const expected = new Map<string, Map<string, number>>();
  const seen = new Map<string, number>();
  const add = (m: Map<string, Map<string, number>>, q: string, k: string, v: number) => {
    let row = m.get(q);
    if (!row) m.set(q, (row = new Map()));
    row.set(k, (row.get(k) ?? 0) + v);
  };
  for (const e of examples) {
    const share = new Map<string, number>();
    for (const keys of e.keys) for (const k of keys) share.set(k, (share.get(k) ?? 0) + 1 / e.keys.length);
    const goldKeys = new Set(e.keys.filter((_, i) => e.gold[i]).flat());
    for (const q of e.terms) {
      seen.set(q, (seen.get(q) ?? 0) + 1);
      for (const k of goldKeys) add(pos, q, k, 1);
      for (const [k, v] of share) add(expected, q, k, v);
    }
  }
  const table: Record<string, Record<string, number>> = {};
  for (const [q, row] of pos) {
    if ((seen.get(q) ?? 0) < minSeen) continue;
    for (const [k, n] of row) {
      if (n < minCount) continue;
      const odds = Math.log((n + 0.5) / ((expected.get(q)?.get(k) ?? 0) + 0.5));
      if (odds > 0.3) (table[q] ??= {})[k] = Math.round(Math.min(2, odds) * 1000) / 1000;
    }
  }
  return table;
}

/** How often a question word, and a word–key pair, must be seen before the table keeps the pair. */
const ANSWER_WORDS = { minSeen: 6, minCount: 3 };

const kindAt = PASSAGE_FEATURES.indexOf('answerKind');
/** The examples with 'answerKind' recomputed from a table (learnt without them in cross-validation). */
function withKinds(examples: readonly PassageExample[], table: AnswerWords): PassageExample[] {
  return examples.map((e) => {
    const raw = e.keys.map((keys) => answerAssociation(e.terms, keys, table));
    const max = Math.max(1e-9, ...raw);
    return { ...e, x: e.x.map((row, i) => row.map((v, j) => (j === kindAt ? raw[i]! / max : v))) };
  });
}

const phraseFiles = setsWithRole('training', 'tuning');
const passageTraining = phraseFiles.flatMap(withoutOwnTranslations(passageExamples));

/**
 * Leave-one-set-out: each set's questions ranked by a model learnt on the other sets only, the way
 * a new writer's questions meet it (random folds mix one writer's wording into both sides).
 */
function bySetCv(examples: readonly PassageExample[], options: { drop?: PassageFeature[]; minSeen?: number; minCount?: number }) {
  const sets = [...new Set(examples.map((e) => e.set))];
  const keep = (e: PassageExample) => (options.drop?.length ? { ...e, x: e.x.map((row) => row.map((v, j) => (options.drop!.includes(PASSAGE_FEATURES[j]!) ? 0 : v))) } : e);
  let right = 0;
  for (const set of sets) {
    const train = examples.filter((e) => e.set !== set);
    const table = learnAnswerWords(train, options.minSeen, options.minCount);
    const pw = fit(withKinds(train, table).map(keep), l2, epochs, PASSAGE_FEATURES.map((f) => (f === 'fused' ? 1 : 0)));
    for (const e of withKinds(examples.filter((x) => x.set === set), table).map(keep)) {
      const s = e.x.map((x) => dot(pw, x));
      if (e.gold[s.indexOf(Math.max(...s))]) right++;
    }
  }
  return right / (examples.length || 1);
}

if (values.compare && passageTraining.length) {
  console.log(`passages, leave-one-set-out over ${new Set(passageTraining.map((e) => e.set)).size} sets:`);
  for (const [name, options] of [
    ['all features', {}],
    ['no answerKind', { drop: ['answerKind'] }],
    ['answerKind, words seen ≥ 3, pairs ≥ 2', { minSeen: 3, minCount: 2 }],
    ['answerKind, words seen ≥ 10, pairs ≥ 4', { minSeen: 10, minCount: 4 }],
    ['words, heading, position only', { drop: ['fused', 'vector', 'intro', 'stated', 'general', 'answerKind'] }],
  ] as [string, Parameters<typeof bySetCv>[1]][]) console.log(`  ${name}: ${bySetCv(passageTraining, options).toFixed(3)}`);
}

if (passageTraining.length) {
  const start = PASSAGE_FEATURES.map((f) => (f === 'fused' ? 1 : 0));
  const firstRight = (e: PassageExample, pw: number[] | null) => {
    const s = e.x.map((x, i) => (pw ? dot(pw, x) : x[0]! - i * 1e-6));
    return e.gold[s.indexOf(Math.max(...s))] === true;
  };
  const pFolds: PassageExample[][] = Array.from({ length: folds }, () => []);
  passageTraining.forEach((e, i) => pFolds[i % folds]!.push(e));
  let before = 0;
  let after = 0;
  for (let k = 0; k < folds; k++) {
    const train = pFolds.filter((_, j) => j !== k).flat();
    const table = learnAnswerWords(train);
    const pw = fit(withKinds(train, table), l2, epochs, start);
    for (const e of withKinds(pFolds[k]!, table)) {
      if (firstRight(e, null)) before++;
      if (firstRight(e, pw)) after++;
    }
  }
  const n = passageTraining.length;
  console.log(`passages: ${n} questions with an answer phrase in their fiche (${phraseFiles.length} sets); first passage holds it: by fused score ${(before / n).toFixed(3)} → learnt (5-fold) ${(after / n).toFixed(3)}`);
  const answerWords = learnAnswerWords(passageTraining);
  const pw = fit(withKinds(passageTraining, answerWords), l2, epochs, start);
  const passageModel: PassageModel = {
    weights: Object.fromEntries(PASSAGE_FEATURES.map((f, i) => [f, Math.round(pw[i]! * 1000) / 1000])) as Record<PassageFeature, number>,
    answerWords,
    trainedOn: phraseFiles.filter((f) => passageTraining.some((e) => e.set === f)),
  };
  console.log(JSON.stringify(passageModel.weights), `${Object.keys(answerWords).length} question words with answer associations`);
  if (values.write) {
    writeFileSync('src/search/ranking/passageModel.json', `${JSON.stringify(passageModel, null, 2)}\n`);
    console.log('wrote src/search/ranking/passageModel.json');
  }
}
