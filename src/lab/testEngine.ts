import { ScriptedEngine } from './scriptedEngine';
import type { ChatRequest } from '../llm/engines/llmEngine';
import { mistakeReply, type Mistake, type MistakeOptions } from './scriptedMistakes';

/**
 * The engine of the test build (VITE_COMPTOIR_TEST_ENGINE=1 and ?moteur=test): answers from the
 * numbered sources it is given, slowly enough for a test to press Stop, and replays hostile
 * markdown when asked about "xss", to prove the page renders it inert; `mistake` (`&erreur=chiffre`…)
 * makes it answer with one of the mistakes small models make (src/lab/scriptedMistakes.ts).
 * Never in a release build.
 */
export function createTestEngine(options: { tokensPerSecond?: number; words?: number; mistake?: Mistake } & MistakeOptions = {}): ScriptedEngine {
  const { words, mistake } = options;
  return new ScriptedEngine({
    reply: words ? (r) => longReply(r, words) : mistake ? (r) => mistakeReply(mistake, r, options) : reply,
    tokenDelayMs: 1000 / (options.tokensPerSecond ?? 40),
    contextWindow: 4096,
  });
}

/** A long cited answer, for measuring what the page costs per streamed token (bench:ui). */
function longReply(_request: ChatRequest, words: number): string {
  const sentence = 'La démarche se fait en ligne ou en mairie selon votre situation [1].';
  const per = sentence.split(' ').length;
  return Array.from({ length: Math.ceil(words / per) }, (_, i) => (i % 4 === 3 ? `- ${sentence}` : sentence)).join('\n');
}

function reply(request: ChatRequest): string {
  const user = request.messages[request.messages.length - 1]!.content;
  // The full prompt ends with the question; the compact (CPU) one opens with it.
  const question = /Question de l'usager : (.*)$/m.exec(user)?.[1] ?? /^Question : (.*)$/m.exec(user)?.[1] ?? '';
  if (/xss/i.test(question)) {
    return 'Réponse **piégée** [1] <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> ' +
      '[cliquez](javascript:window.__xss=3) et [site](https://www.service-public.fr) ![img](x" onerror="window.__xss=4) [9].';
  }
  const titles = [...user.matchAll(/^\[(\d+)\] ([^\n—]+)/gm)].map((m) => ({ n: Number(m[1]), title: m[2]!.trim() }));
  const [first, second] = titles;
  if (!first) return 'Les fiches disponibles ne répondent pas à cette question.';
  const lines = [`D'après la fiche « ${first.title} », voici les points principaux [${first.n}].`];
  if (second) lines.push(`- La fiche « ${second.title} » précise les démarches [${second.n}].`);
  lines.push(`- Vérifiez les pièces à fournir avant de vous déplacer [${first.n}].`);
  lines.push('Pour toute question, appelez le 06 12 34 56 78.');
  return lines.join('\n');
}
