/**
 * Score fusion: each ranked list's scores are scaled to 0–1 over its own candidates (its best is 1,
 * its floor 0), weighted and summed. Unlike rank fusion it keeps the size of a lead: a question
 * that matches one passage's words far better than any other (a fiche title typed as is) stays
 * first even when the vectors order the next candidates differently, while a weak lexical list
 * lets the vectors decide.
 */
export interface ScoredList {
  ids: readonly number[];
  /** Best first, same order as ids. */
  scores: readonly number[];
  weight: number;
  /** The score that scales to 0; defaults to the list's last (weakest) candidate. */
  floor?: number;
}

export function scoreFusion(lists: readonly ScoredList[]): Map<number, number> {
  const fused = new Map<number, number>();
  for (const { ids, scores, weight, floor = scores.at(-1) ?? 0 } of lists) {
    const span = (scores[0] ?? 0) - floor || 1;
    ids.forEach((id, i) => fused.set(id, (fused.get(id) ?? 0) + (weight * (scores[i]! - floor)) / span));
  }
  return fused;
}
