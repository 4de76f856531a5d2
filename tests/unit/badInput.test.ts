import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importArchive } from '../../src/corpus/importArchive';
import { CorpusImportError } from '../../src/corpus/importReport';
import { ficheJson, toDilaXml } from '../helpers/fixtures';

const good = toDilaXml(ficheJson('particuliers', 'F1342'));
const zip = (files: Record<string, Uint8Array | string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])));
const run = (files: Record<string, Uint8Array | string>) => importArchive({ kind: 'zip', name: 't.zip', bytes: zip(files) }, () => {});
const reasonFor = (result: ReturnType<typeof run>, file: string) => result.report.entries.find((e) => e.file === file);

describe('bad input in a DILA import: reported per file, the rest imported', () => {
  it('malformed XML', () => {
    const r = run({ 'F1342.xml': good, 'F2.xml': '<Publication ID="F2"><dc:title>x</dc:title>' });
    expect(r.corpus.manifest.counts.answer).toBe(1);
    expect(reasonFor(r, 'F2.xml')).toMatchObject({ severity: 'error', reason: expect.stringMatching(/^XML mal formé/) });
  });

  it('garbage entries: binary data named .xml, a non-XML file, a folder', () => {
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const r = run({ 'F1342.xml': good, 'F3.xml': noise, 'LISEZMOI.txt': 'bonjour', 'images/': new Uint8Array() });
    expect(r.corpus.manifest.counts.answer).toBe(1);
    expect(reasonFor(r, 'F3.xml')?.severity).toBe('error');
    expect(reasonFor(r, 'LISEZMOI.txt')?.reason).toMatch(/pas un fichier XML/);
  });

  it('an unknown element is kept as text and reported as a warning', () => {
    const xml = good.replace('<Paragraphe>Le guichet', '<Bizarre>texte inconnu</Bizarre><Paragraphe>Le guichet');
    const r = run({ 'F1342.xml': xml });
    expect(reasonFor(r, 'F1342.xml')).toMatchObject({ severity: 'warning', reason: expect.stringContaining('<Bizarre>') });
    expect(r.corpus.chunks.some((c) => c.text.includes('texte inconnu'))).toBe(true);
  });

  it('a fiche without title', () => {
    const r = run({ 'F1342.xml': good, 'F4.xml': good.replace(/<dc:title>[^<]*<\/dc:title>/, '<dc:title></dc:title>').replace('ID="F1342"', 'ID="F4"') });
    expect(reasonFor(r, 'F4.xml')?.reason).toBe('fiche sans titre');
  });

  it('a 5 MB fiche', () => {
    const huge = good.replace('</Publication>', `<Texte><Paragraphe>${'x'.repeat(5 << 20)}</Paragraphe></Texte></Publication>`);
    const r = run({ 'F1342.xml': good, 'F5.xml': huge });
    expect(reasonFor(r, 'F5.xml')?.reason).toMatch(/trop volumineux/);
    expect(r.corpus.manifest.counts.answer).toBe(1);
  });

  it('non-UTF-8 bytes are refused, a declared Latin-1 file is decoded', () => {
    // Characters outside Latin-1 (’, œ) become '?' as a Latin-1 editor would save them.
    const latin1 = (s: string) => Uint8Array.from([...s].map((c) => (c.charCodeAt(0) > 0xff ? 0x3f : c.charCodeAt(0))));
    const undeclared = latin1(good.replace('ID="F1342"', 'ID="F6"'));
    const declared = latin1(good.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('ID="F1342"', 'ID="F7"'));
    const r = run({ 'F6.xml': undeclared, 'F7.xml': declared });
    expect(reasonFor(r, 'F6.xml')?.reason).toMatch(/non UTF-8/);
    expect(r.corpus.fiches.find((f) => f.id === 'F7')?.title).toBe("Carte d'identité d'un mineur : première demande");
  });

  it('an empty zip fails with a clear message', () => {
    expect(() => run({})).toThrow(CorpusImportError);
    expect(() => run({})).toThrow(/import\/no-file/);
  });

  it('a zip where nothing is valid fails, with the report of each file', () => {
    try {
      run({ 'a.xml': '<oops', 'b.xml': '<ServiceComplementaire ID="R1"/>' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CorpusImportError);
      expect((err as CorpusImportError).failure).toEqual({ layer: 'import', code: 'no-valid-fiche', details: { files: 2 }, detail: undefined });
      expect((err as CorpusImportError).report.entries.map((e) => e.file)).toEqual(['a.xml']);
    }
  });

  it('a file that is not a zip', () => {
    expect(() => importArchive({ kind: 'zip', name: 'x.zip', bytes: strToU8('pas un zip du tout, vraiment pas') }, () => {})).toThrow(/import\/not-zip/);
  });

  it('a truncated zip reports the damage instead of hanging or crashing', () => {
    const bytes = zip({ 'F1342.xml': good, 'F1343.xml': good.replace('ID="F1342"', 'ID="F1343"') });
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    let outcome: unknown;
    try {
      outcome = importArchive({ kind: 'zip', name: 'cut.zip', bytes: cut }, () => {});
    } catch (err) {
      outcome = err;
    }
    // Either the first fiche is imported and the rest reported, or the whole import fails cleanly.
    if (outcome instanceof Error) expect(outcome.message).toMatch(/import\/(no-valid-fiche|zip-damaged)/);
    else expect((outcome as ReturnType<typeof run>).corpus.manifest.counts.answer).toBeGreaterThanOrEqual(1);
  });
});
