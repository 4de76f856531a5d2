import { describe, expect, it } from 'vitest';
import { dataAge, STALE_AFTER_MONTHS } from '../../src/corpus/dataAge';

describe('data age', () => {
  it('says the embedded 2020 fiches are six years old and may be outdated', () => {
    const age = dataAge('2020-11-12', new Date(2026, 11, 7))!;
    expect(age.label).toBe('Fiches du 12 novembre 2020 — il y a 6 ans : les règles ont pu changer');
    expect(age.stale).toBe(true);
  });

  it('turns to a warning at six whole months, not before', () => {
    expect(STALE_AFTER_MONTHS).toBe(6);
    expect(dataAge('2026-06-08', new Date(2026, 11, 7))).toMatchObject({ months: 5, stale: false, ago: 'il y a 5 mois' });
    expect(dataAge('2026-06-07', new Date(2026, 11, 7))).toMatchObject({ months: 6, stale: true });
    expect(dataAge('2026-06-07', new Date(2026, 11, 7))!.label).toMatch(/il y a 6 mois : les règles ont pu changer$/);
  });

  it('counts days for fresh fiches, with no warning', () => {
    expect(dataAge('2026-12-04', new Date(2026, 11, 7))).toMatchObject({ ago: 'il y a 3 jours', stale: false, label: 'Fiches du 4 décembre 2026 — il y a 3 jours' });
    expect(dataAge('2026-12-06', new Date(2026, 11, 7))!.ago).toBe('il y a 1 jour');
    expect(dataAge('2026-12-07', new Date(2026, 11, 7))!.ago).toBe('aujourd’hui');
    expect(dataAge('2025-12-01', new Date(2026, 11, 7))!.ago).toBe('il y a 1 an');
  });

  it('has nothing to say about an unknown date', () => {
    expect(dataAge('')).toBeUndefined();
    expect(dataAge('novembre')).toBeUndefined();
  });
});
