import type { CorpusData } from './corpusData';
import type { ComptoirDb } from '../storage/db';

const ACTIVE = 'activeCorpus';

/**
 * Installs an imported corpus in one IndexedDB transaction: the new corpus is written, made
 * active and the previous one deleted together, or (quota, crash, closed tab) nothing changes.
 */
export async function installCorpus(db: ComptoirDb, corpus: CorpusData): Promise<string> {
  const id = `corpus-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  await db.transaction('rw', db.corpora, db.settings, async () => {
    const previous = (await db.settings.get(ACTIVE))?.value as string | undefined;
    await db.corpora.add({ id, ...corpus });
    await db.settings.put({ key: ACTIVE, value: id });
    if (previous) await db.corpora.delete(previous);
  });
  return id;
}

/** The imported corpus in use, or undefined when the app runs on its embedded bundle. */
export async function activeCorpus(db: ComptoirDb): Promise<CorpusData | undefined> {
  const id = (await db.settings.get(ACTIVE))?.value as string | undefined;
  if (!id) return undefined;
  const stored = await db.corpora.get(id);
  if (!stored) return undefined;
  const { id: _id, ...corpus } = stored;
  void _id;
  return corpus;
}

/** Back to the embedded bundle: drops every imported corpus. */
export async function removeImportedCorpus(db: ComptoirDb): Promise<void> {
  await db.transaction('rw', db.corpora, db.settings, async () => {
    await db.settings.delete(ACTIVE);
    await db.corpora.clear();
  });
}
