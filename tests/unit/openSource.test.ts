import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../src/corpus/buildCorpus';
import { openSource } from '../../src/corpus/node/openSource';
import { ficheJson, toDilaXml } from '../helpers/fixtures';

describe('corpus:build sources', () => {
  it('builds one corpus from DILA’s per-audience archives given together (a.zip,b.zip)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sources-'));
    const zip = (audience: string, id: string, name: string) => {
      writeFileSync(join(dir, name), zipSync({ [`${id}.xml`]: strToU8(toDilaXml(ficheJson(audience, id))) }));
      return join(dir, name);
    };
    const part = zip('particuliers', 'F1342', 'part.zip');
    const pro = zip('professionnels', 'F10003', 'pro.zip');
    const { inputs, source } = openSource(`${part},${pro}`, ['particuliers', 'professionnels', 'associations']);
    expect(source).toEqual({ kind: 'dila-zip', label: 'part.zip + pro.zip' });
    const { corpus } = buildCorpus(inputs, { source });
    expect(corpus.fiches.map((f) => `${f.audience}/${f.id}`).sort()).toEqual(['particuliers/F1342', 'professionnels/F10003']);
  });
});
