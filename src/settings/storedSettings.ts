/**
 * Every setting Comptoir keeps on the agent's PC (the `settings` table of IndexedDB), in one typed
 * registry: its key, what it holds, its default, and how a stored value is read back. A value that
 * is absent, from an older version or damaged is never trusted as is: what does not parse gives
 * the default (a field at a time for records), so no reader casts what it reads.
 * tests/unit/settings.test.ts walks every entry.
 */

/** A stored value read back: the value when it is one, else undefined (the default then serves). */
export type Parse<T> = (stored: unknown) => T | undefined;

export interface StoredSetting<T> {
  /** What the setting holds and who changes it. */
  readonly description: string;
  readonly default: T;
  readonly parse: Parse<T>;
}

/** The part of a Dexie table the registry uses (the app's `db.settings`; tests may pass their own). */
export interface SettingsTable {
  get(key: string): PromiseLike<{ value: unknown } | undefined>;
  put(row: { key: string; value: unknown }): PromiseLike<unknown>;
  delete(key: string): PromiseLike<unknown>;
}

/** Anything with a settings table: the app's ComptoirDb. */
export interface SettingsDb {
  readonly settings: SettingsTable;
}

// ---------------------------------------------------------------------------------------------
// Stored shapes.

/** The France Services desk printed at the foot of the citizen's sheet (Paramètres). */
export interface DeskInfo {
  name: string;
  address: string;
}

/** Kiosk mode (src/kiosk/kioskPolicy.ts). */
export interface KioskSettings {
  enabled: boolean;
  /** Seconds without input before the automatic « Nouvel usager ». */
  idleSeconds: number;
  /** The locally set code, as `formatCodeHash` writes it (older records: a bare hex hash + salt). */
  codeHash?: string;
  salt?: string;
}

/** Failed administrator codes in a row (src/kiosk/codeAttempts.ts). */
export interface CodeAttempts {
  failures: number;
  /** Epoch ms before which no code is checked. */
  lockedUntil?: number;
}

export interface HistorySettings {
  /** Off by default: a desk serves many citizens a day. */
  enabled: boolean;
  retentionDays: number;
}

export interface FeedbackSettings {
  /** Days an avis is kept; older ones are deleted whenever feedback is read, counted or exported. */
  retentionDays: number;
}

export const ENGINE_KINDS = ['webgpu', 'cpu', 'search-only'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];
/** What an administrator may impose on this PC; 'auto' lets the policy decide. */
export type EngineOverride = 'auto' | EngineKind;
/** Where a model's files came from: this server's models/ folder, or the public hub. */
export type ModelSourceKind = 'local' | 'hub';

export interface ModelSettings {
  /** Downloads from the public hub: off by default (kiosks, offline desks); an administrator turns it on. */
  allowHub: boolean;
  /** The model to load at start-up, once it has loaded successfully here. */
  active?: string;
  /**
   * Models that completed a load on this PC (a half-downloaded one is never listed), with where
   * their files came from: the engines cache them under those URLs, so they must be asked for again.
   */
  installed: Record<string, ModelSourceKind>;
  /** The administrator's choice of engine for this PC; 'auto' lets the policy decide. */
  engine?: EngineOverride;
}

/** The embedding model the agent chose (src/ui/embedderState.svelte.ts). */
export interface EmbedderChoice {
  id: string;
}

/** A model's last qualification on this PC: a record the qualification writes (src/rag/qualify.ts's report). */
export interface StoredQualification {
  model: string;
  at: string;
}

// ---------------------------------------------------------------------------------------------
// Readers of stored values.

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const text: Parse<string> = (v) => (typeof v === 'string' ? v : undefined);
const nonEmptyText: Parse<string> = (v) => (typeof v === 'string' && v !== '' ? v : undefined);
const flag: Parse<boolean> = (v) => (typeof v === 'boolean' ? v : undefined);
const oneOf = <T extends string>(values: readonly T[]): Parse<T> => (v) => values.find((x) => x === v);

/** A finite number within [min, max] (inclusive). */
export function numberIn(min: number, max: number): Parse<number> {
  return (v) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined);
}

/** `null` stored or absent reads as null; anything else through `parse`. */
const orNone = <T>(parse: Parse<T>): Parse<T | null> => (v) => (v === null ? null : parse(v));

/** An object of string keys, each value read with `parse`; entries that do not parse are dropped. */
function recordOf<T>(parse: Parse<T>): Parse<Record<string, T>> {
  return (v) => {
    if (!isRecord(v)) return undefined;
    const out: Record<string, T> = {};
    for (const [k, item] of Object.entries(v)) {
      const read = parse(item);
      if (read !== undefined) out[k] = read;
    }
    return out;
  };
}

type Fields<T> = { [K in keyof T]-?: Parse<Exclude<T[K], undefined>> };

/**
 * A record read a field at a time: a field that does not parse takes the default's (or is left
 * out when the default has none), so one damaged field does not cost the others.
 */
function fieldsOf<T extends object>(fields: Fields<T>, defaults: T): Parse<T> {
  return (v) => {
    if (!isRecord(v)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, parse] of Object.entries<Parse<unknown>>(fields)) {
      const read = parse(v[k]);
      const fallback: unknown = Reflect.get(defaults, k);
      if (read !== undefined) out[k] = read;
      else if (fallback !== undefined) out[k] = fallback;
    }
    return out as T;
  };
}

/** The range of each number a form sets, which the stored value must also be in. */
export const KIOSK_IDLE_RANGE = { min: 10, max: 3600 } as const;
export const FEEDBACK_RETENTION_RANGE = { min: 1, max: 365 } as const;
export const HISTORY_RETENTION_RANGE = { min: 1, max: 90 } as const;

const DEFAULT_KIOSK: KioskSettings = { enabled: false, idleSeconds: 180 };
const DEFAULT_HISTORY: HistorySettings = { enabled: false, retentionDays: 7 };
const DEFAULT_FEEDBACK: FeedbackSettings = { retentionDays: 90 };
const DEFAULT_MODELS: ModelSettings = { allowHub: false, installed: {} };
const DEFAULT_DESK: DeskInfo = { name: '', address: '' };

const setting = <T>(description: string, defaultValue: T, parse: Parse<T>): StoredSetting<T> => ({ description, default: defaultValue, parse });

/** Every stored setting, by its key in the `settings` table. */
export const STORED_SETTINGS = {
  activeCorpus: setting<string | null>(
    'The imported corpus in use (its id in `corpora`); none: the embedded bundle.',
    null, orNone(nonEmptyText)),
  previousCorpus: setting<string | null>(
    'The corpus « Revenir au corpus précédent » brings back: an imported id, or "embedded"; none: nothing to go back to.',
    null, orNone(nonEmptyText)),
  desk: setting<DeskInfo>(
    'The desk\'s name and address printed on the citizen\'s sheet (Paramètres); empty until an agent fills them in.',
    DEFAULT_DESK, fieldsOf<DeskInfo>({ name: text, address: text }, DEFAULT_DESK)),
  history: setting<HistorySettings>(
    'Whether questions and answers are kept on this PC, and for how many days (Paramètres); off by default, 7 days when on.',
    DEFAULT_HISTORY, fieldsOf<HistorySettings>({ enabled: flag, retentionDays: numberIn(HISTORY_RETENTION_RANGE.min, HISTORY_RETENTION_RANGE.max) }, DEFAULT_HISTORY)),
  feedback: setting<FeedbackSettings>(
    'Days an avis is kept before it is deleted (Paramètres); 90 by default, a quarter of reporting.',
    DEFAULT_FEEDBACK, fieldsOf<FeedbackSettings>({ retentionDays: numberIn(FEEDBACK_RETENTION_RANGE.min, FEEDBACK_RETENTION_RANGE.max) }, DEFAULT_FEEDBACK)),
  'personal-data-notice': setting<boolean>(
    'Whether the agent was already told, on this PC, that personal data in a question is masked before anything is kept.',
    false, flag),
  kiosk: setting<KioskSettings>(
    'Kiosk mode: on or off, the quiet spell before the automatic « Nouvel usager » (3 min by default: a citizen reading the answer is not cut off), and the locally set administrator code.',
    DEFAULT_KIOSK, fieldsOf<KioskSettings>({ enabled: flag, idleSeconds: numberIn(KIOSK_IDLE_RANGE.min, KIOSK_IDLE_RANGE.max), codeHash: nonEmptyText, salt: nonEmptyText }, DEFAULT_KIOSK)),
  'kiosk-attempts': setting<CodeAttempts>(
    'Failed administrator codes in a row and the end of the wait they started, kept so that a reload does not reset the delay.',
    { failures: 0 }, fieldsOf<CodeAttempts>({ failures: numberIn(0, Number.MAX_SAFE_INTEGER), lockedUntil: numberIn(0, Number.MAX_SAFE_INTEGER) }, { failures: 0 })),
  'kiosk-deployment': setting<string | null>(
    'The administrator code of the deployment\'s kiosk.json, last read: a kiosk whose server is down still opens for its administrator.',
    null, orNone(nonEmptyText)),
  models: setting<ModelSettings>(
    'The models loaded on this PC and where from, the one to load at start-up, whether the public hub is allowed (off) and the engine an administrator imposes.',
    DEFAULT_MODELS, fieldsOf<ModelSettings>({
      allowHub: flag, active: nonEmptyText, installed: recordOf(oneOf<ModelSourceKind>(['local', 'hub'])), engine: oneOf<EngineOverride>(['auto', ...ENGINE_KINDS]),
    }, DEFAULT_MODELS)),
  embedder: setting<EmbedderChoice | null>(
    'The embedding model the agent chose, loaded again at start-up; none by default (the corpus vectors serve alone).',
    null, orNone((v) => {
      const id = isRecord(v) ? nonEmptyText(v.id) : undefined;
      return id === undefined ? undefined : { id };
    })),
  qualifications: setting<Record<string, StoredQualification>>(
    'The last qualification report of each model on this PC (built-in questions and figures, nothing about citizens), shown in Transparence.',
    {}, recordOf((v) => (isRecord(v) && typeof v.model === 'string' && typeof v.at === 'string' ? { ...v, model: v.model, at: v.at } : undefined))),
} as const;

export type SettingKey = keyof typeof STORED_SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof STORED_SETTINGS)[K]['default'];

/** A stored value as its setting reads it: the default when it is absent or does not parse. */
export function parseSetting<K extends SettingKey>(key: K, stored: unknown): SettingValue<K> {
  const spec: StoredSetting<SettingValue<K>> = STORED_SETTINGS[key];
  if (stored === undefined) return spec.default;
  return spec.parse(stored) ?? spec.default;
}

export async function readSetting<K extends SettingKey>(db: SettingsDb, key: K): Promise<SettingValue<K>> {
  return parseSetting(key, (await db.settings.get(key))?.value);
}

/** Stores `value` (a null value deletes the record: « none » is the absence of a record). */
export async function writeSetting<K extends SettingKey>(db: SettingsDb, key: K, value: SettingValue<K>): Promise<void> {
  if (value === null) await db.settings.delete(key);
  else await db.settings.put({ key, value });
}

export async function clearSetting(db: SettingsDb, key: SettingKey): Promise<void> {
  await db.settings.delete(key);
}
