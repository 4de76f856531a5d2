/**
 * Whether this server's Content-Security-Policy lets the page reach the model hub. Two keys open
 * online download: the administrator's switch in Paramètres, and the server's policy
 * (COMPTOIR_ALLOW_HUB=1). With the first alone the browser blocks the hub, and a failed load must
 * name that blocker, not missing files.
 */
const HUB_HOST = 'huggingface.co';

/** From a Content-Security-Policy header value: true when connect-src (or default-src) leaves the hub out. */
export function policyBlocksHub(csp: string | null | undefined): boolean {
  if (!csp) return false;
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!.toLowerCase(), sources]));
  const sources = directives.get('connect-src') ?? directives.get('default-src');
  if (!sources) return false;
  return !sources.some((s) => s === '*' || s === 'https:' || s.replace(/^https:\/\//, '') === HUB_HOST);
}

/** Asks this server for its policy (a HEAD of the page). Undefined when it cannot be asked (offline). */
export async function serverBlocksHub(pageUrl: string, fetchImpl: typeof fetch = fetch): Promise<boolean | undefined> {
  try {
    const res = await fetchImpl(pageUrl, { method: 'HEAD', cache: 'no-store' });
    return policyBlocksHub(res.headers.get('content-security-policy'));
  } catch {
    return undefined;
  }
}
