import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/feedback/evalSet';
import { ComptoirDb } from '../../src/storage/db';
import {
  deleteAllFeedback, feedbackCount, feedbackCsv, forgetFeedbackText, neutralizeCsvCell, saveFeedback, saveFeedbackSettings, unneutralizeCsvCell,
} from '../../src/storage/feedback';

const db = () => new ComptoirDb(`fb-${Math.random()}`);
const QUESTION = 'Mme Léa Martin, née le 12/03/1985, NIR 2 85 03 75 115 042 33, tél 06 12 34 56 78, a perdu sa carte vitale';
const base = { mode: 'answer' as const, rating: 'up' as const, reasons: [], ficheIds: ['F1726'], model: 'm', promptVersion: 'p1' };

describe('feedback keeps what quality review needs, nothing of the citizen', () => {
  it('stores no question or answer unless the agent keeps the text, and they do not come back in the CSV after a reload', async () => {
    const name = `fb-${Math.random()}`;
    const d = new ComptoirDb(name);
    await saveFeedback(d, { ...base, question: QUESTION, answer: 'Faites opposition [1].', comment: 'appeler Mme Martin au 0612345678' });
    d.close();
    const reopened = new ComptoirDb(name);
    const [stored] = await reopened.feedback.toArray();
    expect(stored).toMatchObject({ rating: 'up', ficheIds: ['F1726'], model: 'm', promptVersion: 'p1', keepText: false, mode: 'answer' });
    expect(stored!.question).toBeUndefined();
    expect(stored!.answer).toBeUndefined();
    expect(stored!.comment).toBeUndefined();
    const csv = await feedbackCsv(reopened);
    expect(csv).not.toMatch(/Martin|1985|06 12|85 03 75|carte vitale/);
  });

  it('masks personal data when the agent keeps the text', async () => {
    const d = db();
    const saved = await saveFeedback(d, { ...base, keepText: true, question: QUESTION, answer: 'Contactez le 06 12 34 56 78' });
    expect(saved.question).toContain('carte vitale');
    expect(saved.question).not.toMatch(/Martin|12\/03\/1985|2 85 03|06 12 34/);
    expect(saved.answer).toBe('Contactez le [téléphone]');
    expect((await d.feedback.toArray())[0]!.question).toBe(saved.question);
  });

  it('accepts the reactive proxies a Svelte form hands over (DataCloneError on « Utile » without reason)', async () => {
    const d = db();
    const reasons = new Proxy<string[]>([], {});
    const ficheIds = new Proxy<string[]>(['F1'], {});
    await expect(saveFeedback(d, { ...base, reasons, ficheIds })).resolves.toMatchObject({ reasons: [], ficheIds: ['F1'] });
    expect(await d.feedback.count()).toBe(1);
  });

  it('expires avis after the retention period, counts them and deletes them all', async () => {
    const d = db();
    await saveFeedbackSettings(d, { retentionDays: 10 });
    const jan1 = new Date('2026-01-01T10:00:00Z');
    await saveFeedback(d, base, jan1);
    await saveFeedback(d, base, new Date('2026-01-08T10:00:00Z'));
    expect(await feedbackCount(d, new Date('2026-01-09T00:00:00Z'))).toBe(2);
    expect(await feedbackCount(d, new Date('2026-01-11T10:00:01Z'))).toBe(1);
    expect((await feedbackCsv(d, new Date('2026-01-19T00:00:00Z'))).trim().split('\r\n')).toHaveLength(1);
    await saveFeedback(d, base, jan1);
    await deleteAllFeedback(d);
    expect(await d.feedback.count()).toBe(0);
  });

  it('« Nouvel usager » strips any text the agent did not keep', async () => {
    const d = db();
    await d.feedback.add({ ...base, createdAt: 'x', expiresAt: '9999', keepText: false, question: 'Jean DUPONT', answer: 'a' });
    await saveFeedback(d, { ...base, keepText: true, question: 'carte grise perdue' });
    await forgetFeedbackText(d);
    const rows = await d.feedback.orderBy('id').toArray();
    expect(rows[0]!.question).toBeUndefined();
    expect(rows[0]!.answer).toBeUndefined();
    expect(rows[1]!.question).toBe('carte grise perdue');
  });

  it('drops the full questions and answers a version-2 database kept, and gives each avis an expiry', async () => {
    const name = `fb-${Math.random()}`;
    const old = new Dexie(name);
    old.version(2).stores({ corpora: 'id', settings: 'key', feedback: '++id, at', turns: 'id, at' });
    await old.table('feedback').add({ at: '2026-11-01T10:00:00Z', rating: 'down', reasons: ['faux'], question: QUESTION, answer: 'r', ficheIds: ['F1'], model: 'm', promptVersion: 'p' });
    old.close();
    const d = new ComptoirDb(name);
    const [row] = await d.feedback.toArray();
    expect(row).toMatchObject({ createdAt: '2026-11-01T10:00:00Z', rating: 'down', keepText: false, mode: 'answer', expiresAt: '2027-01-30T10:00:00.000Z' });
    expect(row!.question).toBeUndefined();
    expect(row!.answer).toBeUndefined();
  });
});

describe('feedback CSV', () => {
  it('exports a CSV a French spreadsheet opens, quoting what needs it', async () => {
    const d = db();
    await saveFeedback(d, { ...base, rating: 'down', reasons: ['incorrect', 'trop long'], keepText: true, question: 'Carte "grise"; perdue ?' }, new Date('2026-11-28T10:00:00Z'));
    await saveFeedback(d, { ...base, mode: 'search-only', answeringFicheId: 'F19778', ficheIds: ['F19778', 'F1'] }, new Date('2026-11-28T09:00:00Z'));
    const lines = (await feedbackCsv(d, new Date('2026-11-29T00:00:00Z'))).split('\r\n');
    expect(lines[0]).toBe('\uFEFF"date";"mode";"avis";"motifs";"fiches citées";"fiche qui répond";"modèle";"version du prompt";"question";"réponse";"commentaire"');
    expect(lines[1]).toBe('"2026-11-28T09:00:00.000Z";"recherche";"utile";"";"F19778 F1";"F19778";"m";"p1";"";"";""');
    expect(lines[2]).toBe('"2026-11-28T10:00:00.000Z";"réponse";"pas utile";"incorrect, trop long";"F1726";"";"m";"p1";"Carte ""grise""; perdue ?";"";""');
  });

  it('neutralises cells a spreadsheet would run as a formula (=, +, -, @, tab, CR)', async () => {
    for (const bad of ['=HYPERLINK("http://x")', '+33', '-1+1', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(neutralizeCsvCell(bad)).toBe(`'${bad}`);
    }
    expect(neutralizeCsvCell('carte grise')).toBe('carte grise');
    const d = db();
    await saveFeedback(d, { ...base, keepText: true, question: '=cmd|\' /C calc\'!A0', answer: '@somme(1+1)', comment: '-2+3' });
    const rows = parseCsv(await feedbackCsv(d));
    expect(rows[1]!.slice(8)).toEqual(['\'=cmd|\' /C calc\'!A0', '\'@somme(1+1)', '\'-2+3']);
  });

  it('quotes every cell, and no part of a text starts a formula whatever separator the spreadsheet assumes', async () => {
    const d = db();
    // The audit's comment, and the same trick with the other separators spreadsheets guess.
    const comment = 'a,=1+1; b;+2 \tc|@somme(A1) d, -3';
    await saveFeedback(d, { ...base, keepText: true, question: 'x;=HYPERLINK("http://evil.example")', comment });
    const csv = await feedbackCsv(d);
    for (const separator of [';', ',', '\t', '|']) {
      // A spreadsheet that honours quotes (RFC 4180)…
      for (const row of parseCsv(csv, separator)) for (const cell of row) expect(cell.trimStart(), `${JSON.stringify(separator)}: ${cell}`).not.toMatch(/^[=+\-@]/);
      // …and one that cuts each line on the separator without reading quotes.
      for (const line of csv.split('\r\n')) {
        for (const cell of line.split(separator)) expect(cell.replace(/^[\s"]+/, ''), `${JSON.stringify(separator)}: ${cell}`).not.toMatch(/^[=+\-@]/);
      }
    }
    // Every cell is quoted, and the text reads back as typed.
    expect(csv.split('\r\n')[1]).toMatch(/^"[^"]*"(;"([^"]|"")*")+$/);
    expect(unneutralizeCsvCell(parseCsv(csv)[1]![10]!)).toBe(comment);
  });
});
