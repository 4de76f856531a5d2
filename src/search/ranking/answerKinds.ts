import { analyze } from '../analysis/frenchAnalyzer';

/**
 * What a passage is made of, as words a question can be associated with: its section headings'
 * terms, and marks for the kinds of answer it holds — an amount, a duration or deadline, a date,
 * a percentage, an office to go to, a form or online service. Read from the passage's own text
 * and headings; which question words go with which is learnt (answerWords.json, by
 * `npm run train:ranker`), not written here.
 */
const KINDS: readonly [string, RegExp][] = [
  ['#montant', /\d[\d\s\u00a0\u202f.,]*\s?(€|euros?\b)/i],
  ['#duree', /\b\d+\s*(jours?|mois|ans?|années?|semaines?|heures?)\b/i],
  ['#date', /\b\d{1,2}(er)?\s+(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/i],
  ['#pourcentage', /\d\s?%/],
  ['#adresse', /^Où s'adresser :/m],
  ['#formulaire', /\b(cerfa|formulaire|téléservice)\b/i],
  ['#liste', /^- /m],
];

/** The association keys of a passage: heading terms and answer-kind marks. */
export function passageKeys(headings: readonly string[], text: string): string[] {
  const keys = new Set(analyze(headings.join(' ')).map((t) => `h:${t}`));
  for (const [kind, pattern] of KINDS) if (pattern.test(text)) keys.add(kind);
  return [...keys];
}

/** Learnt log odds: question term → passage key → how much more often the right passage has it. */
export type AnswerWords = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** How strongly a question's terms point at a passage's keys (sum of the learnt odds, positive part). */
export function answerAssociation(questionTerms: readonly string[], keys: readonly string[], table: AnswerWords): number {
  let s = 0;
  for (const q of questionTerms) {
    const row = table[q];
    if (!row) continue;
    for (const k of keys) {
      const v = row[k];
      if (v !== undefined && v > 0) s += v;
    }
  }
  return s;
}
