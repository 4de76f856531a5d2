import model from './translations.json';

/**
 * Question word → the fiche words it stands for, with their probability: learnt by
 * `npm run learn:translations` (scripts/learn-translations.ts) from questions and the titles of
 * the fiches that answer them, and from the aliases DILA gives its fiches. Terms are analysed
 * (stemmed, accents folded) the way the index stores them.
 */
export type TranslationTable = Readonly<Record<string, readonly (readonly [term: string, probability: number])[]>>;

export const TRANSLATIONS: TranslationTable = (model as unknown as { words: TranslationTable }).words;
