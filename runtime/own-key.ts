/**
 * Writing a key that comes from data (a reply, a schema). Plain assignment keeps objects fast; only
 * `__proto__` would hit the prototype setter, so that one key is defined as an own data property.
 */
export function setOwnKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
