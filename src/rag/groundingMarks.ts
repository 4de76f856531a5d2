import { VERIFY_REASONS, type Grounding, type VerifyReason } from './grounding';

/** What the agent and the citizen read next to a figure no cited passage gives, and after a sentence to check. */
export const FIGURE_FLAG = 'chiffre absent des sources';
export const VERIFY_FLAG = 'à vérifier';

/**
 * Private-use characters the screen turns into marks (src/ui/groundingMarks.ts): they survive the
 * markdown renderer and the sanitiser as plain text, and no answer or fiche contains them.
 */
export const MARK = { figureOpen: '\uE000', figureClose: '\uE001', verify: '\uE002' } as const;

/** After MARK.verify, one character per reason, so the screen can say why. */
const REASONS = Object.keys(VERIFY_REASONS) as VerifyReason[];
const reasonChar = (r: VerifyReason) => String.fromCharCode(0xe010 + REASONS.indexOf(r));
export function reasonsOf(chars: string): VerifyReason[] {
  return [...chars].map((c) => REASONS[c.charCodeAt(0) - 0xe010]).filter((r): r is VerifyReason => Boolean(r));
}
export const REASON_CHARS = /[\uE010-\uE01F]*/y;

type Insert = { at: number; order: number; text: string };

function insert(text: string, inserts: Insert[]): string {
  inserts.sort((a, b) => a.at - b.at || a.order - b.order);
  let out = '';
  let last = 0;
  for (const i of inserts) {
    out += text.slice(last, i.at) + i.text;
    last = i.at;
  }
  return out + text.slice(last);
}

function inserts(grounding: Grounding, words: { open: string; close: string; verify: (reasons: VerifyReason[]) => string }): Insert[] {
  const list: Insert[] = [];
  for (const f of grounding.figures) {
    if (f.supported) continue;
    list.push({ at: f.start, order: 2, text: words.open }, { at: f.end, order: 0, text: words.close });
  }
  for (const s of grounding.sentences) if (s.reasons.length) list.push({ at: s.end, order: 1, text: words.verify(s.reasons) });
  return list;
}

/** The answer with sentinels around unsupported figures and after sentences to check, for the screen. */
export function annotatedAnswer(text: string, grounding: Grounding | undefined): string {
  if (!grounding) return text;
  return insert(text, inserts(grounding, { open: MARK.figureOpen, close: MARK.figureClose, verify: (reasons) => MARK.verify + reasons.map(reasonChar).join('') }));
}

/**
 * The answer with its marks written out, for what leaves the screen (the printed sheet, the copied
 * text): a marked figure never travels unmarked.
 */
export function markedText(text: string, grounding: Grounding | undefined): string {
  if (!grounding) return text;
  return insert(text, inserts(grounding, { open: '', close: ` [${FIGURE_FLAG}]`, verify: () => ` [${VERIFY_FLAG}]` }));
}
