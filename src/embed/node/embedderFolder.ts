/**
 * A model folder on disk (`models/<id>/`) → the files an Embedder needs, in Node. The folder's
 * `embedder.json` is read over the catalog entry of the same id; `sha256.json` (as models:check
 * writes it for LLMs), when present, is verified.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { embedderSpec } from '../catalog';
import { AppError } from '../../errors/appFailure';
import type { EmbedderConfig, EmbedderFiles } from '../embedder';

export function readEmbedderFolder(dir: string): EmbedderFiles & { sha256: string } {
  const read = (name: string): Buffer => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new AppError('embed', 'missing-file', undefined, `${path} is missing`);
    return readFileSync(path);
  };
  const json = (name: string, code: 'bad-config' | 'corrupt-tokenizer') => {
    try {
      return JSON.parse(read(name).toString('utf8'));
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('embed', code, undefined, `${name}: ${(err as Error).message}`);
    }
  };
  const id = basename(dir);
  const own = existsSync(join(dir, 'embedder.json')) ? (json('embedder.json', 'bad-config') as Partial<EmbedderConfig>) : {};
  const base = embedderSpec(own.id ?? id);
  if (!base && !own.id) throw new AppError('embed', 'bad-config', undefined, `${id}: not in the catalog and no embedder.json`);
  const config = { ...base, ...own } as EmbedderConfig;
  const model = read(config.modelFile);
  const sums = existsSync(join(dir, 'sha256.json')) ? (json('sha256.json', 'bad-config') as { files?: Record<string, { sha256: string }> }).files ?? {} : {};
  const sha256 = createHash('sha256').update(model).digest('hex');
  const expected = sums[config.modelFile]?.sha256;
  if (expected && expected !== sha256) throw new AppError('embed', 'checksum', undefined, `${config.modelFile}: sha256 ${sha256} ≠ ${expected}`);
  return {
    config,
    model: new Uint8Array(model.buffer, model.byteOffset, model.byteLength),
    tokenizer: json('tokenizer.json', 'corrupt-tokenizer'),
    tokenizerConfig: existsSync(join(dir, 'tokenizer_config.json')) ? json('tokenizer_config.json', 'corrupt-tokenizer') : undefined,
    sha256,
  };
}
