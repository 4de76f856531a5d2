import { FIGURE_FLAG, MARK, REASON_CHARS, reasonsOf, VERIFY_FLAG } from '../rag/groundingMarks';
import { VERIFY_REASONS } from '../rag/grounding';

/**
 * Svelte action: turns the marks src/rag/groundingMarks.ts writes into the (already sanitised)
 * answer into elements — a highlighted figure followed by « chiffre absent des sources », a
 * « à vérifier » badge after a sentence, saying why. Works on text nodes only, like citeButtons.
 */
export function groundingMarks(node: HTMLElement, _html: string) {
  const apply = () => {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    while (walker.nextNode()) texts.push(walker.currentNode as Text);
    for (const text of texts) {
      const value = text.nodeValue ?? '';
      if (!/[\uE000-\uE002]/.test(value)) continue;
      const frag = document.createDocumentFragment();
      let i = 0;
      let plain = '';
      const flush = () => {
        if (plain) frag.append(plain);
        plain = '';
      };
      while (i < value.length) {
        const c = value[i]!;
        if (c === MARK.figureOpen) {
          flush();
          const close = value.indexOf(MARK.figureClose, i + 1);
          const end = close < 0 ? value.length : close;
          frag.append(figureMark(value.slice(i + 1, end)));
          i = close < 0 ? end : end + 1;
        } else if (c === MARK.verify) {
          flush();
          REASON_CHARS.lastIndex = i + 1;
          const chars = REASON_CHARS.exec(value)?.[0] ?? '';
          frag.append(verifyBadge(reasonsOf(chars).map((r) => VERIFY_REASONS[r])));
          i += 1 + chars.length;
        } else {
          if (c !== MARK.figureClose) plain += c;
          i++;
        }
      }
      flush();
      text.replaceWith(frag);
    }
  };
  apply();
  return { update: apply };
}

function figureMark(raw: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  const mark = document.createElement('mark');
  mark.className = 'figure-flag';
  mark.dataset.testid = 'figure-flag';
  mark.title = 'Aucun passage cité ne donne ce chiffre : vérifiez-le dans la fiche avant de le transmettre.';
  mark.textContent = raw;
  const note = document.createElement('span');
  note.className = 'flag-note';
  note.textContent = ` (${FIGURE_FLAG})`;
  frag.append(mark, note);
  return frag;
}

function verifyBadge(reasons: string[]): HTMLElement {
  const badge = document.createElement('span');
  badge.className = 'verify-flag';
  badge.dataset.testid = 'verify-flag';
  badge.title = reasons.length ? `Cette phrase ${reasons.join(' ; ')}.` : '';
  badge.textContent = VERIFY_FLAG;
  return badge;
}
