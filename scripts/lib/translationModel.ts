/**
 * The word-translation model behind src/search/analysis/translations.json: which fiche words a
 * question word stands for. IBM Model 1 — each word of a fiche's title is produced by one word of
 * the question or by none — fitted by EM on question → title pairs. Shared by
 * learn:translations (which writes the table) and train:ranker (which fits the rankers on
 * features computed with a table learnt without the set at hand, so that no ranker learns to
 * trust translations that were learnt from its own questions).
 */
import { analyze } from '../../src/search/analysis/frenchAnalyzer';
import type { EvalQuestion } from '../../src/search/evaluation/evaluate';
import type { FicheMeta } from '../../src/corpus/corpusData';
import { TRANSLATIONS, type TranslationTable } from '../../src/search/analysis/translations';
import type { SearchEngine } from '../../src/search/searchEngine';
import { parseQuestions } from '../../src/search/evaluation/evaluate';
import { readFileSync } from 'node:fs';

export interface TranslationPair { source: string[]; target: string[]; fiche: string }

export interface TranslationOptions {
  iterations: number;
  /** Least probability of a kept translation. */
  minProbability: number;
  /** Least number of distinct fiches whose pairs carry a kept translation: a vocabulary fact, not one fiche's. */
  minFiches: number;
  /** Most translations kept per question word. */
  perWord: number;
}

export const TRANSLATION_OPTIONS: TranslationOptions = { iterations: 12, minProbability: 0.1, minFiches: 2, perWord: 3 };

const unique = (xs: string[]) => [...new Set(xs)];
/** Numbers say which case, not which subject: they translate into nothing. */
const wordsOf = (text: string) => unique(analyze(text)).filter((t) => !/^\d/.test(t));

function titlePairs(question: string, targets: readonly FicheMeta[]): TranslationPair[] {
  const source = wordsOf(question);
  return targets.map((f) => ({ source, target: wordsOf(f.title), fiche: f.id })).filter((p) => p.source.length && p.target.length);
}

/** Each question with the title of every fiche that answers it (in the audience that answers it). */
export function questionPairs(questions: readonly EvalQuestion[], fiches: readonly FicheMeta[]): TranslationPair[] {
  const byKey = new Map(fiches.map((f) => [`${f.audience}/${f.id}`, f]));
  return questions.flatMap((q) => {
    const audience = q.answer_audience ?? q.audience ?? 'particuliers';
    const targets = q.ids.map((id) => byKey.get(`${audience}/${id}`)).filter((f): f is FicheMeta => Boolean(f));
    return titlePairs(q.question, targets);
  });
}

/** DILA's own namings of each fiche (link texts, related questions), each with the fiche's title. */
export function aliasPairs(fiches: readonly FicheMeta[]): TranslationPair[] {
  return fiches.flatMap((f) => (f.aliases ?? []).flatMap((alias) => titlePairs(alias.split(' › ').pop()!, [f])));
}

/** t(title word | question word), the empty word standing for « none ». */
function fit(pairs: readonly TranslationPair[], iterations: number): Map<string, Map<string, number>> {
  const NONE = '';
  let t = new Map<string, Map<string, number>>();
  for (const p of pairs) for (const e of [NONE, ...p.source]) {
    const row = t.get(e) ?? new Map<string, number>();
    for (const f of p.target) row.set(f, 1);
    t.set(e, row);
  }
  for (let it = 0; it < iterations; it++) {
    const counts = new Map<string, Map<string, number>>();
    for (const p of pairs) {
      const sources = [NONE, ...p.source];
      const rows = sources.map((e) => t.get(e)!);
      for (const f of p.target) {
        let z = 0;
        for (const row of rows) z += row.get(f) ?? 0;
        sources.forEach((e, i) => {
          const row = counts.get(e) ?? new Map<string, number>();
          row.set(f, (row.get(f) ?? 0) + (rows[i]!.get(f) ?? 0) / z);
          counts.set(e, row);
        });
      }
    }
    t = new Map();
    for (const [e, row] of counts) {
      let sum = 0;
      for (const c of row.values()) sum += c;
      t.set(e, new Map([...row].map(([f, c]) => [f, c / sum])));
    }
  }
  return t;
}

/** The kept translations of every question word, likeliest first. */
export function learnTranslations(pairs: readonly TranslationPair[], options: TranslationOptions = TRANSLATION_OPTIONS): TranslationTable {
  const t = fit(pairs, options.iterations);
  const seenOn = new Map<string, Set<string>>();
  for (const p of pairs) for (const e of p.source) for (const f of p.target) {
    if (e === f) continue;
    const key = `${e} ${f}`;
    const fiches = seenOn.get(key) ?? new Set<string>();
    fiches.add(p.fiche);
    seenOn.set(key, fiches);
  }
  const table: Record<string, [string, number][]> = {};
  for (const [e, row] of [...t].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!e) continue;
    const kept = [...row]
      .filter(([f, p]) => f !== e && p >= options.minProbability && (seenOn.get(`${e} ${f}`)?.size ?? 0) >= options.minFiches)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, options.perWord)
      .map(([f, p]) => [f, Math.round(p * 1000) / 1000] as [string, number]);
    if (kept.length) table[e] = kept;
  }
  return table;
}

/**
 * Wraps a step run on one question set so that it runs with translations learnt without that set
 * (the aliases and every other training set): what a new writer's questions meet. A set outside
 * `trainingFiles` runs with the shipped table. Each set's table is learnt once.
 */
export function leaveSetOutTranslations(engine: SearchEngine, trainingFiles: readonly string[]): <T>(fn: (file: string) => T) => (file: string) => T {
  const aliases = aliasPairs(engine.corpus.fiches);
  const pairsOf = new Map(trainingFiles.map((f) => [f, questionPairs(parseQuestions(readFileSync(f, 'utf8')), engine.corpus.fiches)]));
  const tableWithout = new Map<string, TranslationTable>();
  return (fn) => (file) => {
    if (!pairsOf.has(file)) return fn(file);
    if (!tableWithout.has(file)) tableWithout.set(file, learnTranslations([...aliases, ...trainingFiles.filter((f) => f !== file).flatMap((f) => pairsOf.get(f)!)]));
    engine.useTranslations(tableWithout.get(file));
    try {
      return fn(file);
    } finally {
      engine.useTranslations(TRANSLATIONS);
    }
  };
}
