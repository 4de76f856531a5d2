import { PATH_SEPARATOR, type Chunk } from '../corpus/chunk';

/**
 * What an embedder reads for a chunk: its section path (fiche title first) on the first line,
 * then the passage. The first line keeps the path's separators so models that weight the title
 * (the corpus-learnt one) can find it again.
 */
export function passageText(chunk: Pick<Chunk, 'path' | 'text'>): string {
  return `${chunk.path.join(PATH_SEPARATOR)}\n${chunk.text}`;
}

export function splitPassage(text: string): { title: string; path: string; body: string } {
  const nl = text.indexOf('\n');
  const head = nl < 0 ? text : text.slice(0, nl);
  const [title = '', ...rest] = head.split(PATH_SEPARATOR);
  return { title, path: rest.join(' '), body: nl < 0 ? '' : text.slice(nl + 1) };
}
