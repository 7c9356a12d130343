/** OTLP `AnyValue` and `KeyValue` lists as plain values (the JSON encoding; protobuf is mapped to it first). */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One `AnyValue`: 64-bit ints come as strings in OTLP/JSON and become numbers when safe. */
export function anyValue(value: unknown): unknown {
  if (!isObject(value)) return null;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('arrayValue' in value) {
    const values = isObject(value.arrayValue) && Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    return values.map(anyValue);
  }
  if ('kvlistValue' in value) return attributes(isObject(value.kvlistValue) ? value.kvlistValue.values : []);
  if ('bytesValue' in value) return value.bytesValue;
  return null;
}

/** A `KeyValue[]` as an object; later keys win, as the specification allows either. */
export function attributes(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) if (isObject(kv) && typeof kv.key === 'string') out[kv.key] = anyValue(kv.value);
  return out;
}

/** Nanoseconds since the epoch (a decimal string or a number) as milliseconds; NaN when absent. */
export function nanosToMs(value: unknown): number {
  if (typeof value === 'number') return value / 1e6;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return Number.NaN;
  // Split to keep precision: the milliseconds part fits a double exactly.
  const s = value.padStart(7, '0');
  return Number(s.slice(0, -6)) + Number(s.slice(-6)) / 1e6;
}
