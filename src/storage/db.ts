import Dexie, { type EntityTable } from 'dexie';
import type { CorpusData } from '../corpus/corpusData';

export interface StoredCorpus extends CorpusData {
  id: string;
}

export interface FeedbackRecord {
  id?: number;
  at: string;
  rating: 'up' | 'down';
  reasons: string[];
  comment?: string;
  question: string;
  answer: string;
  ficheIds: string[];
  model: string;
  promptVersion: string;
  /** Issue 14: feedback in every mode, and the fiche the agent says actually answered. */
  mode?: 'answer' | 'search-only' | 'abstention';
  answeringFicheId?: string;
}

/** One question and its answer, kept only when the agent turned history on. */
export interface StoredTurn {
  id: string;
  at: string;
  question: string;
  answer: string;
}

export interface Setting {
  key: string;
  value: unknown;
}

/** Everything Comptoir keeps on the agent's PC. One database, versioned by Dexie. */
export class ComptoirDb extends Dexie {
  corpora!: EntityTable<StoredCorpus, 'id'>;
  settings!: EntityTable<Setting, 'key'>;
  feedback!: EntityTable<FeedbackRecord, 'id'>;
  turns!: EntityTable<StoredTurn, 'id'>;

  constructor(name = 'comptoir') {
    super(name);
    this.version(1).stores({ corpora: 'id', settings: 'key' });
    this.version(2).stores({ corpora: 'id', settings: 'key', feedback: '++id, at', turns: 'id, at' });
  }
}
