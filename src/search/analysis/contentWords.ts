import { FRENCH_STOP_WORDS } from './frenchStopWords';

/**
 * The meaningful words of a text without stemming: cheap enough for the page, which does not
 * carry the Snowball stemmer (the search worker does).
 */
export function contentWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !FRENCH_STOP_WORDS.has(w));
}
