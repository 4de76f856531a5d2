/**
 * The strongest simple baseline Comptoir is compared with: MiniSearch 7.2 (BM25) over the fiches
 * cut into 1,000-character chunks, fields title (×2) and text, with a plain French analyzer —
 * elisions stripped, French stop words, Snowball French stemmer, accents folded. What a
 * competent developer gets in an afternoon; Comptoir's margin over it is the honest figure.
 */
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import MiniSearch from 'minisearch';
import { newStemmer } from 'snowball-stemmers';
import type { Chunk } from '../../src/corpus/chunk';
import type { FicheMeta } from '../../src/corpus/corpusData';
import type { Audience } from '../../src/corpus/model';
import type { FicheHit } from '../../src/search/searchEngine';

const CHUNK_CHARS = 1000;
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/;
const stemmer = newStemmer('french');
const fold = (w: string) => w.normalize('NFD').replace(/\p{M}+/gu, '');
const stop = new Set([...frenchStopwords, ...frenchStopwords.map(fold)]);

/** The baseline's analyzer for one token (null: dropped). */
export function frenchTerm(token: string): string | null {
  const w = token.toLowerCase().replace(ELISION, '');
  if (!w || stop.has(w)) return null;
  return fold(stemmer.stem(w));
}

/** A fiche's text cut into pieces of at most ~1,000 characters, on spaces. */
export function thousandCharChunks(text: string): string[] {
  const out: string[] = [];
  let rest = text.replace(/\s+/g, ' ').trim();
  while (rest.length > CHUNK_CHARS) {
    let cut = rest.lastIndexOf(' ', CHUNK_CHARS);
    if (cut < CHUNK_CHARS / 2) cut = CHUNK_CHARS;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}

export interface BaselineSearch {
  search(question: string, audience?: Audience, k?: number): FicheHit[];
}

/** Indexes the corpus's answer fiches the baseline's way; searches return fiches by their best chunk. */
export function buildMiniSearchBaseline(corpus: { fiches: readonly FicheMeta[]; chunks: readonly Chunk[] }): BaselineSearch {
  const fiches = new Map(corpus.fiches.map((f) => [`${f.audience}/${f.id}`, f]));
  const texts = new Map<string, string[]>();
  for (const c of corpus.chunks) {
    const key = `${c.audience}/${c.ficheId}`;
    texts.set(key, [...(texts.get(key) ?? []), c.text]);
  }
  const docs: { id: number; key: string; audience: Audience; title: string; text: string }[] = [];
  for (const [key, parts] of texts) {
    const fiche = fiches.get(key)!;
    for (const text of thousandCharChunks(parts.join('\n'))) docs.push({ id: docs.length, key, audience: fiche.audience, title: fiche.title, text });
  }
  const ms = new MiniSearch({ fields: ['title', 'text'], storeFields: [], idField: 'id', processTerm: frenchTerm, searchOptions: { boost: { title: 2 } } });
  ms.addAll(docs);
  return {
    search(question, audience, k = 10) {
      const found = ms.search(question, audience ? { filter: (r) => docs[r.id as number]!.audience === audience } : {});
      const hits: FicheHit[] = [];
      const seen = new Set<string>();
      for (const r of found) {
        const doc = docs[r.id as number]!;
        if (seen.has(doc.key)) continue;
        seen.add(doc.key);
        const fiche = fiches.get(doc.key)!;
        const chunk: Chunk = { id: `${fiche.id}~${doc.id}`, ficheId: fiche.id, audience: fiche.audience, url: fiche.url, path: [fiche.title], text: doc.text, tokens: 0 };
        hits.push({ fiche, score: r.score, passages: [{ chunk, score: r.score }] });
        if (hits.length === k) break;
      }
      return hits;
    },
  };
}
