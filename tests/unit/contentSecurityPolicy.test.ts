import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, hubAllowedByEnvironment } from '../../scripts/lib/contentSecurityPolicy';

describe('Content-Security-Policy', () => {
  it('is strict by default: this origin only, WebAssembly allowed, nothing inline', () => {
    const csp = contentSecurityPolicy();
    const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
    expect(directive('connect-src')).toBe("connect-src 'self'");
    expect(directive('script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(directive('worker-src')).toBe("worker-src 'self' blob:");
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https:/);
  });

  it('opens the hub only when the server is started with COMPTOIR_ALLOW_HUB=1, never in a kiosk build', () => {
    expect(contentSecurityPolicy({ allowHub: true })).toMatch(/connect-src 'self' https:\/\/huggingface\.co .*https:\/\/raw\.githubusercontent\.com;/);
    expect(hubAllowedByEnvironment({ COMPTOIR_ALLOW_HUB: '1' })).toBe(true);
    expect(hubAllowedByEnvironment({})).toBe(false);
    expect(hubAllowedByEnvironment({ COMPTOIR_ALLOW_HUB: '1', VITE_COMPTOIR_KIOSK: '1' })).toBe(false);
    expect(contentSecurityPolicy({ dev: true })).toMatch(/style-src 'self' 'unsafe-inline'/);
  });

  it('is the one the reference nginx site sends (deploy/nginx/comptoir.conf, generated)', () => {
    expect(readFileSync('deploy/nginx/comptoir.conf', 'utf8')).toContain(`add_header Content-Security-Policy "${contentSecurityPolicy()}" always;`);
  });
});
