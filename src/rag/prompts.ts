import { VERDICT_MESSAGES } from './messages';
import type { ChatMessage } from './chatEngine';
import { PATH_SEPARATOR } from '../corpus/chunk';
import type { PackedSource } from './packContext';
import type { PromptStyle } from '../settings/tunables';

/**
 * Every prompt Comptoir sends, in one place. Bump PROMPT_VERSION with any wording change: it is
 * stored with each feedback so answers can be compared across prompt versions.
 */
export const PROMPT_VERSION = '2026-12-07.1';

export const SYSTEM_PROMPT = `Vous aidez un agent d'accueil France Services à répondre à la question d'un usager.
Vous répondez uniquement à partir des sources numérotées fournies, extraites des fiches officielles de service-public.fr.

Règles :
- Chaque phrase qui donne une information se termine par la référence de sa source entre crochets, par exemple [1] ou [2][3].
- N'utilisez que les numéros des sources fournies. N'ajoutez aucune information qui n'y figure pas, même si vous la croyez exacte.
- Quand les sources les donnent, indiquez les démarches dans l'ordre, les pièces à fournir, le coût et les délais.
- Si les sources ne permettent pas de répondre, ou seulement en partie, dites-le clairement : « Les fiches disponibles ne répondent pas à cette question. » N'inventez jamais.
- Si la réponse dépend de la situation de l'usager (âge, nationalité, lieu…), dites de quoi elle dépend et donnez les cas prévus par les sources.
- Si un cas suit la question, répondez pour ce cas seulement et nommez-le d'abord.
- Vouvoyez. Soyez concis : quelques phrases ou une courte liste, sans formule de politesse.
- Ne recopiez pas d'adresse web, de numéro de téléphone ni d'adresse électronique qui ne figure pas dans les sources.`;

/**
 * The CPU engine's system prompt (#12): the same rules, said in a third of the tokens (≈ 100
 * against ≈ 300 in Qwen's tokenizer). It is read once after the model loads (the engine keeps it
 * in its KV cache), but the first question may come before that ends, and small models follow
 * short instructions better.
 */
export const CPU_SYSTEM_PROMPT = `Vous aidez un agent France Services à répondre à un usager, uniquement avec les sources numérotées (fiches de service-public.fr).
- Terminez chaque phrase par sa source entre crochets, par exemple [1].
- N'ajoutez rien qui ne soit pas dans les sources. Si elles ne répondent pas, dites : « Les fiches disponibles ne répondent pas à cette question. »
- Vouvoyez. Quelques phrases, sans formule de politesse.`;


export function systemPrompt(style: PromptStyle = 'full'): string {
  return style === 'compact' ? CPU_SYSTEM_PROMPT : SYSTEM_PROMPT;
}

/**
 * What the CPU engine reads ahead of a question: the system prompt and, in the compact prompt, the
 * question's opening line as far as it is known — nothing after a load, what the agent has typed
 * so far while they type. Every real prompt starts with the same tokens, so the engine reuses that
 * much of its KV cache and reads only the rest once the question is sent.
 */
export function primingMessages(style: PromptStyle = 'full', question = ''): ChatMessage[] {
  const typed = question.trim();
  const user = style === 'compact' ? (typed ? questionLine(typed) : QUESTION_LABEL) : '';
  return [{ role: 'system', content: systemPrompt(style) }, { role: 'user', content: user }];
}

const QUESTION_LABEL = 'Question :';
const questionLine = (question: string) => `${QUESTION_LABEL} ${question.trim()}`;

/**
 * A numbered source in the CPU prompt: the fiche's title and the passage's own section, then the
 * passage; no URL line nor the sections above (≈ 20–40 tokens each that the model does not need:
 * the agent sees the sources with their links).
 */
export function formatSourceCompact(source: PackedSource): string {
  const section = source.chunk.path.length > 1 ? source.chunk.path.at(-1) : '';
  return [`[${source.n}] ${source.fiche.title}${section ? ` — ${section}` : ''}`, source.chunk.text].join('\n');
}

/** One numbered source as the model reads it: title, section path and URL, then the passage. */
export function formatSource(source: PackedSource): string {
  const section = source.chunk.path.slice(1).join(PATH_SEPARATOR);
  return [
    `[${source.n}] ${source.fiche.title}${section ? ` — ${section}` : ''}`,
    `URL : ${source.fiche.url}`,
    source.chunk.text,
  ].join('\n');
}

export function formatSources(sources: readonly PackedSource[], format: (source: PackedSource) => string = formatSource): string {
  return sources.map(format).join('\n\n');
}

/**
 * The user turn: the sources, then the question (recent turns travel as messages before it); on
 * CPU the other way round. The CPU engine reads every token of it before its first words (≈ 0.1 s each on a 4-core PC),
 * so its turn opens with the question, which the engine can read while the agent types it
 * (`primingMessages`), and then the sources, under no heading: the system prompt says what the
 * numbered sources are. When the lead fiche splits by case, the case on screen follows the
 * question, for the model to answer for it and name it.
 */
export function userMessage(question: string, sources: readonly PackedSource[], style: PromptStyle = 'full', caseLabel = ''): string {
  if (style === 'compact') return `${questionLine(question)}${caseLine(caseLabel)}\n\n${formatSources(sources, formatSourceCompact)}`;
  return `Sources :\n\n${formatSources(sources, formatSource)}\n\nQuestion de l'usager : ${question.trim()}${caseLine(caseLabel)}`;
}

/**
 * « Cas (à nommer) : En France › Cas général » (13 tokens in Qwen's tokenizer). The full system
 * prompt also says what to do with it; the CPU one stays as it was measured and cached.
 */
export function caseLine(caseLabel: string): string {
  return caseLabel ? `\nCas (à nommer) : ${caseLabel}` : '';
}

export interface PromptTurn {
  question: string;
  answer: string;
}

/**
 * System prompt, then the last turns as plain question/answer pairs (without their old sources,
 * to keep the context for the new ones), then the new question with its sources.
 */
export function buildMessages(question: string, sources: readonly PackedSource[], history: readonly PromptTurn[] = [], style: PromptStyle = 'full', caseLabel = ''): ChatMessage[] {
  // The system prompt comes first and byte-identical every time: the CPU engine reuses its KV cache.
  const messages: ChatMessage[] = [{ role: 'system', content: systemPrompt(style) }];
  for (const turn of history) {
    messages.push({ role: 'user', content: turn.question }, { role: 'assistant', content: turn.answer });
  }
  messages.push({ role: 'user', content: userMessage(question, sources, style, caseLabel) });
  return messages;
}

export const NO_SOURCE_MESSAGE = VERDICT_MESSAGES['off-topic'];
export const NO_CITATION_WARNING = 'Attention : cette réponse ne cite aucune source. Vérifiez-la dans les fiches avant de la transmettre.';
