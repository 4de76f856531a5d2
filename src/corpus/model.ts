/** Comptoir's internal model of a service-public.fr publication, whatever the source format. */

export const AUDIENCES = ['particuliers', 'professionnels', 'associations'] as const;
export type Audience = (typeof AUDIENCES)[number];

export type NoteLabel = 'À noter' | 'À savoir' | 'Attention' | 'Rappel' | 'Avertissement';

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: Block[][] }
  | { kind: 'table'; title?: string; rows: TableRow[] }
  | { kind: 'note'; label: NoteLabel; title?: string; blocks: Block[] };

export interface TableRow {
  header: boolean;
  cells: string[];
}

export type SectionLevel = 'introduction' | 'texte' | 'situation' | 'chapitre' | 'souschapitre' | 'cas' | 'liens';

/** Sections nest (Situation › Chapitre › SousChapitre › Cas…); content keeps document order. */
export interface Section {
  kind: 'section';
  level: SectionLevel;
  title?: string;
  content: Content[];
  /**
   * A case (Situation, Cas) is one option of a choice the fiche offers (a ListeSituations, a
   * BlocCas: « En France » / « À l'étranger »): the choice's number in `Fiche.choices`.
   */
  choice?: number;
}

/**
 * A choice between cases, as DILA writes it (ListeSituations, BlocCas): the options' titles in
 * the fiche's order, and how service-public.fr shows it (tabs or radio buttons).
 */
export interface CaseChoice {
  options: string[];
  display?: 'onglet' | 'radio';
}
export type Content = Block | Section;

export interface OnlineService {
  id: string;
  /** Téléservice, Formulaire, Simulateur, Modèle de document, Module de calcul… */
  type: string;
  title: string;
  /** https only (checked at import). */
  url?: string;
  cerfa?: string;
  /** The link leads outside the public-service domains: shown as such. */
  outsidePublicService?: true;
}

/** An abbreviation the fiche uses, as DILA spells it out (« RSA » → « Revenu de solidarité active »). */
export interface Abbreviation {
  short: string;
  long: string;
}

export interface LinkedFiche {
  id: string;
  title: string;
}

export interface LegalReference {
  id: string;
  type: string;
  title: string;
  url?: string;
}

export interface BreadcrumbLevel {
  id: string;
  title: string;
}

/** Whether a publication's body is answer material or only navigation. */
export type FicheRole = 'answer' | 'navigation' | 'empty';

export interface Fiche {
  id: string;
  audience: Audience;
  type: string;
  role: FicheRole;
  title: string;
  description: string;
  subject: string;
  theme: string;
  breadcrumb: BreadcrumbLevel[];
  url: string;
  /** ISO date (YYYY-MM-DD) of the last modification, '' when the source gives none. */
  date: string;
  /** ISO date of the last important change, when DILA flags one. */
  importantChangeDate?: string;
  body: Section[];
  services: OnlineService[];
  related: LinkedFiche[];
  references: LegalReference[];
  /** Absent in corpora built before it was read. */
  abbreviations?: Abbreviation[];
  /** The choices between cases its body offers, numbered as `Section.choice` and `Chunk.cases`. */
  choices?: CaseChoice[];
  /**
   * How other publications point at it, in their own words (link texts, related-question
   * wordings, dossier entries), distinct and unlike its title: it is searched with them.
   */
  aliases?: string[];
}
