import type { FicheMeta } from '../../corpus/corpusData';
import { analyze } from '../analysis/frenchAnalyzer';
import type { QueryTerm } from '../analysis/queryTerms';
import { docFrequency, idf, type Bm25Index } from '../index/bm25';

/**
 * What the index says about a question's terms, shared by ranking and abstention: how rare a
 * term is, whether a passage holds it, how much of a fiche's title or passages a question says.
 */
export class CorpusTerms {
  readonly maxIdf: number;
  private readonly titles = new Map<FicheMeta, ReadonlySet<string>>();

  constructor(readonly index: Bm25Index) {
    this.maxIdf = idf(index, 0);
  }

  /** idf of a term; a term the corpus does not know weighs as the rarest. */
  weight(term: string): number {
    const id = this.index.termIds.get(term);
    return id === undefined ? this.maxIdf : idf(this.index, docFrequency(this.index, id));
  }

  /** Whether a chunk holds a term (in any field): a binary search in its postings. */
  contains(term: string, doc: number): boolean {
    const id = this.index.termIds.get(term);
    if (id === undefined) return false;
    const { docs, offsets } = this.index;
    let lo = offsets[id]!;
    let hi = offsets[id + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = docs[mid]!;
      if (v === doc) return true;
      if (v < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** The distinct analysed terms of a fiche's title, cached. */
  titleTerms(fiche: FicheMeta): ReadonlySet<string> {
    let title = this.titles.get(fiche);
    if (!title) this.titles.set(fiche, (title = new Set(analyze(fiche.title))));
    return title;
  }

  /** Share of the fiche title's idf mass among the question's terms (its own, equivalents, typo fixes). */
  titleMatch(fiche: FicheMeta, terms: readonly QueryTerm[]): number {
    const said = new Set(terms.map((t) => t.term));
    let total = 0;
    let found = 0;
    for (const term of this.titleTerms(fiche)) {
      const w = this.weight(term);
      total += w;
      if (said.has(term)) found += w;
    }
    return total ? found / total : 0;
  }

  /**
   * Share of the question's idf mass present in the given passages: a question word counts as
   * found if it, its typo fix (at `typoCredit`) or one of its desk equivalents is there.
   */
  coverage(terms: readonly QueryTerm[], docs: readonly number[], typoCredit: number): number {
    if (!docs.length) return 0;
    let total = 0;
    let found = 0;
    for (const t of terms) {
      if (t.kind !== 'query') continue;
      const w = this.weight(t.term);
      total += w;
      const present = (x: QueryTerm) => docs.some((d) => this.contains(x.term, d));
      const alternatives = terms.filter((x) => x.source === t.source);
      if (alternatives.some((x) => x.kind !== 'typo' && present(x))) found += w;
      else if (alternatives.some((x) => x.kind === 'typo' && present(x))) found += w * typoCredit;
    }
    return total ? found / total : 0;
  }
}
