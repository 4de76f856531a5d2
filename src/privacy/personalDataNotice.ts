import type { ComptoirDb } from '../storage/db';
import { detectPersonalData, PERSONAL_DATA_LABELS, type PersonalDataKind } from './personalData';

const KEY = 'personal-data-notice';

/**
 * The agent is told once, on this PC, the first time a question holds personal data: that it is
 * masked before anything is stored or exported. Returns the French notice then, else undefined.
 */
export async function personalDataNotice(db: ComptoirDb, question: string): Promise<string | undefined> {
  const kinds = detectPersonalData(question);
  if (!kinds.length || (await db.settings.get(KEY))?.value === true) return undefined;
  await db.settings.put({ key: KEY, value: true });
  return noticeText(kinds);
}

export function noticeText(kinds: PersonalDataKind[]): string {
  const list = kinds.map((k) => PERSONAL_DATA_LABELS[k]).join(', ');
  return `Cette question contient des données personnelles (${list}). Elles restent sur ce poste et sont masquées `
    + 'avant tout enregistrement (avis, export) ; « Nouvel usager » efface la conversation. Ce message ne s’affiche qu’une fois.';
}
