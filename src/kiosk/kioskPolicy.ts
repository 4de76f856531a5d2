import { KIOSK_IDLE_RANGE, readSetting, STORED_SETTINGS, writeSetting, type KioskSettings, type SettingsDb } from '../settings/storedSettings';
import { formatCodeHash, hashCode, parseCodeHash, verifyCode, type CodeHash } from './codeHash';
import { checkAllowed, clearFailures, recordFailure } from './codeAttempts';
import { AppError, isFailure } from '../errors/appFailure';

/**
 * Kiosk mode, for a self-service screen in the France Services space: full screen, no history,
 * avis without text, an automatic « Nouvel usager » after a quiet spell, and settings and import
 * behind an administrator code. Only a salted PBKDF2 hash of the code is stored.
 *
 * Whose code: the deployment's (`kiosk.json` beside the app, see deploymentCode.ts) when there is
 * one; otherwise, outside a kiosk build, the one set at the first activation in Paramètres. A
 * kiosk build accepts no other: on a new or wiped profile, the first visitor must not set it.
 */
export { KIOSK_IDLE_RANGE, type KioskSettings } from '../settings/storedSettings';
export const DEFAULT_KIOSK: Readonly<KioskSettings> = STORED_SETTINGS.kiosk.default;
/** A code typed on a touch screen: long enough that guessing through the dialog is hopeless with the delays. */
export const MIN_CODE_LENGTH = 8;
/** PBKDF2 iterations of codes set by versions before the hash carried its own count. */
const LEGACY_ITERATIONS = 100_000;

export function clampIdleSeconds(seconds: number): number {
  return Math.min(KIOSK_IDLE_RANGE.max, Math.max(KIOSK_IDLE_RANGE.min, Math.round(seconds || DEFAULT_KIOSK.idleSeconds)));
}

export function kioskSettings(db: SettingsDb): Promise<KioskSettings> {
  return readSetting(db, 'kiosk');
}

/** The locally set code, whichever version wrote it. */
export function localCode(settings: KioskSettings): CodeHash | undefined {
  if (!settings.codeHash) return undefined;
  return parseCodeHash(settings.codeHash)
    ?? (settings.salt ? { iterations: LEGACY_ITERATIONS, salt: settings.salt, hash: settings.codeHash } : undefined);
}

/** Sets the administrator code on this PC (the first time, or to change it): never on a kiosk build. */
export async function setKioskCode(db: SettingsDb, code: string): Promise<void> {
  if (code.trim().length < MIN_CODE_LENGTH) throw new AppError('kiosk', 'code-too-short', { min: MIN_CODE_LENGTH });
  const current = await kioskSettings(db);
  const { salt: _legacySalt, ...rest } = current;
  void _legacySalt;
  await writeSetting(db, 'kiosk', { ...rest, codeHash: formatCodeHash(await hashCode(code.trim())) });
}

/**
 * Checks a typed code against `expected`, behind the growing delay after failures (stored, so a
 * reload does not reset it). Throws `locked` while the delay runs, `wrong-code` on a failure.
 */
export async function checkCode(db: SettingsDb, code: string, expected: CodeHash, now = Date.now()): Promise<void> {
  const wait = await checkAllowed(db, now);
  if (wait > 0) throw new AppError('kiosk', 'locked', { waitSeconds: wait });
  if (await verifyCode(code.trim(), expected)) {
    await clearFailures(db);
    return;
  }
  const next = await recordFailure(db, now);
  if (next > 0) throw new AppError('kiosk', 'locked', { waitSeconds: next });
  throw new AppError('kiosk', 'wrong-code');
}

/** Whether `code` is the administrator code on this PC (`deployment` wins when given). */
export async function checkKioskCode(db: SettingsDb, code: string, deployment?: CodeHash, now = Date.now()): Promise<boolean> {
  const expected = deployment ?? localCode(await kioskSettings(db));
  if (!expected) throw new AppError('kiosk', 'no-code');
  try {
    await checkCode(db, code, expected, now);
    return true;
  } catch (err) {
    if (isFailure(err, 'kiosk', 'wrong-code')) return false;
    throw err;
  }
}

/**
 * Turns kiosk mode on or off, or changes its delay: always with the administrator code. Without
 * a deployment code, the first activation sets the local one.
 */
export async function saveKioskSettings(
  db: SettingsDb, code: string, change: { enabled: boolean; idleSeconds: number }, deployment?: CodeHash, now = Date.now(),
): Promise<KioskSettings> {
  const current = await kioskSettings(db);
  const expected = deployment ?? localCode(current);
  if (!expected) await setKioskCode(db, code);
  else await checkCode(db, code, expected, now);
  const next = { ...(await kioskSettings(db)), enabled: change.enabled, idleSeconds: clampIdleSeconds(change.idleSeconds) };
  await writeSetting(db, 'kiosk', next);
  return next;
}

/** Seconds left before the automatic « Nouvel usager » (0: now). */
export function idleSecondsLeft(lastInputMs: number, nowMs: number, idleSeconds: number): number {
  return Math.max(0, Math.ceil(idleSeconds - (nowMs - lastInputMs) / 1000));
}

export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
