import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/corpus/chunk';
import type { FicheMeta } from '../../src/corpus/corpusData';
import type { ChatRequest } from '../../src/llm/engines/llmEngine';
import { ScriptedEngine } from '../../src/lab/scriptedEngine';
import { MISTAKES, mistakeReply, promptSources, type Mistake } from '../../src/lab/scriptedMistakes';
import { answerQuestion, type PipelineDeps } from '../../src/rag/answerPipeline';
import { casesOnScreen, defaultCase, isCaseHeading, ofOtherCase, restrictToCase } from '../../src/rag/caseOnScreen';
import { extractFigures, indexFigures, isSupported, wordsValue } from '../../src/rag/figures';
import { checkGrounding } from '../../src/rag/grounding';
import { annotatedAnswer, FIGURE_FLAG, MARK, markedText, VERIFY_FLAG } from '../../src/rag/groundingMarks';
import type { PackedSource } from '../../src/rag/packContext';
import { findRepetition } from '../../src/rag/repetition';
import { languageOf, splitSentences } from '../../src/rag/sentences';
import { buildPrintSheet } from '../../src/print/printSheet';
import { plainTextAnswer } from '../../src/rag/plainTextAnswer';
import { realEngine } from '../helpers/realEngine';
import { pickedScreen } from '../helpers/caseScreen';
import { fitsPlan } from '../../src/search/ranking/casePlan';

const keys = (text: string) => extractFigures(text).map((f) => f.key);

describe('figures are read the same whichever way they are written', () => {
  it.each([
    ['25 €', 'amount:25'], ['25 euros', 'amount:25'], ['25,00 €', 'amount:25'], ['25 EUR', 'amount:25'], ['25\u00a0€', 'amount:25'],
    ['1 500 €', 'amount:1500'], ['1\u202f500 €', 'amount:1500'], ['1\u2009500 euros', 'amount:1500'], ['1500 €', 'amount:1500'], ['1.500 €', 'amount:1500'],
    ['12,50 €', 'amount:12.5'], ['12.50 €', 'amount:12.5'], ['1,5 million d\'euros', 'amount:1500000'], ['mille cinq cents euros', 'amount:1500'],
    ['50 %', 'percent:50'], ['50%', 'percent:50'], ['50 pour cent', 'percent:50'],
    ['2 mois', 'duration:month:2'], ['deux mois', 'duration:month:2'], ['un an', 'duration:month:12'], ['12 mois', 'duration:month:12'],
    ['quinze jours', 'duration:day:15'], ['2 semaines', 'duration:day:14'], ['64 ans', 'duration:month:768'], ['soixante-quatre ans', 'duration:month:768'],
    ['quatre-vingt-dix jours', 'duration:day:90'], ['35 h', 'duration:hour:35'], ['un trimestre', 'duration:month:3'],
    ['1er janvier 2024', 'date:2024-01-01'], ['01/01/2024', 'date:2024-01-01'], ['1/1/24', 'date:2024-01-01'], ['31 décembre', 'date:--12-31'],
    ['janvier 2024', 'date:2024-01'], ['en 2020', 'date:2020'],
    ['article L. 1234-5', 'article:L1234-5'], ['art. R123-1', 'article:R123-1'], ["l'article 6", 'article:6'],
    ['3 photos', 'count:3'], ['le 3e enfant', 'count:3'],
  ])('« %s » → %s', (text, key) => {
    expect(keys(text)).toEqual([key]);
  });

  it('leaves list numbers, citation markers, glued codes and lone « un » alone', () => {
    expect(keys('1. Allez en mairie [2].\n2) Puis Covid-19, format A4, un justificatif, 1 photo.')).toEqual([]);
    expect(keys('Voir [le site](https://exemple.fr/page-2024/3) ou www.ants.gouv.fr/25, <img src=x onerror="a=3">, ecrire a test2024@mairie.fr')).toEqual([]);
    // « entre 2 et 5 ans »: the first number takes the unit of the second.
    expect(keys('entre 2 et 5 ans, de 18 à 25 ans')).toEqual(['duration:month:24', 'duration:month:60', 'duration:month:216', 'duration:month:300']);
    expect(wordsValue('vingt et un')).toBe(21);
    expect(wordsValue('soixante-dix-sept')).toBe(77);
    expect(wordsValue('deux cent cinquante mille')).toBe(250_000);
  });

  const passages = indexFigures([
    'Timbre fiscal : 25 € (achat en ligne). Délai de recours : 15 jours. Le 1er janvier 2024, le plafond passe à 3 000 €.',
    '| Type | Tarif en euros |\n| Permis | 86 |\n| Duplicata | 43 € |',
    'Vous devez avoir au moins 64 ans. Le taux est de 50 %. Trois photos.',
  ]);
  it.each([
    ['25 euros', true], ['25,00 €', true], ['26 €', false], ['25 jours', false],
    ['quinze jours', true], ['15 mois', false], ['2 semaines', false], ['3000 €', true], ['3 000 euros', true],
    ['43 euros', true], ['64 ans', true], ['62 ans', false], ['64 mois', false], ['50%', true], ['50 €', false],
    ['01/01/2024', true], ['1er janvier', true], ['janvier 2024', true], ['en 2024', true], ['en 2023', false], ['2 février 2024', false],
    ['3 photos', true], ['4 photos', false],
  ])('a passage saying otherwise: « %s » supported = %s', (text, supported) => {
    const [figure] = extractFigures(text);
    expect(figure).toBeDefined();
    expect(isSupported(figure!, passages)).toBe(supported);
  });
});

describe('sentences, language and loops', () => {
  it('cuts sentences and list items, with the markers that follow a full stop', () => {
    const s = splitSentences("Faites une pré-demande [1]. Puis allez en mairie. [2]\nIl faut :\n- une photo [1]\n- l'art. 6 du code [3]");
    expect(s.map((x) => [x.text, x.cites, x.listItem, x.introduces])).toEqual([
      ['Faites une pré-demande [1].', [1], false, false],
      ['Puis allez en mairie. [2]', [2], false, false],
      ['Il faut :', [], false, true],
      ['- une photo [1]', [1], true, false],
      ["- l'art. 6 du code [3]", [3], true, false],
    ]);
  });

  it.each([
    ['Vous devez vous rendre en mairie avec votre passeport.', 'fr'],
    ['You must go to the town hall with your passport.', 'en'],
    ['Timbre fiscal', 'unknown'],
  ])('« %s » is %s', (text, language) => {
    expect(languageOf(text)).toBe(language);
  });

  it('finds a loop and where its second copy starts, not a list that repeats a word', () => {
    const once = 'Il faut remplir le formulaire et le déposer en mairie. ';
    const text = `Bonjour. ${once.repeat(4)}`;
    const loop = findRepetition(text)!;
    expect(text.slice(0, loop.cutAt).trim()).toBe(`Bonjour. ${once.trim()}`);
    expect(findRepetition('- une photo\n- une photo couleur\n- une photo récente\n- un justificatif de domicile')).toBeUndefined();
    expect(findRepetition('très très très bien')).toBeUndefined();
  });
});

const fiche = (id: string, title: string): FicheMeta => ({ id, title, url: `https://www.service-public.fr/particuliers/vosdroits/${id}`, audience: 'particuliers' }) as unknown as FicheMeta;
const chunk = (id: string, path: string[], text: string): Chunk => ({ id, ficheId: id.split('#')[0]!, audience: 'particuliers', url: '', path, text, tokens: text.length / 4 });

describe('cases', () => {
  it.each([
    ['En France', true], ["À l'étranger", true], ['Cas général', true], ['En Guyane', true], ['Vous êtes salarié', true],
    ['Territoriale (FPT)', true], ['Avant 53 ans', true], ['Demande en France', true],
    ['Dans un autre pays', true], ['Dans les 24 heures : constat et déclaration du décès', false], ['Dans le mois', false],
    ['Pièces à fournir', false], ['Coût', false], ["De quoi s'agit-il ?", false], ['Personnes concernées', false], ['Régime fiscal', false],
  ])('« %s » names a case: %s', (heading, expected) => {
    expect(isCaseHeading(heading)).toBe(expected);
  });

  const cost = chunk('F1#9', ['Carte', 'En France', 'Coût'], 'Cas général :\n25 € en timbre fiscal.\nEn Guyane :\n12,50 € en timbre fiscal.');
  it('keeps only the lines of the case on screen, and drops a passage of another case', () => {
    expect(restrictToCase(cost, ['En France', 'Cas général'])!.text).toBe('Cas général :\n25 € en timbre fiscal.');
    expect(restrictToCase(cost, ['En France', 'En Guyane'])!.text).toBe('En Guyane :\n12,50 € en timbre fiscal.');
    expect(restrictToCase(cost, ['En France'])).toBe(cost);
    expect(restrictToCase(chunk('F1#13', ['Carte', "À l'étranger"], 'Au consulat.'), ['En France', 'Cas général'])).toBeUndefined();
    expect(restrictToCase(chunk('F1#0', ['Carte'], 'Introduction.'), ['En France'])!.text).toBe('Introduction.');
  });

  it('shows a fiche in its lead passage’s case, the general one when that passage opens with it', () => {
    const hit = (...chunks: Chunk[]) => ({ fiche: fiche('F1', 'Carte'), score: 1, passages: chunks.map((c) => ({ chunk: c, score: 1 })) });
    expect(defaultCase(hit(cost))).toEqual(['En France', 'Cas général']);
    expect(defaultCase(hit(chunk('F1#7', ['Carte', 'En France', 'Pièces à fournir', 'En Guyane', 'Passeport périmé'], 'x')))).toEqual(['En France', 'En Guyane']);
    const screen = casesOnScreen({ hits: [hit(cost, chunk('F1#13', ['Carte', "À l'étranger", 'Coût'], '25 € au consulat.'))] } as never);
    expect(screen.cases[0]!.label).toBe('En France › Cas général');
    expect(screen.hits[0]!.passages.map((p) => p.chunk.text)).toEqual(['Cas général :\n25 € en timbre fiscal.']);
  });

  it('takes the case from DILA’s choices where the fiche has them: the lead passage’s options, the search’s pick elsewhere', () => {
    // Options no heading rule names a case: only DILA's marks tell them apart.
    const withChoices = { ...fiche('F2', 'Carte'), choices: [{ options: ['En France', "À l'étranger"] }, { options: ["L'enfant a un passeport", "L'enfant n'a pas de passeport"] }] } as FicheMeta;
    const cased = (id: string, path: string[], text: string, cases: [number, number][]): Chunk => ({ ...chunk(id, path, text), cases });
    const without = cased('F2#3', ['Carte', 'En France', "L'enfant n'a pas de passeport"], 'Un justificatif de domicile.', [[0, 0], [1, 1]]);
    const withPassport = cased('F2#2', ['Carte', 'En France', "L'enfant a un passeport"], 'Le passeport de l’enfant.', [[0, 0], [1, 0]]);
    const abroad = cased('F2#5', ['Carte', "À l'étranger"], 'Au consulat.', [[0, 1]]);
    const intro = chunk('F2#0', ['Carte'], 'Introduction.');
    // The agent picked « n'a pas de passeport »: the search puts that case's passage first.
    const hit = {
      fiche: withChoices, score: 1, passages: [without, intro, withPassport, abroad].map((c) => ({ chunk: c, score: 1 })),
      cases: [{ choice: 0, option: 0, stated: false }, { choice: 1, option: 1, stated: true, byAgent: true as const }],
    };
    const screen = casesOnScreen({ hits: [hit] } as never);
    expect(screen.cases[0]).toMatchObject({ path: ['En France', "L'enfant n'a pas de passeport"], label: "En France › L'enfant n'a pas de passeport" });
    // Passages of other options are left out; one outside every choice is kept whole.
    expect(screen.hits[0]!.passages.map((p) => p.chunk.id)).toEqual(['F2#3', 'F2#0']);
    expect(screen.hits[0]!.passages[1]!.chunk).toBe(intro);
    expect([without, intro, withPassport, abroad].map((c) => ofOtherCase(c, screen.cases))).toEqual([false, false, true, true]);
  });
});

const source = (n: number, text: string, path = ['Carte', 'En France', 'Coût'], ficheId = 'F1'): PackedSource => ({ n, chunk: chunk(`${ficheId}#${n}`, path, text), fiche: fiche(ficheId, path[0]!) });

describe('checkGrounding', () => {
  const sources = [
    source(1, 'Timbre fiscal : 86 € (achat en ligne). Le recours doit être fait dans un délai de 15 jours.'),
    source(2, 'La demande se fait en mairie, sur rendez-vous, avec une photo d’identité de moins de 6 mois.', ['Carte', 'En France', 'Démarche']),
  ];
  it.each<[string, string, { figures: string[]; verify: string[][] }]>([
    ['grounded', 'Le timbre fiscal coûte 86 euros [1]. La demande se fait en mairie sur rendez-vous [2].', { figures: [], verify: [[], []] }],
    ['wrong amount', 'Le timbre fiscal coûte 25 € [1].', { figures: ['25 €'], verify: [[]] }],
    ['wrong unit', 'Le recours doit être fait dans un délai de 15 mois [1].', { figures: ['15 mois'], verify: [[]] }],
    ['figure of the other passage', 'La demande se fait en mairie avec un timbre de 86 € [2].', { figures: ['86 €'], verify: [[]] }],
    ['wrong passage', 'Le recours doit être fait dans un délai de 15 jours [2].', { figures: ['15 jours'], verify: [['words']] }],
    ['no citation', 'Le timbre fiscal coûte 86 €.', { figures: [], verify: [['uncited']] }],
    ['a short figure without citation', '86 € en timbre.', { figures: [], verify: [['uncited']] }],
    ['English', 'You must bring your passport to the town hall [2].', { figures: [], verify: [['not-french']] }],
    ['list citing once', 'Il faut [2] :\n- une photo de moins de 6 mois\n- un rendez-vous en mairie', { figures: [], verify: [[], [], []] }],
  ])('%s', (_name, text, expected) => {
    const g = checkGrounding({ text, sources });
    expect(g.figures.filter((f) => !f.supported).map((f) => f.raw)).toEqual(expected.figures);
    expect(g.sentences.map((s) => s.reasons)).toEqual(expected.verify);
  });

  it('never marks sentences copied from real passages, nor their figures (every 11th passage of the corpus)', { timeout: 180_000 }, () => {
    const { corpus } = realEngine();
    let checked = 0;
    const flagged: string[] = [];
    for (let i = 0; i < corpus.chunks.length; i += 11) {
      const c = corpus.chunks[i]!;
      const given = [{ n: 1, chunk: c, fiche: fiche(c.ficheId, c.path[0]!) }];
      for (const s of splitSentences(c.text)) {
        if (s.introduces || s.text.trim().startsWith('|')) continue;
        const text = `${s.text.replace(/^\s*[-•]\s+/, '').replace(/[.;:,]\s*$/, '')} [1].`;
        const g = checkGrounding({ text, sources: given });
        checked++;
        if (g.unsupportedFigures || g.toVerify) flagged.push(text);
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(flagged).toEqual([]);
  });

  it('marks the answer for the screen and writes the marks out for paper', () => {
    const text = 'Le timbre coûte 25 € [1].\nYou must go there [2].';
    const g = checkGrounding({ text, sources });
    expect(annotatedAnswer(text, g)).toBe(`Le timbre coûte ${MARK.figureOpen}25 €${MARK.figureClose} [1].\nYou must go there [2].${MARK.verify}\uE013`);
    expect(markedText(text, g)).toBe(`Le timbre coûte 25 € [${FIGURE_FLAG}] [1].\nYou must go there [2]. [${VERIFY_FLAG}]`);
  });
});

const { engine: search } = realEngine();
const retrieve = async (q: string) => search.search(q, { k: 5, passagesPerFiche: 3, audiences: ['particuliers'] });
const QUESTION = "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";
/** The case chooser's pick for the lost minor's card: the general case in France. */
const general = (question: string) => pickedScreen(search, question, 'F1153', ['En France', 'Cas général']);
const GENERAL = general(QUESTION);

async function answerWith(reply: (r: ChatRequest) => string, deps: Partial<PipelineDeps> = {}, question = QUESTION) {
  const prompts: ChatRequest[] = [];
  const engine = new ScriptedEngine({ reply: (r) => (prompts.push(r), reply(r)) });
  await engine.load(() => {});
  const answer = await answerQuestion(question, [], { retrieve, engine, screen: general(question), ...deps });
  return { answer, prompt: prompts[0]!.messages.at(-1)!.content };
}

describe('scripted engines making small models’ mistakes, through the real pipeline', () => {
  it('gives the model the case on screen only, and asks it to name that case', async () => {
    const { answer, prompt } = await answerWith((r) => mistakeReply('aucune', r));
    expect(answer.result.hits.map((h) => h.fiche.id)).toContain('F1153');
    // The case is the one the case chooser shows: the lead passage's options, from the general case in France down.
    expect(answer.case!.path.slice(0, 2)).toEqual(['En France', 'Cas général']);
    expect(prompt.split('\n')).toContain(`Cas (à nommer) : ${answer.case!.label}`);
    expect(prompt).toMatch(/^Question de l'usager : .+\nCas \(à nommer\) : /m);
    const f1153 = answer.sources.filter((s) => s.fiche.id === 'F1153');
    expect(f1153.length).toBeGreaterThan(0);
    // No line of the Guyane case (12,50 €) nor of the abroad case reaches the model.
    for (const s of f1153) expect(s.chunk.text).not.toMatch(/12,50|En Guyane/);
    expect(answer.grounding).toMatchObject({ unsupportedFigures: 0, toVerify: 0, french: true });
  });

  it('catches a figure taken from another case of the same fiche', async () => {
    // An amount the fiche gives in another case only: in no line the general case keeps.
    const { corpus } = realEngine();
    const picks = GENERAL(await retrieve(QUESTION)).cases.find((c) => c.ficheId === 'F1153')!.picks!;
    const fiche = corpus.chunks.filter((c) => c.ficheId === 'F1153' && c.audience === 'particuliers');
    const inCase = fiche.filter((c) => fitsPlan(c, picks)).map((c) => c.text);
    const caseKeys = new Set(inCase.flatMap((t) => extractFigures(t, { bareWords: true }).map((f) => f.key)));
    const other = fiche.flatMap((c) => extractFigures(c.text)).find((f) => f.kind === 'amount' && !caseKeys.has(f.key));
    expect(other?.raw).toBe('12,50 €');
    const { answer } = await answerWith((r) => mistakeReply('autre-cas', r, { otherCaseFigure: other!.raw }));
    expect(answer.grounding!.figures.filter((f) => !f.supported).map((f) => f.raw)).toEqual(['12,50 €']);
  });

  it('catches a citation to a passage of another case than the one on screen', async () => {
    // A screen that also shows the Guyane's cost passage while its case is « Cas général ».
    const { corpus } = realEngine();
    const guyaneCost = corpus.chunks.find((c) => c.ficheId === 'F1153' && c.audience === 'particuliers' && c.path.at(-1) === 'En Guyane' && c.path.includes('Coût'))!;
    const unrestricted = (result: Parameters<typeof casesOnScreen>[0]) => {
      const screen = GENERAL(result);
      const hits = screen.hits.map((h) => (h.fiche.id === 'F1153' ? { ...h, passages: [h.passages[0]!, { chunk: guyaneCost, score: 0 }, ...h.passages.slice(1)] } : h));
      return { hits, cases: screen.cases };
    };
    const { answer } = await answerWith((r) => {
      const guyane = promptSources(r).find((s) => /Guyane|étranger/.test(s.title + s.text))!;
      return `Le timbre fiscal s'achète en ligne [${guyane.n}].`;
    }, { screen: unrestricted });
    expect(answer.grounding!.otherCaseCites.length).toBe(1);
    expect(answer.grounding!.sentences[0]!.reasons).toContain('other-case');
  });

  const caught: Record<Exclude<Mistake, 'aucune' | 'autre-cas'>, (a: Awaited<ReturnType<typeof answerWith>>['answer']) => void> = {
    chiffre: (a) => expect(a.grounding!.unsupportedFigures).toBe(1),
    unite: (a) => expect(a.grounding!.unsupportedFigures).toBe(1),
    'mauvaise-source': (a) => expect(a.grounding!.unsupportedFigures + a.grounding!.toVerify).toBeGreaterThan(0),
    anglais: (a) => {
      expect(a.grounding!.french).toBe(false);
      expect(a.grounding!.sentences.some((s) => s.reasons.includes('not-french'))).toBe(true);
    },
    boucle: (a) => {
      expect(a.repetition).toBe(true);
      // Stopped early: the 12 copies never all reach the answer.
      expect(a.text.match(/Vous devez ensuite/g)?.length).toBe(1);
      expect(a.finishReason).toBe('length');
    },
    'sans-source': (a) => expect(a.grounding!.sentences.some((s) => s.reasons.includes('uncited'))).toBe(true),
  };
  for (const [mistake, check] of Object.entries(caught)) {
    it.each([QUESTION, 'combien de temps dure le congé de paternité pour un salarié', 'quel est le montant du RSA pour une personne seule'])(
      `catches « ${MISTAKES[mistake as Mistake]} » — %s`,
      async (question) => {
        const { answer } = await answerWith((r) => mistakeReply(mistake as Mistake, r), {}, question);
        check(answer);
        // The same answer without the mistake carries no mark.
        const { answer: clean } = await answerWith((r) => mistakeReply('aucune', r), {}, question);
        expect(clean.grounding).toMatchObject({ unsupportedFigures: 0, toVerify: 0, french: true });
        expect(clean.repetition).toBeUndefined();
      },
    );
  }

  it('keeps a marked figure marked on the printed sheet and in the copied text', async () => {
    const { answer } = await answerWith((r) => mistakeReply('chiffre', r));
    const sheet = buildPrintSheet(answer, { content: 'answer', passageIds: [], includeQuestion: false }, { dataDate: '2020-11-12', desk: { name: '', address: '' }, printedAt: new Date(2026, 0, 5) });
    expect(sheet.steps[0]!.text).toBe(`Réponse pour le cas : ${answer.case!.label}`);
    expect(answer.case!.label).toMatch(/^En France › Cas général/);
    expect(sheet.steps.map((s) => s.text).join('\n')).toContain(`[${FIGURE_FLAG}]`);
    expect(plainTextAnswer(answer, '12 novembre 2020')).toContain(`[${FIGURE_FLAG}]`);
  });
});
