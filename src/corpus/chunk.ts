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
  /**
   * The cases it is written for, outermost first: [choice, option] in its fiche's `choices`
   * (« En France », then « Cas général »…). Absent: the passage holds for every case.
   */
  cases?: [number, number][];
}

export const PATH_SEPARATOR = ' › ';
