import { describe, expect, it } from 'vitest';
import { countRequests, formatBytes, modelLicence } from '../../src/privacy/transparency';

describe('transparency panel figures', () => {
  it('splits requests into this origin and the others, ignoring data: and blob:', () => {
    const origin = 'http://127.0.0.1:4173';
    expect(countRequests([
      'http://127.0.0.1:4173/', 'http://127.0.0.1:4173/assets/index.js', '/corpus/manifest.json',
      'data:image/svg+xml,x', 'blob:http://127.0.0.1:4173/abc', 'https://huggingface.co/x', 'https://huggingface.co/y', 'http://localhost:4173/',
    ], origin)).toEqual({ thisOrigin: 3, others: 3, otherOrigins: ['https://huggingface.co', 'http://localhost:4173'] });
    expect(countRequests([], origin)).toEqual({ thisOrigin: 0, others: 0, otherOrigins: [] });
  });

  it('names licences and sizes in French', () => {
    expect(modelLicence('Qwen2.5-1.5B-Instruct-q4f16_1-MLC')).toMatch(/Apache 2\.0/);
    expect(modelLicence('Qwen2.5-3B-Instruct-q4f16_1-MLC')).toMatch(/Research/);
    expect(modelLicence('Llama-3.2-1B-Instruct-q4f32_1-MLC')).toMatch(/Llama 3\.2/);
    expect(modelLicence('inconnu')).toBe('voir la fiche du modèle');
    expect(formatBytes(512)).toBe('512 o');
    expect(formatBytes(30 * 1024 * 1024).replace(/\s/g, ' ')).toBe('30 Mo');
    expect(formatBytes(undefined)).toBe('inconnu');
  });
});
