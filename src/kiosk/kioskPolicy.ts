import type { ComptoirDb } from '../storage/db';

/**
 * Kiosk mode, for a self-service screen in the France Services space: full screen, no history,
 * avis without text, an automatic « Nouvel usager » after a quiet spell, and settings and import
 * behind an administrator code. Only a salted PBKDF2 hash of the code is stored.
 */
export interface KioskSettings {
  enabled: boolean;
  /** Seconds without input before the automatic « Nouvel usager ». */
  idleSeconds: number;
  codeHash?: string;
  salt?: string;
}

export const KIOSK_IDLE_RANGE = { min: 10, max: 3600 } as const;
export const DEFAULT_KIOSK: KioskSettings = { enabled: false, idleSeconds: 180 };
const KEY = 'kiosk';

export class KioskError extends Error {
  constructor(readonly code: 'code-too-short' | 'wrong-code' | 'no-code') {
    super(code);
    this.name = 'KioskError';
  }
}

/** French text for a KioskError, at the UI edge. */
export function kioskErrorText(err: unknown): string {
  const code = err instanceof KioskError ? err.code : undefined;
  if (code === 'code-too-short') return 'Le code administrateur doit compter au moins 4 caractères.';
  if (code === 'wrong-code') return 'Code administrateur incorrect.';
  if (code === 'no-code') return 'Aucun code administrateur n’est défini sur ce poste : définissez-en un.';
  return `Erreur : ${(err as Error)?.message ?? err}`;
}

export function clampIdleSeconds(seconds: number): number {
  return Math.min(KIOSK_IDLE_RANGE.max, Math.max(KIOSK_IDLE_RANGE.min, Math.round(seconds || DEFAULT_KIOSK.idleSeconds)));
}

async function hashCode(code: string, salt: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(code), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations: 100_000 }, key, 256);
  return [...new Uint8Array(bits)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function kioskSettings(db: ComptoirDb): Promise<KioskSettings> {
  return { ...DEFAULT_KIOSK, ...((await db.settings.get(KEY))?.value as Partial<KioskSettings> | undefined) };
}

/** Sets the administrator code (the first time, or to change it). */
export async function setKioskCode(db: ComptoirDb, code: string): Promise<void> {
  if (code.trim().length < 4) throw new KioskError('code-too-short');
  const salt = crypto.randomUUID();
  const current = await kioskSettings(db);
  await db.settings.put({ key: KEY, value: { ...current, salt, codeHash: await hashCode(code.trim(), salt) } });
}

export async function checkKioskCode(db: ComptoirDb, code: string): Promise<boolean> {
  const { codeHash, salt } = await kioskSettings(db);
  if (!codeHash || !salt) throw new KioskError('no-code');
  return (await hashCode(code.trim(), salt)) === codeHash;
}

/** Turns kiosk mode on or off, or changes its delay: always with the administrator code. */
export async function saveKioskSettings(db: ComptoirDb, code: string, change: { enabled: boolean; idleSeconds: number }): Promise<KioskSettings> {
  const current = await kioskSettings(db);
  if (!current.codeHash) await setKioskCode(db, code);
  else if (!(await checkKioskCode(db, code))) throw new KioskError('wrong-code');
  const next = { ...(await kioskSettings(db)), enabled: change.enabled, idleSeconds: clampIdleSeconds(change.idleSeconds) };
  await db.settings.put({ key: KEY, value: next });
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
