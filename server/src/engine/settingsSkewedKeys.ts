/**
 * `sparkAdvisor.skewedKeys`: column names known to have hot values, or names with the values that
 * dominate them. Both forms are valid, and mixed: `["user_id"]`, `{"locale": ["en-US"]}`,
 * `["user_id", {"locale": ["en-US"]}]`.
 */
export interface SkewedKeys {
  names: string[];
  /** Lower-cased column name → its declared dominant values (as written). */
  dominantValues: Record<string, string[]>;
}

/** Values as strings: a team may write `-1` for a numeric key or `"-1"`. */
function valuesOf(entry: unknown): string[] {
  const list = Array.isArray(entry) ? entry : [entry];
  return list.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v)).map(String);
}

function addDeclared(into: SkewedKeys, declared: Record<string, unknown>): void {
  for (const [name, entry] of Object.entries(declared)) {
    if (!into.names.includes(name)) into.names.push(name);
    const values = valuesOf(entry);
    if (values.length === 0) continue;
    // Column names come from the settings file: `constructor` or `__proto__` must stay plain own keys.
    const key = name.toLowerCase();
    const earlier = Object.hasOwn(into.dominantValues, key) ? into.dominantValues[key]! : [];
    Object.defineProperty(into.dominantValues, key, { value: [...earlier, ...values], enumerable: true, writable: true, configurable: true });
  }
}

/** The setting as untrusted JSON: anything not a name or a name → values object is left out. */
export function readSkewedKeys(raw: unknown): SkewedKeys {
  const keys: SkewedKeys = { names: [], dominantValues: {} };
  for (const entry of Array.isArray(raw) ? raw : [raw]) {
    if (typeof entry === 'string') {
      if (!keys.names.includes(entry)) keys.names.push(entry);
    } else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      addDeclared(keys, entry as Record<string, unknown>);
    }
  }
  return keys;
}
