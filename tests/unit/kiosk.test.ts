import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  checkKioskCode, clampIdleSeconds, formatCountdown, idleSecondsLeft, kioskSettings, saveKioskSettings,
} from '../../src/kiosk/kioskPolicy';
import { AppError } from '../../src/errors/appFailure';
import { describeFailure, formatWait } from '../../src/errors/failureText';
import { formatCodeHash, hashCode, parseCodeHash, PBKDF2_ITERATIONS, verifyCode } from '../../src/kiosk/codeHash';
import { lockoutSeconds } from '../../src/kiosk/codeAttempts';
import { loadDeploymentCode, readDeploymentFile } from '../../src/kiosk/deploymentCode';
import { ComptoirDb } from '../../src/storage/db';

const db = () => new ComptoirDb(`k-${Math.random()}`);
/** Fewer iterations where a test checks many codes: the count is part of the hash either way. */
const quick = (code: string) => hashCode(code, 1000);

describe('kiosk mode policy', () => {
  it('is off by default; the first activation sets the administrator code, stored only as a salted hash', async () => {
    const d = db();
    expect((await kioskSettings(d)).enabled).toBe(false);
    await expect(saveKioskSettings(d, '4821', { enabled: true, idleSeconds: 60 })).rejects.toBeInstanceOf(AppError);
    expect(describeFailure(await saveKioskSettings(d, '4821', { enabled: true, idleSeconds: 60 }).catch((e) => e), 'kiosk')).toMatch(/au moins 8 caractères/);
    const s = await saveKioskSettings(d, 'guichet-4821', { enabled: true, idleSeconds: 60 });
    expect(s).toMatchObject({ enabled: true, idleSeconds: 60 });
    expect(JSON.stringify(await d.settings.toArray())).not.toContain('guichet-4821');
    expect(s.codeHash).toMatch(new RegExp(`^pbkdf2-sha256\\$${PBKDF2_ITERATIONS}\\$[0-9a-f]{32}\\$[0-9a-f]{64}$`));
    expect(await checkKioskCode(d, 'guichet-4821')).toBe(true);
    expect(await checkKioskCode(d, 'guichet-4822')).toBe(false);
  });

  it('cannot be turned off or changed without the code', async () => {
    const d = db();
    await saveKioskSettings(d, 'guichet-4821', { enabled: true, idleSeconds: 60 });
    const wrong = await saveKioskSettings(d, '00000000', { enabled: false, idleSeconds: 60 }).catch((e) => e);
    expect(wrong).toMatchObject({ failure: { layer: 'kiosk', code: 'wrong-code' } });
    expect(describeFailure(wrong, 'kiosk')).toBe('Code administrateur incorrect.');
    expect((await kioskSettings(d)).enabled).toBe(true);
    await saveKioskSettings(d, 'guichet-4821', { enabled: false, idleSeconds: 5 });
    expect(await kioskSettings(d)).toMatchObject({ enabled: false, idleSeconds: 10 });
  });

  it('still reads a code set by an earlier version (bare hash, 100,000 iterations)', async () => {
    const d = db();
    const old = await hashCode('4821', 100_000, 'b2f1c7e0-0000-4000-8000-000000000000');
    await d.settings.put({ key: 'kiosk', value: { enabled: true, idleSeconds: 60, codeHash: old.hash, salt: old.salt } });
    expect(await checkKioskCode(d, '4821')).toBe(true);
    expect(await checkKioskCode(d, '4822')).toBe(false);
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

describe('the code of a deployment (kiosk.json)', () => {
  it('hashes and parses the form `npm run kiosk:code` prints, and refuses anything else', async () => {
    const h = await quick('borne-de-Lens');
    const text = formatCodeHash(h);
    expect(parseCodeHash(text)).toEqual(h);
    expect(await verifyCode('borne-de-Lens', parseCodeHash(text)!)).toBe(true);
    expect(await verifyCode('borne-de-lens', parseCodeHash(text)!)).toBe(false);
    for (const bad of ['', 'borne-de-Lens', 'sha256$1000$ab$cd', `pbkdf2-sha256$1000$${h.salt}$${h.hash.slice(1)}`, 42, null]) {
      expect(parseCodeHash(bad), String(bad)).toBeUndefined();
    }
    expect(readDeploymentFile(JSON.stringify({ adminCode: text }))).toEqual({ state: 'configured', code: h });
    expect(readDeploymentFile('{"adminCode": "0000"}').state).toBe('invalid');
    expect(readDeploymentFile('<!doctype html>').state).toBe('invalid');
  });

  it('is read beside the app; missing (404 or the SPA page) is « missing », and the last one read serves offline', async () => {
    const d = db();
    const h = await quick('borne-de-Lens');
    const file = JSON.stringify({ adminCode: formatCodeHash(h) });
    const serve = (body: string, type: string, status = 200) => async () => new Response(body, { status, headers: { 'content-type': type } });
    expect(await loadDeploymentCode('http://borne.test/app/', d, serve(file, 'application/json'))).toEqual({ state: 'configured', code: h });
    const down = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await loadDeploymentCode('http://borne.test/app/', d, down)).toEqual({ state: 'configured', code: h });
    // Removed from the server (the code reset): no longer kept.
    expect(await loadDeploymentCode('http://borne.test/app/', d, serve('<!doctype html><html></html>', 'text/html'))).toEqual({ state: 'missing' });
    expect(await loadDeploymentCode('http://borne.test/app/', d, down)).toEqual({ state: 'missing' });
    expect(await loadDeploymentCode('http://borne.test/app/', d, serve('nope', 'text/plain', 404))).toEqual({ state: 'missing' });
  });

  it('is the only code when given: a local one is ignored, and Paramètres cannot set another', async () => {
    const d = db();
    await saveKioskSettings(d, 'code-local-1', { enabled: true, idleSeconds: 60 });
    const deployed = await quick('code-de-la-borne');
    expect(await checkKioskCode(d, 'code-local-1', deployed)).toBe(false);
    expect(await checkKioskCode(d, 'code-de-la-borne', deployed)).toBe(true);
    const fresh = db();
    await expect(saveKioskSettings(fresh, 'premier-venu', { enabled: true, idleSeconds: 60 }, deployed)).rejects.toBeInstanceOf(AppError);
    expect((await kioskSettings(fresh)).codeHash).toBeUndefined();
  });
});

describe('guessing the code', () => {
  it('grows the wait after 3 free failures (1 min, 2 min, 4 min … an hour at most)', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(lockoutSeconds)).toEqual([0, 0, 0, 60, 120, 240, 480, 960, 3600]);
  });

  it('refuses every code while the wait runs, the right one too, then lets it in and starts over', async () => {
    const d = db();
    const code = await quick('code-de-la-borne');
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 3; i++) expect(await checkKioskCode(d, `faux-${i}-xxxx`, code, t0 + i)).toBe(false);
    const locked = await checkKioskCode(d, 'faux-3-xxxx', code, t0 + 10).catch((e) => e);
    expect(describeFailure(locked, 'kiosk')).toBe('Trop d’essais incorrects : attendez 1 min avant de réessayer.');
    // Stored: a new connection (a reload) finds the wait still running.
    const again = new ComptoirDb(d.name);
    const early = await checkKioskCode(again, 'code-de-la-borne', code, t0 + 50_010).catch((e) => e);
    expect(early).toMatchObject({ failure: { code: 'locked', details: { waitSeconds: 10 } } });
    expect(await checkKioskCode(again, 'faux-4-xxxx', code, t0 + 61_000).catch((e) => e)).toMatchObject({ failure: { code: 'locked', details: { waitSeconds: 120 } } });
    expect(await checkKioskCode(again, 'code-de-la-borne', code, t0 + 182_000)).toBe(true);
    expect(await checkKioskCode(again, 'faux-5-xxxx', code, t0 + 183_000)).toBe(false);
  });

  it('writes the wait in French', () => {
    expect([1, 45, 60, 61, 3600, 3900].map(formatWait)).toEqual(['1 s', '45 s', '1 min', '2 min', '1 h 00 min', '1 h 05 min']);
  });
});
