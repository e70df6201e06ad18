/** Reading fields of parsed event JSON without trusting its shape: a wrong type reads as absent. */

export type Json = Record<string, unknown>;

export const obj = (value: unknown): Json | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);
export const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const numOr0 = (value: unknown): number => num(value) ?? 0;
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A number, or a string holding an integer or decimal (SQL metric values are written as strings). */
export function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const map = obj(value);
  if (map) for (const [key, entry] of Object.entries(map)) if (typeof entry === 'string') out[key] = entry;
  return out;
}

export function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((entry): entry is number => typeof entry === 'number') : [];
}

/** `text` cut to `max` characters (undefined stays undefined). */
export function cut(text: string | undefined, max: number): string | undefined {
  return text === undefined || text.length <= max ? text : text.slice(0, max);
}
