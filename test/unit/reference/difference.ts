// Strict sameness for the differential tests: results must be identical, not merely deep-equal.

/** Where `a` and `b` differ (key order, -0, NaN, undefined members, Dates included), or undefined. */
export function difference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (a instanceof Date && b instanceof Date) return Object.is(a.getTime(), b.getTime()) ? undefined : `${path}: ${a} vs ${b}`;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${show(a)} vs ${show(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs not`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: prototypes differ`;
  const keysA = Reflect.ownKeys(a).map(String);
  const keysB = Reflect.ownKeys(b).map(String);
  if (keysA.join('\u0000') !== keysB.join('\u0000')) return `${path}: keys [${keysA}] vs [${keysB}]`;
  for (const key of keysA) {
    const problem = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

export function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === undefined) return 'undefined';
  if (value instanceof Date) return `Date(${value.getTime()})`;
  try {
    const text = JSON.stringify(value, (_key, item: unknown) => (item === undefined ? '(undefined)' : item));
    return text === undefined ? String(value) : text.length > 400 ? `${text.slice(0, 397)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
