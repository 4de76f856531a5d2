import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gpuModel } from '../../src/llm/catalogs/gpuModels';

/** Model folders as an operator might leave them half-copied: each must fail with its own message. */
export const BROKEN_MODELS = {
  /** Config present, model library missing: the server answers 404. */
  missingLib: 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
  /** mlc-chat-config.json cut in the middle. */
  truncatedConfig: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
  /** Config fine, model library is an empty file. */
  emptyLib: 'Qwen3-1.7B-q4f32_1-MLC',
} as const;

const GGUF_DIR = 'tests/fixtures/gguf';
/** Served at /models/<id>/<file>, like an operator's copy. */
export const GGUF_FIXTURES = { stories260K: 'stories260K.gguf', 'llama-2-tiny-random': 'llama-2-tiny-random.gguf' } as const;
export const TRUNCATED_GGUF = { id: 'stories260K-truncated', file: 'stories260K.gguf' } as const;
/** Whole files that are not the ones their sha256.json records. */
export const TAMPERED_GGUF = {
  /** The real file, its second half overwritten with random bytes; sha256.json of the real file. */
  scrambled: { id: 'stories260K-scrambled', file: 'stories260K.gguf' },
  /** The real file with a sha256.json that records another hash. */
  wrongSum: { id: 'stories260K-wrong-sum', file: 'stories260K.gguf' },
} as const;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** The folder's sha256.json as `npm run models:check --write` writes it. */
const sums = (id: string, file: string, bytes: Uint8Array, hash = sha256(bytes)) =>
  JSON.stringify({ id, fetchedAt: '2026-01-01T00:00:00.000Z', files: { [file]: { bytes: bytes.length, sha256: hash } } });

const CONFIG = JSON.stringify({
  model_type: 'qwen2', quantization: 'q4f32_1', context_window_size: 4096, prefill_chunk_size: 1024,
  vocab_size: 151936, conv_template: { name: 'qwen2', system_template: '{system_message}', roles: { user: 'user', assistant: 'assistant' } },
  tokenizer_files: ['tokenizer.json'],
});

export function writeModelFixtures(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  const folder = (id: string) => {
    const path = join(dir, id);
    mkdirSync(path, { recursive: true });
    return path;
  };
  writeFileSync(join(folder(BROKEN_MODELS.missingLib), 'mlc-chat-config.json'), CONFIG);
  writeFileSync(join(folder(BROKEN_MODELS.truncatedConfig), 'mlc-chat-config.json'), CONFIG.slice(0, 60));
  const empty = folder(BROKEN_MODELS.emptyLib);
  writeFileSync(join(empty, 'mlc-chat-config.json'), CONFIG);
  writeFileSync(join(empty, gpuModel(BROKEN_MODELS.emptyLib)!.lib.split('/').pop()!), new Uint8Array());
  // Real GGUF files for the CPU engine, and a copy cut in half (tests/fixtures/gguf/README.md).
  for (const [id, file] of Object.entries(GGUF_FIXTURES)) {
    copyFileSync(join(GGUF_DIR, file), join(folder(id), file));
    writeFileSync(join(folder(id), 'sha256.json'), sums(id, file, readFileSync(join(GGUF_DIR, file))));
  }
  const whole = readFileSync(join(GGUF_DIR, GGUF_FIXTURES.stories260K));
  writeFileSync(join(folder(TRUNCATED_GGUF.id), TRUNCATED_GGUF.file), whole.subarray(0, Math.floor(whole.length / 2)));
  const { scrambled, wrongSum } = TAMPERED_GGUF;
  const half = Math.floor(whole.length / 2);
  writeFileSync(join(folder(scrambled.id), scrambled.file), Buffer.concat([whole.subarray(0, half), randomBytes(whole.length - half)]));
  writeFileSync(join(folder(scrambled.id), 'sha256.json'), sums(scrambled.id, scrambled.file, whole));
  copyFileSync(join(GGUF_DIR, GGUF_FIXTURES.stories260K), join(folder(wrongSum.id), wrongSum.file));
  writeFileSync(join(folder(wrongSum.id), 'sha256.json'), sums(wrongSum.id, wrongSum.file, whole, sha256(Buffer.from('another file'))));
  return dir;
}
