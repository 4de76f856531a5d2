import { describe, expect, it } from 'vitest';
import { highlight } from '../../src/ui/highlight';
import { passageBlocks } from '../../src/ui/passageBlocks';

const plain = (parts: { text: string; hit: boolean }[]) => parts.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('');

describe('passage blocks (search-only display)', () => {
  it('turns chunk text into paragraphs, lists and tables, keeping highlights in place', () => {
    const text = 'Pièces à fournir :\n- Photo récente\n- Justificatif de domicile\n| Âge | Tarif |\n| --- | --- |\n| Majeur | 86 € |\n| Mineur | 42 € |\nÀ noter : gratuit en cas de perte.';
    const at = (word: string) => [text.indexOf(word), text.indexOf(word) + word.length] as [number, number];
    const blocks = passageBlocks(highlight(text, [at('Photo'), at('Tarif'), at('perte')]));
    expect(blocks.map((b) => b.kind)).toEqual(['line', 'list', 'table', 'line']);
    const list = blocks[1]!;
    expect(list.kind === 'list' && list.items.map(plain)).toEqual(['[Photo] récente', 'Justificatif de domicile']);
    const table = blocks[2]!;
    expect(table.kind === 'table' && table.header?.map(plain)).toEqual(['Âge', '[Tarif]']);
    expect(table.kind === 'table' && table.rows.map((r) => r.map(plain))).toEqual([['Majeur', '86 €'], ['Mineur', '42 €']]);
    expect(blocks[3]!.kind === 'line' && plain(blocks[3]!.parts)).toBe('À noter : gratuit en cas de [perte].');
  });

  it('ignores marks that fall outside the text or overlap', () => {
    expect(highlight('abc def', [[4, 7], [5, 6], [40, 50]]).map((s) => s.text)).toEqual(['abc ', 'def']);
  });
});
