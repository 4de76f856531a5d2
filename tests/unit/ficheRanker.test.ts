import { describe, expect, it } from 'vitest';
import { FEATURE_PAIRS, FICHE_FEATURES, RANKER, pairKey, rankScore, rankerRow, type FicheFeature, type RankerModel } from '../../src/search/ranking/ficheRanker';

/** Features with distinct values, so that a pair weighed on the wrong features gives another score. */
const features = Object.fromEntries(FICHE_FEATURES.map((f, i) => [f, (i + 1) / 7])) as Record<FicheFeature, number>;
const row = rankerRow(FICHE_FEATURES.map((f) => features[f]));

describe('fiche ranker: features and their pairwise products', () => {
  it('scores a candidate as the training script weighs its row (weights, then FEATURE_PAIRS in order)', () => {
    // A model as train:ranker writes it: one weight per column of rankerRow.
    const w = row.map((_, i) => ((i % 5) - 2) / 3);
    const model: RankerModel = {
      weights: Object.fromEntries(FICHE_FEATURES.map((f, i) => [f, w[i]!])) as Record<FicheFeature, number>,
      pairs: Object.fromEntries(FEATURE_PAIRS.map((p, i) => [pairKey(p), w[FICHE_FEATURES.length + i]!])),
      candidates: 40,
      switchMargin: 0,
    };
    const dot = row.reduce((s, v, i) => s + v * w[i]!, 0);
    expect(rankScore(features, model)).toBeCloseTo(dot, 9);
  });

  it('a pair weighs the product of its two features, and a model without pairs stays linear', () => {
    const weights = Object.fromEntries(FICHE_FEATURES.map((f) => [f, 0])) as Record<FicheFeature, number>;
    const linear: RankerModel = { weights: { ...weights, titleCover: 2 }, candidates: 40, switchMargin: 0 };
    expect(rankScore(features, linear)).toBeCloseTo(2 * features.titleCover, 9);
    const paired: RankerModel = { ...linear, pairs: { 'titleCover*questionFiche': 3 } };
    expect(rankScore(features, paired)).toBeCloseTo(2 * features.titleCover + 3 * features.titleCover * features.questionFiche, 9);
  });

  it('the shipped model names only pairs the engine computes', () => {
    const known = new Set(FEATURE_PAIRS.map(pairKey));
    const keys = Object.keys(RANKER.pairs ?? {});
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !known.has(k))).toEqual([]);
    expect(row).toHaveLength(FICHE_FEATURES.length + FEATURE_PAIRS.length);
  });
});
