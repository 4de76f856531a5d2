import 'fake-indexeddb/auto';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { createTestEngine } from '../../src/lab/testEngine';
import { answerQuestion, type Answer } from '../../src/rag/answerPipeline';
import { documentsList, isDocumentsHeading } from '../../src/print/documents';
import {
  answerSteps, buildPrintSheet, defaultChoices, documentsTarget, printablePassages, type PrintContext,
} from '../../src/print/printSheet';
import { qrCode } from '../../src/print/qr';
import { ComptoirDb } from '../../src/storage/db';
import { deskInfo, saveDeskInfo } from '../../src/storage/desk';
import { realEngine } from '../helpers/realEngine';

const { corpus, engine: search } = realEngine();
const retrieve = async (q: string) => search.search(q, { k: 8, passagesPerFiche: 3, audiences: ['particuliers'] });
const chunksOf = (ficheId: string) => corpus.chunks.filter((c) => c.ficheId === ficheId);
const QUESTION = "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";

async function generated(question = QUESTION): Promise<Answer> {
  const engine = createTestEngine({ tokensPerSecond: 1e6 });
  await engine.load(() => {});
  return answerQuestion(question, [], { retrieve, engine });
}

/** Draws the QR modules as RGBA pixels, the way a printer would. */
function rasterize(path: string, size: number, scale = 4): { data: Uint8ClampedArray; width: number } {
  const width = size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    const [x0, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let x = x0; x < x0 + w; x++) {
      for (let py = 0; py < scale; py++) {
        for (let px = 0; px < scale; px++) {
          const i = ((y * scale + py) * width + x * scale + px) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
    }
  }
  return { data, width };
}

const context = (over: Partial<PrintContext> = {}): PrintContext => ({
  dataDate: '2020-11-12',
  desk: { name: 'France Services de Saint-Affrique', address: '12 place de la mairie\n12400 Saint-Affrique' },
  printedAt: new Date(2026, 10, 29),
  ...over,
});

describe('QR codes', () => {
  it('encode a service-public.fr link that a QR reader decodes back', () => {
    for (const url of ['https://www.service-public.fr/particuliers/vosdroits/F1153', 'https://www.service-public.fr/particuliers/vosdroits/R10829?tab=formulaire&x=é']) {
      const qr = qrCode(url);
      const { data, width } = rasterize(qr.path, qr.size);
      expect(jsQR(data, width, width)?.data).toBe(url);
    }
  });
});

describe('« Pièces à fournir »', () => {
  it('recognises DILA headings for documents and nothing else', () => {
    expect(['Pièces à fournir', 'Documents à fournir', 'Pièces à fournir et obtention du titre', 'Justificatifs à fournir'].every(isDocumentsHeading)).toBe(true);
    expect(['Documents annexes au bail', "Transformation d'un garage en pièce d'habitation", 'Coût'].some(isDocumentsHeading)).toBe(false);
  });

  it("takes the list of the answer's situation (En France / À l'étranger), in fiche order, and says when it is cut", () => {
    const france = documentsList(chunksOf('F1153'), { situation: 'En France', maxLines: 40 })!;
    expect(france.path).toEqual(['En France', 'Pièces à fournir']);
    expect(france.lines[0]).toBe('Il faut présenter les documents originaux.');
    expect(france.lines).toContain("- Passeport de l'enfant");
    expect(france.lines.some((l) => /Timbre fiscal : 25 €/.test(l))).toBe(true);
    const abroad = documentsList(chunksOf('F1153'), { situation: "À l'étranger" })!;
    expect(abroad.path).toEqual(["À l'étranger", 'Pièces à fournir']);
    expect(abroad.lines.some((l) => /espèce, mandat, chèque/.test(l))).toBe(true);
    const short = documentsList(chunksOf('F1153'), { situation: 'En France', maxLines: 5 })!;
    expect(short.lines).toHaveLength(5);
    expect(short.truncated).toBe(true);
    // Cut right after a case heading: the heading goes too.
    const atHeading = france.lines.findIndex((l, i) => i > 2 && l.endsWith(':') && !l.startsWith('- '));
    const cut = documentsList(chunksOf('F1153'), { situation: 'En France', maxLines: atHeading + 1 })!;
    expect(cut.lines).toEqual(france.lines.slice(0, atHeading));
    // No situation given: the fiche's first list.
    expect(documentsList(chunksOf('F1153'))!.path[0]).toBe('En France');
  });

  it('finds nothing in a fiche without such a section', () => {
    const without = corpus.fiches.find((f) => f.role === 'answer' && !chunksOf(f.id).some((c) => c.path.some(isDocumentsHeading)))!;
    expect(documentsList(chunksOf(without.id))).toBeUndefined();
  });
});

describe('answer text → steps', () => {
  it('keeps citations, turns markdown into plain paragraphs and items, drops non-http links', () => {
    expect(answerSteps('**Bonjour** [1].\n\n- Allez en *mairie* [2].\n2. Payez le `timbre`.\n[piège](javascript:void) et [site](https://www.service-public.fr)')).toEqual([
      { kind: 'paragraph', text: 'Bonjour [1].' },
      { kind: 'item', text: 'Allez en mairie [2].' },
      { kind: 'item', text: 'Payez le timbre.' },
      { kind: 'paragraph', text: 'piège et site (https://www.service-public.fr)' },
    ]);
  });
});

describe('the print sheet', () => {
  it("looks up the main fiche's « Pièces à fournir » even when another fiche's list is chosen too", async () => {
    const generatedAnswer = await generated("ma carte d'identité est perdue, je suis majeur, on fait comment ?");
    const isList = (c: { path: string[] }) => c.path.slice(1).some(isDocumentsHeading);
    // The adult's card (a passage that is not its list) and another fiche's list (the minor's card).
    const fiche = (id: string) => corpus.fiches.find((f) => f.id === id && f.audience === 'particuliers')!;
    const answer = {
      ...generatedAnswer,
      sources: [
        { n: 1, chunk: chunksOf('F1344').find((c) => !isList(c))!, fiche: fiche('F1344') },
        { n: 2, chunk: chunksOf('F1153').find(isList)!, fiche: fiche('F1153') },
      ],
    };
    const all = printablePassages(answer);
    const main = all.find((p) => p.fiche.id === 'F1344' && !isList(p.chunk))!;
    const otherList = all.find((p) => p.fiche.id !== 'F1344' && isList(p.chunk))!;
    expect(main && otherList).toBeTruthy();
    const target = documentsTarget(answer, { content: 'passages', passageIds: [main.chunk.id, otherList.chunk.id], includeQuestion: false });
    expect(target).toMatchObject({ ficheId: 'F1344', audience: 'particuliers' });
    // The main fiche's own list among the chosen passages: nothing more to look up.
    expect(documentsTarget(answer, { content: 'passages', passageIds: [otherList.chunk.id], includeQuestion: false })).toBeUndefined();
  });

  it('answer mode: steps with their numbered sources, documents of the cited situation, services with QR codes, no question unless ticked', async () => {
    const answer = await generated();
    expect(answer.mode).toBe('generated');
    const choices = defaultChoices(answer);
    expect(choices).toEqual({ content: 'answer', passageIds: [], includeQuestion: false });
    // Even when the cited passage is itself a « Pièces à fournir » list: the sheet prints the
    // sources' titles, not their text, so the list is looked up (a tester's sheet had none).
    const target = documentsTarget(answer, choices);
    expect(target?.ficheId).toBe('F1153');
    const documents = target && documentsList(chunksOf(target.ficheId), { situation: target.situation });
    expect(documents?.lines.length).toBeGreaterThan(2);
    const sheet = buildPrintSheet(answer, choices, context({ documents }));

    expect(sheet.kind).toBe('answer');
    expect(sheet.question).toBeUndefined();
    expect(JSON.stringify(sheet)).not.toContain('ma fille de 15 ans');
    expect(sheet.steps.length).toBeGreaterThan(1);
    // The case the answer was written for comes first, as on screen.
    if (answer.case) expect(sheet.steps[0]!.text).toBe(`Réponse pour le cas : ${answer.case.label}`);
    expect(sheet.steps[answer.case ? 1 : 0]!.text).toMatch(/\[1\]/);
    const cited = answer.sources.filter((s) => answer.cited.includes(s.n));
    expect(sheet.sources.map((s) => s.n)).toEqual(cited.map((s) => s.n));
    expect(sheet.sources[0]!.title).toBe("Carte nationale d'identité d'un mineur : en cas de perte");
    expect(sheet.documents?.heading).toMatch(/Pièces à fournir$/);
    expect(sheet.documents?.lines.join('\n')).toMatch(/Passeport de l'enfant/);

    const services = sheet.links.filter((l) => l.kind === 'service');
    expect(services.length).toBeGreaterThan(0);
    expect(services.length).toBeLessThanOrEqual(4);
    const cerfa = services.find((s) => /cerfa n° \d+/.test(s.detail));
    expect(cerfa, 'the lost-card declaration form carries its cerfa number').toBeDefined();
    for (const link of sheet.links.filter((l) => l.url)) {
      const { data, width } = rasterize(link.qr!.path, link.qr!.size);
      expect(jsQR(data, width, width)?.data).toBe(link.url);
    }
    expect(sheet.links.filter((l) => l.kind === 'fiche').map((l) => l.url)).toContain('https://www.service-public.fr/particuliers/vosdroits/F1153');
    expect(sheet.sourceLine).toMatch(/service-public\.fr.*12 novembre 2020.*Licence Ouverte/);
    expect(sheet.dataAge).toEqual({ label: 'Fiches du 12 novembre 2020 — il y a 6 ans : les règles ont pu changer', stale: true });
    expect(sheet.desk).toEqual({ name: 'France Services de Saint-Affrique', address: '12 place de la mairie\n12400 Saint-Affrique' });
    expect(sheet.printedOn).toBe('29 novembre 2026');

    expect(buildPrintSheet(answer, { ...choices, includeQuestion: true }, context()).question).toBe(QUESTION);
  });

  it('prints each link\'s real host under its QR code, and marks those outside public-service sites', async () => {
    const answer = await generated();
    const sheet = buildPrintSheet(answer, defaultChoices(answer), context());
    const fiche = sheet.links.find((l) => l.url === 'https://www.service-public.fr/particuliers/vosdroits/F1153')!;
    expect(fiche).toMatchObject({ place: 'service-public.fr › F1153', offSite: false });
    // The audit's crafted fiche (as stored by a version that took any https address) and a fiche
    // on another public site: never « service-public.fr » for them.
    const cited = answer.sources.find((s) => answer.cited.includes(s.n))!;
    const crafted = (url: string): Answer => ({
      ...answer,
      sources: answer.sources.map((s) => (s === cited ? { ...s, fiche: { ...s.fiche, id: 'F990002', url, services: [] } } : s)),
    } as Answer);
    const phish = buildPrintSheet(crafted('https://phish.example/particuliers/vosdroits/F990002'), defaultChoices(answer), context());
    expect(phish.links.find((l) => l.url?.startsWith('https://phish.example/'))).toMatchObject({ place: 'phish.example › F990002', offSite: true });
    expect(JSON.stringify(phish.links.filter((l) => l.offSite === false).map((l) => l.url))).not.toContain('phish');
    const impots = buildPrintSheet(crafted('https://www.impots.gouv.fr/particulier/F990002'), defaultChoices(answer), context());
    expect(impots.links.find((l) => l.url?.includes('impots'))).toMatchObject({ place: 'impots.gouv.fr › F990002', offSite: false });
    for (const link of sheet.links.filter((l) => l.kind === 'service' && l.url)) expect(link.place).toBe(new URL(link.url!).hostname.replace(/^www\./, ''));
  });

  it('passages mode: only the ticked passages reach the sheet', async () => {
    const answer = await generated();
    const all = printablePassages(answer);
    expect(all.length).toBeGreaterThan(2);
    const ticked = all[1]!;
    const sheet = buildPrintSheet(answer, { content: 'passages', passageIds: [ticked.chunk.id], includeQuestion: false }, context());
    expect(sheet.kind).toBe('passages');
    expect(sheet.steps).toEqual([]);
    expect(sheet.passages).toEqual([{ ficheTitle: ticked.fiche.title, section: ticked.chunk.path.slice(1).join(' › '), text: ticked.chunk.text }]);
    const text = JSON.stringify(sheet);
    for (const other of all.filter((p) => p.chunk.id !== ticked.chunk.id && !ticked.chunk.text.includes(p.chunk.text))) expect(text).not.toContain(other.chunk.text);
    expect(text).not.toContain(answer.text);
  });

  it('search-only: the best fiche is ticked by default; a ticked « Pièces à fournir » passage is not repeated', async () => {
    const answer = await answerQuestion(QUESTION, [], { retrieve });
    expect(answer.mode).toBe('search-only');
    const choices = defaultChoices(answer);
    expect(choices.content).toBe('passages');
    expect(choices.passageIds.every((id) => id.startsWith('F1153#'))).toBe(true);
    expect(buildPrintSheet(answer, choices, context()).passages.length).toBe(choices.passageIds.length);
    const docs = printablePassages(answer).find((p) => p.chunk.path.some(isDocumentsHeading));
    if (docs) expect(documentsTarget(answer, { ...choices, passageIds: [docs.chunk.id] })).toBeUndefined();
  });

  it('abstention: nothing ticked, the closest fiches are handed over with their QR codes; no desk line when none is set', async () => {
    // A refusal the engine is unsure of (P(off-topic) 0.8): it lists its closest fiches.
    const unsure = async (q: string) => ({ ...(await retrieve(q)), offTopic: 0.8 });
    const answer = await answerQuestion('quel temps fera-t-il demain', [], { retrieve: unsure });
    expect(answer.mode).toBe('abstain');
    expect(answer.result.hits.length).toBeGreaterThan(2);
    const choices = defaultChoices(answer);
    expect(choices.passageIds).toEqual([]);
    expect(documentsTarget(answer, choices)).toBeUndefined();
    const sheet = buildPrintSheet(answer, choices, context({ desk: { name: ' ', address: '' } }));
    expect(sheet.kind).toBe('fiches');
    expect(sheet.passages).toEqual([]);
    expect(sheet.links.map((l) => l.url)).toEqual(answer.result.hits.slice(0, 3).map((h) => h.fiche.url));
    expect(sheet.desk).toBeUndefined();
    expect(JSON.stringify(sheet)).not.toContain('temps fera');
  });
});

describe('the desk setting', () => {
  it('is empty until set, then kept trimmed and bounded', async () => {
    const db = new ComptoirDb(`desk-${Math.random()}`);
    expect(await deskInfo(db)).toEqual({ name: '', address: '' });
    await saveDeskInfo(db, { name: '  France Services  ', address: ' 1 rue X \n\n 75001 Paris ' });
    expect(await deskInfo(db)).toEqual({ name: 'France Services', address: '1 rue X\n75001 Paris' });
    await saveDeskInfo(db, { name: 'n'.repeat(500), address: '' });
    expect((await deskInfo(db)).name).toHaveLength(120);
  });
});
