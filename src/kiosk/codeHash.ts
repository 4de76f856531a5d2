/**
 * The administrator code as stored or deployed: a salted PBKDF2-HMAC-SHA256 hash written
 * `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`. The hash keeps the code itself from being
 * read off the disk or the server, and makes each guess cost `iterations` HMAC rounds; it does not
 * stop someone who has the hash from trying codes offline (README, « Kiosk mode »).
 */
export interface CodeHash {
  iterations: number;
  salt: string;
  hash: string;
}

/** OWASP's figure for PBKDF2-HMAC-SHA256 (2023); a check takes about half a second in Node on the team's 2-core VM (tests/unit/kiosk.test.ts). */
export const PBKDF2_ITERATIONS = 600_000;
const PREFIX = 'pbkdf2-sha256';

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

async function derive(code: string, salt: string, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(code), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations }, key, 256);
  return hex(new Uint8Array(bits));
}

export async function hashCode(code: string, iterations = PBKDF2_ITERATIONS, salt = hex(crypto.getRandomValues(new Uint8Array(16)))): Promise<CodeHash> {
  return { iterations, salt, hash: await derive(code, salt, iterations) };
}

/** Constant-time over the hex digests: no early exit to time. */
export async function verifyCode(code: string, expected: CodeHash): Promise<boolean> {
  const actual = await derive(code, expected.salt, expected.iterations);
  let diff = actual.length ^ expected.hash.length;
  for (let i = 0; i < actual.length; i++) diff |= actual.charCodeAt(i) ^ (expected.hash.charCodeAt(i) || 0);
  return diff === 0;
}

export function formatCodeHash(h: CodeHash): string {
  return `${PREFIX}$${h.iterations}$${h.salt}$${h.hash}`;
}

export function parseCodeHash(text: unknown): CodeHash | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^pbkdf2-sha256\$(\d{4,9})\$([0-9a-f]{16,128})\$([0-9a-f]{64})$/.exec(text.trim());
  if (!m) return undefined;
  return { iterations: Number(m[1]), salt: m[2]!, hash: m[3]! };
}
