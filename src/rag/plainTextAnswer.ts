import { PATH_SEPARATOR } from '../corpus/chunk';
import type { Answer } from './answerPipeline';
import { markedText } from './groundingMarks';

/** The answer and its sources as plain text, ready to paste into an e-mail to the citizen. */
export function plainTextAnswer(answer: Answer, dataDate: string): string {
  const lines = [markedText(answer.text, answer.grounding).replace(/\*\*(.+?)\*\*/g, '$1').replace(/^\s*[-*] /gm, '- ').trim(), ''];
  const cited = answer.sources.filter((s) => answer.cited.includes(s.n));
  if (cited.length) {
    lines.push('Sources (service-public.fr' + (dataDate ? `, données du ${dataDate}` : '') + ') :');
    for (const s of cited) {
      const section = s.chunk.path.slice(1).join(PATH_SEPARATOR);
      lines.push(`[${s.n}] ${s.fiche.title}${section ? ` — ${section}` : ''} : ${s.fiche.url}`);
    }
  }
  return lines.join('\n').trim();
}
