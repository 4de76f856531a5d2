import { PATH_SEPARATOR, type Chunk } from '../corpus/chunk';
import type { Audience } from '../corpus/model';
import type { FicheHit, SearchResult } from '../search/searchEngine';

/**
 * Fiches split their answer by case (En France / À l'étranger, Cas général / En Guyane, salarié /
 * fonctionnaire…), in their section paths and in the sub-case heading lines inside a passage
 * (« Cas général › L'enfant a un passeport valide : »). The answer is written for the case on
 * screen only: the model reads that case's lines, the answer names it, and a citation of a
 * passage of another case of the same fiche is flagged.
 */
export interface FicheCase {
  ficheId: string;
  audience: Audience;
  /** The case's headings, outermost first; empty when the fiche is shown whole. */
  path: string[];
  /** « En France › Cas général ». */
  label: string;
}

/** The passages on screen, each fiche's restricted to its case, and those cases (lead fiche first). */
export interface CaseScreen {
  hits: FicheHit[];
  cases: FicheCase[];
}

/**
 * Headings that name a case rather than a topic (« Coût », « Pièces à fournir »): a place (« En
 * France », « À l'étranger », « Dans un autre pays »), a status or situation (« Vous êtes
 * salarié », « Pour un mineur », « Si… », « Fonctionnaire »), a period (« Avant 2020 », « Depuis
 * juin 2020 », « À partir de 16 ans »), a scheme in parentheses (« Territoriale (FPT) », « Cas
 * général (Caf) », « Régime agricole (MSA) »), the general case and « Autre situation ». A heading this misses is treated
 * as a topic: its passages are kept, never dropped.
 */
const CASE_START = /^(?:en|à|a|au|aux|dans|hors|pour|vous|votre|si|sans|avant|après|depuis|entre|jusqu|cas|autre|personne|jeune|fonctionnaire|contractuel|salarié|locataire|propriétaire|logement (?:vide|meublé)|location (?:vide|meublée)|contrat conclu|entreprise de)(?![\p{L}])/iu;
const CASE_ANYWHERE = /\b(?:en France|à l'étranger|outre-mer)\b|\((?:FPT|FPE|FPH|MSA|Caf|Msa|CUI-CAE|CUI-CIE)\)|\d+\s+ans\b/u;

/** « Dans les 24 heures », « Dans le mois »: steps in time, one after the other, not cases. */
const TIME_STEP = /^dans (?:les |la |le |un |une |l['’])?(?:\d|premi|semaine|mois|jour|heure|an(?![\p{L}])|année)/iu;

export function isCaseHeading(heading: string): boolean {
  const h = heading.trim();
  if (!h || h.endsWith('?') || TIME_STEP.test(h)) return false;
  return CASE_START.test(h) || CASE_ANYWHERE.test(h);
}

/** A sub-case heading line inside a passage, as the chunker writes it: « A › B : ». */
const HEADING_LINE = /^([^|\-•\n][^\n]{0,160}) :$/;

function inlineHeading(line: string): string[] | undefined {
  const m = HEADING_LINE.exec(line.trim());
  if (!m || /[.!?;]\s/.test(m[1]!) || m[1]!.split(/\s+/).length > 16) return undefined;
  return m[1]!.split(PATH_SEPARATOR).map((h) => h.trim());
}

const casePart = (headings: readonly string[]) => headings.filter(isCaseHeading);

/** Two cases agree when neither names, at the same rank, another case than the other. */
export function sameCase(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The case headings of a passage's own section path (the fiche title left out). */
export function chunkCase(chunk: Chunk): string[] {
  return casePart(chunk.path.slice(1));
}

/**
 * The passage as the case on screen shows it: without the lines under a sub-case heading of
 * another case; undefined when the passage itself belongs to another case or nothing is left.
 */
export function restrictToCase(chunk: Chunk, screenCase: readonly string[]): Chunk | undefined {
  const own = chunkCase(chunk);
  if (!sameCase(own, screenCase)) return undefined;
  if (!screenCase.length) return chunk;
  const kept: string[] = [];
  let keep = true;
  for (const line of chunk.text.split('\n')) {
    const heading = inlineHeading(line);
    if (heading) keep = sameCase([...own, ...casePart(heading)], screenCase);
    if (keep) kept.push(line);
  }
  const text = kept.join('\n').trim();
  if (!text) return undefined;
  return text === chunk.text ? chunk : { ...chunk, text };
}

/**
 * What the screen shows for a fiche until the agent picks a case: the case of its first passage
 * and, when that passage splits by case itself and opens with the general case, the general case
 * (a question that states none is answered for the general case, never a specific territory).
 */
export function defaultCase(hit: FicheHit): string[] {
  const lead = hit.passages[0]?.chunk;
  if (!lead) return [];
  const own = chunkCase(lead);
  const first = lead.text.split('\n').map(inlineHeading).find((h) => h && casePart(h).length);
  const general = first && casePart(first)[0];
  return general && /^cas général/i.test(general) ? [...own, general] : own;
}

/**
 * The passages of the cases on screen: `chosen` gives the case the agent picked for a fiche (the
 * case selector), else each fiche shows its default case.
 */
export function casesOnScreen(result: SearchResult, chosen?: (hit: FicheHit) => readonly string[] | undefined): CaseScreen {
  const cases: FicheCase[] = [];
  const hits = result.hits.map((hit) => {
    const path = [...(chosen?.(hit) ?? defaultCase(hit))];
    const audience = hit.passages[0]?.chunk.audience ?? (hit.fiche.audience as Audience);
    cases.push({ ficheId: hit.fiche.id, audience, path, label: path.join(PATH_SEPARATOR) });
    const passages = hit.passages.flatMap((p) => {
      const chunk = restrictToCase(p.chunk, path);
      if (!chunk) return [];
      // Highlight offsets point into the whole passage.
      return [chunk === p.chunk ? p : { ...p, chunk, marks: undefined }];
    });
    return { ...hit, passages };
  });
  return { hits, cases };
}

/** Whether a passage belongs to another case of a fiche whose case is on screen. */
export function ofOtherCase(chunk: Chunk, cases: readonly FicheCase[]): boolean {
  const shown = cases.find((c) => c.ficheId === chunk.ficheId && c.audience === chunk.audience);
  return Boolean(shown && !sameCase(chunkCase(chunk), shown.path));
}
