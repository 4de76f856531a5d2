import { isQualifyReport, type QualifyReport } from '../rag/qualify';
import { readSetting, writeSetting, type SettingsDb } from '../settings/storedSettings';
import type { ComptoirDb } from './db';

/**
 * The last qualification of each model on this PC (Paramètres › « Tester ce modèle sur ce poste »),
 * shown in Transparence. It holds the built-in questions and the figures, nothing about citizens.
 */
export async function loadQualifications(db: SettingsDb): Promise<Record<string, QualifyReport>> {
  const stored = await readSetting(db, 'qualifications');
  return Object.fromEntries(Object.entries(stored).filter((e): e is [string, QualifyReport] => isQualifyReport(e[1])));
}

export async function saveQualification(db: ComptoirDb, report: QualifyReport): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const all = await loadQualifications(db);
    await writeSetting(db, 'qualifications', { ...all, [report.model]: report });
  });
}
