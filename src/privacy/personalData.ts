/**
 * Personal data a citizen may say at the desk and an agent may type into a question: it must never
 * be stored or exported as typed. Detection is deliberately greedy (a masked word costs a quality
 * reviewer a little context; a kept social security number costs the citizen much more).
 *
 * Known limits, said in the data policy: a name typed alone cannot be told from a word for sure.
 * In capitals (DUPONT) it is masked; capitalised mid-sentence (« le dossier de Dupont ») it is a
 * *possible* name (`possibleNames`), which the agent sees highlighted and decides on before a
 * text is kept; in lower case with no civility or « je m'appelle » before it, it is not seen.
 * Nor is a street address without a number.
 */
import { FRENCH_STOP_WORDS } from '../search/analysis/frenchStopWords';

export type PersonalDataKind =
  | 'courriel' | 'nir' | 'iban' | 'téléphone' | 'fiscal' | 'étranger' | 'allocataire' | 'passeport' | 'immatriculation'
  | 'date' | 'adresse' | 'nom';

export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  courriel: 'adresse électronique',
  nir: 'numéro de sécurité sociale',
  iban: 'IBAN',
  téléphone: 'numéro de téléphone',
  fiscal: 'numéro fiscal',
  étranger: 'numéro d’étranger',
  allocataire: 'numéro d’allocataire',
  passeport: 'numéro de passeport',
  immatriculation: 'plaque d’immatriculation',
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
/** Any word, as « je m'appelle jean dupont » types a name. */
const ANY_WORD = `[${UPPER}${LOWER}][${LOWER}${UPPER}'’-]*`;
/** Texts that cite a law give its date: « loi du 6 janvier 1978 » is no one's birthday. */
const LAW = '(?:loi|décret|decret|ordonnance|arrêté|arrete|circulaire|directive|règlement|reglement|délibération|deliberation)(?: n° ?[\\d-]+)? du ';
/** Letters of SIV plates (I, O and U are never used). */
const PLATE = 'A-HJ-NP-TV-Z';
/** Words spelled in capitals that are not names: the acronyms desks use all day. */
const ACRONYMS = new Set([
  'CAF', 'RSA', 'APL', 'ALS', 'ALF', 'CPAM', 'MSA', 'ANTS', 'URSSAF', 'CMU', 'CSS', 'AAH', 'PCH', 'MDPH', 'CNI', 'ASPA', 'CARSAT',
  'CESU', 'SMIC', 'TVA', 'EDF', 'SNCF', 'RIB', 'IBAN', 'NIR', 'PACS', 'CERFA', 'HLM', 'ARS', 'CDD', 'CDI', 'RQTH', 'AME',
  'FRANCE', 'SERVICES', 'CCAS', 'CIDFF', 'ADIL', 'ANAH', 'DALO', 'SIV', 'PMI', 'VTC', 'CROUS', 'BTS', 'DELF', 'OFII',
  'AGDREF', 'SPI', 'ANEF', 'CESEDA', 'ASS', 'ARE', 'CSG', 'CRDS', 'IBAN', 'BIC', 'NIF', 'EDF', 'GDF', 'TNT', 'QR', 'PDF',
]);

interface Rule {
  kind: PersonalDataKind;
  re: RegExp;
  /** Masks only the named group `v` when given (the civility before a name stays). */
  keep?: (match: RegExpExecArray) => boolean;
  /** `v` is a run of words: only its leading ones that can be a name are masked (« jean dupont » of « jean dupont et sa fille »). */
  nameWords?: boolean;
}

const fold = (w: string) => w.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
/** A word after a civility that is not a name: an article, « le maire », a verb of the desk's filler. */
const notAName = (word: string) => FRENCH_STOP_WORDS.has(fold(word)) || NOT_NAMES.has(fold(word));
const NOT_NAMES = new Set([
  'maire', 'prefet', 'directeur', 'directrice', 'president', 'presidente', 'conseiller', 'conseillere', 'agent', 'juge', 'notaire',
  'avocat', 'medecin', 'docteur', 'madame', 'monsieur', 'mademoiselle', 'veut', 'voudrait', 'souhaite', 'demande', 'doit', 'peut',
  'habite', 'vit', 'travaille', 'touche', 'percoit', 'recoit', 'vient', 'va', 'dit', 'aimerait', 'cherche', 'attend', 'perdu', 'perdue',
]);

const RULES: Rule[] = [
  { kind: 'courriel', re: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  // Typed in lower case too (« fr76 3000 … »).
  { kind: 'iban', re: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b/gi },
  // Sex, year, month (01-12, 20-99 for special cases), department (2A/2B), commune, order, key.
  { kind: 'nir', re: /\b[1-478][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AB])[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{2})?\b/gi },
  { kind: 'téléphone', re: /(?<![\w/])(?:\+33[ .]?|0033[ .]?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)/g },
  // Numéro fiscal (SPI): 13 digits, the first 0 to 3, often written 2 2 3 3 3.
  { kind: 'fiscal', re: /(?<![\w/.-])[0-3]\d[ ]?\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}(?![\w/-])/g },
  // Numéro d'étranger (AGDREF): 10 digits (a phone number, starting with 0, is taken above).
  { kind: 'étranger', re: /(?<![\w/.,-])[1-9]\d{9}(?![\w/,-]|[ ]?(?:€|euros?\b|eur\b|%))/gi },
  // CAF / MSA allocataire number: 7 digits (sometimes 8 with the key), said next to its name or alone.
  { kind: 'allocataire', re: /(?<=\b(?:allocataire|caf|msa)\b[^.;!?\n\d]{0,30})\d{7,8}\b/gi },
  { kind: 'allocataire', re: /(?<![\w/.,*-]|cerfa[ ]?(?:n°[ ]?)?)\d{7}(?![\w/,*-]|[ ]?(?:€|euros?\b|eur\b|%|m2|m²|km))/gi },
  // French passport: 2 digits, 2 letters, 5 digits (12AB34567).
  { kind: 'passeport', re: /\b\d{2}[A-Z]{2}\d{5}\b/gi },
  // SIV plates: AB-123-CD in any case; AB 123 CD and AB123CD in capitals (« de 123 le » is not a plate).
  { kind: 'immatriculation', re: new RegExp(`\\b[${PLATE}]{2}-\\d{3}-[${PLATE}]{2}\\b`, 'gi') },
  { kind: 'immatriculation', re: new RegExp(`\\b[${PLATE}]{2}[ ]?\\d{3}[ ]?[${PLATE}]{2}\\b`, 'g') },
  { kind: 'date', re: new RegExp(`(?<!${LAW})\\b(?:\\d{1,2}|1er)(?:[ ]+(?:${MONTHS})[ ]+|[/.-](?:0?[1-9]|1[0-2])[/.-])(?:19|20)?\\d{2}\\b`, 'gi') },
  { kind: 'adresse', re: new RegExp(`\\b\\d{1,4}(?:[ ]?(?:bis|ter|b))?,?[ ]+(?:${STREET})\\b[^,.;:!?\\n\\d]{0,40}(?:,?[ ]*\\d{5}(?:[ ]+${NAME_WORD})?)?`, 'gi') },
  { kind: 'adresse', re: new RegExp(`\\b\\d{5}[ ]+${NAME_WORD}(?:[ -]${NAME_WORD})*`, 'g') },
  // « je m'appelle jean dupont », « nom : durand »: whatever follows is a name, in any case.
  {
    kind: 'nom',
    re: new RegExp(
      `\\b(?:m'appelle|s'appelle|m’appelle|s’appelle|prénom|prenom|nom(?: de famille| de naissance)?[ ]?:)` +
      `[ ]+(?<v>${ANY_WORD}(?:[ ]+${ANY_WORD}){0,2})`,
      'gi',
    ),
    nameWords: true,
  },
  // « monsieur dupont », « madame léa martin »: the words after a civility in any case, unless
  // they are an article or a function word (« madame la maire », « monsieur veut »).
  {
    kind: 'nom',
    re: new RegExp(`(?:\\b(?:Monsieur|Madame|Mademoiselle|Mme|Mlle)\\b\\.?|\\bM\\.)[ ]+(?<v>${ANY_WORD}(?:[ ]+${ANY_WORD})?)`, 'gi'),
    nameWords: true,
  },
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
  fiscal: '[n° fiscal]',
  étranger: '[n° d’étranger]',
  allocataire: '[n° d’allocataire]',
  passeport: '[n° de passeport]',
  immatriculation: '[immatriculation]',
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
      const value = typeof groups === 'object' && groups?.v;
      if (!value) {
        found.add(rule.kind);
        return PLACEHOLDER[rule.kind];
      }
      const before = whole.slice(0, whole.length - value.length);
      if (!rule.nameWords) {
        found.add(rule.kind);
        return before + PLACEHOLDER[rule.kind];
      }
      const words = value.split(/[ ]+/);
      const names = words.findIndex((w) => notAName(w) || w.startsWith('['));
      const count = names === -1 ? words.length : names;
      if (!count) return whole;
      found.add(rule.kind);
      return before + [PLACEHOLDER[rule.kind], ...words.slice(count)].join(' ');
    });
  }
  return { text: out, found: (Object.keys(PERSONAL_DATA_LABELS) as PersonalDataKind[]).filter((k) => found.has(k)) };
}

/** The kinds of personal data a text holds, for telling the agent. */
export function detectPersonalData(text: string): PersonalDataKind[] {
  return maskPersonalData(text).found;
}

/** A capitalised word mid-sentence that may be a surname typed alone: the agent decides. */
export interface NameCandidate {
  start: number;
  end: number;
  word: string;
}

/** Capitalised words a desk question uses that are nobody's name. */
const PROPER_WORDS = new Set([
  'france', 'services', 'service', 'public', 'publique', 'europe', 'etat', 'republique', 'francais', 'francaise', 'paris', 'outre-mer',
  'securite', 'sociale', 'pole', 'emploi', 'travail', 'assurance', 'maladie', 'retraite', 'caisse', 'allocations', 'familiales',
  'mairie', 'prefecture', 'tresor', 'impots', 'internet', 'ameli', 'caf', 'urssaf', 'vitale', 'conseil', 'departement', 'region',
  'noel', 'paques', 'toussaint', 'monsieur', 'madame', 'mademoiselle', 'bonjour', 'merci', 'carte', 'code', 'loi', 'article',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', ...MONTHS.split('|'),
].map(fold));

/**
 * Capitalised words that could be surnames said without « Monsieur » or « je m'appelle »
 * (« le dossier de Quincampoix est bloqué »): detection cannot be sure, so a kept text is shown
 * to the agent with them highlighted before it is stored. Sentence starts, acronyms, placeholders
 * and common proper nouns are left out.
 */
export function possibleNames(text: string): NameCandidate[] {
  const out: NameCandidate[] = [];
  for (const m of text.matchAll(new RegExp(NAME_WORD, 'g'))) {
    const start = m.index;
    const before = text.slice(0, start);
    // Sentence starts, and titles quoted from the fiches (« Carte grise »).
    if (/(^|[.!?…:\n«"(]\s*|\[)$/.test(before) || /^\s*$/.test(before)) continue;
    const word = m[0].replace(/['’-]+$/, '');
    if (ACRONYMS.has(word.toUpperCase()) && word === word.toUpperCase()) continue;
    if (PROPER_WORDS.has(fold(word))) continue;
    out.push({ start, end: start + word.length, word });
  }
  return out;
}

