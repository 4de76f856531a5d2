import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuestions } from '../../src/search/evaluation/evaluate';
import { allSets, readManifest, SETS_DIR, setPath, setsUsedBy, setsWithRole } from '../../scripts/lib/setManifest';

const manifest = readManifest();
const scripts = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts);

describe('the question sets manifest (tests/eval/sets.json)', () => {
  it('lists every set file once, and only files that exist', () => {
    const files = readdirSync(SETS_DIR).filter((f) => f.endsWith('.jsonl')).sort();
    expect(manifest.map((s) => s.file).sort()).toEqual(files);
    expect(new Set(manifest.map((s) => s.name)).size).toBe(manifest.length);
    expect(allSets()).toHaveLength(files.length);
  });

  it('states each set’s role, origin, use and true size', () => {
    for (const set of manifest) {
      expect(['training', 'calibration', 'tuning', 'held-out'], set.name).toContain(set.role);
      expect(set.origin.length, set.name).toBeGreaterThan(40);
      expect(set.used.length, set.name).toBeGreaterThan(10);
      const questions = parseQuestions(readFileSync(setPath(set.name), 'utf8'));
      const inScope = questions.filter((q) => q.ids.length).length;
      expect(set.size, set.name).toEqual({ questions: questions.length, inScope, offTopic: questions.length - inScope });
    }
  });

  it('names only npm scripts as readers, and a held-out set is read by none of them nor fitted on', () => {
    for (const set of manifest) for (const script of set.usedBy ?? []) expect(scripts, `${set.name}: ${script}`).toContain(script);
    const heldOut = setsWithRole('held-out');
    expect(heldOut.length).toBeGreaterThan(0);
    for (const script of scripts) for (const { path } of setsUsedBy(script)) expect(heldOut, script).not.toContain(path);
    expect(setsWithRole('training')).not.toEqual(expect.arrayContaining(heldOut));
  });

  it('keeps the calibration sets out of every fitted table: the scripts that fit read training sets only', () => {
    const calibration = setsWithRole('calibration');
    for (const script of scripts) for (const { path } of setsUsedBy(script)) expect(calibration, script).not.toContain(path);
    for (const file of ['scripts/train-ranker.ts', 'scripts/learn-translations.ts']) expect(readFileSync(file, 'utf8'), file).not.toMatch(/setsWithRole\([^)]*'calibration'/);
    expect(readFileSync('scripts/calibrate-abstention.ts', 'utf8')).toMatch(/setsWithRole\('calibration'\)/);
  });

  it('refuses a set name it does not list', () => {
    expect(() => setPath('clean7')).toThrow(/No question set named clean7/);
  });
});
