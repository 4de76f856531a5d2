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
   * For one question: the log odds that it is about a given audience rather than the likeliest of
   * `selected`, per square root of its word count (a long question is not surer for being long).
   * Words the corpus does not hold say nothing. The sums are made once per question, not per fiche.
   */
  against(terms: readonly string[], selected: readonly Audience[]): (audience: Audience) => number {
    const ids = [...new Set(terms)].map((t) => this.index.termIds.get(t)).filter((id): id is number => id !== undefined);
    if (!ids.length) return () => 0;
    const sums = this.logP.map((logP) => ids.reduce((s, id) => s + logP[id]!, 0));
    const score = (a: Audience) => {
      const at = this.audiences.indexOf(a);
      return at < 0 ? -Infinity : sums[at]!;
    };
    const base = Math.max(...selected.map(score));
    const scale = Math.sqrt(ids.length);
    return (audience) => {
      const s = score(audience);
      return Number.isFinite(base) && Number.isFinite(s) ? (s - base) / scale : 0;
    };
  }

  /** The same for one audience (see against). */
  odds(terms: readonly string[], audience: Audience, selected: readonly Audience[]): number {
    return this.against(terms, selected)(audience);
  }
}
