import type { ComptoirDb } from './db';
import { purgeExpiredFeedback } from './feedback';
import { purgeExpiredTurns } from './history';

/**
 * Deletes what is past its retention period: avis and kept conversation turns. Run at every start,
 * so a PC where nobody opens Paramètres or Transparence (where the counts are read) keeps nothing
 * longer than the period it promises.
 */
export async function dropExpired(db: ComptoirDb, now = new Date()): Promise<{ feedback: number; turns: number }> {
  const [feedback, turns] = await Promise.all([purgeExpiredFeedback(db, now), purgeExpiredTurns(db, now.getTime())]);
  return { feedback, turns };
}
