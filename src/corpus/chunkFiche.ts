import { PATH_SEPARATOR, type Chunk } from './chunk';
import type { Content, Fiche, Section, SectionLevel } from './model';
import { renderBlock } from './renderBlocks';
import { CHARS_PER_TOKEN, estimateTokens } from './tokenEstimate';

export interface ChunkOptions {
  /** A chunk grows to this many tokens at most (a single sentence longer than this is cut). */
  maxTokens: number;
  /** Below this, a chunk takes in the next sub-section (a short Cas, a short SousChapitre). */
  minTokens: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxTokens: 400, minTokens: 250 };

/**
 * Levels that are hard boundaries: a chunk never spans two of them. A case (Situation, Cas) is
 * one: a passage is written for one case, so the case the question states (or the general one)
 * can be shown alone and a passage of another case never rides along. SousChapitre is soft:
 * small ones are merged with their neighbours inside the same chapter or case.
 */
const HARD: ReadonlySet<SectionLevel> = new Set(['introduction', 'texte', 'situation', 'chapitre', 'cas', 'liens']);

interface Piece {
  path: string[];
  text: string;
  tokens: number;
}

/** Pieces bounded by hard section edges, under one case path. */
interface Group {
  pieces: Piece[];
  cases: [number, number][];
}

export function chunkFiche(fiche: Fiche, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Chunk[] {
  if (fiche.role !== 'answer') return [];
  const groups: Group[] = [];
  const optionOf = caseOptions(fiche);
  for (const section of mergeLeadingText(fiche.body)) collectGroups(section, [fiche.title], [], groups, options, optionOf);
  const chunks: Chunk[] = [];
  for (const group of groups) {
    for (const { path, text } of packGroup(group.pieces, options)) {
      chunks.push({
        id: `${fiche.id}#${chunks.length}`,
        ficheId: fiche.id,
        audience: fiche.audience,
        url: fiche.url,
        path,
        text,
        tokens: estimateTokens(text),
        ...(group.cases.length ? { cases: group.cases } : {}),
      });
    }
  }
  return chunks;
}

/** Each case section's option number within its choice (its rank among the choice's sections). */
function caseOptions(fiche: Fiche): Map<Section, number> {
  const seen = new Map<number, number>();
  const out = new Map<Section, number>();
  const walk = (content: Content[]) => {
    for (const item of content) {
      if (item.kind !== 'section') continue;
      if (item.choice !== undefined) {
        const n = seen.get(item.choice) ?? 0;
        out.set(item, n);
        seen.set(item.choice, n + 1);
      }
      walk(item.content);
    }
  };
  walk(fiche.body);
  return out;
}

/** Untitled top-level text (introduction, loose paragraphs) is one run of prose, not two. */
function mergeLeadingText(body: Section[]): Section[] {
  const out: Section[] = [];
  for (const section of body) {
    const prev = out[out.length - 1];
    const untitled = (s: Section) => !s.title && (s.level === 'introduction' || s.level === 'texte');
    if (prev && untitled(prev) && untitled(section)) {
      out[out.length - 1] = { ...prev, content: [...prev.content, ...section.content] };
    } else out.push(section);
  }
  return out;
}

/** Splits a section tree into groups of pieces; each group is bounded by hard section edges. */
function collectGroups(
  section: Section, parentPath: string[], parentCases: [number, number][], groups: Group[], options: ChunkOptions,
  optionOf: Map<Section, number>,
): void {
  const path = section.title ? [...parentPath, section.title] : parentPath;
  const option = optionOf.get(section);
  const cases: [number, number][] = section.choice !== undefined && option !== undefined ? [...parentCases, [section.choice, option]] : parentCases;
  let current: Group = { pieces: [], cases };
  groups.push(current);
  const walk = (content: Content[], at: string[]) => {
    for (const item of content) {
      if (item.kind !== 'section') {
        current.pieces.push(...splitPiece(at, renderBlock(item), options.maxTokens));
      } else if (HARD.has(item.level)) {
        collectGroups(item, at, cases, groups, options, optionOf);
        current = { pieces: [], cases };
        groups.push(current);
      } else {
        walk(item.content, item.title ? [...at, item.title] : at);
      }
    }
  };
  walk(section.content, path);
}

function packGroup(pieces: Piece[], { maxTokens, minTokens }: ChunkOptions): { path: string[]; text: string }[] {
  const chunks: Piece[][] = [];
  let current: Piece[] = [];
  let tokens = 0;
  for (const piece of pieces) {
    const last = current[current.length - 1];
    const samePath = last !== undefined && samePathOf(last.path, piece.path);
    // +1 for the line break that joins it; a piece under another sub-heading brings that heading.
    const cost = piece.tokens + 1 + (samePath ? 0 : estimateTokens(piece.path.join(PATH_SEPARATOR)) + 1);
    const fits = tokens + cost <= maxTokens;
    if (last && fits && (samePath || tokens < minTokens)) {
      current.push(piece);
      tokens += cost;
    } else {
      if (current.length) chunks.push(current);
      current = [piece];
      tokens = piece.tokens;
    }
  }
  if (current.length) chunks.push(current);
  // A short tail (the last few lines of a section) reads better with what precedes it.
  const tail = chunks[chunks.length - 1];
  const before = chunks[chunks.length - 2];
  if (tail && before && sum(tail) < minTokens / 3 && estimateTokens(render([...before, ...tail]).text) <= maxTokens) {
    before.push(...chunks.pop()!);
  }
  return chunks.map(render);
}

function render(pieces: Piece[]): { path: string[]; text: string } {
  const common = pieces.map((p) => p.path).reduce(commonPrefix);
  const lines: string[] = [];
  let lastPath = common;
  for (const piece of pieces) {
    if (!samePathOf(piece.path, lastPath) && piece.path.length > common.length) {
      lines.push(`${piece.path.slice(common.length).join(PATH_SEPARATOR)} :`);
    }
    lastPath = piece.path;
    lines.push(piece.text);
  }
  return { path: common, text: lines.join('\n') };
}

/** Cuts an over-long block on line, then sentence, then word boundaries; table headers repeat. */
function splitPiece(path: string[], text: string, maxTokens: number): Piece[] {
  const make = (t: string): Piece => ({ path, text: t, tokens: estimateTokens(t) });
  if (estimateTokens(text) <= maxTokens) return text ? [make(text)] : [];
  const lines = text.split('\n');
  const header = lines[1] && /^\s*\|( --- \|)+$/.test(lines[1]) ? `${lines[0]}\n${lines[1]}` : '';
  const body = header ? lines.slice(2) : lines;
  const units = body.flatMap((line) => splitLine(line, maxTokens - estimateTokens(header)));
  const out: Piece[] = [];
  let buf: string[] = [];
  const flush = () => {
    if (buf.length) out.push(make((header ? `${header}\n` : '') + buf.join('\n')));
    buf = [];
  };
  for (const unit of units) {
    const next = [...buf, unit].join('\n');
    if (buf.length && estimateTokens(header) + estimateTokens(next) + 1 > maxTokens) flush();
    buf.push(unit);
  }
  flush();
  return out;
}

function splitLine(line: string, maxTokens: number): string[] {
  if (estimateTokens(line) <= maxTokens) return [line];
  const sentences = line.split(/(?<=[.;!?])\s+/)
    .flatMap((s) => (estimateTokens(s) <= maxTokens ? [s] : greedyJoin(s.split(' ').flatMap((w) => cutWord(w, maxTokens)), maxTokens)));
  return greedyJoin(sentences, maxTokens);
}

/** A « word » longer than a whole passage (a crafted 2.9 MB run without spaces) is cut into passage-sized pieces. */
function cutWord(word: string, maxTokens: number): string[] {
  if (estimateTokens(word) <= maxTokens) return [word];
  const size = Math.max(1, Math.floor(maxTokens * CHARS_PER_TOKEN));
  const out: string[] = [];
  for (let at = 0; at < word.length; at += size) out.push(word.slice(at, at + size));
  return out;
}

/** Joins units with spaces into as few pieces as fit the budget, in order. */
function greedyJoin(units: string[], maxTokens: number): string[] {
  const out: string[] = [];
  let buf = '';
  for (const unit of units) {
    const next = buf ? `${buf} ${unit}` : unit;
    if (buf && estimateTokens(next) > maxTokens) {
      out.push(buf);
      buf = unit;
    } else buf = next;
  }
  if (buf) out.push(buf);
  return out;
}

function samePathOf(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

function commonPrefix(a: string[], b: string[]): string[] {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

function sum(pieces: Piece[]): number {
  return pieces.reduce((n, p) => n + p.tokens, 0);
}
