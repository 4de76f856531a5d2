/**
 * Figures in French text — amounts, percentages, durations and ages, dates, counts, article
 * numbers — read into comparable keys, so that a figure an answer gives can be looked up in the
 * passages it cites however each writes it: « 25 € » = « 25 euros » = « 25,00 € », « deux mois »
 * = « 2 mois », « 1 an » = « 12 mois », « 1er janvier 2024 » = « 01/01/2024 », « 1 500 » = « 1500 »
 * (plain, non-breaking, narrow and thin spaces alike).
 */

export type FigureKind = 'amount' | 'percent' | 'duration' | 'date' | 'count' | 'article';

export interface Figure {
  kind: FigureKind;
  /** As written, at [start, end) in the text. */
  raw: string;
  start: number;
  end: number;
  /**
   * What two figures must share to be the same: 'amount:25', 'percent:50', 'duration:month:24',
   * 'duration:day:15', 'date:2024-01-01', 'date:--01-01' (no year), 'date:2024-01', 'date:2024',
   * 'count:3', 'article:L1234-5'.
   */
  key: string;
  value: number;
}

/** Spaces that French typography puts in and around figures, turned into plain ones (same length). */
const SPACES = /[\u00a0\u202f\u2009\u2007\u2008\u200a]/g;
const NBSP_FREE = (text: string) => text.replace(SPACES, ' ');

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
const MONTH_OF = new Map(MONTHS.map((m, i) => [fold(m), i + 1]));
const MONTH_RE = '(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)';

const WORD_VALUES: Record<string, number> = {
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10,
  onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16, vingt: 20, vingts: 20,
  trente: 30, quarante: 40, cinquante: 50, soixante: 60, cent: 100, cents: 100, mille: 1000,
};
const WORD = `(?:${Object.keys(WORD_VALUES).sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])`;
/** « deux », « quatre-vingt-dix », « vingt et un », « mille cinq cents ». */
const WORDS = `${WORD}(?:(?:-et-|\\s+et\\s+|-|\\s+)${WORD})*`;
const DIGITS = String.raw`\d{1,3}(?:[ .]\d{3})+(?!\d)|\d+`;
const DECIMAL = String.raw`(?:,\d+|\.\d{1,2}(?!\d))?`;
const NUMBER = new RegExp(String.raw`(?<![\p{L}\p{N}_/,.\-*])(?:(${DIGITS})(${DECIMAL})|(${WORDS}))`, 'giu');

/** French number words → value: additive, with « quatre-vingt » as 80 and « cent »/« mille » multiplying. */
export function wordsValue(words: string): number {
  let total = 0;
  let current = 0;
  for (const w of fold(words).split(/[\s-]+/)) {
    if (w === 'et' || !w) continue;
    const v = WORD_VALUES[w];
    if (v === undefined) continue;
    if (v === 1000) {
      total += (current || 1) * 1000;
      current = 0;
    } else if (v === 100) current = (current || 1) * 100;
    else if (v === 20 && current % 100 === 4) current += 76;
    else current += v;
  }
  return total + current;
}

type Unit = { kind: 'amount' | 'percent' } | { kind: 'duration'; unit: 'day' | 'month' | 'hour' | 'minute'; factor: number };

const UNIT = /^ ?(?:(millions? (?:d['’]euros|€))|(€|euros?(?![\p{L}])|eur(?![\p{L}]))|(%|pour ?cents?(?![\p{L}]))|(jours?|semaines?|mois|ans|an|années?|trimestres?|heures?|h|minutes?|min)(?![\p{L}]))/iu;

function unitOf(word: string): Unit {
  const w = fold(word);
  if (w.startsWith('jour')) return { kind: 'duration', unit: 'day', factor: 1 };
  if (w.startsWith('semaine')) return { kind: 'duration', unit: 'day', factor: 7 };
  if (w === 'mois') return { kind: 'duration', unit: 'month', factor: 1 };
  if (w.startsWith('trimestre')) return { kind: 'duration', unit: 'month', factor: 3 };
  if (w === 'an' || w === 'ans' || w.startsWith('annee')) return { kind: 'duration', unit: 'month', factor: 12 };
  if (w === 'h' || w.startsWith('heure')) return { kind: 'duration', unit: 'hour', factor: 1 };
  return { kind: 'duration', unit: 'minute', factor: 1 };
}

/** A number followed by its unit: [unit, length of the unit text], or undefined. */
function readUnit(after: string): { unit: Unit; length: number; million: boolean } | undefined {
  const m = UNIT.exec(after);
  if (!m) return undefined;
  if (m[1]) return { unit: { kind: 'amount' }, length: m[0].length, million: true };
  if (m[2]) return { unit: { kind: 'amount' }, length: m[0].length, million: false };
  if (m[3]) return { unit: { kind: 'percent' }, length: m[0].length, million: false };
  return { unit: unitOf(m[4]!), length: m[0].length, million: false };
}

const ORDINAL = /^(?:er|re|ère|e|è|ème|eme|nd|nde|d)(?![\p{L}])/iu;
const CONNECTOR = /^\s*(?:et|à|ou|au|-|–)\s*/i;
const round = (v: number) => Math.round(v * 1e6) / 1e6;

function keyOf(kind: FigureKind, value: number, unit?: Unit): string {
  if (kind === 'duration' && unit?.kind === 'duration') return `duration:${unit.unit}:${round(value * unit.factor)}`;
  return `${kind}:${round(value)}`;
}

interface NumberToken {
  start: number;
  end: number;
  value: number;
  words: boolean;
}

function numberTokens(text: string): NumberToken[] {
  const tokens: NumberToken[] = [];
  for (const m of text.matchAll(NUMBER)) {
    if (m[1] !== undefined) {
      const whole = Number(m[1].replace(/[ .]/g, ''));
      const decimal = m[2] ? Number(`0.${m[2].slice(1)}`) : 0;
      tokens.push({ start: m.index, end: m.index + m[0].length, value: whole + decimal, words: false });
    } else {
      tokens.push({ start: m.index, end: m.index + m[0].length, value: wordsValue(m[3]!), words: true });
    }
  }
  return tokens;
}

const pad = (n: number) => String(n).padStart(2, '0');
const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

function dateFigures(text: string, taken: boolean[]): Figure[] {
  const out: Figure[] = [];
  const take = (start: number, end: number, key: string, value: number) => {
    if (taken.slice(start, end).some(Boolean)) return;
    for (let i = start; i < end; i++) taken[i] = true;
    out.push({ kind: 'date', raw: text.slice(start, end), start, end, key, value });
  };
  const day = new RegExp(String.raw`(?<![\p{L}\p{N}])(1er|\d{1,2})\s+${MONTH_RE}(?:\s+(\d{4}))?(?![\p{L}\p{N}])`, 'giu');
  for (const m of text.matchAll(day)) {
    const d = m[1]!.toLowerCase() === '1er' ? 1 : Number(m[1]);
    const month = MONTH_OF.get(fold(m[2]!))!;
    if (d < 1 || d > 31) continue;
    take(m.index, m.index + m[0].length, m[3] ? `date:${m[3]}-${pad(month)}-${pad(d)}` : `date:--${pad(month)}-${pad(d)}`, m[3] ? Number(m[3]) : d);
  }
  const slash = /(?<![\p{N}/])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\p{N}/])/gu;
  for (const m of text.matchAll(slash)) {
    const d = Number(m[1]);
    const month = Number(m[2]);
    if (d < 1 || d > 31 || month < 1 || month > 12) continue;
    const key = m[3] ? `date:${fullYear(m[3])}-${pad(month)}-${pad(d)}` : `date:--${pad(month)}-${pad(d)}`;
    take(m.index, m.index + m[0].length, key, m[3] ? fullYear(m[3]) : d);
  }
  const monthYear = new RegExp(String.raw`(?<![\p{L}])${MONTH_RE}\s+(\d{4})(?![\p{N}])`, 'giu');
  for (const m of text.matchAll(monthYear)) {
    take(m.index, m.index + m[0].length, `date:${m[2]}-${pad(MONTH_OF.get(fold(m[1]!))!)}`, Number(m[2]));
  }
  return out;
}

const ARTICLE = /(?<![\p{L}])(?:articles?|art\.)\s+((?:[LRDA]\.?\s?|[LRDA]\*+)?\d+(?:[-‑.]\d+)*)/giu;

function articleFigures(text: string, taken: boolean[]): Figure[] {
  const out: Figure[] = [];
  for (const m of text.matchAll(ARTICLE)) {
    const id = m[1]!.replace(/[\s*]/g, '').replace(/^([LRDA])\./i, '$1').replace(/[‑.]/g, '-').toUpperCase();
    const start = m.index + m[0].length - m[1]!.length;
    const end = m.index + m[0].length;
    for (let i = start; i < end; i++) taken[i] = true;
    out.push({ kind: 'article', raw: m[1]!, start, end, key: `article:${id}`, value: Number(id.replace(/^\D+/, '').split('-')[0]) });
  }
  return out;
}

export interface ExtractOptions {
  /**
   * Keep number words with no unit after them (« les deux parents ») as counts. Off for answers
   * (too many false alarms on prose), on for passages, where a figure may be looked up leniently.
   */
  bareWords?: boolean;
}

/**
 * Every figure in a text, in order. A list number at the start of a line (« 1. »), a citation
 * marker (« [2] »), a web or e-mail address, a link target and markup are not figures; a number glued to letters (« Covid-19 », « A4 »)
 * neither, unless they are its unit or ordinal (« 35h », « 3e »).
 */
export function extractFigures(input: string, options: ExtractOptions = {}): Figure[] {
  const blank = (m: string) => ' '.repeat(m.length);
  const text = NBSP_FREE(input)
    .replace(/\[\d{1,3}\]/g, blank)
    // Addresses, link targets and markup are not figures (nor are the numbers inside them).
    .replace(/\]\([^)\n]*\)|<[^>\n]*>|\b(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi, blank)
    .replace(/^(\s*)(\d{1,2})([.)]\s)/gm, (_m, lead: string, n: string, tail: string) => lead + ' '.repeat(n.length) + tail);
  const taken: boolean[] = new Array(text.length).fill(false);
  const figures = [...dateFigures(text, taken), ...articleFigures(text, taken)];
  const tokens = numberTokens(text).filter((t) => !taken.slice(t.start, t.end).some(Boolean));
  const units = tokens.map((t) => readUnit(text.slice(t.end)));
  let consumed = 0;
  for (const [i, t] of tokens.entries()) {
    // « cent » in « 50 pour cent » is the unit of the number before it.
    if (t.start < consumed) continue;
    let unit = units[i];
    // « entre 2 et 5 ans », « deux ou trois mois »: the first number takes the second's unit.
    if (!unit) {
      const next = tokens[i + 1];
      const gap = next ? text.slice(t.end, next.start) : '';
      if (next && units[i + 1] && CONNECTOR.test(gap) && gap.replace(CONNECTOR, '') === '') unit = { ...units[i + 1]!, length: 0 };
    }
    const after = text.slice(t.end);
    if (!unit && /^\p{L}/u.test(after) && !ORDINAL.test(after)) continue;
    if (unit) {
      const value = unit.million ? t.value * 1e6 : t.value;
      const end = t.end + unit.length;
      consumed = end;
      const kind = unit.unit.kind;
      figures.push({ kind, raw: input.slice(t.start, end).trimEnd(), start: t.start, end, key: keyOf(kind, value, unit.unit), value });
      continue;
    }
    if (t.words && !options.bareWords) continue;
    // A year on its own (« en 2024 », « depuis 2020 »).
    if (!t.words && /^(?:1[89]|20)\d{2}$/.test(text.slice(t.start, t.end))) {
      figures.push({ kind: 'date', raw: input.slice(t.start, t.end), start: t.start, end: t.end, key: `date:${t.value}`, value: t.value });
      continue;
    }
    const ordinal = ORDINAL.exec(after);
    const end = t.end + (ordinal?.[0].length ?? 0);
    // « 1 justificatif », « un dossier »: one of something is prose, not a figure to check.
    if (t.value <= 1 && !options.bareWords) continue;
    figures.push({ kind: 'count', raw: input.slice(t.start, end), start: t.start, end, key: keyOf('count', t.value), value: t.value });
  }
  return figures.sort((a, b) => a.start - b.start);
}

/** A date key's parts: 'date:2024-01-01', 'date:--01-01' (no year), 'date:2024-01', 'date:2024'. */
function dateParts(key: string): { year?: number; month?: string; day?: string } | undefined {
  const m = /^date:(\d{4}|-)(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(key);
  return m ? { year: m[1] === '-' ? undefined : Number(m[1]), month: m[2], day: m[3] } : undefined;
}

/** The figures of some passages, ready for look-ups. */
export interface FigureIndex {
  keys: Set<string>;
  /** Every number written in them, digits or words, whatever follows it. */
  values: Set<number>;
  /** Numbers on a line that names euros (a table row « | Timbre fiscal | 86 € | »). */
  euroLineValues: Set<number>;
  years: Set<number>;
  /** Month-days of their dates, with and without year, and year-months. */
  monthDays: Set<string>;
  yearMonths: Set<string>;
}

export function indexFigures(texts: readonly string[]): FigureIndex {
  const index: FigureIndex = { keys: new Set(), values: new Set(), euroLineValues: new Set(), years: new Set(), monthDays: new Set(), yearMonths: new Set() };
  for (const text of texts) {
    for (const f of extractFigures(text, { bareWords: true })) {
      index.keys.add(f.key);
      const date = dateParts(f.key);
      if (date) {
        if (date.year !== undefined) index.years.add(date.year);
        if (date.month && date.day) index.monthDays.add(`${date.month}-${date.day}`);
        if (date.year !== undefined && date.month) index.yearMonths.add(`${date.year}-${date.month}`);
      }
    }
    for (const line of NBSP_FREE(text).split('\n')) {
      const euros = /€|euro/i.test(line);
      for (const t of numberTokens(line)) {
        index.values.add(round(t.value));
        if (!t.words && /^(?:1[89]|20)\d{2}$/.test(String(t.value))) index.years.add(t.value);
        if (euros) index.euroLineValues.add(round(t.value));
      }
    }
  }
  return index;
}

/**
 * Whether the passages give this figure. Amounts, percentages, durations and ages need the same
 * value in the same unit (« 15 jours » does not support « 15 mois »); a count needs the number
 * somewhere in them; a date the same day (its year, when it gives one, written anywhere in them).
 */
export function isSupported(figure: Figure, index: FigureIndex): boolean {
  if (index.keys.has(figure.key)) return true;
  switch (figure.kind) {
    case 'amount':
      return index.euroLineValues.has(round(figure.value));
    case 'count':
      return index.values.has(round(figure.value));
    case 'date': {
      const { year, month, day } = dateParts(figure.key)!;
      if (month && day) return index.monthDays.has(`${month}-${day}`) && (year === undefined || index.years.has(year));
      if (month) return index.yearMonths.has(`${year}-${month}`);
      return year !== undefined && index.years.has(year);
    }
    default:
      return false;
  }
}

/** French for a figure's kind, in the marks' explanations. */
export const FIGURE_KIND_LABELS: Record<FigureKind, string> = {
  amount: 'montant',
  percent: 'pourcentage',
  duration: 'durée ou âge',
  date: 'date',
  count: 'nombre',
  article: "numéro d'article",
};
