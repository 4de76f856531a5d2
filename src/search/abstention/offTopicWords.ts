/**
 * Which words a question is asked with, learnt from question sets: for each term, the log odds
 * that a question holding it is off-topic rather than a desk question (naive Bayes over the
 * presence of terms, Laplace-smoothed). A question's score is the mean over its terms, so it does
 * not grow with the citizen's filler words. The lexical signals only know the fiches; this one
 * knows how citizens ask about tomatoes, tyres and exposés — and how they ask about the RSA.
 */
export interface WordOddsParams {
  /** Laplace smoothing added to each class's count. */
  alpha: number;
  /** Terms seen fewer times than this, both classes together, are left out. */
  minCount: number;
  /** Bound on one term's log odds, so one word cannot decide alone. */
  clip: number;
}

export const DEFAULT_WORD_ODDS: WordOddsParams = { alpha: 1, minCount: 1, clip: 3 };

/** term → log odds (off-topic ÷ desk), from terms of desk questions and of off-topic ones. */
export function learnWordOdds(desk: readonly (readonly string[])[], offTopic: readonly (readonly string[])[], p: WordOddsParams = DEFAULT_WORD_ODDS): Record<string, number> {
  const deskCount = countPresence(desk);
  const offCount = countPresence(offTopic);
  const odds: Record<string, number> = {};
  const terms = [...new Set([...deskCount.keys(), ...offCount.keys()])].sort();
  for (const term of terms) {
    const inDesk = deskCount.get(term) ?? 0;
    const inOff = offCount.get(term) ?? 0;
    if (inDesk + inOff < p.minCount) continue;
    const logOdds = Math.log((inOff + p.alpha) / (offTopic.length + 2 * p.alpha)) - Math.log((inDesk + p.alpha) / (desk.length + 2 * p.alpha));
    odds[term] = Math.round(Math.max(-p.clip, Math.min(p.clip, logOdds)) * 1000) / 1000;
  }
  return odds;
}

/** A question's mean term log odds, scaled to [-1, 1]; terms the sets never saw count 0. */
export function wordOdds(terms: readonly string[], odds: Readonly<Record<string, number>>, clip = DEFAULT_WORD_ODDS.clip): number {
  let sum = 0;
  let n = 0;
  for (const term of terms) {
    if (/^\d/.test(term)) continue;
    sum += odds[term] ?? 0;
    n++;
  }
  return n ? sum / n / clip : 0;
}

function countPresence(questions: readonly (readonly string[])[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const terms of questions) for (const term of new Set(terms)) count.set(term, (count.get(term) ?? 0) + 1);
  return count;
}
