// Deep freeze for the constant tables of the SPMC model (personalities, default partitions): they
// are facts shared by every Spmc instance, so nobody may change them in place.

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
