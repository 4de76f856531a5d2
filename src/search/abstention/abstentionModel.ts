import type { AbstentionParams, OffTopicModel } from './abstention';
import fitted from './abstentionModel.json';
import odds from './offTopicWords.json';

/**
 * The off-topic model as fitted by `npm run calibrate:abstention -- --write` (data files beside
 * this one: the two logistic models and their thresholds, and the word odds learnt from the
 * question sets named in `fittedOn`). Regenerate after changing the signals or the ranking.
 */
export const DEFAULT_ABSTENTION: AbstentionParams = {
  hybrid: fitted.hybrid as OffTopicModel,
  lexical: fitted.lexical as OffTopicModel,
  rareBelow: fitted.rareBelow,
  titleDepth: fitted.titleDepth,
  words: { odds: odds as Record<string, number>, clip: fitted.clip },
};

/** The question sets the model and its word odds were fitted on. */
export const ABSTENTION_FITTED_ON: readonly string[] = fitted.fittedOn;
