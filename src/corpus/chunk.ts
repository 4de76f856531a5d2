import type { Audience } from './model';

/** A citable passage: the unit that is indexed, retrieved, and numbered in the prompt. */
export interface Chunk {
  /** `${ficheId}#${n}`, stable for a given fiche version. */
  id: string;
  ficheId: string;
  audience: Audience;
  url: string;
  /** Fiche title, then the titles of the sections above the passage. */
  path: string[];
  text: string;
  tokens: number;
}

export const PATH_SEPARATOR = ' › ';
