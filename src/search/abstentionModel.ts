import type { AbstentionParams } from './abstention';

/**
 * Fitted by `npm run calibrate:abstention -- --write` on calibration.jsonl, dev.jsonl, holdout.jsonl, holdout2.jsonl and the title queries
 * (never on a clean set). Regenerate after changing the signals or the ranking.
 */
export const DEFAULT_ABSTENTION: AbstentionParams = {
  hybrid: {
    weights: {
      coverage: -4.216,
      unknown: 1.148,
      rare: 0.829,
      titleWords: -3.311,
      cue: 2.766,
      advice: 2.936,
      vectorBest: -1.835,
      agreement: -0.944,
      length: -0.782
    },
    bias: 9.965,
    offTopicAbove: 0.985,
    lowConfidenceAbove: 0.934
  },
  lexical: {
    weights: {
      coverage: -4.996,
      unknown: 1.032,
      rare: 1.155,
      titleWords: -3.434,
      cue: 2.98,
      advice: 3.082,
      length: -0.867
    },
    bias: 7.874,
    offTopicAbove: 0.952,
    lowConfidenceAbove: 0.887
  },
  rareBelow: 5,
  agreementDepth: 20
};
