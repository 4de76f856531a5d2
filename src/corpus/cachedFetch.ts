/**
 * Reads a file the service worker precached straight from the browser's caches, without the
 * service worker in between: each byte of the bundle otherwise crosses two threads (the service
 * worker reads the cache, then streams to the page's worker), which was most of a return visit's
 * reading time. Workbox stores precached files under a revision query, hence ignoreSearch; when
 * two revisions are cached (an update being installed) or none, the request goes the usual way.
 */
export async function cachedFetch(url: string, fetchImpl: typeof fetch = fetch, cacheStorage: CacheStorage | undefined = globalThis.caches): Promise<Response> {
  if (cacheStorage) {
    try {
      const found: Response[] = [];
      for (const name of await cacheStorage.keys()) found.push(...(await (await cacheStorage.open(name)).matchAll(url, { ignoreSearch: true })));
      if (found.length === 1 && found[0]!.ok) return found[0]!;
    } catch {
      // No usable cache (private mode, storage blocked): the network, or the service worker.
    }
  }
  return fetchImpl(url);
}
