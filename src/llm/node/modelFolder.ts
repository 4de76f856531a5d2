import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gpuModel } from '../catalogs/gpuModels';
import { cpuModel } from '../catalogs/cpuModels';

export const MANIFEST = 'sha256.json';
/** MLC names the weight index tensor-cache.json (newer) or ndarray-cache.json (older). */
export const CACHE_INDEXES = ['tensor-cache.json', 'ndarray-cache.json'];

export interface ModelManifest {
  id: string;
  fetchedAt: string;
  files: Record<string, { bytes: number; sha256: string }>;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Files a model folder must hold, read from its own config and weight index. */
export function requiredFiles(dir: string, id: string): { files: string[]; problems: string[] } {
  // A CPU model is its one GGUF file (tokenizer and chat template are inside).
  const gguf = cpuModel(id);
  if (gguf) return { files: [gguf.file], problems: [] };
  const problems: string[] = [];
  const files = ['mlc-chat-config.json'];
  let config: { tokenizer_files?: string[] } = {};
  try {
    config = JSON.parse(readFileSync(join(dir, 'mlc-chat-config.json'), 'utf8'));
  } catch (err) {
    problems.push(`mlc-chat-config.json: ${existsSync(join(dir, 'mlc-chat-config.json')) ? `invalid JSON (${(err as Error).message})` : 'missing'}`);
  }
  files.push(...(config.tokenizer_files ?? []));
  const index = CACHE_INDEXES.find((name) => existsSync(join(dir, name)));
  if (!index) problems.push(`weight index missing (${CACHE_INDEXES.join(' or ')})`);
  else {
    files.push(index);
    try {
      const records = (JSON.parse(readFileSync(join(dir, index), 'utf8')) as { records?: { dataPath: string }[] }).records ?? [];
      files.push(...records.map((r) => r.dataPath));
    } catch (err) {
      problems.push(`${index}: invalid JSON (${(err as Error).message})`);
    }
  }
  const lib = gpuModel(id)?.lib.split('/').pop();
  if (lib) files.push(lib);
  return { files: [...new Set(files)], problems };
}

/** Everything wrong with a model folder: missing or empty files, sha256 mismatches. */
export function checkModelFolder(root: string, id: string): string[] {
  const dir = join(root, id);
  if (!existsSync(dir)) return [`${id}: folder missing`];
  const { files, problems } = requiredFiles(dir, id);
  const out = problems.map((p) => `${id}: ${p}`);
  for (const file of files) {
    const path = join(dir, file);
    if (!existsSync(path)) out.push(`${id}: ${file} missing`);
    else if (statSync(path).size === 0) out.push(`${id}: ${file} is empty`);
  }
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) {
    out.push(`${id}: ${MANIFEST} missing (run models:fetch, or models:check --write to record the current files)`);
    return out;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ModelManifest;
  for (const [file, expected] of Object.entries(manifest.files)) {
    const path = join(dir, file);
    if (existsSync(path) && sha256File(path) !== expected.sha256) out.push(`${id}: ${file} sha256 mismatch`);
  }
  return out;
}

export function listModelFolders(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((name) => !name.startsWith('.') && !name.endsWith('.part') && statSync(join(root, name)).isDirectory());
}
