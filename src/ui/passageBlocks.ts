import type { Segment } from './highlight';

/** A passage as the agent reads it: paragraphs, bullet lists and tables (from chunk text). */
export type PassageBlock =
  | { kind: 'line'; parts: Segment[] }
  | { kind: 'list'; items: Segment[][] }
  | { kind: 'table'; header?: Segment[][]; rows: Segment[][][] };

/** Splits highlighted segments wherever `separator` occurs, keeping each piece's highlights. */
export function splitSegments(segments: readonly Segment[], separator: string): Segment[][] {
  const out: Segment[][] = [[]];
  for (const seg of segments) {
    const pieces = seg.text.split(separator);
    pieces.forEach((piece, i) => {
      if (i > 0) out.push([]);
      if (piece) out[out.length - 1]!.push({ text: piece, hit: seg.hit });
    });
  }
  return out;
}

const textOf = (parts: readonly Segment[]) => parts.map((p) => p.text).join('');

function trimParts(parts: Segment[]): Segment[] {
  const out = parts.map((p) => ({ ...p }));
  if (out[0]) out[0].text = out[0].text.trimStart();
  if (out.length) out[out.length - 1]!.text = out[out.length - 1]!.text.trimEnd();
  return out.filter((p) => p.text);
}

export function passageBlocks(segments: readonly Segment[]): PassageBlock[] {
  const blocks: PassageBlock[] = [];
  for (const line of splitSegments(segments, '\n')) {
    const text = textOf(line).trim();
    if (!text) continue;
    const last = blocks[blocks.length - 1];
    if (text.startsWith('|')) {
      const cells = splitSegments(line, '|').slice(1, -1).map(trimParts);
      const table = last?.kind === 'table' ? last : undefined;
      if (/^\|(\s*-{3,}\s*\|)+$/.test(text)) {
        // The markdown separator: the row above it was the header.
        if (table && !table.header && table.rows.length === 1) table.header = table.rows.pop();
        continue;
      }
      if (table) table.rows.push(cells);
      else blocks.push({ kind: 'table', rows: [cells] });
    } else if (/^(- |\d+\. )/.test(text)) {
      const item = trimParts(line).map((p, i) => (i === 0 ? { ...p, text: p.text.replace(/^(- |\d+\. )/, '') } : p)).filter((p) => p.text);
      if (last?.kind === 'list') last.items.push(item);
      else blocks.push({ kind: 'list', items: [item] });
    } else {
      blocks.push({ kind: 'line', parts: trimParts(line) });
    }
  }
  return blocks;
}
