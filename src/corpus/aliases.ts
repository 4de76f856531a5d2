import type { FicheMeta } from './corpusData';
import type { Audience } from './model';
import type { OutLink } from './normalizeFiche';

/** At most this many aliases a fiche: the most used wordings first. */
const MAX_ALIASES = 40;

const key = (text: string) => text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[’‘]/g, "'").replace(/[^\p{L}\p{N}']+/gu, ' ').trim();

/**
 * What the other publications call each fiche (`audience/id` → wordings), most used first: the
 * words of their links, related questions and dossier entries, without the fiche's own title and
 * without repeats. DILA writes these pointers in the words of the page that points, which are
 * often the words of a question about the fiche rather than its title's.
 */
export function aliasesOf(fiches: readonly FicheMeta[], pointers: readonly { from: Audience; links: readonly OutLink[] }[]): Map<string, string[]> {
  const titles = new Map(fiches.map((f) => [`${f.audience}/${f.id}`, key(f.title)]));
  const counts = new Map<string, Map<string, { text: string; n: number }>>();
  for (const { from, links } of pointers) {
    for (const link of links) {
      const target = `${link.audience ?? from}/${link.id}`;
      const title = titles.get(target);
      const text = link.text.replace(/\s+/g, ' ').trim();
      const k = key(text);
      if (title === undefined || k.length < 3 || k === title) continue;
      let forTarget = counts.get(target);
      if (!forTarget) counts.set(target, (forTarget = new Map()));
      const entry = forTarget.get(k);
      if (entry) entry.n++;
      else forTarget.set(k, { text, n: 1 });
    }
  }
  const out = new Map<string, string[]>();
  for (const [target, entries] of counts) {
    out.set(target, [...entries.values()].sort((a, b) => b.n - a.n || a.text.localeCompare(b.text)).slice(0, MAX_ALIASES).map((e) => e.text));
  }
  return out;
}
