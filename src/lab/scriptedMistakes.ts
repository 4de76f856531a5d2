import { extractFigures, type Figure } from '../rag/figures';
import { splitSentences } from '../rag/sentences';
import type { ChatRequest } from '../llm/engines/llmEngine';

/**
 * Scripted answers that make the mistakes small models make, built from the prompt the pipeline
 * sends: a sentence copied from a numbered source and cited, then spoiled in one way. The checks of
 * src/rag/grounding.ts must catch each (tests/unit/grounding.test.ts, and in the page, the test
 * build's `?moteur=test&erreur=…`).
 */
export const MISTAKES = {
  aucune: 'aucune erreur : une phrase copiée de sa source, citée',
  'autre-cas': "un chiffre d'un autre cas de la même fiche",
  chiffre: "un chiffre qu'aucun passage ne donne",
  unite: 'le bon chiffre avec la mauvaise unité',
  'mauvaise-source': "la bonne phrase citant un autre passage que le sien",
  anglais: 'une phrase en anglais',
  boucle: 'la même phrase répétée en boucle',
  'sans-source': 'une phrase qui ne cite rien',
} as const;

export type Mistake = keyof typeof MISTAKES;

export function isMistake(name: string | null | undefined): name is Mistake {
  return Boolean(name && Object.hasOwn(MISTAKES, name));
}

export interface PromptSource {
  n: number;
  title: string;
  text: string;
}

/** The numbered sources of the last user turn, full or compact prompt alike. */
export function promptSources(request: ChatRequest): PromptSource[] {
  const user = request.messages[request.messages.length - 1]!.content;
  const parts = user.split(/^\[(\d{1,3})\] /m);
  const sources: PromptSource[] = [];
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const [title = '', ...lines] = parts[i + 1]!.split('\n');
    const body = lines.filter((l) => !l.startsWith('URL : ')).join('\n');
    // The full prompt ends with the question after the last source.
    const text = body.split(/\n\nQuestion de l'usager : /)[0]!.trim();
    sources.push({ n: Number(parts[i]), title: title.trim(), text });
  }
  return sources;
}

/** The case line of the prompt (« Cas (à nommer) : En France › Cas général »), if any. */
function promptCase(request: ChatRequest): string | undefined {
  const user = request.messages[request.messages.length - 1]!.content;
  return /^Cas \(à nommer\) : (.+)$/m.exec(user)?.[1];
}

const CHECKED: ReadonlySet<Figure['kind']> = new Set(['amount', 'duration', 'percent']);

/** A sentence of a source that gives a figure worth checking, with that figure; else its first sentence. */
function groundedLine(sources: readonly PromptSource[]): { source: PromptSource; line: string; figure?: Figure } | undefined {
  for (const source of sources) {
    for (const sentence of splitSentences(source.text)) {
      const line = sentence.text.replace(/^\s*[-•]\s+/, '').trim();
      if (sentence.introduces || line.startsWith('|')) continue;
      const figure = extractFigures(line).find((f) => CHECKED.has(f.kind));
      if (figure) return { source, line, figure };
    }
  }
  const source = sources[0];
  if (!source) return undefined;
  const line = source.text.split('\n').find((l) => l.trim() && !l.trim().endsWith(':'))?.trim() ?? source.text;
  return { source, line: line.replace(/^\s*[-•]\s+/, '') };
}

const OTHER_UNIT: Record<string, string> = { amount: 'jours', percent: '€', day: 'mois', month: 'jours', hour: 'jours', minute: 'heures' };

function replaceFigure(line: string, figure: Figure, by: string): string {
  return line.slice(0, figure.start) + by + line.slice(figure.end);
}

/** The figure's value with another unit: « 25 € » → « 25 jours », « 15 jours » → « 15 mois ». */
function wrongUnit(figure: Figure): string {
  const number = /^[\d\s.,\u00a0\u202f]+/.exec(figure.raw)?.[0].trim() ?? String(figure.value);
  const unit = figure.kind === 'duration' ? figure.key.split(':')[1]! : figure.kind;
  return `${number} ${OTHER_UNIT[unit] ?? 'mois'}`;
}

/** A value no source writes: the figure's value plus 7, in its own unit. */
function inventedFigure(figure: Figure, sources: readonly PromptSource[]): string {
  const written = new Set(sources.flatMap((s) => extractFigures(s.text, { bareWords: true }).map((f) => f.value)));
  let value = Math.round(figure.value) + 7;
  while (written.has(value)) value += 7;
  const number = /^[\d\s.,\u00a0\u202f]+/.exec(figure.raw)?.[0] ?? '';
  return String(value) + figure.raw.slice(number.length).replace(/^(?=\S)/, ' ');
}

export interface MistakeOptions {
  /** The figure of another case of the same fiche that the 'autre-cas' answer gives (« 12,50 € »). */
  otherCaseFigure?: string;
}

export function mistakeReply(mistake: Mistake, request: ChatRequest, options: MistakeOptions = {}): string {
  const sources = promptSources(request);
  const grounded = groundedLine(sources);
  if (!grounded) return 'Les fiches disponibles ne répondent pas à cette question.';
  const { source, line, figure } = grounded;
  const caseLabel = promptCase(request);
  const opening = caseLabel ? `Pour le cas « ${caseLabel} » :\n` : '';
  const cite = (text: string, n = source.n) => `${text.replace(/[.;:,]\s*$/, '')} [${n}].`;
  switch (mistake) {
    case 'aucune':
      return opening + cite(line);
    case 'autre-cas':
      return opening + cite(figure ? replaceFigure(line, figure, options.otherCaseFigure ?? '12,50 €') : `${line} : ${options.otherCaseFigure ?? '12,50 €'}`);
    case 'chiffre':
      return opening + cite(figure ? replaceFigure(line, figure, inventedFigure(figure, sources)) : `${line}, sous 45 jours`);
    case 'unite':
      return opening + cite(figure ? replaceFigure(line, figure, wrongUnit(figure)) : `${line}, sous 45 jours`);
    case 'mauvaise-source': {
      // Another passage, one that does not give the same figure (else the citation would hold).
      const gives = (s: PromptSource) => Boolean(figure && extractFigures(s.text, { bareWords: true }).some((f) => f.key === figure.key));
      const other = sources.find((s) => s.n !== source.n && !s.text.includes(line) && !gives(s));
      return opening + cite(line, other?.n ?? source.n + 1);
    }
    case 'anglais':
      return `${opening}${cite(line)}\nYou must bring these documents to the town hall before the deadline [${source.n}].`;
    case 'boucle':
      return `${opening}${cite(line)}\n${'Vous devez ensuite vérifier les pièces à fournir auprès de la mairie et '.repeat(12)}`;
    case 'sans-source':
      return `${opening}${line.replace(/[.;:,]\s*$/, '')}.`;
  }
}
