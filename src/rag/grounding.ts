import { PATH_SEPARATOR } from '../corpus/chunk';
import { contentWords } from '../search/analysis/contentWords';
import { ofOtherCase, type FicheCase } from './caseOnScreen';
import { extractFigures, indexFigures, isSupported, type Figure, type FigureIndex } from './figures';
import type { PackedSource } from './packContext';
import { languageOf, plainSentence, splitSentences } from './sentences';

/**
 * Every figure and sentence of a generated answer checked against the passages it cites: a figure
 * that no cited passage gives (« 25 € » where the passage says 86 €, « 2 mois » where it says 15
 * jours) is marked « chiffre absent des sources »; a sentence that cites nothing, cites a passage of
 * another case, is not in French, or whose words its passages do not contain, « à vérifier ».
 */
export type VerifyReason = 'uncited' | 'words' | 'other-case' | 'not-french';

export interface CheckedFigure extends Figure {
  supported: boolean;
  /** Index of its sentence in `sentences`. */
  sentence: number;
}

export interface CheckedSentence {
  start: number;
  end: number;
  cites: number[];
  /** Empty when the sentence is grounded. */
  reasons: VerifyReason[];
}

export interface Grounding {
  figures: CheckedFigure[];
  sentences: CheckedSentence[];
  /** Figures no cited passage gives. */
  unsupportedFigures: number;
  /** Sentences marked « à vérifier ». */
  toVerify: number;
  /** Source numbers cited that belong to another case than the one on screen. */
  otherCaseCites: number[];
  /** The answer is written in French, every sentence of it. */
  french: boolean;
}

export const VERIFY_REASONS: Record<VerifyReason, string> = {
  uncited: 'ne cite aucune source',
  words: 'emploie des termes absents de la source citée',
  'other-case': "cite un passage d'un autre cas que celui affiché",
  'not-french': "n'est pas en français",
};

/** Words an answer uses to speak about the passages rather than repeat them. */
const ANSWER_WORDS = new Set(contentWords(`devez pouvez faut falloir doivent peuvent vérifiez verifier selon situation cas
  fiche fiches source sources information informations usager usagere agent reponse preciser precise precisent indique
  indiquent dapres apres depend dependent concerne concernee concernes egalement ensuite notamment voici suivantes suivants
  principaux principales points etapes etape question demarche demarches possible necessaire effectuer faire rendre
  vous votre vos general generale particulier`));

/** A word's stem for look-ups: accent-folded, its first five letters (demande / demander, fournir / fournis). */
const stem = (word: string) => word.slice(0, 5);

/** A sentence that says the fiches do not answer needs no source. */
const ABSTENTION = /ne (?:répondent|permettent|couvrent|traitent|précisent|mentionnent|indiquent) pas|ne semblent pas couvrir|pas d'information/i;

/** The model says the fiches do not answer (« Les fiches disponibles ne répondent pas à cette question. »). */
export function isAbstention(text: string): boolean {
  return ABSTENTION.test(text);
}

export interface GroundingInput {
  /** The answer as shown: invalid citations removed, unverified contacts masked. */
  text: string;
  /** The numbered passages given to the model, as it read them (the case on screen). */
  sources: readonly PackedSource[];
  cases?: readonly FicheCase[];
  question?: string;
}

export function checkGrounding({ text, sources, cases = [], question = '' }: GroundingInput): Grounding {
  const byNumber = new Map(sources.map((s) => [s.n, s]));
  const indexCache = new Map<string, FigureIndex>();
  const indexOf = (numbers: readonly number[]) => {
    const key = numbers.join(',');
    let index = indexCache.get(key);
    if (!index) {
      // The model reads each passage under its fiche's title and section path (« Avant 53 ans »).
      index = indexFigures(numbers.flatMap((n) => {
        const s = byNumber.get(n);
        return s ? [s.chunk.text, s.fiche.title, s.chunk.path.join(PATH_SEPARATOR)] : [];
      }));
      indexCache.set(key, index);
    }
    return index;
  };
  const allNumbers = sources.map((s) => s.n);
  const allowed = new Set([...contentWords(question), ...contentWords(cases.map((c) => c.label).join(' '))].map(stem));
  for (const w of ANSWER_WORDS) allowed.add(stem(w));
  const vocabulary = (numbers: readonly number[]) => {
    const words = new Set(allowed);
    for (const n of numbers) {
      const s = byNumber.get(n);
      if (!s) continue;
      for (const w of contentWords(`${s.fiche.title} ${s.chunk.path.join(PATH_SEPARATOR)} ${s.chunk.text}`)) words.add(stem(w));
    }
    return words;
  };
  const otherCase = new Set(sources.filter((s) => ofOtherCase(s.chunk, cases)).map((s) => s.n));

  const split = splitSentences(text);
  inheritListCitations(split);
  const sentences: CheckedSentence[] = [];
  const figures: CheckedFigure[] = [];
  for (const [i, s] of split.entries()) {
    const plain = plainSentence(s.text);
    const words = contentWords(plain).filter((w) => !/^\d/.test(w));
    const reasons: VerifyReason[] = [];
    const sentenceFigures = extractFigures(s.text);
    // A sentence that states something: three words or more, or a figure (« 25 € en timbre fiscal. »).
    const substantial = (words.length >= 3 || sentenceFigures.length > 0) && !s.introduces && !ABSTENTION.test(plain);
    if (!s.cites.length && substantial) reasons.push('uncited');
    if (s.cites.some((n) => otherCase.has(n))) reasons.push('other-case');
    if (words.length >= 3 && languageOf(plain) === 'en') reasons.push('not-french');
    else if (s.cites.length && substantial) {
      const known = vocabulary(s.cites);
      const missing = words.filter((w) => !known.has(stem(w))).length;
      if (missing >= 2 && missing / words.length > 0.5) reasons.push('words');
    }
    sentences.push({ start: s.start, end: s.end, cites: s.cites, reasons });
    // A sentence citing nothing is checked against every passage given: it is already « à vérifier ».
    const index = indexOf(s.cites.length ? s.cites : allNumbers);
    for (const f of sentenceFigures) {
      figures.push({ ...f, start: f.start + s.start, end: f.end + s.start, supported: isSupported(f, index), sentence: i });
    }
  }
  return {
    figures,
    sentences,
    unsupportedFigures: figures.filter((f) => !f.supported).length,
    toVerify: sentences.filter((s) => s.reasons.length).length,
    otherCaseCites: [...new Set(split.flatMap((s) => s.cites).filter((n) => otherCase.has(n)))],
    french: languageOf(plainSentence(text)) !== 'en' && !sentences.some((s) => s.reasons.includes('not-french')),
  };
}

/**
 * Models often cite a list once, on the line that introduces it or on one of its items: the items
 * that cite nothing take the introduction's sources, else those of the list's cited items.
 */
function inheritListCitations(sentences: ReturnType<typeof splitSentences>): void {
  let i = 0;
  while (i < sentences.length) {
    if (!sentences[i]!.listItem) {
      i++;
      continue;
    }
    let j = i;
    while (j < sentences.length && sentences[j]!.listItem) j++;
    const intro = sentences[i - 1]?.introduces ? sentences[i - 1]!.cites : [];
    const items = sentences.slice(i, j);
    const fromItems = [...new Set(items.flatMap((s) => s.cites))];
    const inherited = intro.length ? intro : fromItems;
    for (const item of items) if (!item.cites.length) item.cites = [...inherited];
    i = j;
  }
}
