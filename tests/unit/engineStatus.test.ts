import { describe, expect, it } from 'vitest';
import { engineStatus, type EngineStatusInput } from '../../src/ui/engineStatus';

const base: EngineStatusInput = { status: 'none', searchOnlyByChoice: false, modelName: '', reason: 'Aucun modèle installé : mode recherche seule. Choisissez un modèle dans les paramètres.' };

describe('one engine status on the agent screen', () => {
  it('search-only for want of a model names the engine the policy retained, not a missing GPU', () => {
    const s = engineStatus({ ...base, choice: { kind: 'cpu', overridden: false } });
    expect(s.label).toBe('Recherche seule');
    expect(s.detail).toMatch(/moteur retenu pour ce poste : processeur ; aucun modèle/);
    expect(s.detail).not.toMatch(/WebGPU/);
  });

  it('a PC with no usable engine, and an administrator’s choice, say so', () => {
    expect(engineStatus({ ...base, status: 'search-only', choice: { kind: 'search-only', overridden: false } }).detail).toMatch(/aucun moteur de rédaction utilisable/);
    expect(engineStatus({ ...base, status: 'search-only', choice: { kind: 'search-only', overridden: true } }).detail).toMatch(/administrateur/);
  });

  it('a loaded model says which engine writes', () => {
    const s = engineStatus({ ...base, status: 'ready', modelName: 'Qwen2.5 0.5B (Q8_0, processeur)', engineKind: 'cpu', choice: { kind: 'cpu', overridden: false } });
    expect(s).toEqual({ label: 'Réponses rédigées sur ce poste (processeur)', tone: 'success', detail: 'Qwen2.5 0.5B (Q8_0, processeur)' });
  });

  it('a citizen at a kiosk gets no agent wording (models, Paramètres)', () => {
    for (const status of ['none', 'search-only', 'error', 'ready'] as const) {
      const s = engineStatus({ ...base, status, choice: { kind: 'cpu', overridden: false }, modelName: 'x', engineKind: 'cpu' }, 'citizen');
      expect(`${s.label} ${s.detail ?? ''}`).not.toMatch(/paramètres|modèle installé|processeur|Choisissez/i);
    }
  });
});
