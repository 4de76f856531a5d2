import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import type { GpuModel } from '../catalogs/gpuModels';

export type ModelSource = { kind: 'local'; origin: string } | { kind: 'hub' };

/**
 * web-llm's appConfig for our catalog. Local models live in models/<id>/ on this origin: web-llm
 * appends "resolve/main/" to any model URL without one and refuses relative URLs, so the URL is
 * absolute and ends in /resolve/main/, which the models server maps back onto the folder.
 */
export function modelRecord(model: GpuModel, source: ModelSource): ModelRecord {
  const local = source.kind === 'local';
  const base = local ? `${source.origin.replace(/\/$/, '')}/models/${encodeURIComponent(model.id)}/` : `${model.hubUrl}/`;
  return {
    model: local ? `${base}resolve/main/` : base,
    model_id: model.id,
    model_lib: local ? `${base}${model.lib.split('/').pop()}` : model.lib,
    vram_required_MB: model.vramMB,
    low_resource_required: model.lowResource,
    required_features: model.needsF16 ? ['shader-f16'] : undefined,
    overrides: { context_window_size: model.contextWindow },
  };
}

export function buildAppConfig(models: readonly GpuModel[], source: ModelSource): AppConfig {
  // "cache" (Cache API) is what web-llm's cache helpers and quota errors are written for.
  return { model_list: models.map((m) => modelRecord(m, source)), cacheBackend: 'cache' };
}
