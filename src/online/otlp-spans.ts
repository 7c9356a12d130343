import type { TraceRecord } from '../store/trace-types.js';
import { attributes, nanosToMs } from './otlp-attributes.js';
import { readGenAi, type ChatMessage, type SpanEvent } from './gen-ai.js';
import type { Rejection } from './plain-record.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const HEX = (n: number) => new RegExp(`^[0-9a-f]{${n}}$`);
const TRACE_ID = HEX(32);
const SPAN_ID = HEX(16);

/** Output as text when it is one assistant message, else the messages; null when there is none. */
function outputOf(messages: readonly ChatMessage[]): unknown {
  if (messages.length === 0) return null;
  return messages.length === 1 ? messages[0].content : messages;
}

function eventsOf(span: Json): SpanEvent[] {
  return list(span.events)
    .filter(isObject)
    .map((e) => ({ name: typeof e.name === 'string' ? e.name : '', attributes: attributes(e.attributes) }));
}

/** One OTLP span as a trace record, or the reason it cannot be one. */
function spanRecord(span: Json, resource: Record<string, unknown>, scope: string | undefined): TraceRecord | string {
  const traceId = typeof span.traceId === 'string' ? span.traceId.toLowerCase() : '';
  const spanId = typeof span.spanId === 'string' ? span.spanId.toLowerCase() : '';
  if (!TRACE_ID.test(traceId) || /^0+$/.test(traceId)) return 'traceId must be 32 hex digits, not all zero';
  if (!SPAN_ID.test(spanId) || /^0+$/.test(spanId)) return 'spanId must be 16 hex digits, not all zero';
  const start = nanosToMs(span.startTimeUnixNano);
  if (!Number.isFinite(start)) return 'startTimeUnixNano is required (nanoseconds since the epoch)';
  const end = nanosToMs(span.endTimeUnixNano);
  const attrs = attributes(span.attributes);
  const genAi = readGenAi(attrs, eventsOf(span));
  const metadata: Record<string, unknown> = { ...resource };
  for (const [k, v] of Object.entries(attrs)) if (!genAi.consumed.has(k)) metadata[k] = v;
  metadata['span.name'] = typeof span.name === 'string' ? span.name : '';
  if (typeof span.parentSpanId === 'string' && span.parentSpanId !== '')
    metadata['span.parent_id'] = span.parentSpanId.toLowerCase();
  if (scope) metadata['otel.scope.name'] = scope;
  const status = isObject(span.status) ? span.status : {};
  const isError = Number(status.code) === 2 || status.code === 'STATUS_CODE_ERROR';
  return {
    traceId,
    spanId,
    input: genAi.input.length > 0 ? genAi.input : null,
    output: outputOf(genAi.output),
    metadata,
    timestamp: new Date(start).toISOString(),
    latencyMs: Number.isFinite(end) && end >= start ? end - start : null,
    model: genAi.model,
    inputTokens: genAi.inputTokens,
    outputTokens: genAi.outputTokens,
    status: isError ? 'error' : 'ok',
    error: isError ? (typeof status.message === 'string' && status.message !== '' ? status.message : 'error') : null,
    source: 'otlp',
  };
}

/**
 * Every span of an OTLP `ExportTraceServiceRequest` (in its JSON shape) as a trace record.
 * Resource attributes (`service.name`, `user.tier`…) and span attributes other than message
 * bodies are kept as metadata, span attributes winning. A span is rejected, with its position
 * counted across the whole request, when its ids or start time are invalid.
 */
export function otlpRecords(request: unknown): { records: TraceRecord[]; rejected: Rejection[]; spans: number } {
  const records: TraceRecord[] = [];
  const rejected: Rejection[] = [];
  let index = 0;
  for (const rs of list(isObject(request) ? request.resourceSpans : undefined)) {
    if (!isObject(rs)) continue;
    const resource = attributes(isObject(rs.resource) ? rs.resource.attributes : undefined);
    for (const ss of list(rs.scopeSpans ?? rs.instrumentationLibrarySpans)) {
      if (!isObject(ss)) continue;
      const scopeInfo = ss.scope ?? ss.instrumentationLibrary;
      const scope = isObject(scopeInfo) && typeof scopeInfo.name === 'string' ? scopeInfo.name : undefined;
      for (const span of list(ss.spans)) {
        const result = isObject(span) ? spanRecord(span, resource, scope) : 'a span must be an object';
        if (typeof result === 'string') rejected.push({ index, reason: result });
        else records.push(result);
        index += 1;
      }
    }
  }
  return { records, rejected, spans: index };
}
