import Dexie, { type EntityTable } from 'dexie';
import type { CorpusData } from '../corpus/corpusData';

export interface StoredCorpus extends CorpusData {
  id: string;
}

export interface Setting {
  key: string;
  value: unknown;
}

/** Everything Comptoir keeps on the agent's PC. One database, versioned by Dexie. */
export class ComptoirDb extends Dexie {
  corpora!: EntityTable<StoredCorpus, 'id'>;
  settings!: EntityTable<Setting, 'key'>;

  constructor(name = 'comptoir') {
    super(name);
    this.version(1).stores({ corpora: 'id', settings: 'key' });
  }
}
