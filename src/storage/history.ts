import type { ComptoirDb, StoredTurn } from './db';
import { readSetting, writeSetting, type HistorySettings } from '../settings/storedSettings';

export type { HistorySettings } from '../settings/storedSettings';

export function historySettings(db: ComptoirDb): Promise<HistorySettings> {
  return readSetting(db, 'history');
}

export async function saveHistorySettings(db: ComptoirDb, settings: HistorySettings): Promise<void> {
  await writeSetting(db, 'history', settings);
  if (!settings.enabled) await db.turns.clear();
}

export async function saveTurn(db: ComptoirDb, turn: StoredTurn): Promise<void> {
  if ((await historySettings(db)).enabled) await db.turns.put(turn);
}

/** Turns kept within the retention period; older ones are deleted on the way. */
export async function loadTurns(db: ComptoirDb, now = Date.now()): Promise<StoredTurn[]> {
  if (!(await historySettings(db)).enabled) return [];
  await purgeExpiredTurns(db, now);
  return db.turns.orderBy('at').toArray();
}

/** Deletes the turns past the retention period; returns how many went. */
export async function purgeExpiredTurns(db: ComptoirDb, now = Date.now()): Promise<number> {
  const { retentionDays } = await historySettings(db);
  return db.turns.where('at').below(new Date(now - retentionDays * 86_400_000).toISOString()).delete();
}

/** "Nouvel usager": nothing of the conversation stays on screen or on disk. */
export async function clearConversation(db: ComptoirDb): Promise<void> {
  await db.turns.clear();
}
