import Dexie, { type EntityTable, type Table } from 'dexie';
import type { CorpusData, CorpusManifest } from '../corpus/corpusData';

/**
 * An imported corpus: its manifest and how many `corpusParts` records hold the rest (bounded records: see PART_BYTES).
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

export type FeedbackMode = 'answer' | 'search-only' | 'abstention';

/** One avis on an answer, a search or an abstention (see storage/feedback.ts for what is kept). */
export interface FeedbackRecord {
  id?: number;
  createdAt: string;
  mode: FeedbackMode;
  rating: 'up' | 'down';
  reasons: string[];
  /** Fiches cited by the answer (or shown by the search). */
  ficheIds: string[];
  /** The fiche the agent says actually answered (search-only mode, abstentions). */
  answeringFicheId?: string;
  /** Question, answer and comment: only when `keepText`, and masked (privacy/personalData.ts). */
  comment?: string;
  question?: string;
  answer?: string;
  promptVersion?: string;
  model?: string;
  keepText: boolean;
  /** Deleted from this date on (retention period set in Paramètres). */
  expiresAt: string;
}

/** One question and its answer, kept only when the agent turned history on. */
export interface StoredTurn {
  id: string;
  at: string;
  question: string;
  answer: string;
}

/** A finished slice of the corpus's chunk vectors for one embedder, keyed by embeddingKey(). */
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
  corpusParts!: Table<CorpusPart, [string, string, number]>;
  embeddingSlices!: Dexie.Table<EmbeddingSlice, [string, number]>;

  constructor(name = 'comptoir') {
    super(name);
    this.version(1).stores({ corpora: 'id', settings: 'key' });
    this.version(2).stores({ corpora: 'id', settings: 'key', feedback: '++id, at', turns: 'id, at' });
    // An imported corpus in bounded records (one record of ~80 MB hit Chromium's cap).
    this.version(3).stores({ corpusParts: '[corpusId+kind+n], corpusId' });
    // Avis keep no citizen's question or answer unless the agent kept the text, and expire.
    // Version 2 stored both in full: they are dropped here, and every avis gets a retention date.
    this.version(4).stores({ feedback: '++id, createdAt, expiresAt' }).upgrade((tx) =>
      tx.table('feedback').toCollection().modify((r: Record<string, unknown>) => {
        r.createdAt = (r.createdAt ?? r.at ?? new Date().toISOString()) as string;
        delete r.at;
        delete r.question;
        delete r.answer;
        delete r.comment;
        r.mode ??= 'answer';
        r.keepText = false;
        r.expiresAt ??= new Date(Date.parse(r.createdAt as string) + 90 * 86_400_000).toISOString();
      }));
    // Chunk vectors of an embedder computed in the browser, slice by slice (resumable).
    this.version(5).stores({ embeddingSlices: '[key+start], key' });
  }
}
