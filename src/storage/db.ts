import Dexie, { type EntityTable, type Table } from 'dexie';
import type { CorpusData, CorpusManifest } from '../corpus/corpusData';

/**
 * An imported corpus: its manifest and how many `corpusParts` records hold the rest (issue 11).
 * Records written before version 3 hold everything inline (`parts` absent).
 */
export interface StoredCorpus extends Partial<CorpusData> {
  id: string;
  manifest: CorpusManifest;
  parts?: number;
}

/** One bounded record of an imported corpus: a run of fiches or chunks, or a slice of a binary. */
export interface CorpusPart {
  corpusId: string;
  kind: 'fiches' | 'chunks' | 'searchIndex' | 'semantics';
  n: number;
  items?: unknown[];
  data?: Uint8Array;
  /** Estimated size, for the quota message. */
  bytes: number;
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
  corpusParts!: Table<CorpusPart, [string, string, number]>;

  constructor(name = 'comptoir') {
    super(name);
    this.version(1).stores({ corpora: 'id', settings: 'key' });
    this.version(2).stores({ corpora: 'id', settings: 'key', feedback: '++id, at', turns: 'id, at' });
    // Issue 11: an imported corpus in bounded records (one record of ~80 MB hit Chromium's cap).
    this.version(3).stores({ corpusParts: '[corpusId+kind+n], corpusId' });
  }
}
