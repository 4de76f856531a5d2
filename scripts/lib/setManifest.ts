/**
 * The question sets and what each is for (tests/eval/sets.json, the sets in tests/eval/sets/):
 * scripts that fit something read their sets from it by role, benches by the `usedBy` list, so no
 * script carries its own list of file names.
 */
import { readFileSync } from 'node:fs';

export type SetRole = 'training' | 'calibration' | 'tuning' | 'held-out';

export interface SetEntry {
  /** The name docs/EVAL.md and the learnt models' provenance cite. */
  name: string;
  file: string;
  role: SetRole;
  /** When, who wrote it and how. */
  origin: string;
  /** What it has been used for (and so what has been read of it). */
  used: string;
  size: { questions: number; inScope: number; offTopic: number };
  /** npm scripts that read it by name, besides the readers of its role. */
  usedBy?: string[];
}

export const MANIFEST_PATH = 'tests/eval/sets.json';
export const SETS_DIR = 'tests/eval/sets';

export function readManifest(path = MANIFEST_PATH): SetEntry[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { sets: SetEntry[] }).sets;
}

/** Repository path of one set, by its name; throws for a name the manifest does not list. */
export function setPath(name: string): string {
  const entry = readManifest().find((s) => s.name === name);
  if (!entry) throw new Error(`No question set named ${name} in ${MANIFEST_PATH}`);
  return `${SETS_DIR}/${entry.file}`;
}

/** Files (repository paths) of every set, in the manifest's order. */
export function allSets(): string[] {
  return readManifest().map((s) => `${SETS_DIR}/${s.file}`);
}

/** Files (repository paths) of the sets with one of the given roles. */
export function setsWithRole(...roles: SetRole[]): string[] {
  return readManifest().filter((s) => roles.includes(s.role)).map((s) => `${SETS_DIR}/${s.file}`);
}

/** The sets a script reads by name (its `usedBy` entries), as name and path. */
export function setsUsedBy(script: string): { name: string; path: string }[] {
  return readManifest().filter((s) => s.usedBy?.includes(script)).map((s) => ({ name: s.name, path: `${SETS_DIR}/${s.file}` }));
}
