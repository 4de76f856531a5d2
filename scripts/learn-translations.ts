/**
 * npm run learn:translations [-- --write] [--eval] [--weight W] — learns which fiche words a
 * question word stands for (src/search/analysis/translations.json): « patron » → « employeur »,
 * « hôpital » → « fonction publique », « airbnb » → « meublé de tourisme ». Questions say things
 * in their words, fiches in DILA's; the engine adds a question word's translations to the query
 * at a lower weight (queryTerms).
 *
 * Pairs: every training question (tests/eval/sets.json) with the titles of the fiches that
 * answer it, and every alias DILA gives a fiche (link texts, related questions) with its title.
 * The model and what is kept: scripts/lib/translationModel.ts.
 *
 * `--eval` prints recall by five folds of the training sets: each fold searched without a table,
 * then with the table learnt from the other folds (the rankers stay as shipped).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseQuestions, evaluate } from '../src/search/evaluation/evaluate';
import { loadEngine } from '../src/search/node/loadEngine';
import { setsWithRole } from './lib/setManifest';
import { aliasPairs, learnTranslations, questionPairs } from './lib/translationModel';

const TRANSLATIONS_PATH = 'src/search/analysis/translations.json';

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    eval: { type: 'boolean', default: false },
    /** With --eval: the weight searched with (DEFAULT_QUERY_TERMS.translationWeight otherwise). */
    weight: { type: 'string' },
    corpus: { type: 'string', default: 'public/corpus' },
  },
});

const engine = loadEngine(values.corpus);
const fiches = engine.corpus.fiches;
const files = setsWithRole('training');
const sets = files.map((file) => ({ file, questions: parseQuestions(readFileSync(file, 'utf8')) }));
const aliases = aliasPairs(fiches);

if (values.eval) {
  if (values.weight) (engine.params.terms as { translationWeight: number }).translationWeight = Number(values.weight);
  const folds = 5;
  const sums = { without: [0, 0, 0], with: [0, 0, 0] };
  let n = 0;
  for (let k = 0; k < folds; k++) {
    const table = learnTranslations([...aliases, ...sets.filter((_, i) => i % folds !== k).flatMap((s) => questionPairs(s.questions, fiches))]);
    const test = sets.filter((_, i) => i % folds === k).flatMap((s) => s.questions).filter((q) => q.ids.length && !q.answer_audience);
    for (const name of ['without', 'with'] as const) {
      engine.useTranslations(name === 'with' ? table : {});
      const { metrics } = evaluate(engine, test, 10);
      const at = [metrics['recall@1'], metrics['recall@5'], metrics['recall@10']];
      at.forEach((r, i) => (sums[name][i]! += r * metrics.n));
      if (name === 'with') n += metrics.n;
      console.log(`fold ${k} ${name.padEnd(7)} ${metrics.n} questions: r@1 ${at[0]} r@5 ${at[1]} r@10 ${at[2]} (${Object.keys(table).length} words translated)`);
    }
  }
  const line = (name: 'with' | 'without') => sums[name].map((x, i) => `r@${[1, 5, 10][i]} ${(x / n).toFixed(3)}`).join(' ');
  console.log(`all folds, ${n} questions: without ${line('without')} · with ${line('with')}`);
}

const table = learnTranslations([...aliases, ...sets.flatMap((s) => questionPairs(s.questions, fiches))]);
console.log(`${Object.keys(table).length} question words translated, from ${sets.reduce((n, s) => n + s.questions.length, 0)} questions and ${aliases.length} alias pairs`);
if (values.write) {
  writeFileSync(TRANSLATIONS_PATH, `${JSON.stringify({ trainedOn: files.map((f) => f.split('/').pop()), words: table })}\n`);
  console.log(`wrote ${TRANSLATIONS_PATH}`);
}
