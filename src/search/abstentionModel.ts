import type { AbstentionParams } from './abstention';
import { OFF_TOPIC_WORD_ODDS } from './offTopicWordsModel';

/**
 * Fitted by `npm run calibrate:abstention -- --write` on calibration.jsonl, clean.jsonl, clean2.jsonl, clean3.jsonl, clean4.jsonl, dev.jsonl, holdout.jsonl, holdout2.jsonl, holdout3.jsonl, holdout4.jsonl, train-offtopic.jsonl, train-short.jsonl, tune.jsonl and the title queries
 * (never on the current clean set, see docs/EVAL.md). Regenerate after changing the signals or the ranking.
 */
export const DEFAULT_ABSTENTION: AbstentionParams = {
  hybrid: {
    weights: {
      coverage: -2.527,
      unknown: 0.934,
      rare: 0.771,
      titleWords: -1.926,
      titleMatch: -1.984,
      dossierAgreement: -0.723,
      offTopicWords: 4.441,
      cue: 1.079,
      advice: 1.676
    },
    bias: 3.664,
    offTopicAbove: 0.824,
    lowConfidenceAbove: 0.519
  },
  lexical: {
    weights: {
      coverage: -2.315,
      unknown: 0.941,
      rare: 0.814,
      titleWords: -1.97,
      titleMatch: -1.915,
      dossierAgreement: -0.995,
      offTopicWords: 4.488,
      cue: 1.127,
      advice: 1.684
    },
    bias: 3.603,
    offTopicAbove: 0.821,
    lowConfidenceAbove: 0.501
  },
  rareBelow: 5,
  agreementDepth: 20,
  titleDepth: 3,
  words: { odds: OFF_TOPIC_WORD_ODDS, clip: 3 }
};
