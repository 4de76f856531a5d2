/**
 * npm run models:fetch -- <model-id> [--dir models] [--hub https://huggingface.co] [--libs URL]
 * On a machine with internet: downloads a catalog model's files into models/<id>/ (config,
 * tokenizer, weight shards, model library — or the one .gguf file of a CPU model), writes
 * models/<id>/sha256.json, and verifies. The download goes to models/<id>.part/ and is renamed
 * only when complete.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GPU_CATALOG, gpuModel } from '../src/llm/catalogs/gpuModels';
import { CPU_CATALOG, cpuModel } from '../src/llm/catalogs/cpuModels';
import { checkGgufHeader } from '../src/llm/modelFiles/ggufCheck';
import { CACHE_INDEXES, checkModelFolder, MANIFEST, requiredFiles, sha256File, type ModelManifest } from '../src/llm/node/modelFolder';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: 'string', default: 'models' }, hub: { type: 'string' }, libs: { type: 'string' } },
});
const id = positionals[0];
const model = id ? gpuModel(id) : undefined;
const cpu = id ? cpuModel(id) : undefined;
if (!model && !cpu) {
  console.error(`usage: npm run models:fetch -- <model-id>\nknown ids:\n  ${[...GPU_CATALOG, ...CPU_CATALOG].map((m) => m.id).join('\n  ')}`);
  process.exit(2);
}
if (cpu) await fetchGguf();
const base = !model ? '' : values.hub ? `${values.hub.replace(/\/$/, '')}/mlc-ai/${model.id}/resolve/main/` : `${model.hubUrl}/resolve/main/`;
const libName = model!.lib.split('/').pop()!;
const libUrl = values.libs ? `${values.libs.replace(/\/$/, '')}/${libName}` : model!.lib;
const final = join(values.dir!, model!.id);
const part = `${final}.part`;

async function download(url: string, to: string): Promise<number> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  writeFileSync(to, bytes);
  return bytes.length;
}

try {
  rmSync(part, { recursive: true, force: true });
  mkdirSync(part, { recursive: true });
  let total = await download(base + 'mlc-chat-config.json', join(part, 'mlc-chat-config.json'));
  let index: string | undefined;
  for (const name of CACHE_INDEXES) {
    try {
      total += await download(base + name, join(part, name));
      index = name;
      break;
    } catch {
      // try the other name
    }
  }
  if (!index) throw new Error(`no weight index (${CACHE_INDEXES.join(', ')}) at ${base}`);
  const { files, problems } = requiredFiles(part, model!.id);
  if (problems.length) throw new Error(problems.join('; '));
  for (const file of files.filter((f) => !existsSync(join(part, f)))) {
    total += await download(file === libName ? libUrl : base + file, join(part, file));
    process.stdout.write(`  ${file}\n`);
  }
  const manifest: ModelManifest = { id: model!.id, fetchedAt: new Date().toISOString(), files: {} };
  for (const file of files) manifest.files[file] = { bytes: statSync(join(part, file)).size, sha256: sha256File(join(part, file)) };
  writeFileSync(join(part, MANIFEST), JSON.stringify(manifest, null, 2));
  rmSync(final, { recursive: true, force: true });
  renameSync(part, final);
  const problemsAfter = checkModelFolder(values.dir!, model!.id);
  if (problemsAfter.length) throw new Error(problemsAfter.join('; '));
  console.log(`models:fetch: ${model!.id} → ${final} (${(total / 1e6).toFixed(1)} MB, ${files.length} files, sha256 recorded)`);
} catch (err) {
  rmSync(part, { recursive: true, force: true });
  console.error(`models:fetch failed: ${(err as Error).message}\nNothing was installed; ${existsSync(final) ? 'the previous copy is untouched' : 'models/ is unchanged'}.`);
  process.exit(1);
}

/** A CPU model is one .gguf file: downloaded, its header checked, its sha256 recorded. */
async function fetchGguf(): Promise<never> {
  const m = cpu!;
  const url = values.hub ? m.hubUrl.replace(/^https:\/\/huggingface\.co/, values.hub.replace(/\/$/, '')) : m.hubUrl;
  const target = join(values.dir!, m.id);
  const staging = `${target}.part`;
  try {
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const bytes = await download(url, join(staging, m.file));
    checkGgufHeader(new Uint8Array(readFileSync(join(staging, m.file)).subarray(0, 64)), url);
    const manifest: ModelManifest = { id: m.id, fetchedAt: new Date().toISOString(), files: { [m.file]: { bytes, sha256: sha256File(join(staging, m.file)) } } };
    writeFileSync(join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    const problems = checkModelFolder(values.dir!, m.id);
    if (problems.length) throw new Error(problems.join('; '));
    console.log(`models:fetch: ${m.id} → ${target} (${(bytes / 1e6).toFixed(1)} MB, GGUF, sha256 recorded)`);
    process.exit(0);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    console.error(`models:fetch failed: ${(err as Error).message}\nNothing was installed; ${existsSync(target) ? 'the previous copy is untouched' : 'models/ is unchanged'}.`);
    process.exit(1);
  }
}
