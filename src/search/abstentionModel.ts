import type { AbstentionParams } from './abstention';

/** Placeholder: `npm run calibrate:abstention -- --write` fits it. */
export const DEFAULT_ABSTENTION: AbstentionParams = {
  hybrid: { weights: { coverage: -4.5, titleWords: -3.7, cue: 3, advice: 3, vectorBest: -2.1, agreement: -1.2, length: -1.6 }, bias: 9.7, offTopicAbove: 0.78, lowConfidenceAbove: 0.6 },
  lexical: { weights: { coverage: -4.5, titleWords: -3.7, cue: 3, advice: 3, length: -1.6 }, bias: 6, offTopicAbove: 0.78, lowConfidenceAbove: 0.6 },
  rareBelow: 5,
  agreementDepth: 20,
};
