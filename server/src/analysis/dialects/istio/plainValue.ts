// Defensive readers for plain YAML values: the schema layer reports wrong types, so the Istio checks
// read what is there and skip what has the wrong shape instead of throwing.

export type PlainRecord = Record<string, unknown>;

export function asRecord(value: unknown): PlainRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PlainRecord) : undefined;
}

export function asList(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** The string items of a list with their indexes (non-strings are the schema layer's business). */
export function stringItems(value: unknown): { value: string; index: number }[] {
  const list = asList(value) ?? [];
  const out: { value: string; index: number }[] = [];
  list.forEach((item, index) => {
    if (typeof item === 'string') out.push({ value: item, index });
  });
  return out;
}

/** True when the key is present with a non-empty list (proto3 treats an empty list as unset). */
export function hasItems(record: PlainRecord, key: string): boolean {
  const list = asList(record[key]);
  return list !== undefined && list.length > 0;
}

export function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
