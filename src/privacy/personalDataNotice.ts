import { readSetting, writeSetting, type SettingsDb } from '../settings/storedSettings';
import { detectPersonalData, PERSONAL_DATA_LABELS, type PersonalDataKind } from './personalData';

/**
 * The agent is told once, on this PC, the first time a question holds personal data: that it is
 * masked before anything is stored or exported. Returns the French notice then, else undefined.
 */
export async function personalDataNotice(db: SettingsDb, question: string): Promise<string | undefined> {
  const kinds = detectPersonalData(question);
  if (!kinds.length || (await readSetting(db, 'personal-data-notice'))) return undefined;
  await writeSetting(db, 'personal-data-notice', true);
  return noticeText(kinds);
}

export function noticeText(kinds: PersonalDataKind[]): string {
  const list = kinds.map((k) => PERSONAL_DATA_LABELS[k]).join(', ');
  return `Cette question contient des données personnelles (${list}). Elles restent sur ce poste et sont masquées `
    + 'avant tout enregistrement (avis, export) ; « Nouvel usager » efface la conversation. Ce message ne s’affiche qu’une fois.';
}
