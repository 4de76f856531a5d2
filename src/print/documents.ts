import type { Chunk } from '../corpus/chunk';
import { fitsPlan, type CasePick } from '../search/ranking/casePlan';

/** A fiche's list of what the citizen must bring, as the fiche words it. */
export interface DocumentsList {
  ficheId: string;
  /** Section titles above the list, fiche title excluded (e.g. ["En France", "Pièces à fournir"]). */
  path: string[];
  /** Chunk text lines, sub-case headings kept as their own lines. */
  lines: string[];
  /** True when lines were left off to keep the sheet on one page. */
  truncated: boolean;
}

/** Headings DILA uses for the documents to bring (280 « Pièces à fournir » in particuliers alone). */
const DOCUMENTS_HEADING = /^(pi[eè]ces|documents|justificatifs)( justificatives)? (à|a) (fournir|joindre|présenter|apporter)\b/i;

export function isDocumentsHeading(title: string): boolean {
  return DOCUMENTS_HEADING.test(title.trim());
}

const chunkNumber = (c: Chunk) => Number(c.id.slice(c.id.lastIndexOf('#') + 1)) || 0;

/**
 * Finds the « Pièces à fournir » section of a fiche among its chunks. A fiche often has one per
 * situation (En France / À l'étranger…) and cases below it (Cas général / En Guyane): with the
 * cases on screen (`cases`), only their passages are listed; else the one under `situation` (the
 * top section of the passage the answer relies on) wins, else the first in the fiche.
 */
export function documentsList(chunks: readonly Chunk[], options: { situation?: string; cases?: readonly CasePick[]; maxLines?: number } = {}): DocumentsList | undefined {
  const maxLines = options.maxLines ?? 14;
  const groups = new Map<string, { path: string[]; chunks: Chunk[] }>();
  const shown = options.cases ? chunks.filter((c) => fitsPlan(c, options.cases!)) : chunks;
  for (const chunk of [...shown].sort((a, b) => chunkNumber(a) - chunkNumber(b))) {
    const sections = chunk.path.slice(1);
    const at = sections.findIndex(isDocumentsHeading);
    if (at < 0) continue;
    const path = sections.slice(0, at + 1);
    const key = path.join('\u0000');
    const group = groups.get(key) ?? { path, chunks: [] };
    group.chunks.push(chunk);
    groups.set(key, group);
  }
  if (!groups.size) return undefined;
  const all = [...groups.values()];
  const chosen = (options.situation && all.find((g) => g.path.length > 1 && g.path[0] === options.situation)) || all[0]!;
  const lines: string[] = [];
  for (const chunk of chosen.chunks) {
    // Sub-case titles below the documents heading (Cas général, En Guyane…) head their part.
    const below = chunk.path.slice(1 + chosen.path.length);
    if (below.length) lines.push(`${below.join(' › ')} :`);
    lines.push(...chunk.text.split('\n').map((l) => l.trim()).filter(Boolean));
  }
  const kept = lines.slice(0, maxLines);
  // A cut list must not end on a case heading whose items were left off.
  if (lines.length > maxLines) while (kept.length > 1 && /:$/.test(kept[kept.length - 1]!) && !kept[kept.length - 1]!.startsWith('- ')) kept.pop();
  return { ficheId: chosen.chunks[0]!.ficheId, path: chosen.path, lines: kept, truncated: lines.length > maxLines };
}
