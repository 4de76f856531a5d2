import type { AbstentionParams } from './abstention';
import { OFF_TOPIC_WORD_ODDS } from './offTopicWordsModel';

/**
 * Fitted by `npm run calibrate:abstention -- --write` on calibration.jsonl, clean.jsonl, clean2.jsonl, clean3.jsonl, clean4.jsonl, clean5.jsonl, dev.jsonl, holdout.jsonl, holdout2.jsonl, holdout3.jsonl, holdout4.jsonl, train-offtopic.jsonl, train-offtopic2.jsonl, train-short.jsonl, train-short2.jsonl, tune.jsonl and the title queries
 * (never on the current clean set, see docs/EVAL.md). Regenerate after changing the signals or the ranking.
 */
export const DEFAULT_ABSTENTION: AbstentionParams = {
  hybrid: {
    weights: {
      coverage: -2.544,
      unknown: 0.762,
      rare: 0.72,
      titleWords: -1.922,
      titleMatch: -1.847,
      dossierAgreement: -0.831,
      offTopicWords: 4.632,
      cue: 0.829,
      advice: 1.413
    },
    bias: 3.752,
    offTopicAbove: 0.788,
    lowConfidenceAbove: 0.531
  },
  lexical: {
    weights: {
      coverage: -2.345,
      unknown: 0.777,
      rare: 0.748,
      titleWords: -1.974,
      titleMatch: -1.778,
      dossierAgreement: -1.019,
      offTopicWords: 4.676,
      cue: 0.872,
      advice: 1.413
    },
    bias: 3.688,
    offTopicAbove: 0.817,
    lowConfidenceAbove: 0.523
  },
  rareBelow: 5,
  agreementDepth: 20,
  titleDepth: 3,
  words: { odds: OFF_TOPIC_WORD_ODDS, clip: 3 }
};
