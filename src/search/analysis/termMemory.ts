import { analyzedWords, rememberTerm, termOf } from './frenchAnalyzer';

/**
 * The Snowball stemmer costs about a second on a cold start for the words the engine analyses
 * when it loads (fiche titles, abbreviations) and the first passages it highlights. The corpus
 * build works out every word's term once and ships them (analyzer-terms.json); the search worker
 * hands them to the analyzer before loading the engine.
 */
export interface TermsFile {
  format: 'comptoir-terms';
  version: 1;
  /** One `word\tterm` per line ('' for a stop word). */
  pairs: string;
}

/**
 * The words analysed so far with their terms: called after the corpus's index was built (every
 * word of its chunks) and its engine made (fiche titles, abbreviations…), it holds what the app's
 * engine analyses when it loads and the words of every passage it highlights.
 */
export function analyzerTerms(): TermsFile {
  return { format: 'comptoir-terms', version: 1, pairs: analyzedWords().map(([w, t]) => `${w}\t${t}`).join('\n') };
}

/** Pairs checked against this analyzer: a bundle built by another version of it is ignored. */
const SAMPLE = 24;

/**
 * Gives the analyzer a bundle's word → term pairs, once a sample of them agrees with what it
 * works out itself. Returns how many were taken (0: none, the stemmer then works as usual).
 */
export function rememberTerms(file: unknown): number {
  const f = file as Partial<TermsFile> | undefined;
  if (f?.format !== 'comptoir-terms' || f.version !== 1 || typeof f.pairs !== 'string' || !f.pairs) return 0;
  const lines = f.pairs.split('\n');
  const step = Math.max(1, Math.floor(lines.length / SAMPLE));
  for (let i = 0; i < lines.length; i += step) {
    const [word = '', term] = lines[i]!.split('\t');
    if ((termOf(word) ?? '') !== term) return 0;
  }
  for (const line of lines) {
    const tab = line.indexOf('\t');
    if (tab > 0) rememberTerm(line.slice(0, tab), line.slice(tab + 1));
  }
  return lines.length;
}
