/**
 * Reciprocal rank fusion: each ranked list gives weight / (k + rank) to its items. Rank-based, so
 * BM25 scores and cosines need no common scale. k = 60 is the usual constant; lower k favours
 * the heads of the lists.
 */
export interface RankedList {
  ids: readonly number[];
  weight: number;
}

export function reciprocalRankFusion(lists: readonly RankedList[], k = 60): { id: number; score: number }[] {
  const scores = new Map<number, number>();
  for (const { ids, weight } of lists) {
    ids.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + rank + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id);
}
