import type { EvalQuestion } from '../search/evaluation/evaluate';
import { MODE_LABELS, unneutralizeCsvCell } from '../storage/feedback';

/** RFC 4180 with the French spreadsheet separator: quoted cells, doubled quotes, CRLF, BOM. */
export function parseCsv(text: string, separator = ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows.filter((r) => r.some((v) => v !== ''));
}


/** The export writes modes as French labels (storage/feedback.ts); older exports wrote the codes. */
const MODE_OF_LABEL: Record<string, string> = Object.fromEntries(Object.entries(MODE_LABELS).map(([mode, label]) => [label, mode]));

/** Column names of the feedback export that the reader needs (src/storage/feedback.ts). */
export const FEEDBACK_COLUMNS = { question: 'question', rating: 'avis', mode: 'mode', answering: 'fiche qui répond', cited: 'fiches citées' } as const;

export function isFeedbackCsv(text: string): boolean {
  const header = parseCsv(text.slice(0, 2000).split(/\r?\n/)[0] ?? '')[0] ?? [];
  return header.includes(FEEDBACK_COLUMNS.question) && header.includes(FEEDBACK_COLUMNS.rating);
}

/**
 * The desk's feedback export read as an evaluation set. A row becomes a question when its text
 * was kept and the truth is known: the fiche the agent picked as answering; none for an
 * abstention judged right; the cited fiches of a generated answer judged useful. Other rows
 * (question not kept, "pas utile" with no fiche named) are counted as skipped.
 */
export function feedbackEvalQuestions(csv: string): { questions: EvalQuestion[]; skipped: number } {
  const [header = [], ...rows] = parseCsv(csv);
  const col = (name: string) => header.indexOf(name);
  const at = { question: col(FEEDBACK_COLUMNS.question), rating: col(FEEDBACK_COLUMNS.rating), mode: col(FEEDBACK_COLUMNS.mode), answering: col(FEEDBACK_COLUMNS.answering), cited: col(FEEDBACK_COLUMNS.cited) };
  // Read by the eval CLI only, where English is the rule.
  if (at.question < 0 || at.rating < 0) throw new Error(`not a Comptoir feedback export: columns "${FEEDBACK_COLUMNS.question}" and "${FEEDBACK_COLUMNS.rating}" are required`);
  const get = (row: string[], i: number) => (i < 0 ? '' : unneutralizeCsvCell((row[i] ?? '').trim()));
  const questions: EvalQuestion[] = [];
  let skipped = 0;
  for (const row of rows) {
    const question = get(row, at.question);
    const useful = get(row, at.rating) === 'utile';
    const mode = MODE_OF_LABEL[get(row, at.mode)] ?? (get(row, at.mode) || 'answer');
    const answering = get(row, at.answering);
    const cited = get(row, at.cited).split(/\s+/).filter(Boolean);
    let ids: string[] | undefined;
    if (answering) ids = [answering];
    else if (useful && mode === 'abstention') ids = [];
    else if (useful && mode === 'answer' && cited.length) ids = cited;
    if (!question || !ids) {
      skipped++;
      continue;
    }
    questions.push({ question, ids });
  }
  return { questions, skipped };
}
