import { VERDICT_MESSAGES } from './messages';
import type { ChatMessage } from '../llm/llmEngine';
import { PATH_SEPARATOR } from '../corpus/chunk';
import type { PackedSource } from './packContext';

/**
 * Every prompt Comptoir sends, in one place. Bump PROMPT_VERSION with any wording change: it is
 * stored with each feedback so answers can be compared across prompt versions.
 */
export const PROMPT_VERSION = '2026-11-28.1';

export const SYSTEM_PROMPT = `Vous aidez un agent d'accueil France Services à répondre à la question d'un usager.
Vous répondez uniquement à partir des sources numérotées fournies, extraites des fiches officielles de service-public.fr.

Règles :
- Chaque phrase qui donne une information se termine par la référence de sa source entre crochets, par exemple [1] ou [2][3].
- N'utilisez que les numéros des sources fournies. N'ajoutez aucune information qui n'y figure pas, même si vous la croyez exacte.
- Quand les sources les donnent, indiquez les démarches dans l'ordre, les pièces à fournir, le coût et les délais.
- Si les sources ne permettent pas de répondre, ou seulement en partie, dites-le clairement : « Les fiches disponibles ne répondent pas à cette question. » N'inventez jamais.
- Si la réponse dépend de la situation de l'usager (âge, nationalité, lieu…), dites de quoi elle dépend et donnez les cas prévus par les sources.
- Vouvoyez. Soyez concis : quelques phrases ou une courte liste, sans formule de politesse.
- Ne recopiez pas d'adresse web, de numéro de téléphone ni d'adresse électronique qui ne figure pas dans les sources.`;

/** One numbered source as the model reads it: title, section path and URL, then the passage. */
export function formatSource(source: PackedSource): string {
  const section = source.chunk.path.slice(1).join(PATH_SEPARATOR);
  return [
    `[${source.n}] ${source.fiche.title}${section ? ` — ${section}` : ''}`,
    `URL : ${source.fiche.url}`,
    source.chunk.text,
  ].join('\n');
}

export function formatSources(sources: readonly PackedSource[]): string {
  return sources.map(formatSource).join('\n\n');
}

/** The user turn: the sources, then the question (recent turns travel as messages before it). */
export function userMessage(question: string, sources: readonly PackedSource[]): string {
  return `Sources :\n\n${formatSources(sources)}\n\nQuestion de l'usager : ${question.trim()}`;
}

export interface PromptTurn {
  question: string;
  answer: string;
}

/**
 * System prompt, then the last turns as plain question/answer pairs (without their old sources,
 * to keep the context for the new ones), then the new question with its sources.
 */
export function buildMessages(question: string, sources: readonly PackedSource[], history: readonly PromptTurn[] = []): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }];
  for (const turn of history) {
    messages.push({ role: 'user', content: turn.question }, { role: 'assistant', content: turn.answer });
  }
  messages.push({ role: 'user', content: userMessage(question, sources) });
  return messages;
}

export const NO_SOURCE_MESSAGE = VERDICT_MESSAGES['off-topic'];
export const NO_CITATION_WARNING = 'Attention : cette réponse ne cite aucune source. Vérifiez-la dans les fiches avant de la transmettre.';
