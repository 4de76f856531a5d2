/**
 * Typo tolerance for words the corpus does not know ("alocation", "passport", "imots"): the
 * nearest known term within a small edit distance. Only called for unknown terms, so an ordinary
 * query pays nothing for it.
 */
export interface TypoParams {
  /** Shorter words are never fixed (too many neighbours). */
  minLength: number;
  /** From this length two edits are allowed, below it one (with the first letter kept). */
  twoEditsFrom: number;
  /** A fix must be used in at least this many passages. */
  minDf: number;
}

export const DEFAULT_TYPOS: TypoParams = { minLength: 4, twoEditsFrom: 8, minDf: 2 };

export function maxEdits(term: string, params: TypoParams = DEFAULT_TYPOS): number {
  if (term.length < params.minLength) return 0;
  return term.length < params.twoEditsFrom ? 1 : 2;
}

/** Optimal string alignment distance (Damerau: a swap of two letters is one edit), capped. */
export function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

export interface FuzzyCandidate {
  term: string;
  distance: number;
}

/**
 * Nearest candidate among `vocabulary` (terms with their document frequency); ties go to the more
 * frequent term, since a citizen's typo is more likely aimed at a common word.
 */
export function nearestTerm(term: string, vocabulary: readonly string[], df: (i: number) => number, params: TypoParams = DEFAULT_TYPOS): FuzzyCandidate | undefined {
  const cap = maxEdits(term, params);
  if (cap === 0) return undefined;
  let best: FuzzyCandidate | undefined;
  let bestDf = 0;
  for (let i = 0; i < vocabulary.length; i++) {
    const candidate = vocabulary[i]!;
    if (Math.abs(candidate.length - term.length) > cap || (cap < 2 && candidate[0] !== term[0])) continue;
    const d = editDistance(term, candidate, best ? best.distance : cap);
    if (d > cap) continue;
    const f = df(i);
    if (f < params.minDf) continue;
    if (!best || d < best.distance || (d === best.distance && f > bestDf)) {
      best = { term: candidate, distance: d };
      bestDf = f;
    }
  }
  return best;
}
