import type { ComptoirDb } from './db';
import type { SliceStore } from '../embed/corpusEmbedding';

/** Finished slices of the background embedding in IndexedDB (table embeddingSlices): a reload resumes there. */
export function dexieSliceStore(db: ComptoirDb): SliceStore {
  return {
    async finished(key) {
      const keys = await db.embeddingSlices.where('key').equals(key).primaryKeys();
      return new Set(keys.map((k) => k[1]));
    },
    async save(key, start, rows) {
      await db.embeddingSlices.put({ key, start, i8: rows.i8, scales: rows.scales });
    },
    async all(key) {
      return db.embeddingSlices.where('key').equals(key).toArray();
    },
    async keepOnly(key) {
      await db.embeddingSlices.where('key').notEqual(key).delete();
    },
  };
}
