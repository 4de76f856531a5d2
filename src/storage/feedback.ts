import type { ComptoirDb, FeedbackRecord } from './db';

export const FEEDBACK_REASONS = {
  up: ['clair', 'synthétique', 'sources fiables'],
  down: ['incorrect', 'incomplet', 'sources inadaptées', 'trop long', 'incohérent', 'imprécis'],
} as const;

export async function addFeedback(db: ComptoirDb, record: Omit<FeedbackRecord, 'id'>): Promise<void> {
  await db.feedback.add(record as FeedbackRecord);
}

/** CSV for the structure's reporting (French spreadsheet conventions: ";" separator, BOM). */
export async function feedbackCsv(db: ComptoirDb): Promise<string> {
  const rows = await db.feedback.orderBy('at').toArray();
  const header = ['date', 'avis', 'motifs', 'question', 'fiches citées', 'modèle', 'version du prompt', 'commentaire', 'mode', 'fiche qui répond'];
  const cell = (v: string) => (/[";\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = rows.map((r) => [
    r.at, r.rating === 'up' ? 'utile' : 'pas utile', r.reasons.join(', '), r.question, r.ficheIds.join(' '), r.model, r.promptVersion, r.comment ?? '', r.mode ?? 'answer', r.answeringFicheId ?? '',
  ].map(cell).join(';'));
  return '\uFEFF' + [header.join(';'), ...lines].join('\r\n') + '\r\n';
}
