import type { Audience } from '../../corpus/model';
import type { Bm25Index } from '../index/bm25';

/**
 * How much more a question's words belong to one audience's fiches than to another's: a naive
 * Bayes model of each audience's word use, counted from the index (every word of every passage,
 * by the audience of its fiche). « ma boutique », « mes salariés », « notre asso », « la SARL »
 * are words of the professionnels' and associations' fiches; the fiche ranker weighs the odds
 * when another audience's fiche competes with the selected audience's.
 */
export class AudienceWords {
  private readonly audiences: Audience[];
  /** Log probability of each term (by id) in each audience's text, add-one smoothed. */
  private readonly logP: Float32Array[];

  constructor(private readonly index: Bm25Index, audienceOf: (doc: number) => Audience) {
    const { offsets, docs, freqs, terms } = index;
    const byDoc = Array.from({ length: index.docCount }, (_, d) => audienceOf(d));
    this.audiences = [...new Set(byDoc)].sort();
    const slot = new Map(this.audiences.map((a, i) => [a, i]));
    const counts = this.audiences.map(() => new Float64Array(terms.length));
    const totals = new Float64Array(this.audiences.length);
    for (let t = 0; t < terms.length; t++) {
      for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
        const a = slot.get(byDoc[docs[p]!]!)!;
        const n = freqs[p * 3]! + freqs[p * 3 + 1]! + freqs[p * 3 + 2]!;
        counts[a]![t]! += n;
        totals[a]! += n;
      }
    }
    this.logP = counts.map((c, a) => {
      const out = new Float32Array(c.length);
      const z = Math.log(totals[a]! + c.length);
      for (let t = 0; t < c.length; t++) out[t] = Math.log(c[t]! + 1) - z;
      return out;
    });
  }

  /**
   * Log odds that the question is about `audience` rather than the likeliest of `selected`, per
   * square root of its word count (a long question is not surer for being long). Words the
   * corpus does not hold say nothing.
   */
  odds(terms: readonly string[], audience: Audience, selected: readonly Audience[]): number {
    const ids = [...new Set(terms)].map((t) => this.index.termIds.get(t)).filter((id): id is number => id !== undefined);
    if (!ids.length) return 0;
    const score = (a: Audience) => {
      const at = this.audiences.indexOf(a);
      if (at < 0) return -Infinity;
      let s = 0;
      for (const id of ids) s += this.logP[at]![id]!;
      return s;
    };
    const against = Math.max(...selected.map(score));
    if (!Number.isFinite(against) || !Number.isFinite(score(audience))) return 0;
    return (score(audience) - against) / Math.sqrt(ids.length);
  }
}
