// One JSON object per line (gateway JSONL, tslog file logs, proxy JSON access logs). A malformed
// line is counted as unparsed, never thrown (docs/product.md §9).

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The line as a JSON object, or undefined when it is not one (checked by its braces first). */
export function parseJsonObject(text: string): JsonObject | undefined {
  const t = text.trim();
  if (t.charCodeAt(0) !== 0x7b || t.charCodeAt(t.length - 1) !== 0x7d) return undefined;
  try {
    const value: unknown = JSON.parse(t);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A non-empty string (numbers written as strings): identifiers such as agent ids can be numeric. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}
