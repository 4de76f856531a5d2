import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/corpus/tokenEstimate';
import { GAP, sentences, trimPassage } from '../../src/rag/trimPassage';
import { realEngine } from '../helpers/realEngine';

// Our own text in the fiches' style (no DILA prose in the repo).
const PASSAGE = [
  "La demande se fait en mairie, dans une commune équipée d'un dispositif de recueil.",
  "Le mineur doit être présent lors du dépôt du dossier et accompagné de la personne qui exerce l'autorité parentale.",
  'En cas de perte, il faut faire une déclaration de perte au moment de la demande.',
  'Le renouvellement coûte 25 € en timbre fiscal si la carte a été perdue ou volée.',
  'La carte est valable 10 ans pour un mineur.',
  "Le délai de fabrication dépend du lieu et de la période de l'année.",
].join(' ');
const QUESTION = "Ma fille de 15 ans a perdu sa carte d'identité, combien ça coûte ?";

describe('trimPassage', () => {
  it('splits sentences and list items without breaking « art. L. 123 » or decimals', () => {
    const parts = sentences("Voir l'art. L. 123 du code. Le taux est de 1.5 % par an.\n- premier point\n- second point");
    expect(parts.map((p) => p.text)).toEqual(["Voir l'art. L. 123 du code.", 'Le taux est de 1.5 % par an.', '- premier point', '- second point']);
    expect(parts.map((p) => p.sep)).toEqual([' ', '\n', '\n', '']);
  });

  it('returns a passage within budget unchanged', () => {
    expect(trimPassage(PASSAGE, QUESTION, 1000)).toBe(PASSAGE);
  });

  it("keeps, in the fiche's order and within budget, the sentences that answer the question", () => {
    const budget = 50;
    const out = trimPassage(PASSAGE, QUESTION, budget);
    expect(estimateTokens(out)).toBeLessThanOrEqual(budget);
    // The sentences sharing the question's terms (« coûte », « perdue », « carte », « ans »)…
    expect(out).toContain('25 € en timbre fiscal');
    expect(out).toContain('valable 10 ans');
    // …not the ones about the delay or where to apply.
    expect(out).not.toContain('délai de fabrication');
    expect(out).not.toContain('en mairie');
    expect(out.indexOf('25 €')).toBeLessThan(out.indexOf('valable 10 ans'));
    // Left-out sentences are marked, never silently joined.
    expect(out.startsWith(GAP.trimStart())).toBe(true);
    expect(out).toContain('[…]');
  });

  it('follows the question: another question keeps other sentences', () => {
    const out = trimPassage(PASSAGE, "Combien de temps faut-il pour fabriquer la carte d'un mineur ?", 40);
    expect(out).toContain('délai de fabrication');
    expect(out).not.toContain('25 €');
  });

  it('cuts a single overlong sentence at a word, with an ellipsis, within budget', () => {
    const long = `${'Les pièces justificatives à fournir dépendent de la situation '.repeat(12).trim()}.`;
    const out = trimPassage(long, QUESTION, 20);
    expect(out.endsWith(' …')).toBe(true);
    expect(estimateTokens(out)).toBeLessThanOrEqual(20);
    expect(long.startsWith(out.slice(0, -2))).toBe(true);
  });

  it('on real passages of the corpus, stays within budget and keeps question words', () => {
    const { engine } = realEngine();
    const question = "Ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";
    const hits = engine.search(question, { k: 5, passagesPerFiche: 2 }).hits;
    const passages = hits.flatMap((h) => h.passages.map((p) => p.chunk.text)).filter((t) => estimateTokens(t) > 120);
    expect(passages.length).toBeGreaterThan(2);
    for (const text of passages) {
      const out = trimPassage(text, question, 100);
      expect(estimateTokens(out)).toBeLessThanOrEqual(100);
      expect(out.length).toBeGreaterThan(100);
    }
    // The best passage of the best fiche still speaks of the identity card once trimmed.
    expect(trimPassage(hits[0]!.passages[0]!.chunk.text, question, 100).toLowerCase()).toMatch(/carte|identité|perte|perdu/);
  }, 180_000);
});
