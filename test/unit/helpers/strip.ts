/** The lowered structure without positions, for comparing shapes. */
export function strip<T>(value: T): T {
  if (Array.isArray(value)) return value.map(strip) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === 'span' || key.endsWith('Span')) continue;
      out[key] = strip(v);
    }
    return out as T;
  }
  return value;
}
