import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../scripts/lib/contentSecurityPolicy';
import { policyBlocksHub, serverBlocksHub } from '../../src/llm/policy/hubPolicy';
import { mapLlmError } from '../../src/llm/llmErrors';

describe('downloads allowed in the app but not by the server', () => {
  it('reads the server’s policy: blocked without COMPTOIR_ALLOW_HUB, open with it', () => {
    expect(policyBlocksHub(contentSecurityPolicy({ allowHub: false }))).toBe(true);
    expect(policyBlocksHub(contentSecurityPolicy({ allowHub: true }))).toBe(false);
    expect(policyBlocksHub(null)).toBe(false);
    expect(policyBlocksHub("default-src 'self'")).toBe(true);
    expect(policyBlocksHub("img-src 'self'")).toBe(false);
  });

  it('asks the server with a HEAD of the page; offline, it does not know', async () => {
    const headers = new Headers({ 'content-security-policy': contentSecurityPolicy() });
    expect(await serverBlocksHub('https://comptoir.test/', async (_url, init) => {
      expect(init?.method).toBe('HEAD');
      return new Response(null, { headers });
    })).toBe(true);
    expect(await serverBlocksHub('https://comptoir.test/', async () => { throw new TypeError('Failed to fetch'); })).toBeUndefined();
  });

  it('names COMPTOIR_ALLOW_HUB, not missing files, when the hub was blocked', () => {
    const blocked = mapLlmError('TypeError: Failed to fetch', { hubBlocked: true });
    expect(blocked.code).toBe('hub-blocked');
    expect(blocked.message).toMatch(/COMPTOIR_ALLOW_HUB=1/);
    expect(blocked.message).not.toMatch(/introuvables/);
    // From the desk's own models/ folder, a 404 is still missing files.
    expect(mapLlmError('TypeError: Failed to fetch', {}).message).toMatch(/introuvables/);
  });
});
