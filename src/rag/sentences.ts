/**
 * A generated answer cut into the units a reader checks one by one: sentences, and list items
 * (a line starting with « - » or « 1. »), each with the sources it cites. Citation markers that
 * follow a sentence's full stop (« … 25 €. [1] ») belong to that sentence.
 */
export interface AnswerSentence {
  /** [start, end) in the answer, markers included. */
  start: number;
  end: number;
  text: string;
  /** Source numbers cited, in order. */
  cites: number[];
  listItem: boolean;
  /** Ends with a colon: it introduces what follows (a list), it asserts nothing by itself. */
  introduces: boolean;
}

const MARKERS = /\[(\d{1,3})\]/g;
const LIST_MARKER = /^\s*(?:[-*+•]|\d{1,2}[.)])\s+/;
/** Words after which a full stop does not end a sentence (« art. 6 », « M. Dupont », « L. 123 »). */
const ABBREVIATION = /(?:^|[\s('’])(?:art|etc|cf|ex|p|n|no|av|apr|env|mme?)$/i;
const INITIAL = /(?:^|[\s(])[A-Z]$/;

export function citesOf(text: string): number[] {
  return [...text.matchAll(MARKERS)].map((m) => Number(m[1]));
}

/** Text without its citation markers, markdown emphasis or list marker. */
export function plainSentence(text: string): string {
  return text.replace(MARKERS, ' ').replace(LIST_MARKER, '').replace(/[*_`#]+/g, '').replace(/\s+/g, ' ').trim();
}

export function splitSentences(answer: string): AnswerSentence[] {
  const sentences: AnswerSentence[] = [];
  let offset = 0;
  for (const line of answer.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (!line.trim()) continue;
    const listItem = LIST_MARKER.test(line);
    let start = lineStart + (line.length - line.trimStart().length);
    const boundary = /[.!?…]+["»)]*(?:\s*\[\d{1,3}\])*(?=\s+(\S))/g;
    for (const m of line.matchAll(boundary)) {
      const before = line.slice(0, m.index);
      const next = m[1]!;
      if (ABBREVIATION.test(before) || INITIAL.test(before) || /\p{Ll}/u.test(next)) continue;
      const end = lineStart + m.index + m[0].length;
      push(sentences, answer, start, end, listItem);
      start = end + (/^\s*/.exec(line.slice(end - lineStart))?.[0].length ?? 0);
    }
    push(sentences, answer, start, lineStart + line.trimEnd().length, listItem);
  }
  return sentences;
}

function push(sentences: AnswerSentence[], answer: string, start: number, end: number, listItem: boolean): void {
  if (end <= start) return;
  const text = answer.slice(start, end);
  const cites = citesOf(text);
  const previous = sentences[sentences.length - 1];
  // « … en mairie. [1] » on its own: the markers belong to the sentence before.
  if (!plainSentence(text).replace(/[.!?…:;,\s]/g, '') && previous) {
    previous.end = end;
    previous.text = answer.slice(previous.start, end);
    previous.cites.push(...cites.filter((n) => !previous.cites.includes(n)));
    return;
  }
  const introduces = /:\s*(?:\[\d{1,3}\]\s*)*$/.test(text.trim());
  sentences.push({ start, end, text, cites: [...new Set(cites)], listItem, introduces });
}

/**
 * Function words of English and French that the other language does not use: enough to tell a
 * sentence small models slip into English (« You must go to the town hall ») from French.
 */
const ENGLISH = new Set('the and to of you your is are was were be been this that these those with for from have has had must can will would should not it they we he she his her their there what which who how when if or at by'.split(' '));
const FRENCH = new Set('le la les de des du un une et à en est sont vous votre vos pour dans par sur au aux ce cette ces il elle ils qui que ne pas avec se sa son ses peut doit être avoir été faut selon lors leur'.split(' '));

/** Counts English and French function words: a text is English when it has more of the former. */
export function languageOf(text: string): 'fr' | 'en' | 'unknown' {
  let en = 0;
  let fr = 0;
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    if (ENGLISH.has(word)) en++;
    else if (FRENCH.has(word)) fr++;
  }
  if (!en && !fr) return 'unknown';
  return en > fr ? 'en' : 'fr';
}
