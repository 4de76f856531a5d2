/**
 * Helpers shared by the files search writes next to the corpus (the BM25 index, the corpus
 * vectors): typed arrays are laid out on 4-byte boundaries so they can be viewed in place when
 * loaded, and each file carries a fingerprint of what it was built from.
 */

/** The next 4-byte boundary at or after `n`. */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

/** FNV-1a over UTF-16 code units: a cheap, stable fingerprint, not a cryptographic hash. */
export class Fnv1a {
  private h = 0x811c9dc5;

  add(text: string): this {
    for (let i = 0; i < text.length; i++) this.h = Math.imul(this.h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return this;
  }

  get hex(): string {
    return this.h.toString(16);
  }
}
