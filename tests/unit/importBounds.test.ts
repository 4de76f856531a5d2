import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AppError, toFailure } from '../../src/errors/appFailure';
import { importArchive } from '../../src/corpus/importArchive';
import { IMPORT_LIMITS, zipEntries } from '../../src/corpus/sources/zipEntries';
import { failureText } from '../../src/ui/failureText';
import { ficheJson, toDilaXml } from '../helpers/fixtures';
import { deflatedRepeat, rawZip } from '../helpers/zipBuilder';

const good = strToU8(toDilaXml(ficheJson('particuliers', 'F1342')));
const importZip = (bytes: Uint8Array) => importArchive({ kind: 'zip', name: 't.zip', bytes }, () => {});
const failureOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).failure;
  }
  throw new Error('expected a failure');
};

/** An outside tester's hostile or oversized archives, each refused early, in French, without a crash. */
describe('an import stays within bounds', () => {
  it('a 1 MB zip hiding 1 GB behind a small declared size is stopped while inflating', () => {
    const bomb = deflatedRepeat(1024);
    expect(bomb.length).toBeLessThan(2 << 20);
    const zip = rawZip([{ name: 'F9.xml', data: bomb, declaredSize: 1000 }]);
    const before = process.memoryUsage().rss;
    const entries = [...zipEntries(zip)];
    // Stopped at the 3 MB cap plus one slice's worth, not after inflating the gigabyte.
    expect(entries).toEqual([{ name: 'F9.xml', error: 'fichier trop volumineux (plus de 3,0 Mo)', offset: bomb.length }]);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 << 20);
  });

  it('a bomb that tells the truth is refused before a byte is inflated', () => {
    const zip = rawZip([{ name: 'F9.xml', data: deflatedRepeat(1024), declaredSize: 1 << 30 }]);
    expect([...zipEntries(zip)][0]?.error).toBe('fichier trop volumineux (1024,0 Mo)');
  });

  it('400 entries of 2.9 MB (1.1 GB inflated, a few MB zipped) stop at the total cap', () => {
    const entry = deflatedRepeat(3).subarray(0); // 3 MB of spaces: over the per-file cap, so shrink the cap
    const limits = { ...IMPORT_LIMITS, maxEntryBytes: 3 << 20 };
    const honest = rawZip(Array.from({ length: 400 }, (_, i) => ({ name: `F${i}.xml`, data: entry, declaredSize: 2.9 * (1 << 20) })));
    expect(failureOf(() => [...zipEntries(honest, limits)])).toMatchObject({ layer: 'import', code: 'too-large', details: { max: 256 << 20 } });
    // Headers claiming 1 KB each: caught by the running total while inflating, well before 1.1 GB.
    const lying = rawZip(Array.from({ length: 400 }, (_, i) => ({ name: `F${i}.xml`, data: entry, declaredSize: 1024 })));
    let seen = 0;
    const failure = failureOf(() => {
      for (const e of zipEntries(lying, { ...limits, maxEntryBytes: 4 << 20 })) if (e.data) seen++;
    });
    expect(failure.code).toBe('too-large');
    expect(seen).toBe(85); // 85 × 3 MB = 255 MB; the 86th passes 256 MB
    expect(failureText(failure)).toMatch(/dépasse 256 Mo .* Le corpus installé est conservé\./);
  });

  it('50,000 tiny entries are refused from the directory, without a stack overflow', () => {
    const many = rawZip(Array.from({ length: 50_000 }, (_, i) => ({ name: `${i}.txt`, data: new Uint8Array([0x61]), method: 0 as const, declaredSize: 1 })));
    expect(failureOf(() => importZip(many))).toMatchObject({ code: 'too-many-entries', details: { entries: 50_000, max: 20_000 } });
  });

  it('15,000 tiny entries (under the cap) are read in a loop: no recursion per entry', () => {
    const files = Object.fromEntries(Array.from({ length: 15_000 }, (_, i) => [`F${i}.txt`, strToU8('a')]));
    files['F1342.xml'] = good;
    const { corpus, report } = importZip(zipSync(files));
    expect(corpus.manifest.counts.answer).toBe(1);
    expect(report.errors).toBe(15_000);
  });

  it('a PK header followed by garbage is a damaged zip, not « e is not a constructor »', () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    // A local header announcing compression method 99, as the tester's file did: fflate's
    // streaming reader then called `new undefined` (« e is not a constructor » once minified).
    garbage.set([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0x61]);
    const failure = failureOf(() => importZip(garbage));
    expect(failure).toMatchObject({ layer: 'import', code: 'zip-damaged' });
    expect(failureText(failure)).toMatch(/endommagée .* téléchargez-la de nouveau/);
  });

  it('an entry with an unknown compression method is reported, the rest imported', () => {
    const ok = zipSync({ 'F1342.xml': good });
    const entries = [...zipEntries(rawZip([{ name: 'F2.xml', data: good, method: 12 as 8, declaredSize: good.length }]))];
    expect(entries[0]?.error).toMatch(/méthode de compression 12 non prise en charge/);
    expect(importZip(ok).corpus.manifest.counts.answer).toBe(1);
  });

  it('corrupt deflate data is one bad entry, not a crash', () => {
    const bad = new Uint8Array(200).fill(0xff);
    const zip = rawZip([{ name: 'F1.xml', data: bad, declaredSize: 1000 }]);
    expect([...zipEntries(zip)][0]?.error).toMatch(/données compressées corrompues/);
  });

  it('XML nested 50,000 deep is one refused file with a French reason, the rest imported', () => {
    const depth = 50_000;
    const nested = `<?xml version="1.0" encoding="UTF-8"?><Publication ID="F990001" type="Fiche d'information"><dc:title>Piège</dc:title>`
      + `<Texte>${'<Paragraphe>'.repeat(depth)}x${'</Paragraphe>'.repeat(depth)}</Texte></Publication>`;
    const { corpus, report } = importZip(zipSync({ 'F990001.xml': strToU8(nested), 'F1342.xml': good }));
    expect(corpus.manifest.counts.answer).toBe(1);
    expect(report.entries).toEqual([{ file: 'F990001.xml', severity: 'error', reason: 'XML trop imbriqué (plus de 100 niveaux d’éléments) : ce n’est pas une fiche DILA, fichier ignoré' }]);
    expect(JSON.stringify(report.entries)).not.toMatch(/call stack/i);
  });

  it('a 2.9 MB text without a space becomes passages of bounded size, quickly', () => {
    const blob = `<?xml version="1.0" encoding="UTF-8"?><Publication ID="F990003" type="Fiche d'information"><dc:title>Bloc</dc:title>`
      + `<Texte><Paragraphe>${'a'.repeat(2_900_000)}</Paragraphe></Texte></Publication>`;
    const started = performance.now();
    const { corpus } = importZip(zipSync({ 'F990003.xml': strToU8(blob), 'F1342.xml': good }));
    const seconds = (performance.now() - started) / 1000;
    const chunks = corpus.chunks.filter((c) => c.ficheId === 'F990003');
    expect(chunks.length).toBeGreaterThan(1000);
    expect(Math.max(...chunks.map((c) => c.tokens))).toBeLessThanOrEqual(400);
    expect(chunks.map((c) => c.text).join('').replace(/[^a]/g, '').length).toBe(2_900_000);
    console.log(`2.9 MB text node: ${chunks.length} passages in ${seconds.toFixed(1)} s`);
  });

  it('a folder past the bounds is refused before reading', () => {
    const files = Array.from({ length: 20_001 }, (_, i) => ({ name: `d/${i}.xml`, bytes: new Uint8Array(1) }));
    expect(failureOf(() => importArchive({ kind: 'files', name: 'd', files }, () => {})).code).toBe('too-many-entries');
  });

  it('a browser error without our code still gets one (quota, out of memory, anything else)', () => {
    const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    expect(toFailure(quota, 'import')).toMatchObject({ layer: 'storage', code: 'quota' });
    expect(toFailure(new RangeError('Maximum call stack size exceeded'), 'import').code).toBe('out-of-memory');
    expect(toFailure(new RangeError('Array buffer allocation failed'), 'import').code).toBe('out-of-memory');
    const odd = toFailure(new TypeError('e is not a constructor'), 'import');
    expect(odd.code).toBe('unexpected');
    expect(failureText(odd)).toMatch(/^Import impossible \(erreur inattendue : TypeError: e is not a constructor\)\. Rechargez .* Le corpus installé est conservé\.$/);
  });
});
