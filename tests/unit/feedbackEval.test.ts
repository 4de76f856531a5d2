import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedbackEvalQuestions, isFeedbackCsv, parseCsv } from '../../src/feedback/evalSet';
import { searchFeedbackRecord, type SearchFeedbackDraft } from '../../src/feedback/searchFeedback';
import { ComptoirDb } from '../../src/storage/db';
import { feedbackCsv, feedbackRecord, saveFeedback } from '../../src/storage/feedback';

const draft = (over: Partial<SearchFeedbackDraft> = {}): SearchFeedbackDraft => ({
  mode: 'search-only', rating: 'up', reasons: ['passages utiles'], shownFicheIds: ['F1153', 'F1344'], answeringFicheId: 'F1153',
  comment: '', question: "ma fille de 15 ans a perdu sa carte d'identité", keepQuestion: false, ...over,
});

describe('search-only and abstention feedback records', () => {
  it('keep the question only when the agent ticks it, never an answer text, and bound the comment', () => {
    const stored = (d: SearchFeedbackDraft) => feedbackRecord(searchFeedbackRecord(d), 90, new Date('2026-11-29T10:00:00Z'));
    const record = stored(draft({ comment: '  ' + 'x'.repeat(400) }));
    expect(record).toMatchObject({ createdAt: '2026-11-29T10:00:00.000Z', mode: 'search-only', rating: 'up', ficheIds: ['F1153', 'F1344'], answeringFicheId: 'F1153', keepText: false });
    expect(record).not.toHaveProperty('question');
    expect(record).not.toHaveProperty('answer');
    expect(record).not.toHaveProperty('comment');
    const kept = stored(draft({ keepQuestion: true, comment: '  ' + 'x'.repeat(400) }));
    expect(kept.question).toBe("ma fille de 15 ans a perdu sa carte d'identité");
    expect(kept.comment).toHaveLength(280);
    expect(kept).not.toHaveProperty('answer');
    expect(searchFeedbackRecord(draft({ comment: ' ', answeringFicheId: '' }))).toMatchObject({ comment: undefined, answeringFicheId: undefined });
  });
});

describe('the feedback export read back as an eval set', () => {
  it('parses the French CSV (BOM, ";", quotes, CRLF, newlines in cells)', () => {
    expect(parseCsv('\uFEFFa;b\r\n"x;1";"il dit ""non""\nfin"\r\n;\r\n')).toEqual([['a', 'b'], ['x;1', 'il dit "non"\nfin']]);
  });

  it('turns kept questions with a known truth into questions, skips the rest', async () => {
    const db = new ComptoirDb(`fb-${Math.random()}`);
    // Picked answering fiche (search-only) → that fiche.
    await saveFeedback(db, searchFeedbackRecord(draft({ keepQuestion: true, question: 'timbre fiscal; passeport "urgent"' })));
    // Abstention judged right → an out-of-scope question (the engine should abstain).
    await saveFeedback(db, searchFeedbackRecord(draft({ mode: 'abstention', keepQuestion: true, answeringFicheId: undefined, question: 'quel temps fera-t-il demain' })));
    // Question not kept → nothing to evaluate.
    await saveFeedback(db, searchFeedbackRecord(draft({ keepQuestion: false })));
    // "Pas utile" without a fiche named → the truth is unknown.
    await saveFeedback(db, searchFeedbackRecord(draft({ rating: 'down', answeringFicheId: undefined, keepQuestion: true, question: 'allocation rentrée' })));
    // A generated answer judged useful → its cited fiches.
    await saveFeedback(db, { mode: 'answer', rating: 'up', reasons: [], keepText: true, question: 'carte grise perdue', answer: 'Déclarez [1].', ficheIds: ['F1707'], model: 'm', promptVersion: 'p' });
    const csv = await feedbackCsv(db);
    expect(isFeedbackCsv(csv)).toBe(true);
    expect(isFeedbackCsv('{"question": "x", "ids": []}\n')).toBe(false);
    const { questions, skipped } = feedbackEvalQuestions(csv);
    expect(questions).toEqual([
      { question: 'timbre fiscal; passeport "urgent"', ids: ['F1153'] },
      { question: 'quel temps fera-t-il demain', ids: [] },
      { question: 'carte grise perdue', ids: ['F1707'] },
    ]);
    expect(skipped).toBe(2);
  });

  it('undoes the formula neutralisation of a cell and refuses a CSV that is not a feedback export', () => {
    const csv = 'date;avis;question;mode;fiche qui répond\r\n2026;utile;\'=1+1 ?;search-only;F1\r\n';
    expect(feedbackEvalQuestions(csv).questions).toEqual([{ question: '=1+1 ?', ids: ['F1'] }]);
    expect(() => feedbackEvalQuestions('a;b\r\n1;2\r\n')).toThrow(/not a Comptoir feedback export/);
  });

  it('npm run eval reads the export', async () => {
    const db = new ComptoirDb(`fb-${Math.random()}`);
    await saveFeedback(db, searchFeedbackRecord(draft({ keepQuestion: true, question: "carte d'identité perdue mineur" })));
    const file = join(mkdtempSync(join(tmpdir(), 'comptoir-')), 'avis.csv');
    writeFileSync(file, await feedbackCsv(db));
    const out = execFileSync('node_modules/.bin/tsx', ['scripts/eval.ts', '--questions', file, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const metrics = JSON.parse(out.trim().split('\n').pop()!);
    expect(metrics.n).toBe(1);
    expect(metrics['recall@10']).toBe(1);
  }, 120_000);
});
