// One JSON object per line (gateway JSONL, tslog file logs, proxy JSON access logs). A malformed
// line is counted as unparsed, never thrown (docs/product.md §9).

export { isJsonObject, parseJsonObject, type JsonObject } from '../json-object.js';

/** A non-empty string (numbers written as strings): identifiers such as agent ids can be numeric. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}
