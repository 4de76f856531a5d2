import { PATH_SEPARATOR, type Chunk } from '../corpus/chunk';
import type { FicheMeta } from '../corpus/corpusData';
import { dataAge } from '../corpus/dataAge';
import type { Answer } from '../rag/answerPipeline';
import { markedText } from '../rag/groundingMarks';
import type { CasePick } from '../search/ranking/casePlan';
import { formatDate } from '../corpus/dataAge';
import { isDocumentsHeading, type DocumentsList } from './documents';
import { qrCode, type QrCode } from './qr';
import { linkPlace } from '../corpus/dataUrl';
import type { DeskInfo } from '../settings/storedSettings';

/** What the agent chose to hand over. Nothing else reaches the sheet. */
export interface PrintChoices {
  /** The generated answer with its numbered sources, or only the passages the agent ticked. */
  content: 'answer' | 'passages';
  /** Chunk ids of the ticked passages (used when content is 'passages'). */
  passageIds: readonly string[];
  /** The citizen's question is left off unless the agent ticks it. */
  includeQuestion: boolean;
}

export type { DeskInfo };

export interface PrintContext {
  dataDate: string;
  desk: DeskInfo;
  printedAt: Date;
  /** The « Pièces à fournir » list of the sheet's main fiche, when it has one (see documentsTarget). */
  documents?: DocumentsList;
}

/** A passage the agent can tick: one the screen showed for this answer. */
export interface PrintablePassage {
  chunk: Chunk;
  fiche: FicheMeta;
  /** Its number in the answer's sources, in answer mode. */
  n?: number;
}

export type Step = { kind: 'paragraph' | 'item'; text: string };

export interface SheetLink {
  kind: 'service' | 'fiche';
  title: string;
  /** « Téléservice », « Formulaire, cerfa n° 12100 », « Fiche service-public.fr »… */
  detail: string;
  url?: string;
  qr?: QrCode;
  /**
   * Printed under the QR code: the link's real host, and a fiche's number (findable on the site):
   * « service-public.fr › F1234 », « phish.example › F990002 ». Full addresses run to 100
   * characters nobody types.
   */
  place?: string;
  /** The link leads outside public-service sites: the sheet says so. */
  offSite?: boolean;
}

export interface PrintSheet {
  kind: 'answer' | 'passages' | 'fiches';
  question?: string;
  /** The generated answer as paragraphs and list items, citation markers [n] kept. */
  steps: Step[];
  /** Numbered sources of the answer (answer mode): what each [n] refers to. */
  sources: { n: number; title: string; section: string }[];
  /** Ticked passages, in the order shown on screen. */
  passages: { ficheTitle: string; section: string; text: string }[];
  documents?: { ficheTitle: string; heading: string; lines: string[]; truncated: boolean };
  links: SheetLink[];
  /** Source line required by the Licence Ouverte: where the text comes from and its date. */
  sourceLine: string;
  /** How old the fiches are on the day it is printed (« … il y a 6 ans : les règles ont pu changer »). */
  dataAge?: { label: string; stale: boolean };
  desk?: DeskInfo;
  printedOn: string;
}

const SERVICE_TYPES = /téléservice|formulaire|simulateur|module de calcul|modèle de document/i;
const MAX_SERVICES = 4;
const MAX_FICHES = 3;

/** The passages the screen showed for this answer: its numbered sources, or the search hits. */
export function printablePassages(answer: Answer, hitsShown = 5): PrintablePassage[] {
  if (answer.mode === 'generated') return answer.sources.map((s) => ({ chunk: s.chunk, fiche: s.fiche, n: s.n }));
  return answer.result.hits.slice(0, hitsShown).flatMap((h) => h.passages.slice(0, 2).map((p) => ({ chunk: p.chunk, fiche: h.fiche })));
}

/** What the agent sees ticked when the print view opens: the best passage in search-only mode, nothing on an abstention. */
export function defaultChoices(answer: Answer): PrintChoices {
  const content = answer.mode === 'generated' ? 'answer' : 'passages';
  const first = answer.mode === 'search-only' ? answer.result.hits[0] : undefined;
  return { content, passageIds: first?.passages[0] ? [first.passages[0].chunk.id] : [], includeQuestion: false };
}

/** The passages the sheet is built from: cited sources (answer) or ticked ones (passages). */
function chosenPassages(answer: Answer, choices: PrintChoices): PrintablePassage[] {
  const all = printablePassages(answer);
  if (choices.content === 'answer' && answer.mode === 'generated') {
    const cited = all.filter((p) => answer.cited.includes(p.n!));
    return cited.length ? cited : all;
  }
  const ticked = new Set(choices.passageIds);
  return all.filter((p) => ticked.has(p.chunk.id));
}

/**
 * Which fiche's « Pièces à fournir » to look up, and under which situation (En France, À
 * l'étranger…): the main fiche of the sheet. None when a chosen passage of that fiche already is
 * that list.
 */
export function documentsTarget(answer: Answer, choices: PrintChoices): { ficheId: string; audience: Chunk['audience']; situation?: string; cases?: CasePick[] } | undefined {
  const passages = chosenPassages(answer, choices);
  const main = passages[0];
  if (!main) return undefined;
  // Another fiche's list (a passport's, next to the card's) does not stand in for the main one's.
  // Only printed passages can stand in: a sheet of the answer prints its sources' titles, not their
  // text, so a cited « Pièces à fournir » passage still needs the list.
  const sameFiche = (p: PrintablePassage) => p.fiche.id === main.fiche.id && p.chunk.audience === main.chunk.audience;
  if (choices.content === 'passages' && passages.some((p) => sameFiche(p) && p.chunk.path.slice(1).some(isDocumentsHeading))) return undefined;
  // A fiche id can exist in two audiences (particuliers and professionnels): the passage's wins.
  // The cases on screen for that fiche (the question's, or the one the agent picked).
  const cases = answer.result.hits.find((h) => h.fiche.id === main.fiche.id && h.fiche.audience === main.chunk.audience)?.cases;
  return { ficheId: main.fiche.id, audience: main.chunk.audience, situation: main.chunk.path.length > 2 ? main.chunk.path[1] : undefined, ...(cases ? { cases } : {}) };
}

/** Markdown answer → plain steps. The sheet never renders HTML from the model. */
export function answerSteps(markdown: string): Step[] {
  const steps: Step[] = [];
  for (const raw of markdown.split('\n')) {
    let line = raw.trim();
    if (!line) continue;
    const item = /^([-*+•]|\d+[.)])\s+/.exec(line);
    if (item) line = line.slice(item[0].length);
    line = line
      .replace(/^#{1,6}\s+/, '')
      .replace(/!?\[([^\]]*)\]\(([^)\s]*)\)/g, (_m, text: string, url: string) => (/^https?:\/\//i.test(url) ? `${text} (${url})` : text))
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(^|[^*\w])[*_]([^*_\n]+)[*_](?=[^*\w]|$)/g, '$1$2')
      .replace(/`([^`]*)`/g, '$1')
      .trim();
    if (line) steps.push({ kind: item ? 'item' : 'paragraph', text: line });
  }
  return steps;
}

const unique = <T>(list: T[], key: (t: T) => string) => list.filter((t, i) => list.findIndex((u) => key(u) === key(t)) === i);

function fichesOf(passages: readonly PrintablePassage[]): FicheMeta[] {
  return unique(passages.map((p) => p.fiche), (f) => f.id);
}

function serviceLinks(fiches: readonly FicheMeta[]): SheetLink[] {
  const services = unique(fiches.flatMap((f) => f.services), (s) => s.url ?? s.id)
    .filter((s) => SERVICE_TYPES.test(s.type) && (s.url || s.cerfa));
  // Services with a link first: they are the ones worth a QR code.
  services.sort((a, b) => Number(Boolean(b.url)) - Number(Boolean(a.url)));
  return services.slice(0, MAX_SERVICES).map((s) => ({
    kind: 'service' as const,
    title: s.title,
    detail: s.cerfa ? `${s.type}, cerfa n° ${s.cerfa}` : s.type,
    url: s.url,
    qr: s.url ? qrCode(s.url) : undefined,
    ...(s.url ? where(s.url, 'service') : {}),
  }));
}

function ficheLinks(fiches: readonly FicheMeta[]): SheetLink[] {
  return fiches.slice(0, MAX_FICHES).map((f) => ({
    kind: 'fiche' as const,
    title: f.title,
    detail: f.date ? `Fiche mise à jour le ${formatDate(f.date)}` : 'Fiche',
    url: f.url || undefined,
    qr: f.url ? qrCode(f.url) : undefined,
    ...(f.url ? where(f.url, 'fiche') : {}),
  }));
}

function where(url: string, kind: SheetLink['kind']): Pick<SheetLink, 'place' | 'offSite'> {
  const { host, publicService } = linkPlace(url);
  const fiche = kind === 'fiche' ? /\/([A-Z]\d+)$/.exec(new URL(url).pathname)?.[1] : undefined;
  return { place: fiche ? `${host} › ${fiche}` : host, offSite: !publicService };
}

export function sourceLine(dataDate: string): string {
  return `Informations issues des fiches service-public.fr (Direction de l'information légale et administrative), ` +
    `données du ${formatDate(dataDate)}, réutilisées sous Licence Ouverte 2.0. Les règles évoluent : vérifiez sur service-public.fr avant vos démarches.`;
}

export function printedOn(date: Date): string {
  return date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' }).replace(/^1 /, '1er ');
}

function ageOf(dataDate: string, printedAt: Date): PrintSheet['dataAge'] {
  const age = dataAge(dataDate, printedAt);
  return age && { label: age.label, stale: age.stale };
}

/** The case the answer was written for, said first on the sheet as on screen. */
function caseStep(answer: Answer): Step[] {
  return answer.case ? [{ kind: 'paragraph', text: `Réponse pour le cas : ${answer.case.label}` }] : [];
}

/** The sheet the citizen takes away, from the answer on screen and the agent's choices only. */
export function buildPrintSheet(answer: Answer, choices: PrintChoices, context: PrintContext): PrintSheet {
  const answerMode = choices.content === 'answer' && answer.mode === 'generated';
  const passages = chosenPassages(answer, choices);
  // An abstention with nothing ticked still hands over the closest fiches to look at.
  const fiches = passages.length ? fichesOf(passages) : answer.result.hits.slice(0, MAX_FICHES).map((h) => h.fiche);
  const documentsFiche = context.documents && fiches.find((f) => f.id === context.documents!.ficheId);
  const desk = { name: context.desk.name.trim(), address: context.desk.address.trim() };
  return {
    kind: answerMode ? 'answer' : passages.length ? 'passages' : 'fiches',
    question: choices.includeQuestion ? answer.question : undefined,
    // A figure or sentence marked on screen stays marked on paper.
    steps: answerMode ? [...caseStep(answer), ...answerSteps(markedText(answer.text, answer.grounding))] : [],
    sources: answerMode
      ? passages.map((p) => ({ n: p.n!, title: p.fiche.title, section: p.chunk.path.slice(1).join(PATH_SEPARATOR) }))
      : [],
    passages: answerMode ? [] : passages.map((p) => ({ ficheTitle: p.fiche.title, section: p.chunk.path.slice(1).join(PATH_SEPARATOR), text: p.chunk.text })),
    documents: context.documents && documentsFiche
      ? { ficheTitle: documentsFiche.title, heading: context.documents.path.join(PATH_SEPARATOR), lines: context.documents.lines, truncated: context.documents.truncated }
      : undefined,
    links: [...serviceLinks(passages.length ? fiches : []), ...ficheLinks(fiches)],
    sourceLine: sourceLine(context.dataDate),
    dataAge: ageOf(context.dataDate, context.printedAt),
    desk: desk.name || desk.address ? desk : undefined,
    printedOn: printedOn(context.printedAt),
  };
}
