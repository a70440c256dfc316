// Reading provider JSON of unknown shape without trusting it, and the normalised field names.

export type JsonRecord = Record<string, unknown>;

/** A provider answer read through its declared raw type: every field may be anything, a misspelt one fails to compile. */
export type Loose<T> = { readonly [K in keyof T]?: unknown };

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** The value of the first of `names` present, matched case-insensitively (providers vary the case). */
export function fieldIn(record: JsonRecord, names: readonly string[]): unknown {
  for (const name of names) if (name in record) return record[name];
  for (const key of Object.keys(record)) {
    // Only a key as long as a name can match it (lower-casing keeps the length of anything that matches).
    for (const name of names) {
      if (name.length === key.length && names.some((each) => each.toLowerCase() === key.toLowerCase())) return record[key];
    }
  }
  return undefined;
}

/** `T` with members that may be undefined made optional instead. */
export type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops `undefined` members, so optional fields are absent rather than present-and-undefined. */
export function compact<T extends JsonRecord>(record: T): Compact<T> {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record as Compact<T>;
}

const EMAIL_NAMES = ['email', 'emailId', 'mailId'];

/** E-mail strings out of `["a@x"]`, `[{ email: "a@x" }]` or a comma-separated string. */
export function emailsOf(value: unknown): string[] | undefined {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items) return undefined;
  return items
    .map((item) => (isRecord(item) ? stringOf(fieldIn(item, EMAIL_NAMES)) : stringOf(item)))
    .map((email) => email?.trim())
    .filter((email): email is string => Boolean(email));
}

/** The names of the normalised shapes: only a normaliser sets them, never a provider's raw field. */
export const USER_FIELDS = ['id', 'name', 'first_name', 'last_name', 'email', 'thumbnail'] as const;
export const MEETING_FIELDS = [
  'id',
  'name',
  'start_time',
  'end_time',
  'duration',
  'timezone',
  'agenda',
  'join_url',
  'start_url',
  'participants',
] as const;
export const LIST_FIELDS = ['data', 'paging'] as const;

const MEETING_NAMES: ReadonlySet<string> = new Set(MEETING_FIELDS);

/**
 * A new meeting holding the provider's own fields, less the normalised names (and undefined values and
 * `__proto__`, which the normalised object never had): the normaliser then adds the normalised fields.
 */
export function meetingFields(record: object): JsonRecord {
  const fields: JsonRecord = {};
  // for-in makes no array per meeting; it lists own keys in Object.keys order, inherited ones are skipped.
  for (const key in record) {
    const value = (record as JsonRecord)[key];
    if (value !== undefined && key !== '__proto__' && !MEETING_NAMES.has(key) && hasOwn.call(record, key)) fields[key] = value;
  }
  return fields;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Sets `record[key]` to `value` unless it is undefined (so absent, not present-and-undefined). */
export function put(record: JsonRecord, key: string, value: unknown): void {
  if (value !== undefined) record[key] = value;
}

/** The provider's own fields, kept on the normalised object, less the normalised names. */
export function providerFields(record: object, names: readonly string[]): JsonRecord {
  const fields: JsonRecord = {};
  for (const key of Object.keys(record)) if (!names.includes(key)) fields[key] = (record as JsonRecord)[key];
  return fields;
}

/** `name`, `first_name` and `last_name` of a full name (the first word, and the rest). */
export function nameParts(full: unknown): { name?: string; first_name?: string; last_name?: string } {
  const name = stringOf(full)?.trim();
  if (!name) return {};
  const [first, ...rest] = name.split(/\s+/);
  return compact({ name, first_name: first, last_name: rest.length ? rest.join(' ') : undefined });
}

/** hello.js's standard scope names that neither provider has: they map to nothing. */
export const UNSUPPORTED_SCOPES: Readonly<Record<string, string>> = {
  email: '',
  friends: '',
  share: '',
  publish: '',
  photos: '',
  publish_files: '',
  files: '',
  videos: '',
  offline_access: '',
};
