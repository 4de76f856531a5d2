import type { Chunk } from '../corpus/chunk';
import type { FicheMeta } from '../corpus/corpusData';
import { estimateTokens } from '../corpus/tokenEstimate';
import type { FicheHit } from '../search/searchEngine';
import { GENERATION } from '../settings/tunables';

export interface PackedSource {
  /** 1-based number the model cites as [n]. */
  n: number;
  chunk: Chunk;
  fiche: FicheMeta;
}

export type TokenCounter = (text: string) => number | Promise<number>;

/**
 * Picks passages for the prompt, most relevant first: the best passage of each fiche in rank
 * order, then second passages, and so on, until the token budget is spent. A passage that does
 * not fit is skipped (a shorter one further down may fit).
 */
export async function packContext(
  hits: readonly FicheHit[],
  budgetTokens: number,
  format: (source: PackedSource) => string,
  count: TokenCounter = estimateTokens,
  maxSources = GENERATION.maxSources,
): Promise<PackedSource[]> {
  const order: { chunk: Chunk; fiche: FicheMeta }[] = [];
  const depth = Math.max(0, ...hits.map((h) => h.passages.length));
  for (let level = 0; level < depth; level++) {
    for (const hit of hits) {
      const passage = hit.passages[level];
      if (passage) order.push({ chunk: passage.chunk, fiche: hit.fiche });
    }
  }
  const packed: PackedSource[] = [];
  let used = 0;
  for (const candidate of order) {
    if (packed.length >= maxSources) break;
    const source = { n: packed.length + 1, ...candidate };
    const cost = (await count(format(source))) + 2;
    if (used + cost > budgetTokens) continue;
    packed.push(source);
    used += cost;
  }
  return packed;
}
