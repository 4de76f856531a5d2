import { PATH_SEPARATOR, type Chunk } from '../../corpus/chunk';

/**
 * A phrase or passage as compared for evaluation: case, accents, apostrophes and spaces (thin,
 * non-breaking, line breaks) do not count, so a phrase copied from the fiche matches the passage
 * it came from whatever the rendering did to those.
 */
export function normalizePhrase(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[\s\u00a0\u202f\u2009]+/g, ' ')
    .trim();
}

/** Whether a passage holds one of the (normalised) phrases. */
export function passageHolds(chunk: Chunk, normalizedPhrases: readonly string[]): boolean {
  const text = normalizePhrase(chunk.text);
  return normalizedPhrases.some((p) => text.includes(p));
}

/**
 * Whether a passage lies under one of the given case headings: a heading of its section path, or
 * the sub-case heading that opens its text (« Cas général › En Guyane : »).
 */
export function underCase(chunk: Chunk, headings: readonly string[]): boolean {
  const wanted = new Set(headings.map((h) => normalizePhrase(h.replace(/\s*:\s*$/, ''))));
  const path = chunk.path.slice(1).map(normalizePhrase);
  const opening = /^(.+) :$/.exec(chunk.text.split('\n', 1)[0] ?? '')?.[1];
  const sub = opening ? opening.split(PATH_SEPARATOR).map(normalizePhrase) : [];
  return [...path, ...sub].some((h) => wanted.has(h));
}
