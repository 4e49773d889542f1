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

// Field names are a fixed set of aliases: their split is computed once, not per line (the audit
// looks up ~25 aliases on every line it decodes).
const PATH_PARTS = new Map<string, readonly string[]>();

/** `a.b.c`: the dotted key itself when present (`"auth.fingerprint": …`), else the nested path. */
export function lookupPath(obj: JsonObject, name: string): unknown {
  // One property load first: most aliases are absent from a line, and a name that is there is
  // checked to be the object's own (not Object.prototype's) before it counts.
  const value = obj[name];
  if (value !== undefined) {
    if (Object.hasOwn(obj, name)) return value;
  } else if (!name.includes('.') || Object.hasOwn(obj, name)) {
    return undefined;
  }
  let parts = PATH_PARTS.get(name);
  if (parts === undefined) {
    parts = name.split('.');
    PATH_PARTS.set(name, parts);
  }
  if (parts.length === 1) return undefined;
  let nested: unknown = obj;
  for (const part of parts) {
    if (!isJsonObject(nested) || !Object.hasOwn(nested, part)) return undefined;
    nested = nested[part];
  }
  return nested;
}

/** A non-empty string (numbers written as strings): identifiers such as agent ids can be numeric. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}
