import type { ChatMessage } from '../../src/llm/engines/llmEngine';
import { packContext } from '../../src/rag/packContext';
import { buildMessages, formatSource, formatSourceCompact } from '../../src/rag/prompts';
import { trimPassage } from '../../src/rag/trimPassage';
import { loadEngine } from '../../src/search/node/loadEngine';

/** The desk question the CPU benches ask, with its best passages from the real corpus. */
export const DESK_QUESTION = "Ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";

let hits: ReturnType<ReturnType<typeof loadEngine>['search']>['hits'] | undefined;
const deskHits = () => (hits ??= loadEngine().search(DESK_QUESTION, { k: 8, passagesPerFiche: 3 }).hits);

const chars = (messages: readonly ChatMessage[]) => messages.reduce((n, m) => n + m.content.length, 0);

/** A real RAG prompt of our pipeline: the desk question's best passages, packed as the app packs them. */
export async function deskRagPrompt(passages: number): Promise<{ messages: ChatMessage[]; sources: number; chars: number }> {
  const sources = await packContext(deskHits(), 3000, formatSource, undefined, passages);
  const messages = buildMessages(DESK_QUESTION, sources, []);
  return { messages, sources: sources.length, chars: chars(messages) };
}

/** The app's CPU prompt (src/llm/policy/cpuBudget.ts's settings): compact wording, passages trimmed to the question. */
export async function deskCpuPrompt(passages: number, passageTokens: number): Promise<{ messages: ChatMessage[]; sources: number; chars: number }> {
  const trim = (s: Awaited<ReturnType<typeof packContext>>[number]) => ({ ...s, chunk: { ...s.chunk, text: trimPassage(s.chunk.text, DESK_QUESTION, passageTokens) } });
  const sources = (await packContext(deskHits(), 3000, (s) => formatSourceCompact(trim(s)), undefined, passages)).map(trim);
  const messages = buildMessages(DESK_QUESTION, sources, [], 'compact');
  return { messages, sources: sources.length, chars: chars(messages) };
}
