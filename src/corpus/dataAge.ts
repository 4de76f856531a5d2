/** "2020-11-12" → "12 novembre 2020"; anything else is shown as is. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso || 'date inconnue';
  const text = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  // French writes the first day of a month as an ordinal: « 1er octobre ».
  return text.replace(/^1 /, '1er ');
}

/** Past this many months the fiches are shown as possibly outdated (DILA updates them near-daily). */
export const STALE_AFTER_MONTHS = 6;

export interface DataAge {
  /** Whole calendar months between the data date and now. */
  months: number;
  /** « il y a 6 ans », « il y a 3 mois », « il y a 12 jours », « aujourd’hui ». */
  ago: string;
  stale: boolean;
  /** What the agent reads: « Fiches du 12 novembre 2020 — il y a 6 ans : les règles ont pu changer ». */
  label: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** How old the corpus is (its `dataDate`, "YYYY-MM-DD"), or undefined when the date is unknown. */
export function dataAge(iso: string, now: Date = new Date()): DataAge | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.max(0, Math.floor((today - Date.UTC(year, month - 1, day)) / 86_400_000));
  let months = (now.getFullYear() - year) * 12 + (now.getMonth() + 1 - month);
  if (now.getDate() < day) months--;
  months = Math.max(0, months);
  const ago = months >= 12 ? `il y a ${plural(Math.floor(months / 12), 'an', 'ans')}`
    : months >= 1 ? `il y a ${months} mois`
      : days >= 1 ? `il y a ${plural(days, 'jour', 'jours')}`
        : 'aujourd’hui';
  const stale = months >= STALE_AFTER_MONTHS;
  return { months, ago, stale, label: `Fiches du ${formatDate(iso)} — ${ago}${stale ? ' : les règles ont pu changer' : ''}` };
}
