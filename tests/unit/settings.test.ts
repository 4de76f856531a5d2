import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ComptoirDb } from '../../src/storage/db';
import { parseSetting, readSetting, STORED_SETTINGS, writeSetting, type SettingKey, type SettingValue } from '../../src/settings/storedSettings';
import * as tunables from '../../src/settings/tunables';

const ROOT = join(import.meta.dirname, '../..');
const TUNABLES = join(ROOT, 'src/settings/tunables.ts');
const keys = Object.keys(STORED_SETTINGS) as SettingKey[];

/**
 * Values no stored setting accepts (each setting's default must then serve): wrong types, and a
 * record whose every field is damaged. Strings are left out: three settings hold any id.
 */
const DAMAGED: unknown[] = [42, -1, NaN, [], [1, 2], { failures: 'deux', enabled: 'oui', retentionDays: -3, name: 7, id: '', allowHub: 'yes', installed: 'hub', idleSeconds: 1e9 }];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

/** Exported names of tunables.ts with the doc comment written above each (TypeScript's own parser). */
function documentedExports(): Map<string, string> {
  const file = ts.createSourceFile(TUNABLES, readFileSync(TUNABLES, 'utf8'), ts.ScriptTarget.Latest, true);
  const docs = new Map<string, string>();
  for (const node of file.statements) {
    if (!ts.canHaveModifiers(node) || !ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const doc = ts.getJSDocCommentsAndTags(node).map((d) => (ts.isJSDoc(d) ? ts.getTextOfJSDocComment(d.comment) ?? '' : '')).join(' ').trim();
    const names = ts.isVariableStatement(node) ? node.declarationList.declarations.map((d) => d.name.getText())
      : ts.isFunctionDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) ? [node.name!.getText()] : [];
    for (const name of names) docs.set(name, doc);
  }
  return docs;
}

/** Every number in a tunable (records walked), with its path. */
function numbers(value: unknown, path: string): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}

describe('tunables (src/settings/tunables.ts)', () => {
  const docs = documentedExports();
  const values = Object.entries(tunables);

  it('each exported tunable has a comment saying what it does and why', () => {
    expect(values.length).toBeGreaterThanOrEqual(8);
    for (const [name] of values) {
      expect(docs.get(name), `${name} has no doc comment`).toBeDefined();
      expect(docs.get(name)!.length, `${name}'s comment is too short to say why`).toBeGreaterThan(40);
    }
    // Types too: each says what it holds.
    for (const [name, doc] of docs) expect(doc.length, `${name}'s comment`).toBeGreaterThan(20);
  });

  it('each tunable holds real figures: numbers positive (Infinity: no cap), none NaN', () => {
    for (const [name, value] of values) {
      if (typeof value === 'function') continue;
      const found = numbers(value, name);
      expect(found.length, `${name} holds no figure`).toBeGreaterThan(0);
      for (const [path, x] of found) expect(x > 0, `${path} = ${x}`).toBe(true);
    }
    expect(tunables.modelMemoryBudgetMB(undefined)).toBe(4096);
    expect(tunables.modelMemoryBudgetMB(16)).toBe(8192);
  });

  it('each tunable is read by the product (a default nobody reads is a second home)', () => {
    const readers = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'workers'))].filter((f) => !f.startsWith(join(ROOT, 'src/settings')));
    const text = readers.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const [name] of values) expect(new RegExp(`\\b${name}\\b`).test(text), `${name} is read nowhere in src/ or workers/`).toBe(true);
  });
});

describe('stored settings (src/settings/storedSettings.ts)', () => {
  it('each setting says what it holds, and its default reads back as itself', () => {
    expect(keys.length).toBeGreaterThanOrEqual(12);
    for (const key of keys) {
      const spec = STORED_SETTINGS[key];
      expect(spec.description.length, key).toBeGreaterThan(40);
      expect(spec.parse(spec.default), `${key}'s default does not pass its own check`).toEqual(spec.default);
      expect(parseSetting(key, undefined)).toEqual(spec.default);
    }
  });

  it('a damaged stored value gives the default, whatever the setting', () => {
    for (const key of keys) {
      for (const bad of DAMAGED) expect(parseSetting(key, bad), `${key} from ${JSON.stringify(bad)}`).toEqual(STORED_SETTINGS[key].default);
    }
  });

  it('one damaged field costs only itself', () => {
    expect(parseSetting('kiosk', { enabled: true, idleSeconds: 'soon', codeHash: 'pbkdf2-sha256$1$ab$cd' }))
      .toEqual({ enabled: true, idleSeconds: 180, codeHash: 'pbkdf2-sha256$1$ab$cd' });
    expect(parseSetting('kiosk', { enabled: true, idleSeconds: 5 })).toEqual({ enabled: true, idleSeconds: 180 });
    expect(parseSetting('models', { allowHub: true, installed: { a: 'hub', b: 'ftp' }, engine: 'quantum' })).toEqual({ allowHub: true, installed: { a: 'hub' } });
    expect(parseSetting('qualifications', { a: { model: 'a', at: '2026-01-01' }, b: 'lost' })).toEqual({ a: { model: 'a', at: '2026-01-01' } });
  });

  /** A value of each setting other than its default, as a screen would save it. */
  const SAMPLES: { [K in SettingKey]: SettingValue<K> } = {
    activeCorpus: 'corpus-abc',
    previousCorpus: 'embedded',
    desk: { name: 'France Services de Lodève', address: '1 place de la Mairie\n34700 Lodève' },
    history: { enabled: true, retentionDays: 30 },
    feedback: { retentionDays: 30 },
    'personal-data-notice': true,
    kiosk: { enabled: true, idleSeconds: 300, codeHash: 'pbkdf2-sha256$600000$00112233445566778899aabbccddeeff$' + 'ab'.repeat(32) },
    'kiosk-attempts': { failures: 5, lockedUntil: 1_800_000_000_000 },
    'kiosk-deployment': 'pbkdf2-sha256$600000$00112233445566778899aabbccddeeff$' + 'cd'.repeat(32),
    models: { allowHub: true, active: 'Qwen2.5-1.5B', installed: { 'Qwen2.5-1.5B': 'local' }, engine: 'cpu' },
    embedder: { id: 'comptoir-corpus-static' },
    qualifications: { m: { model: 'm', at: '2026-12-07T10:00:00.000Z' } },
  };

  it('each setting goes through IndexedDB (Dexie, as the app stores it) and back', async () => {
    const db = new ComptoirDb(`settings-${Math.random()}`);
    for (const key of keys) {
      expect(await readSetting(db, key), `${key} before any write`).toEqual(STORED_SETTINGS[key].default);
      expect(SAMPLES[key]).not.toEqual(STORED_SETTINGS[key].default);
      await writeSetting(db, key, SAMPLES[key]);
      expect(await readSetting(db, key), key).toEqual(SAMPLES[key]);
      // What an older version or a damaged profile left there: the default serves.
      await db.settings.put({ key, value: { 'n’importe': 'quoi' } });
      expect(await readSetting(db, key), `${key} damaged`).toEqual(STORED_SETTINGS[key].default);
    }
    // « None » is no record at all.
    await writeSetting(db, 'activeCorpus', null);
    expect(await db.settings.get('activeCorpus')).toBeUndefined();
    db.close();
  });

  it('no reader outside the registry reads the settings table or casts what it holds', () => {
    const offenders = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'workers'))]
      .filter((f) => !f.startsWith(join(ROOT, 'src/settings')))
      .filter((f) => /\.settings\.(get|put|delete|where|toArray)\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => f.slice(ROOT.length + 1))).toEqual([]);
  });
});
