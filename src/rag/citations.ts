/**
 * Citations in a generated answer: [n] markers are checked against the sources actually given.
 * A marker for a source that was not given is removed (and counted); the answer keeps its text.
 */
export interface CitationCheck {
  text: string;
  /** Valid source numbers cited, in order of first appearance. */
  cited: number[];
  /** Markers removed because they pointed to no given source. */
  removed: number;
}

const MARKER = /\[(\d{1,3})\]/g;

export function checkCitations(text: string, validNumbers: ReadonlySet<number>): CitationCheck {
  const cited: number[] = [];
  let removed = 0;
  // A removed marker takes the space before it along ("25 € [7]." → "25 €.").
  const cleaned = text.replace(/[ \t]?\[(\d{1,3})\]/g, (marker, digits: string) => {
    const n = Number(digits);
    if (validNumbers.has(n)) {
      if (!cited.includes(n)) cited.push(n);
      return marker;
    }
    removed++;
    return '';
  });
  return { text: cleaned, cited, removed };
}

/** Splits text into plain parts and valid citation numbers, for the UI to render [n] as buttons. */
export function splitCitations(text: string): (string | number)[] {
  const parts: (string | number)[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(Number(match[1]));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
