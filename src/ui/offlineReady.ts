/**
 * When the desk may lose the network: a service worker controls the page (it serves the app
 * from its caches) and every file of the corpus bundle is in those caches. Before that, a reload
 * without network shows nothing or no fiches, even though the page looks ready.
 */
export interface OfflineDeps {
  /** A service worker controls this page. */
  controlled(): boolean;
  /** The browser's caches hold this URL (whatever revision the service worker stored it under). */
  cached(url: string): Promise<boolean>;
}

/**
 * The corpus files still missing from the caches, or undefined while no service worker controls
 * the page. `files` are the bundle's file names (its manifest's list); an imported corpus lives
 * in IndexedDB and needs none of them.
 */
export async function missingForOffline(deps: OfflineDeps, corpusBase: string, files: readonly string[]): Promise<string[] | undefined> {
  if (!deps.controlled()) return undefined;
  const names = ['manifest.json', ...files];
  const found = await Promise.all(names.map((name) => deps.cached(new URL(name, corpusBase).href).catch(() => false)));
  return names.filter((_, i) => !found[i]);
}

/** The browser's side: Workbox stores precached files under a revision query, hence ignoreSearch. */
export function browserOfflineDeps(): OfflineDeps {
  return {
    controlled: () => Boolean(navigator.serviceWorker?.controller),
    cached: async (url) => Boolean(await caches.match(url, { ignoreSearch: true })),
  };
}
