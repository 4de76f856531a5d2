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
}

/** One question and its answer, kept only when the agent turned history on. */
export interface StoredTurn {
  id: string;
  at: string;
  question: string;
  answer: string;
}

/** A finished slice of the corpus's chunk vectors for one embedder (issue 13), keyed by embeddingKey(). */
export interface EmbeddingSlice {
  key: string;
  start: number;
  i8: Int8Array;
  scales: Float32Array;
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
  embeddingSlices!: Dexie.Table<EmbeddingSlice, [string, number]>;

  constructor(name = 'comptoir') {
    super(name);
    this.version(1).stores({ corpora: 'id', settings: 'key' });
    this.version(2).stores({ corpora: 'id', settings: 'key', feedback: '++id, at', turns: 'id, at' });
    // Issue 13: chunk vectors of an embedder computed in the browser, slice by slice (resumable).
    this.version(13).stores({ embeddingSlices: '[key+start], key' });
  }
}
