import { describe, expect, it } from 'vitest';
import type { FailureCode, FailureLayer } from '../../src/errors/appFailure';
import { failureText } from '../../src/ui/failureText';

const CODES: FailureCode[] = [
  'bundle-missing', 'bundle-format', 'bundle-unreachable', 'quota', 'storage-unavailable', 'not-zip', 'zip-damaged', 'zip64',
  'too-many-entries', 'too-large', 'no-file', 'no-valid-fiche', 'worker-crashed', 'out-of-memory', 'cancelled', 'not-loaded', 'unexpected',
];

describe('failures become French in one place', () => {
  it('every code of every layer says what happened and what to do, in French', () => {
    for (const layer of ['corpus', 'storage', 'import', 'search'] as FailureLayer[]) {
      for (const code of CODES) {
        const text = failureText({ layer, code, details: { entries: 50_000, max: 256 << 20, files: 3, file: 'x.zip' }, detail: 'TypeError: boom' });
        expect(text, `${layer}/${code}`).not.toMatch(/undefined|NaN|\bthe\b|\bfailed\b/i);
        if (code !== 'cancelled') {
          expect(text, `${layer}/${code}`).toMatch(/(rechargez|recommencez|vérifiez|téléchargez|choisissez|fermez|libérez|demandez|ouvrez|revenez)/i);
        }
      }
    }
  });

  it('the quota message says what the browser refused, never contradicts it with a free-space figure, and still helps without one', () => {
    // An older failure may still carry estimate()'s figure: it is not repeated.
    const text = failureText({ layer: 'storage', code: 'quota', details: { neededBytes: 72 << 20, availableBytes: 10_240 << 20 } });
    expect(text).toMatch(/le navigateur a refusé d’enregistrer 72 Mo de fiches/);
    expect(text).not.toMatch(/disponible|10 240/);
    expect(failureText({ layer: 'storage', code: 'quota' })).toMatch(/^Espace de stockage insuffisant\. Libérez/);
  });
});
