/**
 * Personal data a citizen may say at the desk and an agent may type into a question: it must never
 * be stored or exported as typed. Detection is deliberately greedy (a masked word costs a quality
 * reviewer a little context; a kept social security number costs the citizen much more).
 *
 * Known limits, said in the data policy: a first name alone, without a civility, a family word or
 * "je m'appelle" before it, is not recognised; nor is a street address without a number.
 */

export type PersonalDataKind = 'courriel' | 'nir' | 'iban' | 'téléphone' | 'date' | 'adresse' | 'nom';

export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  courriel: 'adresse électronique',
  nir: 'numéro de sécurité sociale',
  iban: 'IBAN',
  téléphone: 'numéro de téléphone',
  date: 'date (de naissance…)',
  adresse: 'adresse postale',
  nom: 'nom de personne',
};

export interface MaskedText {
  text: string;
  /** Kinds found, each once, in the order of PERSONAL_DATA_LABELS. */
  found: PersonalDataKind[];
}

const MONTHS = 'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre';
const STREET = 'rue|avenue|av\\.|boulevard|bd|chemin|allée|allee|impasse|place|route|quai|cours|square|résidence|residence|lotissement|chaussée|passage|faubourg|hameau|lieu-dit|voie|sentier|villa|cité|cite';
const UPPER = 'A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ';
const LOWER = 'a-zàâäçéèêëîïôöùûüÿœæ';
/** A capitalised word: Léa, Dupont, N'Diaye, Saint-Martin. */
const NAME_WORD = `[${UPPER}][${LOWER}${UPPER}'’-]+`;
/** Words spelled in capitals that are not names: the acronyms desks use all day. */
const ACRONYMS = new Set([
  'CAF', 'RSA', 'APL', 'ALS', 'ALF', 'CPAM', 'MSA', 'ANTS', 'URSSAF', 'CMU', 'CSS', 'AAH', 'PCH', 'MDPH', 'CNI', 'ASPA', 'CARSAT',
  'CESU', 'SMIC', 'TVA', 'EDF', 'SNCF', 'RIB', 'IBAN', 'NIR', 'PACS', 'CERFA', 'HLM', 'ARS', 'CDD', 'CDI', 'RQTH', 'AME',
  'FRANCE', 'SERVICES', 'CCAS', 'CIDFF', 'ADIL', 'ANAH', 'DALO', 'SIV', 'PMI', 'VTC', 'CROUS', 'BTS', 'DELF', 'OFII',
]);

interface Rule {
  kind: PersonalDataKind;
  re: RegExp;
  /** Masks only the named group `v` when given (the civility before a name stays). */
  keep?: (match: RegExpExecArray) => boolean;
}

const RULES: Rule[] = [
  { kind: 'courriel', re: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  { kind: 'iban', re: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b/g },
  // Sex, year, month (01-12, 20-99 for special cases), department (2A/2B), commune, order, key.
  { kind: 'nir', re: /\b[1-478][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AB])[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{2})?\b/gi },
  { kind: 'téléphone', re: /(?<![\w/])(?:\+33[ .]?|0033[ .]?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)/g },
  { kind: 'date', re: new RegExp(`\\b(?:\\d{1,2}|1er)(?:[ ]+(?:${MONTHS})[ ]+|[/.-](?:0?[1-9]|1[0-2])[/.-])(?:19|20)?\\d{2}\\b`, 'gi') },
  { kind: 'adresse', re: new RegExp(`\\b\\d{1,4}(?:[ ]?(?:bis|ter|b))?,?[ ]+(?:${STREET})\\b[^,.;:!?\\n\\d]{0,40}(?:,?[ ]*\\d{5}(?:[ ]+${NAME_WORD})?)?`, 'gi') },
  { kind: 'adresse', re: new RegExp(`\\b\\d{5}[ ]+${NAME_WORD}(?:[ -]${NAME_WORD})*`, 'g') },
  // "M. Dupont", "Madame Léa Martin", "je m'appelle Karim", "ma fille Inès", "nom : DURAND".
  {
    kind: 'nom',
    re: new RegExp(
      `(?:\\b(?:M\\.|Mr\\.?|Mme\\.?|Mlle\\.?|Monsieur|Madame|Mademoiselle|Docteur|Dr\\.?|Maître|Me)|` +
      `\\b(?:m'appelle|s'appelle|m’appelle|s’appelle|appelé|appelée|nommé|nommée|prénom|prénommée?|nom(?: de famille| de naissance)?[ ]?:)|` +
      `\\b(?:ma|mon|sa|son|notre|votre|leur)[ ]+(?:fille|fils|mari|femme|épouse|époux|conjoint|conjointe|compagnon|compagne|mère|père|frère|sœur|soeur|enfant|bébé|petit-fils|petite-fille|neveu|nièce|oncle|tante|voisin|voisine|ami|amie|locataire|propriétaire|employeur|patron|grand-mère|grand-père|belle-mère|beau-père))` +
      `[ ]+(?<v>${NAME_WORD}(?:[ ]+${NAME_WORD}){0,2})`,
      'g',
    ),
  },
  // Surnames typed in capitals (DUPONT), acronyms excepted.
  { kind: 'nom', re: new RegExp(`\\b[${UPPER}]{3,}(?:[-'][${UPPER}]{2,})*\\b`, 'g'), keep: (m) => ACRONYMS.has(m[0]) },
];

const PLACEHOLDER: Record<PersonalDataKind, string> = {
  courriel: '[courriel]',
  nir: '[n° de sécurité sociale]',
  iban: '[IBAN]',
  téléphone: '[téléphone]',
  date: '[date]',
  adresse: '[adresse]',
  nom: '[nom]',
};

/** Replaces every piece of personal data found with a placeholder naming its kind. */
export function maskPersonalData(text: string): MaskedText {
  const found = new Set<PersonalDataKind>();
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.re, (...args) => {
      const whole = args[0] as string;
      const groups = args[args.length - 1] as Record<string, string> | undefined;
      const match = Object.assign([whole], { index: 0, input: out, groups }) as RegExpExecArray;
      if (rule.keep?.(match)) return whole;
      found.add(rule.kind);
      const value = typeof groups === 'object' && groups?.v;
      return value ? whole.slice(0, whole.length - value.length) + PLACEHOLDER[rule.kind] : PLACEHOLDER[rule.kind];
    });
  }
  return { text: out, found: (Object.keys(PERSONAL_DATA_LABELS) as PersonalDataKind[]).filter((k) => found.has(k)) };
}

/** The kinds of personal data a text holds, for telling the agent. */
export function detectPersonalData(text: string): PersonalDataKind[] {
  return maskPersonalData(text).found;
}
