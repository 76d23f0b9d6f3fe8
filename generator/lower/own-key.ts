/**
 * Writing a key that comes from a schema (a property name). Plain assignment keeps objects fast;
 * only `__proto__` would hit the prototype setter, so that one key is defined as an own property.
 */
export function setOwnKey<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
