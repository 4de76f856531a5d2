import { describe, expect, it } from 'vitest';
import { FAILURE_CODES, type Failure, type FailureLayer } from '../../src/errors/appFailure';
import { failureText } from '../../src/errors/failureText';

/** Details of the right shape for every code that has some (and harmless extras for the others). */
const DETAILS = {
  file: 'x.zip', status: 404, neededBytes: 72 << 20, entries: 50_000, max: 256 << 20, files: 3, before: 4200, after: 12,
  bytes: 5 << 20, over: true, method: 12, encoding: 'koi8-r', reason: 'unclosed tag: Texte', root: 'Html', id: 'X1',
  neededMB: 2048, f32Twin: 'Qwen-q4f32_1-MLC', min: 8, waitSeconds: 90, invalid: 'not JSON',
};

const every = (): Failure[] => (Object.keys(FAILURE_CODES) as FailureLayer[]).flatMap((layer) =>
  FAILURE_CODES[layer].map((code) => ({ layer, code, details: DETAILS, detail: 'TypeError: boom' }) as unknown as Failure));

/** Every French text has accents or one of these words; an English or raw text has neither. */
const FRENCH = /[éèàùâêîôûç’«]|\b(le|la|les|du|de|des|un|une|pas|non|est|sans|fichier|vide|trop|racine|code)\b/i;

describe('every failure code has its French text, in one table', () => {
  it('walks every code of every layer: a non-empty French text, never the raw code nor an English word', () => {
    const failures = every();
    expect(failures.length).toBeGreaterThan(70);
    for (const f of failures) {
      const key = `${f.layer}/${f.code}`;
      const text = failureText(f);
      expect(text.trim().length, key).toBeGreaterThan(8);
      expect(text, key).not.toContain(key);
      expect(text, key).not.toMatch(/^[a-z0-9-]+$/);
      expect(text, key).not.toMatch(/undefined|NaN|\[object|\bthe\b|\bfailed\b|\berror\b/i);
      expect(text, key).toMatch(FRENCH);
    }
  });

  it('texts differ per code within a layer (no code falls back on another’s text)', () => {
    for (const layer of Object.keys(FAILURE_CODES) as FailureLayer[]) {
      const texts = FAILURE_CODES[layer].map((code) => failureText({ layer, code, details: DETAILS, detail: 'boom' } as unknown as Failure));
      expect(new Set(texts).size, layer).toBe(texts.length);
    }
  });

  it('corpus, storage, import and search failures say what to do next', () => {
    for (const layer of ['corpus', 'storage', 'import', 'search'] as const) {
      for (const code of FAILURE_CODES[layer] as readonly string[]) {
        if (code === 'cancelled' || code === 'declined') continue;
        const text = failureText({ layer, code, details: DETAILS, detail: 'TypeError: boom' } as unknown as Failure);
        expect(text, `${layer}/${code}`).toMatch(/(rechargez|recommencez|vérifiez|téléchargez|choisissez|fermez|libérez|demandez|ouvrez|revenez|relancez)/i);
      }
    }
  });

  it('the quota message says what the browser refused, never contradicts it with a free-space figure, and still helps without one', () => {
    // An older failure may still carry estimate()'s figure: it is not repeated.
    const text = failureText({ layer: 'storage', code: 'quota', details: { neededBytes: 72 << 20, availableBytes: 10_240 << 20 } as { neededBytes: number } });
    expect(text).toMatch(/le navigateur a refusé d’enregistrer 72 Mo de fiches/);
    expect(text).not.toMatch(/disponible|10 240/);
    expect(failureText({ layer: 'storage', code: 'quota' })).toMatch(/^Espace de stockage insuffisant\. Libérez/);
  });

  it('an unexpected failure keeps its original text for the agent to report', () => {
    expect(failureText({ layer: 'import', code: 'unexpected', detail: 'TypeError: e is not a constructor' }))
      .toMatch(/^Import impossible \(erreur inattendue : TypeError: e is not a constructor\)\. Rechargez .* Le corpus installé est conservé\.$/);
  });
});
