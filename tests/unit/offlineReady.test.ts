import { describe, expect, it } from 'vitest';
import { missingForOffline } from '../../src/ui/offlineReady';

describe('« Prêt hors ligne »', () => {
  const base = 'https://comptoir.test/corpus/';
  const files = ['fiches.json', 'chunk-meta.json', 'chunk-texts-000.json'];

  it('is not ready while no service worker controls the page, whatever the caches hold', async () => {
    expect(await missingForOffline({ controlled: () => false, cached: async () => true }, base, files)).toBeUndefined();
  });

  it('names the corpus files the caches still lack once controlled, the manifest included', async () => {
    const have = new Set([`${base}manifest.json`, `${base}fiches.json`]);
    const missing = await missingForOffline({ controlled: () => true, cached: async (url) => have.has(url) }, base, files);
    expect(missing).toEqual(['chunk-meta.json', 'chunk-texts-000.json']);
  });

  it('is ready when everything is cached; a cache that throws counts as missing', async () => {
    expect(await missingForOffline({ controlled: () => true, cached: async () => true }, base, files)).toEqual([]);
    expect(await missingForOffline({ controlled: () => true, cached: async (url) => { if (url.endsWith('fiches.json')) throw new Error('x'); return true; } }, base, files)).toEqual(['fiches.json']);
  });
});
