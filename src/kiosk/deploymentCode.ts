import { clearSetting, readSetting, writeSetting, type SettingsDb } from '../settings/storedSettings';
import { formatCodeHash, parseCodeHash, type CodeHash } from './codeHash';

/**
 * The administrator code decided by whoever deploys the app: `kiosk.json` served beside
 * index.html, `{ "adminCode": "pbkdf2-sha256$…" }` as `npm run kiosk:code` prints it. Changing
 * or removing that file is how a code is set or reset; no rebuild. The last one read is kept in
 * IndexedDB so that a kiosk whose server is down still opens for its administrator.
 */
export type DeploymentCode =
  | { state: 'configured'; code: CodeHash }
  /** No kiosk.json (404, or the app's page served in its place). */
  | { state: 'missing' }
  /** A kiosk.json that holds no valid hash: said as such, never taken as « no code ». */
  | { state: 'invalid'; detail: string };

export const DEPLOYMENT_FILE = 'kiosk.json';

export function readDeploymentFile(text: string): DeploymentCode {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { state: 'invalid', detail: `JSON illisible (${(err as Error).message})` };
  }
  const code = parseCodeHash((json as { adminCode?: unknown } | null)?.adminCode);
  return code ? { state: 'configured', code } : { state: 'invalid', detail: 'adminCode absent ou mal formé (attendu : pbkdf2-sha256$…)' };
}

export async function loadDeploymentCode(baseUrl: string, db: SettingsDb, fetchImpl: typeof fetch = fetch): Promise<DeploymentCode> {
  let res: Response;
  try {
    res = await fetchImpl(new URL(DEPLOYMENT_FILE, baseUrl).href, { cache: 'no-store' });
  } catch {
    // Server unreachable: the last deployment code read, if any.
    const kept = parseCodeHash(await readSetting(db, 'kiosk-deployment').catch(() => null));
    return kept ? { state: 'configured', code: kept } : { state: 'missing' };
  }
  if (!res.ok || /text\/html/i.test(res.headers.get('content-type') ?? '')) {
    await clearSetting(db, 'kiosk-deployment').catch(() => undefined);
    return { state: 'missing' };
  }
  const read = readDeploymentFile(await res.text());
  if (read.state === 'configured') {
    await writeSetting(db, 'kiosk-deployment', formatCodeHash(read.code)).catch(() => undefined);
  }
  return read;
}
