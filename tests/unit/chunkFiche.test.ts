import { describe, expect, it } from 'vitest';
import { chunkFiche, DEFAULT_CHUNK_OPTIONS } from '../../src/corpus/chunkFiche';
import type { Block, Content, Fiche, Section } from '../../src/corpus/model';
import { normalizeFiche, rootElement } from '../../src/corpus/normalizeFiche';
import { estimateTokens } from '../../src/corpus/tokenEstimate';
import { ficheJson } from '../helpers/fixtures';

function fiche(body: Section[], role: Fiche['role'] = 'answer'): Fiche {
  return {
    id: 'F1', audience: 'particuliers', type: 'Fiche pratique', role, title: 'Titre', description: '', subject: '',
    theme: '', breadcrumb: [], url: 'https://www.service-public.fr/particuliers/vosdroits/F1', date: '2020-01-01',
    body, services: [], related: [], references: [],
  };
}
const para = (text: string): Block => ({ kind: 'paragraph', text });
const sec = (level: Section['level'], title: string | undefined, content: Content[]): Section => ({ kind: 'section', level, title, content });
const words = (n: number, w = 'mot') => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ') + '.';

describe('chunkFiche', () => {
  it('never mixes two chapters, even tiny ones', () => {
    const chunks = chunkFiche(fiche([sec('chapitre', 'A', [para('Un.')]), sec('chapitre', 'B', [para('Deux.')])]));
    expect(chunks.map((c) => c.path)).toEqual([['Titre', 'A'], ['Titre', 'B']]);
    expect(chunks.map((c) => c.text)).toEqual(['Un.', 'Deux.']);
  });

  it('never mixes two situations, nor a chapter with the next one inside a situation', () => {
    const chunks = chunkFiche(fiche([
      sec('situation', 'En France', [sec('chapitre', 'Où ?', [para('Mairie.')]), sec('chapitre', 'Coût', [para('Gratuit.')])]),
      sec('situation', "À l'étranger", [para('Consulat.')]),
    ]));
    expect(chunks.map((c) => c.path.join(' › '))).toEqual([
      'Titre › En France › Où ?', 'Titre › En France › Coût', "Titre › À l'étranger",
    ]);
  });

  it('gives each case its own passages, with the case it is written for, and carries id, URL, audience', () => {
    const cas = (title: string, text: string, choice: number): Section => ({ ...sec('cas', title, [para(text)]), choice });
    const f = fiche([sec('chapitre', 'Signature', [para('Au guichet.'), cas('Moins de 12 ans', 'Le parent signe.', 0), cas('Plus de 13 ans', "L'enfant signe.", 0)])]);
    f.choices = [{ options: ['Moins de 12 ans', 'Plus de 13 ans'] }];
    const chunks = chunkFiche(f);
    expect(chunks.map((c) => [c.path.join(' › '), c.text, c.cases])).toEqual([
      ['Titre › Signature', 'Au guichet.', undefined],
      ['Titre › Signature › Moins de 12 ans', 'Le parent signe.', [[0, 0]]],
      ['Titre › Signature › Plus de 13 ans', "L'enfant signe.", [[0, 1]]],
    ]);
    expect(chunks[1]).toMatchObject({ id: 'F1#1', ficheId: 'F1', audience: 'particuliers', url: 'https://www.service-public.fr/particuliers/vosdroits/F1' });
  });

  it('splits a long section on paragraph boundaries within the token budget', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => para(words(60, `p${i}m`)));
    const chunks = chunkFiche(fiche([sec('chapitre', 'Long', paragraphs)]));
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.maxTokens);
    // Paragraphs stay whole and in order.
    expect(chunks.map((c) => c.text).join('\n')).toBe(paragraphs.map((p) => (p.kind === 'paragraph' ? p.text : '')).join('\n'));
  });

  it('cuts a single over-long paragraph on sentences', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Phrase numéro ${i} avec quelques mots de plus pour la longueur.`).join(' ');
    const chunks = chunkFiche(fiche([sec('texte', undefined, [para(long)])]));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.maxTokens);
      expect(c.text).toMatch(/\.$/);
    }
  });

  it('renders tables as markdown rows (header repeated when split), lists with bullets, notes with their label', () => {
    const rows = [{ header: true, cells: ['Âge', 'Tarif'] }, ...Array.from({ length: 200 }, (_, i) => ({ header: false, cells: [`${i} ans`, `${i * 2} €`] }))];
    const chunks = chunkFiche(fiche([sec('chapitre', 'Coût', [
      { kind: 'list', ordered: false, items: [[para('Photo')], [para('Justificatif de domicile')]] },
      { kind: 'note', label: 'Attention', blocks: [para('Originaux exigés.')] },
      { kind: 'table', rows },
    ])]));
    expect(chunks[0]!.text).toContain('- Photo\n- Justificatif de domicile');
    expect(chunks[0]!.text).toContain('Attention : Originaux exigés.');
    const tableChunks = chunks.filter((c) => c.text.includes('| Âge | Tarif |'));
    expect(tableChunks.length).toBeGreaterThan(1);
    for (const c of tableChunks) expect(c.text).toContain('| Âge | Tarif |\n| --- | --- |');
    expect(chunks.map((c) => c.text).join('\n')).toContain('| 199 ans | 398 € |');
  });

  it('gives navigation pages and empty fiches no chunk', () => {
    expect(chunkFiche(fiche([sec('texte', undefined, [para('Voir les fiches.')])], 'navigation'))).toEqual([]);
    expect(chunkFiche(fiche([], 'empty'))).toEqual([]);
  });

  it('chunks a real fiche by case: each passage under one case path, its choices read from BlocCas and ListeSituations', () => {
    const { fiche: real } = normalizeFiche(rootElement(ficheJson('particuliers', 'F1153'))!, 'particuliers');
    const choices = real.choices ?? [];
    expect(choices.at(0)?.options).toEqual(['En France', "À l'étranger"]);
    expect(choices.some((c) => c.options.join('|') === 'Cas général|En Guyane')).toBe(true);
    const chunks = chunkFiche(real);
    expect(chunks.every((c) => c.text.trim().length > 0 && c.tokens === estimateTokens(c.text))).toBe(true);
    for (const c of chunks) {
      // The case titles stand in the path, in order, and no passage holds a second case's heading.
      const titles = (c.cases ?? []).map(([choice, option]) => choices[choice]!.options[option]!);
      expect(c.path.filter((p) => titles.includes(p)), c.id).toEqual(titles);
    }
    const guyane = chunks.filter((c) => c.path.includes('En Guyane'));
    expect(guyane.length).toBeGreaterThan(0);
    expect(guyane.every((c) => !c.text.includes('Cas général'))).toBe(true);
    const stamp = chunks.find((c) => c.path.join(' › ').endsWith("Cas général › L'enfant a un passeport valide"));
    expect(stamp?.text).toContain('25 €');
  });
});
