export interface Segment {
  text: string;
  hit: boolean;
}

/**
 * Splits a passage into plain and highlighted parts from the offsets the search worker found
 * (the page does not carry the French analyzer).
 */
export function highlight(text: string, marks: readonly (readonly [number, number])[] = []): Segment[] {
  const nfc = text.normalize('NFC');
  const segments: Segment[] = [];
  let last = 0;
  for (const [start, end] of [...marks].sort((a, b) => a[0] - b[0])) {
    if (start < last || end > nfc.length) continue;
    if (start > last) segments.push({ text: nfc.slice(last, start), hit: false });
    segments.push({ text: nfc.slice(start, end), hit: true });
    last = end;
  }
  if (last < nfc.length) segments.push({ text: nfc.slice(last), hit: false });
  return segments;
}
