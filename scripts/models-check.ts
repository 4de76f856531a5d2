/**
 * npm run models:check [-- <model-id> ...] [--dir models] [--write]
 * Verifies model folders: required files present and non-empty, sha256 as recorded.
 * --write records the sha256 of a folder copied by hand (trusting its current content).
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkModelFolder, listModelFolders, MANIFEST, requiredFiles, sha256File, type ModelManifest } from '../src/llm/node/modelFolder';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string', default: 'models' }, write: { type: 'boolean', default: false } } });
const ids = positionals.length ? positionals : listModelFolders(values.dir!);
if (!ids.length) {
  console.log(`models:check: no model folder in ${values.dir}/ (see models/README.md)`);
  process.exit(0);
}
let failed = 0;
for (const id of ids) {
  const dir = join(values.dir!, id);
  if (values.write) {
    const { files } = requiredFiles(dir, id);
    const manifest: ModelManifest = { id, fetchedAt: new Date().toISOString(), files: {} };
    for (const file of files) {
      try {
        manifest.files[file] = { bytes: statSync(join(dir, file)).size, sha256: sha256File(join(dir, file)) };
      } catch {
        // reported by the check below
      }
    }
    writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest, null, 2));
  }
  const problems = checkModelFolder(values.dir!, id);
  if (problems.length) {
    failed++;
    for (const p of problems) console.log(`✗ ${p}`);
  } else console.log(`✓ ${id}`);
}
process.exit(failed ? 1 : 0);
