import { createHash, X509Certificate } from 'node:crypto';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../tests/browser/chromiumPath';
import type { CheckLine, Lang } from './deployChecks';

export interface BrowserCheckOptions {
  /** base64 sha256 of the server's public key, for a certificate the machine does not trust yet. */
  spki?: string;
  /** host → IP, passed to Chromium as --host-resolver-rules. */
  resolve?: Record<string, string>;
  /** How long the first visit may take to install the service worker (it precaches ~100 MB). */
  timeoutMs?: number;
}

/** base64 sha256 of a certificate's public key (SubjectPublicKeyInfo): Chromium's --ignore-certificate-errors-spki-list. */
export function spkiHash(pem: string): string {
  const der = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

const t = (lang: Lang, fr: string, en: string) => (lang === 'fr' ? fr : en);

/** The Chromium arguments that reach `base` as a desk would: name mapping, trusted key. */
export function chromiumArgs(options: BrowserCheckOptions): string[] {
  const rules = Object.entries(options.resolve ?? {}).map(([host, ip]) => `MAP ${host} ${ip}`).join(', ');
  return [
    ...CHROMIUM_ARGS,
    ...(rules ? [`--host-resolver-rules=${rules}`] : []),
    ...(options.spki ? [`--ignore-certificate-errors-spki-list=${options.spki}`] : []),
  ];
}

/**
 * What only a browser can say about a deployment: a secure context, cross-origin isolation, a
 * service worker in control after the first visit, and the room that visit takes on the desk.
 */
export async function browserChecks(base: URL, lang: Lang, options: BrowserCheckOptions = {}): Promise<CheckLine[]> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    return [{ id: 'browser', status: 'skip', text: t(lang, 'Chromium absent (/usr/bin/chromium) : vérifications dans le navigateur non faites', 'Chromium missing (/usr/bin/chromium): browser checks not run') }];
  }
  const browser = await chromium.launch({ executablePath, args: chromiumArgs(options) });
  const lines: CheckLine[] = [];
  try {
    const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await page.goto(base.href);
    const state = await page.evaluate(() => ({ secure: isSecureContext, isolated: crossOriginIsolated, sw: 'serviceWorker' in navigator }));
    lines.push(state.secure
      ? { id: 'secure-context', status: 'pass', text: t(lang, 'navigateur : contexte sécurisé', 'browser: secure context') }
      : { id: 'secure-context', status: 'fail', text: t(lang, 'navigateur : pas de contexte sécurisé (HTTPS requis hors de ce poste)', 'browser: not a secure context (HTTPS needed beyond this PC)') });
    lines.push(state.isolated
      ? { id: 'isolated', status: 'pass', text: t(lang, 'navigateur : isolé (réponses sur le processeur avec tous les cœurs)', 'browser: cross-origin isolated (CPU answers on every core)') }
      : { id: 'isolated', status: 'fail', text: t(lang, 'navigateur : pas isolé (Cross-Origin-Opener/Embedder-Policy ou HTTPS manquants) : réponses sur le processeur sur un seul cœur', 'browser: not cross-origin isolated (Cross-Origin-Opener/Embedder-Policy or HTTPS missing): CPU answers on one core') });
    let controlled = false;
    if (state.sw) {
      const deadline = Date.now() + (options.timeoutMs ?? 120_000);
      while (!controlled && Date.now() < deadline) {
        controlled = await page.evaluate(() => Boolean(navigator.serviceWorker.controller));
        if (!controlled) await page.waitForTimeout(250);
      }
    }
    lines.push(controlled
      ? { id: 'service-worker', status: 'pass', text: t(lang, 'navigateur : service worker en place dès la première visite (hors-ligne possible)', 'browser: service worker in control from the first visit (offline works)') }
      : { id: 'service-worker', status: 'fail', text: t(lang, state.sw ? 'navigateur : le service worker ne prend pas la main (voir la console du navigateur)' : 'navigateur : pas de service worker (HTTPS requis) : pas de hors-ligne', state.sw ? 'browser: the service worker never takes control (see the browser console)' : 'browser: no service worker (HTTPS needed): no offline') });
    if (controlled) {
      const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
      const mb = (usage / 1e6).toFixed(0);
      lines.push({ id: 'storage', status: 'pass', text: t(lang, `navigateur : la première visite occupe ${mb} Mo sur le poste (sans modèle)`, `browser: the first visit takes ${mb} MB on the desk (no model)`) });
    }
  } finally {
    await browser.close();
  }
  return lines;
}
