// One JSON object per line, read without throwing: the parsers' JSON logs (parsers/json-line.ts)
// and the envelopes' JSON records (journald, log shippers) both read lines this way.

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
