import { maskPersonalData } from '../privacy/personalData';
import { keptTexts } from '../privacy/keptTextReview';
import type { ComptoirDb, FeedbackRecord } from './db';
import { FEEDBACK_RETENTION_RANGE, readSetting, writeSetting, type FeedbackSettings } from '../settings/storedSettings';

export type { FeedbackMode, FeedbackRecord } from './db';

export const FEEDBACK_REASONS = {
  up: ['clair', 'synthétique', 'sources fiables'],
  down: ['incorrect', 'incomplet', 'sources inadaptées', 'trop long', 'incohérent', 'imprécis'],
} as const;

/** What the agent chose in a feedback form. */
export interface FeedbackChoice {
  rating: 'up' | 'down';
  reasons: string[];
  /** The agent explicitly keeps the question and answer text (masked) with the avis. */
  keepText: boolean;
  /** The agent saw the possible names of the kept text highlighted and said they are not names. */
  keepNames?: boolean;
}

export { FEEDBACK_RETENTION_RANGE, type FeedbackSettings } from '../settings/storedSettings';

/** What a screen hands over; text fields are dropped unless `keepText`, and masked when kept. */
export type FeedbackInput = Omit<FeedbackRecord, 'id' | 'createdAt' | 'expiresAt' | 'keepText'> & { keepText?: boolean; keepNames?: boolean };

export function feedbackSettings(db: ComptoirDb): Promise<FeedbackSettings> {
  return readSetting(db, 'feedback');
}

export async function saveFeedbackSettings(db: ComptoirDb, settings: FeedbackSettings): Promise<void> {
  const { min, max } = FEEDBACK_RETENTION_RANGE;
  const retentionDays = Math.min(max, Math.max(min, Math.round(settings.retentionDays || min)));
  await writeSetting(db, 'feedback', { retentionDays });
}

/**
 * The record as stored: what quality review needs (rating, reasons, fiches, prompt version, model,
 * date), plus the question, answer and comment only when the agent ticked « conserver le texte »,
 * and then with personal data masked. Arrays are copied: a Svelte `$state` proxy is not cloneable.
 */
export function feedbackRecord(input: FeedbackInput, retentionDays: number, now = new Date()): FeedbackRecord {
  const keepText = input.keepText === true;
  const record: FeedbackRecord = {
    createdAt: now.toISOString(),
    mode: input.mode,
    rating: input.rating,
    reasons: [...input.reasons].map(String),
    ficheIds: [...input.ficheIds].map(String),
    keepText,
    expiresAt: new Date(now.getTime() + retentionDays * 86_400_000).toISOString(),
  };
  if (input.answeringFicheId) record.answeringFicheId = input.answeringFicheId;
  if (input.promptVersion) record.promptVersion = input.promptVersion;
  if (input.model) record.model = input.model;
  if (keepText) {
    // A possible name (a capitalised word, see possibleNames) is kept only when the agent saw it
    // highlighted and said it is none; otherwise it is masked too.
    Object.assign(record, keptTexts({ question: input.question, answer: input.answer, comment: input.comment }, input.keepNames === true));
  }
  return record;
}

/** Stores one avis; the record is returned as stored (masked, without text unless kept). */
export async function saveFeedback(db: ComptoirDb, input: FeedbackInput, now = new Date()): Promise<FeedbackRecord> {
  const { retentionDays } = await feedbackSettings(db);
  const record = feedbackRecord(input, retentionDays, now);
  record.id = await db.feedback.add(record);
  return record;
}

/** Deletes the avis past their retention date; returns how many went. */
export async function purgeExpiredFeedback(db: ComptoirDb, now = new Date()): Promise<number> {
  return db.feedback.where('expiresAt').belowOrEqual(now.toISOString()).delete();
}

export async function feedbackCount(db: ComptoirDb, now = new Date()): Promise<number> {
  await purgeExpiredFeedback(db, now);
  return db.feedback.count();
}

/** « Supprimer les avis ». */
export async function deleteAllFeedback(db: ComptoirDb): Promise<void> {
  await db.feedback.clear();
}

/**
 * « Nouvel usager »: no question, answer or comment of the visit stays in the avis unless the agent
 * explicitly kept it (then masked at save time). Records never hold text otherwise; this also
 * cleans any written by an older version.
 */
export async function forgetFeedbackText(db: ComptoirDb): Promise<void> {
  await db.feedback.filter((r) => !r.keepText && Boolean(r.question || r.answer || r.comment)).modify((r) => {
    delete r.question;
    delete r.answer;
    delete r.comment;
  });
}

/**
 * A spreadsheet runs a cell starting with = + - @ (or tab / CR, which some strip first) as a
 * formula: such cells get a leading apostrophe, shown as text by Excel and LibreOffice. The file
 * is written with « ; », but a spreadsheet that assumes « , », tab or « | » cuts the text there
 * (« a,=1+1 » would start a cell with =1+1): every part after such a character is neutralised too.
 */
const FORMULA = /(^|[,;\t|\r\n])([ ]*)(?=[=+\-@\t\r])/g;

export function neutralizeCsvCell(value: string): string {
  return value.replace(FORMULA, (_m, sep: string, spaces: string) => `${sep}${spaces}'`);
}

/** Back to the text as kept (the eval reader): the apostrophes neutralizeCsvCell added go. */
export function unneutralizeCsvCell(value: string): string {
  return value.replace(/(^|[,;\t|\r\n])([ ]*)'(?=[=+\-@\t\r])/g, '$1$2');
}

/** RFC 4180: every cell quoted, quotes doubled, so no separator inside a text ever splits it. */
function csvCell(value: string): string {
  return `"${neutralizeCsvCell(value).replace(/"/g, '""')}"`;
}

/** How the export writes each mode (the eval reader maps them back). */
export const MODE_LABELS: Record<FeedbackRecord['mode'], string> = {
  answer: 'réponse',
  'search-only': 'recherche',
  abstention: 'pas de réponse',
};

/** CSV for the structure's reporting (French spreadsheet conventions: ";" separator, BOM). */
export async function feedbackCsv(db: ComptoirDb, now = new Date()): Promise<string> {
  await purgeExpiredFeedback(db, now);
  const rows = await db.feedback.orderBy('createdAt').toArray();
  const header = ['date', 'mode', 'avis', 'motifs', 'fiches citées', 'fiche qui répond', 'modèle', 'version du prompt', 'question', 'réponse', 'commentaire'];
  // Text is masked again on the way out: the file leaves the PC, whatever wrote the record.
  const text = (v: string | undefined) => (v ? maskPersonalData(v).text : '');
  const lines = rows.map((r) => [
    r.createdAt, MODE_LABELS[r.mode] ?? r.mode, r.rating === 'up' ? 'utile' : 'pas utile', r.reasons.join(', '), r.ficheIds.join(' '),
    r.answeringFicheId ?? '', r.model ?? '', r.promptVersion ?? '', text(r.question), text(r.answer), text(r.comment),
  ].map(csvCell).join(';'));
  return '\uFEFF' + [header.map(csvCell).join(';'), ...lines].join('\r\n') + '\r\n';
}
