/**
 * Whether the fiches cover a question, from signals that do not shrink as the citizen talks
 * longer. The old test (share of the question's words found in the best fiche) fell with every
 * filler word; these read what the question is about against what the corpus knows.
 */
export interface RetrievalSignals {
  /** Share of the question's idf mass found in the best fiche's passages (decays with length). */
  coverage: number;
  /** Share of the question's words the corpus does not know at all (typo fixes count half). */
  unknown: number;
  /** Share of the question's words the corpus knows but barely uses (a handful of passages). */
  rare: number;
  /** Share of the question's words found in some fiche title: the topics the fiches are about. */
  titleWords: number;
  /**
   * How much of a top fiche's title the question says (idf-weighted, its equivalents and typo
   * fixes count; best of the first fiches). A real question names what its fiche is about; an
   * off-topic one reaches fiches through incidental words. Does not decay with length.
   */
  titleMatch: number;
  /**
   * Share of the next four fiches filed in the best fiche's dossier (« Carte d'identité »): a
   * real question's fiches gather around its subject; an off-topic one's are scattered over
   * whatever its incidental words reach. The theme level (21 themes) measured no better.
   */
  dossierAgreement: number;
  /**
   * How citizens ask off-topic questions rather than desk ones, word by word (offTopicWords.ts):
   * the mean of the question's terms' log odds learnt from the tuning sets, in [-1, 1].
   */
  offTopicWords: number;
  /** A topic the fiches never cover (météo, sport, recette, film…). */
  cue: number;
  /** A request for an opinion or a recommendation (« le meilleur », « vous pensez », « des idées »). */
  advice: number;
}

export const SIGNAL_NAMES = ['coverage', 'unknown', 'rare', 'titleWords', 'titleMatch', 'dossierAgreement', 'offTopicWords', 'cue', 'advice'] as const satisfies readonly (keyof RetrievalSignals)[];

/** A logistic model of P(off-topic) and its two thresholds. */
export interface OffTopicModel {
  /** Weight per signal (a signal left out weighs nothing), plus a bias. */
  weights: Partial<Record<keyof RetrievalSignals, number>>;
  bias: number;
  /** Above this probability: off-topic, no model call. */
  offTopicAbove: number;
  /** Above this one: the fiches are shown and the model answers with a caution. */
  lowConfidenceAbove: number;
}

export interface AbstentionParams {
  /** One model per search mode: without vectors their two signals are meaningless. */
  hybrid: OffTopicModel;
  lexical: OffTopicModel;
  /** A known word in at most this many passages counts as rare. */
  rareBelow: number;
  /** Top fiches whose titles titleMatch reads. */
  titleDepth: number;
  /** Term → log odds (off-topic ÷ desk) for `offTopicWords`, and the bound they were clipped to. */
  words: { odds: Readonly<Record<string, number>>; clip: number };
}


export function offTopicProbability(s: RetrievalSignals, m: OffTopicModel): number {
  let z = m.bias;
  for (const name of SIGNAL_NAMES) z += (m.weights[name] ?? 0) * s[name];
  return 1 / (1 + Math.exp(-z));
}

export type Verdict = 'answer' | 'low-confidence' | 'off-topic';

export function judge(s: RetrievalSignals, m: OffTopicModel): { verdict: Verdict; offTopic: number } {
  const offTopic = offTopicProbability(s, m);
  const verdict = offTopic > m.offTopicAbove ? 'off-topic' : offTopic > m.lowConfidenceAbove ? 'low-confidence' : 'answer';
  return { verdict, offTopic };
}
