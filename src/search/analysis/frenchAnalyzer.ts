import { newStemmer } from 'snowball-stemmers';
import { FRENCH_STOP_WORDS } from './frenchStopWords';

/**
 * Text → search terms, the same way for the corpus and for questions: Unicode normalisation,
 * lowercase, apostrophe variants and elisions, hyphenated words split, French stop words out,
 * Snowball French stems (taken before accent folding, which the stemmer needs), then accents
 * folded so "impots" finds "impôts". Numbers are kept whole ("15", "12100").
 */
const stemmer = newStemmer('french');
const stemCache = new Map<string, string>();

// Words are runs of letters and digits: any apostrophe (' ’ ʼ) or hyphen ends a word, so an
// elided article ("l'", "qu’") comes out as its own word and the stop list drops it.
const WORD = /[\p{L}\p{N}]+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;
/** word → term ('' for a stop word): analysing the corpus meets the same words again and again. */
const termCache = new Map<string, string>();
const MAX_WORD = 40;

/** « Nouvel usager »: the caches hold every word analysed, a citizen's name in a question too. */
export function forgetAnalysedWords(): void {
  stemCache.clear();
  termCache.clear();
}

export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/œ/g, 'oe').replace(/Œ/g, 'Oe').replace(/æ/g, 'ae').replace(/Æ/g, 'Ae');
}

/** A word as typed, compared without case or accents (« Pacs », « PACS », « pacs »). */
export function typedForm(word: string): string {
  return foldAccents(word.toLowerCase());
}

export function normalizeText(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

export function stemWord(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = foldAccents(stemmer.stem(word));
    if (stemCache.size < 200_000) stemCache.set(word, stem);
  }
  return stem;
}

/** The term a single (lower-cased) word becomes, or undefined for a stop word / noise. */
export function termOf(word: string): string | undefined {
  const folded = foldAccents(word);
  if (folded.length > MAX_WORD) return undefined;
  if (/^\d/.test(folded)) return folded;
  if (folded.length < 2 || FRENCH_STOP_WORDS.has(folded)) return undefined;
  return stemWord(word);
}

export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const word of normalizeText(text).split(NON_WORD)) {
    if (!word) continue;
    let term = termCache.get(word);
    if (term === undefined) {
      term = termOf(word) ?? '';
      if (termCache.size < 500_000) termCache.set(word, term);
    }
    if (term) out.push(term);
  }
  return out;
}

/** Words of a text with their positions, for highlighting query terms in the original. */
export function analyzeWithOffsets(text: string): { term: string; start: number; end: number }[] {
  // Offsets are into the NFC form of the text, which is what the UI displays.
  const out: { term: string; start: number; end: number }[] = [];
  for (const match of normalizeText(text).matchAll(WORD)) {
    const term = termOf(match[0]);
    if (term) out.push({ term, start: match.index, end: match.index + match[0].length });
  }
  return out;
}
