/**
 * The question sets and what each is for (tests/eval/sets.json): scripts that fit something read
 * their sets from it by role, so no script carries its own list.
 */
import { readFileSync } from 'node:fs';

export type SetRole = 'training' | 'tuning' | 'held-out' | 'qualify';

export interface SetEntry {
  file: string;
  role: SetRole;
  /** How and when it was written, and what has been read of it. */
  about: string;
}

export function readManifest(path = 'tests/eval/sets.json'): SetEntry[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { sets: SetEntry[] }).sets;
}

/** Files (repository paths) of the sets with one of the given roles. */
export function setsWithRole(...roles: SetRole[]): string[] {
  return readManifest().filter((s) => roles.includes(s.role)).map((s) => `tests/eval/${s.file}`);
}
