import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ComptoirDb } from '../../src/storage/db';
import { addFeedback, feedbackCsv } from '../../src/storage/feedback';
import { clearConversation, historySettings, loadTurns, saveHistorySettings, saveTurn } from '../../src/storage/history';
import { plainTextAnswer } from '../../src/rag/plainTextAnswer';
import type { Answer } from '../../src/rag/answerPipeline';

const db = () => new ComptoirDb(`t-${Math.random()}`);

describe('feedback', () => {
  it('exports a CSV a French spreadsheet opens, quoting what needs it', async () => {
    const d = db();
    await addFeedback(d, { at: '2026-11-28T10:00:00Z', rating: 'down', reasons: ['incorrect', 'trop long'], question: 'Carte "grise"; perdue ?', answer: 'x', ficheIds: ['F1726'], model: 'm', promptVersion: 'p1' });
    await addFeedback(d, { at: '2026-11-28T09:00:00Z', rating: 'up', reasons: [], question: 'RSA', answer: 'y', ficheIds: ['F19778', 'F1'], model: 'm', promptVersion: 'p1' });
    const lines = (await feedbackCsv(d)).split('\r\n');
    expect(lines[0]).toBe('\uFEFFdate;avis;motifs;question;fiches citées;modèle;version du prompt;commentaire;mode;fiche qui répond');
    expect(lines[1]).toBe('2026-11-28T09:00:00Z;utile;;RSA;F19778 F1;m;p1;;answer;');
    expect(lines[2]).toBe('2026-11-28T10:00:00Z;pas utile;incorrect, trop long;"Carte ""grise""; perdue ?";F1726;m;p1;;answer;');
  });
});

describe('conversation history', () => {
  it('is off by default and stores nothing then', async () => {
    const d = db();
    expect((await historySettings(d)).enabled).toBe(false);
    await saveTurn(d, { id: 'a', at: new Date().toISOString(), question: 'q', answer: 'r' });
    expect(await d.turns.count()).toBe(0);
  });

  it('keeps turns within the retention period when on, and "nouvel usager" clears them', async () => {
    const d = db();
    await saveHistorySettings(d, { enabled: true, retentionDays: 2 });
    const now = Date.parse('2026-11-28T12:00:00Z');
    await saveTurn(d, { id: 'old', at: '2026-11-25T12:00:00Z', question: 'ancienne', answer: 'r' });
    await saveTurn(d, { id: 'new', at: '2026-11-28T11:00:00Z', question: 'récente', answer: 'r' });
    expect((await loadTurns(d, now)).map((t) => t.id)).toEqual(['new']);
    expect(await d.turns.count()).toBe(1);
    await clearConversation(d);
    expect(await d.turns.count()).toBe(0);
    await saveTurn(d, { id: 'x', at: '2026-11-28T11:00:00Z', question: 'q', answer: 'r' });
    await saveHistorySettings(d, { enabled: false, retentionDays: 2 });
    expect(await d.turns.count()).toBe(0);
  });
});

describe('plain-text answer for the citizen', () => {
  it('lists the cited sources with their URL after the answer', () => {
    const source = (n: number, id: string, title: string, section: string[]) => ({
      n,
      chunk: { id: `${id}#0`, ficheId: id, audience: 'particuliers' as const, url: `https://www.service-public.fr/particuliers/vosdroits/${id}`, path: [title, ...section], text: 't', tokens: 1 },
      fiche: { id, title, url: `https://www.service-public.fr/particuliers/vosdroits/${id}` } as Answer['sources'][number]['fiche'],
    });
    const answer = {
      text: 'Faites une **pré-demande** [1].\n* Allez en mairie [1].',
      cited: [1],
      sources: [source(1, 'F1341', 'Carte d’identité', ['En France']), source(2, 'F2', 'Autre', [])],
    } as unknown as Answer;
    expect(plainTextAnswer(answer, '12 novembre 2020')).toBe(
      'Faites une pré-demande [1].\n- Allez en mairie [1].\n\nSources (service-public.fr, données du 12 novembre 2020) :\n' +
      '[1] Carte d’identité — En France : https://www.service-public.fr/particuliers/vosdroits/F1341',
    );
  });
});
