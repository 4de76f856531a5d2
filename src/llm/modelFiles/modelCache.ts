import { buildAppConfig, type ModelSource } from '../engines/webLlmAppConfig';
import type { GpuModel } from '../catalogs/gpuModels';

/** Deletes the model's weights, config, tokenizer and library from web-llm's cache. */
export async function deleteCached(model: GpuModel, source: ModelSource): Promise<void> {
  const webllm = await import('@mlc-ai/web-llm');
  await webllm.deleteModelAllInfoInCache(model.id, buildAppConfig([model], source));
}

/**
 * The ids a /models/index.json names: `{ models: [...] }` from `npm start`, or the folder listing
 * nginx writes (`autoindex_format json`: `[{ name, type: 'directory' }, …]`, deploy/nginx).
 */
export function listedModelIds(body: unknown): string[] {
  if (Array.isArray(body)) {
    return body.filter((e): e is { name: string } => e?.type === 'directory' && typeof e.name === 'string').map((e) => e.name);
  }
  const models = (body as { models?: unknown } | null)?.models;
  return Array.isArray(models) ? models.filter((m): m is string => typeof m === 'string') : [];
}

/**
 * Model folders an operator copied under models/ on this origin. Comptoir's server (and the
 * reference nginx site) list them at /models/index.json; behind another server, each model's
 * telltale file (`probe`, relative to its folder) is asked for instead.
 */
export async function modelsOnOrigin(models: readonly { id: string; probe: string }[], origin: string, fetchImpl: typeof fetch = fetch): Promise<string[]> {
  try {
    const res = await fetchImpl(`${origin}/models/index.json`);
    if (res.ok) {
      const listed = new Set(listedModelIds(await res.json()));
      return models.filter((m) => listed.has(m.id)).map((m) => m.id);
    }
  } catch {
    // fall through to probing
  }
  const found = await Promise.all(models.map(async (m) => {
    try {
      const res = await fetchImpl(`${origin}/models/${encodeURIComponent(m.id)}/${m.probe}`, { method: 'HEAD' });
      // A server that answers every path with its home page has no model there.
      return res.ok && !/text\/html/i.test(res.headers.get('content-type') ?? '') ? m.id : '';
    } catch {
      return '';
    }
  }));
  return found.filter(Boolean);
}
