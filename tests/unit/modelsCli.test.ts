import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpuModel } from '../../src/llm/catalogs/gpuModels';

const run = promisify(execFile);
const tsx = join('node_modules', '.bin', 'tsx');
const id = 'Llama-3.2-1B-Instruct-q4f32_1-MLC';
const lib = gpuModel(id)!.lib.split('/').pop()!;

// A stand-in for the hub and the library host, on loopback: tiny but well-formed model files.
const files: Record<string, Uint8Array | string> = {
  [`/mlc-ai/${id}/resolve/main/mlc-chat-config.json`]: JSON.stringify({ model_type: 'llama', tokenizer_files: ['tokenizer.json', 'tokenizer_config.json'] }),
  [`/mlc-ai/${id}/resolve/main/tensor-cache.json`]: JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }] }),
  [`/mlc-ai/${id}/resolve/main/tokenizer.json`]: '{"model":{}}',
  [`/mlc-ai/${id}/resolve/main/tokenizer_config.json`]: '{}',
  [`/mlc-ai/${id}/resolve/main/params_shard_0.bin`]: new Uint8Array(4096).fill(7),
  [`/mlc-ai/${id}/resolve/main/params_shard_1.bin`]: new Uint8Array(1000).fill(9),
  [`/libs/${lib}`]: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]),
};
let server: Server;
let url = '';
const missing = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = files[req.url ?? ''];
    if (body === undefined || missing.has(req.url ?? '')) {
      res.statusCode = 404;
      res.end('not found');
    } else res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('models:fetch and models:check', () => {
  it('downloads every file a model needs, records sha256, and the check passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    const { stdout } = await run(tsx, ['scripts/models-fetch.ts', id, '--dir', dir, '--hub', url, '--libs', `${url}/libs`]);
    expect(stdout).toMatch(/sha256 recorded/);
    const manifest = JSON.parse(readFileSync(join(dir, id, 'sha256.json'), 'utf8'));
    expect(Object.keys(manifest.files).sort()).toEqual([lib, 'mlc-chat-config.json', 'params_shard_0.bin', 'params_shard_1.bin', 'tensor-cache.json', 'tokenizer.json', 'tokenizer_config.json'].sort());
    expect(manifest.files['params_shard_0.bin'].bytes).toBe(4096);
    expect((await run(tsx, ['scripts/models-check.ts', '--dir', dir])).stdout).toContain(`✓ ${id}`);

    // A corrupted shard and an emptied library are caught.
    writeFileSync(join(dir, id, 'params_shard_1.bin'), new Uint8Array(1000).fill(1));
    writeFileSync(join(dir, id, lib), new Uint8Array());
    const check = await run(tsx, ['scripts/models-check.ts', '--dir', dir]).then(() => '', (e: { stdout: string }) => e.stdout);
    expect(check).toContain('params_shard_1.bin sha256 mismatch');
    expect(check).toContain(`${lib} is empty`);
  });

  it('leaves nothing behind when a file is missing on the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    missing.add(`/mlc-ai/${id}/resolve/main/params_shard_1.bin`);
    const failure = await run(tsx, ['scripts/models-fetch.ts', id, '--dir', dir, '--hub', url, '--libs', `${url}/libs`]).then(() => '', (e: { stderr: string }) => e.stderr);
    missing.clear();
    expect(failure).toMatch(/HTTP 404[\s\S]*Nothing was installed/);
    expect(existsSync(join(dir, id))).toBe(false);
    expect(existsSync(join(dir, `${id}.part`))).toBe(false);
  });

  it('refuses an unknown model id with the list of known ones', async () => {
    const out = await run(tsx, ['scripts/models-fetch.ts', 'Nope-7B']).then(() => '', (e: { stderr: string }) => e.stderr);
    expect(out).toContain('Qwen2.5-3B-Instruct-q4f16_1-MLC');
  });
});
