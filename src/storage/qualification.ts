import type { QualifyReport } from '../rag/qualify';
import type { ComptoirDb } from './db';

const KEY = 'qualifications';

/**
 * The last qualification of each model on this PC (Paramètres › « Tester ce modèle sur ce poste »),
 * shown in Transparence. It holds the built-in questions and the figures, nothing about citizens.
 */
export async function loadQualifications(db: ComptoirDb): Promise<Record<string, QualifyReport>> {
  const stored = (await db.settings.get(KEY))?.value;
  return stored && typeof stored === 'object' ? (stored as Record<string, QualifyReport>) : {};
}

export async function saveQualification(db: ComptoirDb, report: QualifyReport): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const all = await loadQualifications(db);
    await db.settings.put({ key: KEY, value: { ...all, [report.model]: report } });
  });
}
