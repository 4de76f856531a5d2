import type { AnswerWords } from './answerKinds';
import model from './passageModel.json';

/**
 * Which passage of a fiche is shown first: a linear model over features of each passage, learnt
 * by `npm run train:ranker` from questions whose answer phrases are known (the passage holding
 * one is the right one), shipped as data (passageModel.json). It only orders passages the
 * question's cases allow (src/search/ranking/casePlan.ts).
 */
export const PASSAGE_FEATURES = [
  /** Its fused score (words and vectors) in the search, over the fiche's best. */
  'fused',
  /** BM25F of the question's words that are not the fiche's subject (its title's), over the fiche's best. */
  'words',
  /** Share of its section headings' idf mass the question says. */
  'heading',
  /** Cosine of its corpus vector with the question's, over the fiche's best. */
  'vector',
  /** 1 for the fiche's introduction (no section above it). */
  'intro',
  /** 1 when it lies under a case the question states. */
  'stated',
  /** 1 when it lies under a case picked by default (the general one). */
  'general',
  /** 1 / (1 + its position in the fiche). */
  'position',
  /** How the question's words point at its headings and kinds of answer (learnt associations, src/search/ranking/answerKinds.ts), over the fiche's best. */
  'answerKind',
] as const;

export type PassageFeature = (typeof PASSAGE_FEATURES)[number];

export interface PassageModel {
  weights: Record<PassageFeature, number>;
  /** Question term → passage key (heading term, answer kind) → log odds, for 'answerKind'. */
  answerWords: AnswerWords;
  trainedOn?: string[];
}

export const PASSAGE_RANKER: PassageModel = model as PassageModel;

export function passageScore(features: Readonly<Record<PassageFeature, number>>, m: PassageModel = PASSAGE_RANKER): number {
  let s = 0;
  for (const f of PASSAGE_FEATURES) s += (m.weights[f] ?? 0) * features[f];
  return s;
}
