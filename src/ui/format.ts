/** "2020-11-12" → "12 novembre 2020"; anything else is shown as is. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso || 'date inconnue';
  const text = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  // French writes the first day of a month as an ordinal: « 1er octobre ».
  return text.replace(/^1 /, '1er ');
}
