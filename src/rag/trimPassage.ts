import { estimateTokens } from '../corpus/tokenEstimate';
import { analyze } from '../search/analysis/frenchAnalyzer';
import { queryTerms } from '../search/analysis/queryTerms';

/** Marks where sentences of the passage were left out, so the model does not read two as one. */
export const GAP = ' […] ';

/** Words the fiches abbreviate with a full stop: « art. L. 123 » is one sentence. */
const ABBREVIATION = /(?:^|[\s('’])(?:\p{L}|art|arts|al|cf|ex|etc|min|max|env|réf|vol|mme|mlle|mm|no|n°)\.$/iu;

/**
 * A passage as sentences and list items, each with the separator that followed it in the fiche.
 * A sentence ends at . ! ? … followed by a space and a capital, a quote, a dash or a digit (not
 * after an abbreviation), or at a line break (list items).
 */
export function sentences(text: string): { text: string; sep: string }[] {
  const out: { text: string; sep: string }[] = [];
  const boundary = /(?<=[.!?…])[ \t]+(?=[A-ZÀ-ÖØ-Þ«"(\d–—•-])|\s*\n\s*/gu;
  let at = 0;
  for (const m of text.matchAll(boundary)) {
    if (!m[0].includes('\n') && ABBREVIATION.test(text.slice(Math.max(at, m.index - 8), m.index))) continue;
    const piece = text.slice(at, m.index);
    if (piece.trim()) out.push({ text: piece, sep: m[0].includes('\n') ? '\n' : ' ' });
    at = m.index + m[0].length;
  }
  const last = text.slice(at);
  if (last.trim()) out.push({ text: last, sep: '' });
  return out;
}

/**
 * The passage cut to `budgetTokens` for a slow engine, which pays for every prompt token before
 * its first word: its sentences that share the most (weighted) terms with the question, kept in the
 * fiche's order, gaps marked with « […] ». The first sentence gets a small bonus (it usually says
 * what the passage is about). A passage within budget comes back unchanged; a single sentence
 * longer than the budget is cut at a word, with « … ».
 */
export function trimPassage(text: string, question: string, budgetTokens: number, count: (text: string) => number = estimateTokens): string {
  if (count(text) <= budgetTokens) return text;
  const weights = new Map<string, number>();
  for (const t of queryTerms(question)) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight));
  const parts = sentences(text).map((s, i) => {
    let score = i === 0 ? 0.25 : 0;
    for (const term of new Set(analyze(s.text))) score += weights.get(term) ?? 0;
    return { ...s, i, score, cost: count(s.text) + 1 };
  });
  const ranked = [...parts].sort((a, b) => b.score - a.score || a.i - b.i);
  const kept: typeof parts = [];
  let used = 0;
  for (const p of ranked) {
    // A left-out neighbour costs a gap marker (about 2 tokens).
    if (used + p.cost + 2 > budgetTokens) continue;
    kept.push(p);
    used += p.cost + 2;
  }
  if (!kept.length) return cutAtWord(ranked[0]!.text, budgetTokens, count);
  kept.sort((a, b) => a.i - b.i);
  let out = kept[0]!.i > 0 ? GAP.trimStart() : '';
  kept.forEach((p, k) => {
    out += p.text.trim();
    const next = kept[k + 1];
    if (next) out += next.i === p.i + 1 ? p.sep : GAP;
    else if (p.i < parts.length - 1) out += GAP.trimEnd();
  });
  return out;
}

function cutAtWord(text: string, budgetTokens: number, count: (text: string) => number): string {
  const words = text.trim().split(/\s+/);
  let lo = 1;
  let hi = words.length;
  // The longest run of words that fits, found by halving (count may be a real tokenizer).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(`${words.slice(0, mid).join(' ')} …`) <= budgetTokens) lo = mid;
    else hi = mid - 1;
  }
  return `${words.slice(0, lo).join(' ')} …`;
}
