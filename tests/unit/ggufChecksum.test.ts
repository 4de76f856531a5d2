import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { checkSha256, expectedSha256, streamingSha256 } from '../../src/llm/modelFiles/ggufChecksum';
import { mapLlmError } from '../../src/llm/llmErrors';

const FILE = 'http://127.0.0.1:4173/models/Qwen2.5-0.5B-Instruct-Q8_0-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf';
const ORIGIN = 'http://127.0.0.1:4173';
const serve = (body: string, type = 'application/json', status = 200) => async (url: string | URL | Request) => {
  expect(String(url)).toBe('http://127.0.0.1:4173/models/Qwen2.5-0.5B-Instruct-Q8_0-GGUF/sha256.json');
  return new Response(body, { status, headers: { 'content-type': type } });
};

describe('GGUF files against their sha256.json', () => {
  it('reads the sha256 the folder records for the file, and nothing when there is none', async () => {
    const sha = 'ab'.repeat(32);
    const json = JSON.stringify({ files: { 'qwen2.5-0.5b-instruct-q8_0.gguf': { bytes: 1, sha256: sha.toUpperCase() } } });
    expect(await expectedSha256(FILE, serve(json), ORIGIN)).toBe(sha);
    expect(await expectedSha256(FILE, serve('', 'text/plain', 404), ORIGIN)).toBeUndefined();
    expect(await expectedSha256(FILE, serve('<!doctype html>', 'text/html'), ORIGIN)).toBeUndefined();
    expect(await expectedSha256(FILE, serve(JSON.stringify({ files: {} })), ORIGIN)).toBeUndefined();
    // The hub keeps no sha256.json, and asking would only be refused by the page's policy.
    expect(await expectedSha256('https://huggingface.co/Qwen/x/resolve/main/f.gguf', async () => { throw new Error('asked'); }, ORIGIN)).toBeUndefined();
  });

  it('refuses a sha256.json it cannot read, in French at the edge', async () => {
    for (const body of ['{ "files": ', JSON.stringify({ files: { 'qwen2.5-0.5b-instruct-q8_0.gguf': { sha256: 'abc' } } })]) {
      const err = await expectedSha256(FILE, serve(body), ORIGIN).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      const failure = mapLlmError(err);
      expect(failure).toMatchObject({ code: 'corrupt', action: 'reinstall' });
      expect(failure.message).toMatch(/empreinte enregistrée dans son dossier \(sha256\.json\)/);
    }
  });

  it('hashes piece by piece to the same sha256 as the whole file, and names a mismatch', async () => {
    const bytes = new Uint8Array(3_000_001).map((_, i) => (i * 7919) & 255);
    const hash = await streamingSha256();
    for (let at = 0; at < bytes.length; at += 65_536) hash.update(bytes.subarray(at, at + 65_536));
    const expected = createHash('sha256').update(bytes).digest('hex');
    const actual = hash.hex();
    expect(actual).toBe(expected);
    expect(() => checkSha256(actual, expected, 'f.gguf')).not.toThrow();
    const err = (() => { try { checkSha256(actual, '0'.repeat(64), 'f.gguf'); } catch (e) { return e as Error; } })();
    expect(err?.name).toBe('GGUFChecksumError');
    expect(mapLlmError(err).message).toMatch(/ne correspond pas à l’empreinte/);
  });
});
