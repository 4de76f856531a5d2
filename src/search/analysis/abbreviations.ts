/**
 * Abbreviations learnt from the corpus: each fiche lists the ones it uses, spelt out by DILA
 * (« Caf » → « Caisse d'allocations familiales »), 284 in the three audiences against the few
 * dozen of the hand-written desk vocabulary. A question saying either form finds fiches written
 * with the other.
 */
import type { FicheMeta } from '../../corpus/corpusData';
import { analyze, typedForm } from './frenchAnalyzer';
import type { AnalysedGroups } from './queryTerms';

export interface LearntAbbreviations {
  /**
   * Short form as typed (lower case, no accents) → its long forms, analysed. Matched on the
   * question's words, not their stems: « père » and « PER », « pacs » and « PACEA » share a stem.
   */
  short: Map<string, string[][]>;
  /** [long form, short form]: a long form said in full brings the short one the fiches use. */
  long: AnalysedGroups;
}

export function learnAbbreviations(fiches: readonly FicheMeta[]): LearntAbbreviations {
  const longs = new Map<string, Set<string>>();
  for (const f of fiches) {
    for (const { short, long } of f.abbreviations ?? []) {
      const key = typedForm(short);
      let set = longs.get(key);
      if (!set) longs.set(key, (set = new Set()));
      set.add(long);
    }
  }
  const short = new Map<string, string[][]>();
  const long: string[][][] = [];
  for (const [key, forms] of longs) {
    const stems = analyze(key);
    // A short form that is a French function word (« PAS », « CE », « SA ») stands for nothing.
    if (stems.length !== 1) continue;
    short.set(key, [...forms].map((f) => analyze(f)).filter((t) => t.length));
    for (const form of forms) {
      const terms = analyze(form);
      if (terms.length > 1) long.push([terms, stems]);
    }
  }
  return { short, long };
}
