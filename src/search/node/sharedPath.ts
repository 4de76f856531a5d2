import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The workplace's shared/ test material (never copied into the repo): beside the checkout, as CI
 * lays it, or where COMPTOIR_SHARED_DIR says.
 */
export function sharedPath(relative: string): string {
  const candidates = [process.env.COMPTOIR_SHARED_DIR, '../shared', '../../shared'].filter((d): d is string => Boolean(d));
  for (const dir of candidates) {
    const path = join(dir, relative);
    if (existsSync(path)) return resolve(path);
  }
  throw new Error(`shared/${relative} not found beside the checkout (looked in ${candidates.join(', ')}); set COMPTOIR_SHARED_DIR`);
}
