import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  checkKioskCode, clampIdleSeconds, formatCountdown, idleSecondsLeft, KioskError, kioskErrorText, kioskSettings, saveKioskSettings,
} from '../../src/kiosk/kioskPolicy';
import { ComptoirDb } from '../../src/storage/db';

const db = () => new ComptoirDb(`k-${Math.random()}`);

describe('kiosk mode policy', () => {
  it('is off by default; the first activation sets the administrator code, stored only as a salted hash', async () => {
    const d = db();
    expect((await kioskSettings(d)).enabled).toBe(false);
    await expect(saveKioskSettings(d, '12', { enabled: true, idleSeconds: 60 })).rejects.toThrow(KioskError);
    const s = await saveKioskSettings(d, '4821', { enabled: true, idleSeconds: 60 });
    expect(s).toMatchObject({ enabled: true, idleSeconds: 60 });
    expect(JSON.stringify(await d.settings.toArray())).not.toContain('4821');
    expect(s.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await checkKioskCode(d, '4821')).toBe(true);
    expect(await checkKioskCode(d, '4822')).toBe(false);
  });

  it('cannot be turned off or changed without the code', async () => {
    const d = db();
    await saveKioskSettings(d, '4821', { enabled: true, idleSeconds: 60 });
    const wrong = await saveKioskSettings(d, '0000', { enabled: false, idleSeconds: 60 }).catch((e) => e);
    expect(kioskErrorText(wrong)).toBe('Code administrateur incorrect.');
    expect((await kioskSettings(d)).enabled).toBe(true);
    await saveKioskSettings(d, '4821', { enabled: false, idleSeconds: 5 });
    expect(await kioskSettings(d)).toMatchObject({ enabled: false, idleSeconds: 10 });
  });

  it('counts down from the last input and formats it', () => {
    expect(idleSecondsLeft(1_000, 1_000, 180)).toBe(180);
    expect(idleSecondsLeft(1_000, 61_500, 180)).toBe(120);
    expect(idleSecondsLeft(1_000, 500_000, 180)).toBe(0);
    expect(formatCountdown(125)).toBe('2:05');
    expect(formatCountdown(0)).toBe('0:00');
    expect(clampIdleSeconds(99999)).toBe(3600);
    expect(clampIdleSeconds(Number.NaN)).toBe(180);
  });
});
