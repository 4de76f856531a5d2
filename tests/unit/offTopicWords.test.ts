import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/search/analysis/frenchAnalyzer';
import { shippedEngine } from '../helpers/realEngine';
import { learnWordOdds, wordOdds } from '../../src/search/abstention/offTopicWords';
import { ABSTENTION_FITTED_ON, DEFAULT_ABSTENTION } from '../../src/search/abstention/abstentionModel';
import { parseQuestions } from '../../src/search/evaluation/evaluate';

const terms = (questions: string[]) => questions.map(analyze);

describe('off-topic word odds', () => {
  const desk = terms(['renouveler ma carte d’identité', 'perte carte d’identité mineur', 'allocation logement étudiant', 'RSA et CDD']);
  const off = terms(['recette de tarte aux pommes', 'tarte tatin au four', 'carte de fidélité du supermarché']);
  const odds = learnWordOdds(desk, off, { alpha: 1, minCount: 1, clip: 3 });

  it('learns which words off-topic questions use, and which desk questions use', () => {
    expect(odds[analyze('tarte')[0]!]).toBeGreaterThan(0);
    expect(odds[analyze('identité')[0]!]).toBeLessThan(0);
    // Seen on both sides, once in three off-topic questions and twice in four desk ones.
    expect(Math.abs(odds[analyze('carte')[0]!]!)).toBeLessThan(Math.abs(odds[analyze('tarte')[0]!]!));
    expect(learnWordOdds(desk, off, { alpha: 1, minCount: 2, clip: 3 })[analyze('pommes')[0]!]).toBeUndefined();
    for (const v of Object.values(learnWordOdds(desk, off, { alpha: 0.01, minCount: 1, clip: 0.5 }))) expect(Math.abs(v)).toBeLessThanOrEqual(0.5);
  });

  it('scores a question by the mean of its words: filler the sets never saw does not decide', () => {
    const plain = wordOdds(analyze('une tarte au four'), odds);
    expect(plain).toBeGreaterThan(0);
    expect(wordOdds(analyze('carte d’identité perdue'), odds)).toBeLessThan(0);
    const padded = wordOdds(analyze('bonjour alors voilà, une tarte au four, enfin voilà quoi'), odds);
    expect(padded).toBeGreaterThan(0);
    expect(padded).toBeLessThan(plain);
    expect(wordOdds(analyze('2024 12100'), odds)).toBe(0);
    expect(wordOdds([], odds)).toBe(0);
  });

  it('the shipped table is what the named question sets give (nobody edited it by hand)', () => {
    const sets = ABSTENTION_FITTED_ON.flatMap((file) => parseQuestions(readFileSync(file, 'utf8')));
    expect(sets.length).toBeGreaterThan(1000);
    const relearnt = learnWordOdds(
      sets.filter((q) => q.ids.length).map((q) => analyze(q.question)),
      sets.filter((q) => !q.ids.length).map((q) => analyze(q.question)),
    );
    expect(relearnt).toEqual(DEFAULT_ABSTENTION.words.odds);
  });

  it('reaches the engine: on the shipped bundle, mending a tyre reads more off-topic than the winter-tyre rule', () => {
    // Neither question is in the sets the table was learnt from.
    const engine = shippedEngine();
    const mend = engine.search('comment regonfler un pneu de velo creve');
    const rule = engine.search('pneus hiver obligatoires dans quels departements');
    expect(mend.signals!.offTopicWords).toBeGreaterThan(0);
    expect(mend.signals!.offTopicWords).toBeGreaterThan(rule.signals!.offTopicWords);
  });
});
