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

  it('the quota message gives both figures when known, and still helps when not', () => {
    expect(failureText({ layer: 'storage', code: 'quota', details: { neededBytes: 90 << 20, availableBytes: 12 << 20 } }))
      .toMatch(/il faut 90 Mo, 12 Mo sont disponibles/);
    expect(failureText({ layer: 'storage', code: 'quota' })).toMatch(/^Espace de stockage insuffisant\. Libérez/);
  });
});
