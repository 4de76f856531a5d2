import { maskPersonalData, possibleNames, type NameCandidate } from './personalData';

export type KeptField = 'question' | 'answer' | 'comment';

/** A kept text as the agent reviews it: masked, with the words that may still be names marked. */
export interface ReviewedText {
  field: KeptField;
  masked: string;
  names: NameCandidate[];
  parts: { text: string; possibleName: boolean }[];
}

export interface KeptTextReview {
  texts: ReviewedText[];
  /** Possible names left: the agent must decide on them before the text is stored. */
  candidates: number;
}

/**
 * What « Conserver le texte » would store, shown before it is: personal data masked, and the
 * capitalised words that may be surnames (see possibleNames) highlighted. In the generated answer
 * only those the question or comment also holds count: the fiches' proper nouns are no one's name.
 */
export function reviewKeptText(fields: Partial<Record<KeptField, string>>): KeptTextReview {
  const typed = [fields.question ?? '', fields.comment ?? ''].join('\n').toLowerCase();
  let candidates = 0;
  const texts: ReviewedText[] = [];
  for (const field of ['question', 'answer', 'comment'] as const) {
    const text = fields[field]?.trim();
    if (!text) continue;
    const masked = maskPersonalData(text).text;
    const names = possibleNames(masked).filter((c) => field !== 'answer' || typed.includes(c.word.toLowerCase()));
    candidates += names.length;
    const parts: ReviewedText['parts'] = [];
    let at = 0;
    for (const c of names) {
      if (c.start > at) parts.push({ text: masked.slice(at, c.start), possibleName: false });
      parts.push({ text: c.word, possibleName: true });
      at = c.end;
    }
    if (at < masked.length) parts.push({ text: masked.slice(at), possibleName: false });
    texts.push({ field, masked, names, parts });
  }
  return { texts, candidates };
}

/**
 * The texts as stored: masked, and the possible names masked too unless the agent, having seen
 * them highlighted, said they are not names (`keepNames`).
 */
export function keptTexts(fields: Partial<Record<KeptField, string>>, keepNames: boolean): Partial<Record<KeptField, string>> {
  const out: Partial<Record<KeptField, string>> = {};
  for (const t of reviewKeptText(fields).texts) {
    let text = t.masked;
    if (!keepNames) for (const c of [...t.names].reverse()) text = text.slice(0, c.start) + '[nom ?]' + text.slice(c.end);
    out[t.field] = text;
  }
  return out;
}
