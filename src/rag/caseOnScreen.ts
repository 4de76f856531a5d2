import { PATH_SEPARATOR, type Chunk } from '../corpus/chunk';
import type { Audience } from '../corpus/model';
import { fitsPlan } from '../search/ranking/casePlan';
import type { CasePick, FicheHit, SearchResult } from '../search/searchEngine';

/**
 * Fiches split their answer by case (En France / À l'étranger, Cas général / En Guyane, salarié /
 * fonctionnaire…). The answer is written for the case on screen only: the model reads that case's
 * passages, the answer names it, and a citation of a passage of another case of the same fiche is
 * flagged. Where DILA marks the cases (`fiche.choices`), passages are cut by case and the search
 * picks each fiche's cases (`FicheHit.cases`, the agent's pick on screen included): those are the
 * case on screen. A fiche without choices is split by the headings that name a case, in its
 * section paths and in the sub-case heading lines inside a passage.
 */
export interface FicheCase {
  ficheId: string;
  audience: Audience;
  /** The case's headings (or the options picked), outermost first; empty when the fiche is shown whole. */
  path: string[];
  /** « En France › Cas général ». */
  label: string;
  /** The options on screen in each of the fiche's choices, when DILA marks its cases. */
  picks?: CasePick[];
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
 * The options on screen for a fiche with choices: the lead passage's (what the case chooser shows),
 * and the search's pick in the choices the lead passage does not depend on.
 */
export function screenPicks(hit: Pick<FicheHit, 'fiche' | 'passages' | 'cases'>): CasePick[] {
  const picks = (hit.fiche.choices ?? []).map((_, i) => hit.cases?.[i] ?? { choice: i, option: -1, stated: false });
  for (const [choice, option] of hit.passages[0]?.chunk.cases ?? []) {
    if (picks[choice] && picks[choice]!.option !== option) picks[choice] = { choice, option, stated: false };
  }
  return picks;
}

/** The lead passage's case in words: its options, outermost first (« En France », « Cas général »). */
export function leadCasePath(hit: Pick<FicheHit, 'fiche' | 'passages'>): string[] {
  const choices = hit.fiche.choices ?? [];
  return (hit.passages[0]?.chunk.cases ?? []).flatMap(([c, o]) => choices[c]?.options[o] ?? []);
}

/**
 * The passages of the cases on screen: for a fiche with choices, the passages of the options on
 * screen; for one without, `chosen` gives the case headings picked (tests), else its default case.
 */
export function casesOnScreen(result: SearchResult, chosen?: (hit: FicheHit) => readonly string[] | undefined): CaseScreen {
  const cases: FicheCase[] = [];
  const hits = result.hits.map((hit) => {
    const audience = hit.passages[0]?.chunk.audience ?? (hit.fiche.audience as Audience);
    if (hit.fiche.choices?.length) {
      const picks = screenPicks(hit);
      const path = leadCasePath(hit);
      cases.push({ ficheId: hit.fiche.id, audience, path, label: path.join(PATH_SEPARATOR), picks });
      return { ...hit, passages: hit.passages.filter((p) => fitsPlan(p.chunk, picks)) };
    }
    const path = [...(chosen?.(hit) ?? defaultCase(hit))];
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
  if (!shown) return false;
  return shown.picks ? !fitsPlan(chunk, shown.picks) : !sameCase(chunkCase(chunk), shown.path);
}
