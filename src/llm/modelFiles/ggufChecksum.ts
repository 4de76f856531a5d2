import { createSHA256 } from 'hash-wasm';
import { GgufError } from './ggufCheck';

/**
 * A GGUF file checked against the sha256 its folder records (`sha256.json`, written by
 * `npm run models:fetch` / `models:check --write`), as ONNX files already are: hashed piece by
 * piece while it downloads (never a second copy of a 1 GB file in memory), and refused before
 * llama.cpp reads it. A folder without sha256.json (the public hub) is only checked by its header
 * and vocabulary.
 */
export const SHA256_FILE = 'sha256.json';

/** The sha256 recorded for `fileUrl` in the sha256.json beside it, or undefined when there is none. */
export async function expectedSha256(fileUrl: string, fetchImpl: typeof fetch = fetch, origin = globalThis.location?.origin): Promise<string | undefined> {
  const url = new URL(SHA256_FILE, fileUrl);
  // Only an operator's folder on this server records one; asking the hub would only be refused.
  if (origin && url.origin !== origin) return undefined;
  const file = decodeURIComponent(new URL(fileUrl).pathname.split('/').pop() ?? '');
  let res: Response;
  try {
    res = await fetchImpl(url.href, { cache: 'no-store' });
  } catch {
    return undefined;
  }
  if (!res.ok || /text\/html/i.test(res.headers.get('content-type') ?? '')) return undefined;
  let json: { files?: Record<string, { sha256?: unknown }> };
  try {
    json = await res.json();
  } catch (err) {
    throw new GgufError('checksum', `${SHA256_FILE} unreadable beside ${file}: ${(err as Error).message}`);
  }
  const sha = json?.files?.[file]?.sha256;
  if (sha === undefined) return undefined;
  if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/i.test(sha)) throw new GgufError('checksum', `${SHA256_FILE}: malformed sha256 for ${file}`);
  return sha.toLowerCase();
}

export interface StreamingHash {
  update(chunk: Uint8Array): void;
  hex(): string;
}

export async function streamingSha256(): Promise<StreamingHash> {
  const hasher = await createSHA256();
  hasher.init();
  return { update: (chunk) => void hasher.update(chunk), hex: () => hasher.digest('hex') };
}

export function checkSha256(actual: string, expected: string, file: string): void {
  if (actual !== expected) throw new GgufError('checksum', `sha256 mismatch for ${file}: ${actual} ≠ ${expected} (${SHA256_FILE})`);
}
