import { clearSetting, readSetting, writeSetting, type SettingsDb } from '../settings/storedSettings';

/**
 * Failed administrator codes, stored (IndexedDB), so that a reload or « Nouvel usager » does not
 * reset the delay: the first FREE_TRIES failures cost nothing (a typo), then each one doubles the
 * wait, from a minute up to an hour. 40 codes then take more than a day instead of 17 seconds.
 */
export const FREE_TRIES = 3;
const FIRST_WAIT_S = 60;
const MAX_WAIT_S = 3600;

/** Seconds to wait after the `failures`-th failure in a row. */
export function lockoutSeconds(failures: number): number {
  if (failures <= FREE_TRIES) return 0;
  return Math.min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (failures - FREE_TRIES - 1));
}

/** Seconds before a code may be checked (0: now). */
export async function checkAllowed(db: SettingsDb, now = Date.now()): Promise<number> {
  const { lockedUntil } = await readSetting(db, 'kiosk-attempts');
  return lockedUntil && lockedUntil > now ? Math.ceil((lockedUntil - now) / 1000) : 0;
}

/** Counts a failure; returns the wait it starts (0: none yet). */
export async function recordFailure(db: SettingsDb, now = Date.now()): Promise<number> {
  const failures = (await readSetting(db, 'kiosk-attempts')).failures + 1;
  const wait = lockoutSeconds(failures);
  await writeSetting(db, 'kiosk-attempts', { failures, ...(wait ? { lockedUntil: now + wait * 1000 } : {}) });
  return wait;
}

export async function clearFailures(db: SettingsDb): Promise<void> {
  await clearSetting(db, 'kiosk-attempts');
}
