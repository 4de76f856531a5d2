import type { CaseChoice } from '../corpus/model';
import type { CasePick, FicheHit } from '../search/searchEngine';

/** One choice between cases as the case chooser shows it above a fiche's first passage. */
export interface ShownChoice {
  choice: number;
  options: string[];
  /** The option shown (-1: none could be assumed). */
  option: number;
  /** Why it is shown: the question said so, the agent picked it, or it is the general case. */
  reason: 'question' | 'agent' | 'default';
  display?: CaseChoice['display'];
}

/**
 * The choices the fiche's first passage depends on, outermost first, each with the option shown:
 * what the agent needs to see to know which case the passage answers, and to switch it.
 */
export function shownChoices(hit: Pick<FicheHit, 'fiche' | 'passages' | 'cases'>): ShownChoice[] {
  const lead = hit.passages[0]?.chunk;
  const choices = hit.fiche.choices ?? [];
  if (!lead?.cases?.length) return [];
  return lead.cases.flatMap(([choice, option]) => {
    const c = choices[choice];
    if (!c || c.options.length < 2) return [];
    const pick = hit.cases?.[choice];
    const reason = pick?.byAgent ? 'agent' : pick?.stated ? 'question' : 'default';
    return [{ choice, options: c.options, option, reason, ...(c.display ? { display: c.display } : {}) } satisfies ShownChoice];
  });
}

/**
 * The cases with the agent's pick. DILA repeats a choice in each section it splits (« Cas général »
 * / « En Guyane » under the documents, again under the cost): every choice offering the same
 * options takes the pick, so the whole fiche follows one click. Other choices stay as they were.
 */
export function pickCase(cases: readonly CasePick[] | undefined, choices: readonly Pick<CaseChoice, 'options'>[], choice: number, option: number): CasePick[] {
  const out: CasePick[] = Array.from({ length: choices.length }, (_, i) => cases?.[i] ?? { choice: i, option: 0, stated: false });
  out[choice] = { choice, option, stated: true, byAgent: true };
  const picked = choices[choice]?.options;
  const label = picked?.[option];
  if (!picked || !label) return out;
  // A repeat offers the same label among at least one other shared alternative (« Cas général »
  // / « En Guyane », sometimes with « À Mayotte » added): not just any « Oui » of another question.
  choices.forEach((c, i) => {
    const at = c.options.indexOf(label);
    if (i !== choice && at >= 0 && c.options.some((o) => o !== label && picked.includes(o))) out[i] = { choice: i, option: at, stated: true, byAgent: true };
  });
  return out;
}

/** The case of a passage in words (« En France › Cas général »), for a short line under a fiche. */
export function caseLine(hit: Pick<FicheHit, 'fiche' | 'passages'>): string {
  const lead = hit.passages[0]?.chunk;
  const choices = hit.fiche.choices ?? [];
  return (lead?.cases ?? []).map(([c, o]) => choices[c]?.options[o]).filter(Boolean).join(' › ');
}

/** The agent's case picks of one turn: fiche (`audience/id`) → cases. */
export type CaseOverrides = Readonly<Record<string, readonly CasePick[]>>;

export const ficheKey = (fiche: { id: string; audience: string }) => `${fiche.audience}/${fiche.id}`;

/**
 * A search result with the agent's picks applied: each fiche the agent switched shows the
 * passages of its picked cases (fetched from the search worker), so what the screen, the model
 * and the printed sheet get is the case on screen.
 */
export async function applyCases<R extends { hits: FicheHit[] }>(
  result: R, overrides: CaseOverrides | undefined,
  passagesFor: (fiche: FicheHit['fiche'], cases: CasePick[]) => Promise<FicheHit['passages']>,
): Promise<R> {
  if (!overrides || !result.hits.some((h) => overrides[ficheKey(h.fiche)])) return result;
  const hits = await Promise.all(result.hits.map(async (h) => {
    const cases = overrides[ficheKey(h.fiche)];
    if (!cases) return h;
    const passages = await passagesFor(h.fiche, [...cases]);
    return passages.length ? { ...h, cases: [...cases], passages } : h;
  }));
  return { ...result, hits };
}
