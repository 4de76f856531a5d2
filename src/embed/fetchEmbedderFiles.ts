/**
 * A model folder over HTTP → the files an Embedder needs: `models/<id>/` on the same origin
 * first, the public hub only when an administrator allowed downloads. The model file is checked
 * against the folder's `sha256.json` when it has one. A missing file (404, or the HTML page a dev
 * server answers instead) and a bad JSON come back as coded failures (`AppError('embed', …)`).
 */
import { embedderSpec } from './catalog';
import { AppError } from '../errors/appFailure';
import type { EmbedderConfig, EmbedderFiles } from './embedder';

export interface EmbedderSource {
  /** URL of the app (the page's base URI): models are under `models/<id>/`. */
  baseUrl: string;
  id: string;
  allowHub?: boolean;
}

type Fetch = typeof fetch;

async function getBytes(url: string, fetchImpl: Fetch): Promise<Uint8Array | undefined> {
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch {
    return undefined;
  }
  if (!res.ok || (res.headers.get('content-type') ?? '').includes('text/html')) return undefined;
  return new Uint8Array(await res.arrayBuffer());
}

function parse<T>(bytes: Uint8Array, name: string, code: 'bad-config' | 'corrupt-tokenizer'): T {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (err) {
    throw new AppError('embed', code, undefined, `${name}: ${(err as Error).message}`);
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function fetchEmbedderFiles(source: EmbedderSource, fetchImpl: Fetch = fetch): Promise<EmbedderFiles & { sha256: string; from: string }> {
  const local = new URL(`models/${encodeURIComponent(source.id)}/`, source.baseUrl).href;
  const spec = embedderSpec(source.id);
  const bases = [local, ...(source.allowHub && spec?.hubUrl ? [`${spec.hubUrl}/resolve/main/`] : [])];
  let lastMissing = '';
  for (const base of bases) {
    const own = await getBytes(base + 'embedder.json', fetchImpl);
    const config = { ...spec, ...(own ? parse<Partial<EmbedderConfig>>(own, 'embedder.json', 'bad-config') : {}) } as EmbedderConfig;
    if (!config.modelFile) throw new AppError('embed', 'bad-config', undefined, `${source.id}: not in the catalog and no embedder.json`);
    const [model, tokenizer, tokenizerConfig, sums] = await Promise.all([
      getBytes(base + config.modelFile, fetchImpl),
      getBytes(base + 'tokenizer.json', fetchImpl),
      getBytes(base + 'tokenizer_config.json', fetchImpl),
      getBytes(base + 'sha256.json', fetchImpl),
    ]);
    if (!model || !tokenizer) {
      lastMissing = `${base}${!model ? config.modelFile : 'tokenizer.json'} not found`;
      continue;
    }
    const sha256 = await sha256Hex(model);
    const expected = sums ? parse<{ files?: Record<string, { sha256: string }> }>(sums, 'sha256.json', 'bad-config').files?.[config.modelFile]?.sha256 : undefined;
    if (expected && expected !== sha256) throw new AppError('embed', 'checksum', undefined, `${config.modelFile}: sha256 ${sha256} ≠ ${expected}`);
    return {
      config, model, sha256, from: base,
      tokenizer: parse<unknown>(tokenizer, 'tokenizer.json', 'corrupt-tokenizer'),
      tokenizerConfig: tokenizerConfig ? parse<Record<string, unknown>>(tokenizerConfig, 'tokenizer_config.json', 'corrupt-tokenizer') : undefined,
    };
  }
  throw new AppError('embed', 'missing-file', undefined, lastMissing || `${source.id}: no source`);
}
