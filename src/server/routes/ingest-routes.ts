import { gunzipSync } from 'node:zlib';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { addFeedback, checkFeedback, storeTraces } from '../../online/ingest.js';
import { decodeOtlpProtobuf, encodeOtlpResponse } from '../../online/otlp-decode.js';
import { otlpRecords } from '../../online/otlp-spans.js';
import { checkPlainBatch } from '../../online/plain-record.js';
import type { Store } from '../../store/store.js';
import type { ApiErrorBody } from '../api-types.js';
import { sameToken } from '../security.js';

/** Default largest ingest body: 16 MiB, before and after gzip. */
export const DEFAULT_MAX_INGEST_BYTES = 16 * 1024 * 1024;

const fail = (
  c: Context,
  status: 400 | 401 | 413 | 415 | 422 | 503,
  code: string,
  message: string,
  hint: string,
): Response => c.json({ error: { code, message, hint } } satisfies ApiErrorBody, status);

/** Every ingest call carries `Authorization: Bearer <ingest token>`, on loopback too. */
function ingestGuard(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token === undefined)
      return fail(
        c,
        503,
        'INGEST_DISABLED',
        'This server has no ingest token, so it accepts no traces.',
        'Set ASSAY_INGEST_TOKEN, or start it with `assay ui`, which makes and prints one.',
      );
    const given = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (given === undefined)
      return fail(
        c,
        401,
        'INGEST_UNAUTHORIZED',
        'Ingest needs a token.',
        'Send `Authorization: Bearer <token>` with the token `assay ui` printed (or $ASSAY_INGEST_TOKEN).',
      );
    if (!sameToken(given, token))
      return fail(
        c,
        401,
        'INGEST_UNAUTHORIZED',
        'The ingest token is wrong.',
        'Use the token `assay ui` printed, or the value of ASSAY_INGEST_TOKEN on the server.',
      );
    await next();
  };
}

/** The body as bytes, un-gzipped when sent with `Content-Encoding: gzip`, never larger than `max`. */
async function bodyBytes(c: Context, max: number): Promise<Uint8Array | Response> {
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const encoding = (c.req.header('content-encoding') ?? 'identity').toLowerCase();
  if (encoding === 'identity') return raw;
  if (encoding !== 'gzip')
    return fail(
      c,
      415,
      'INGEST_BAD_ENCODING',
      `Content-Encoding ${encoding} is not supported.`,
      'Send the body plain or gzip-compressed.',
    );
  try {
    return gunzipSync(raw, { maxOutputLength: max });
  } catch (error) {
    const tooBig = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    return tooBig
      ? fail(
          c,
          413,
          'INGEST_TOO_LARGE',
          `The body is larger than ${max} bytes once un-gzipped.`,
          'Send smaller batches.',
        )
      : fail(c, 400, 'INGEST_BAD_GZIP', 'The body is not valid gzip.', 'Check the exporter compression setting.');
  }
}

function parseJson(c: Context, bytes: Uint8Array): { value: unknown } | Response {
  try {
    return { value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch (error) {
    return fail(
      c,
      400,
      'INGEST_BAD_JSON',
      `The body is not valid JSON: ${(error as Error).message}`,
      'Send a JSON object, or an array of them.',
    );
  }
}

const mediaType = (c: Context): string => (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();

/**
 * The ingest endpoints (docs/online.md): `POST /v1/traces` (OTLP/HTTP, JSON or protobuf),
 * `POST /api/traces` (plain JSON records) and `POST /api/feedback`. They take the ingest token,
 * not the dashboard's, so a production service can send traces without reading the dashboard.
 */
export function ingestRoutes(store: Store, token: string | undefined, maxBytes = DEFAULT_MAX_INGEST_BYTES): Hono {
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      fail(
        c,
        413,
        'INGEST_TOO_LARGE',
        `The body is larger than ${maxBytes} bytes.`,
        'Send smaller batches (the OTLP exporters batch by count: lower maxExportBatchSize).',
      ),
  });
  for (const path of ['/v1/traces', '/api/traces', '/api/feedback']) app.post(path, ingestGuard(token), limit);

  app.post('/v1/traces', async (c) => {
    const type = mediaType(c);
    if (type !== 'application/json' && type !== 'application/x-protobuf') {
      return fail(
        c,
        415,
        'INGEST_BAD_CONTENT_TYPE',
        `OTLP/HTTP bodies must be application/json or application/x-protobuf, not "${type || 'none'}".`,
        'Set the exporter protocol to http/json or http/protobuf.',
      );
    }
    const bytes = await bodyBytes(c, maxBytes);
    if (bytes instanceof Response) return bytes;
    let request: unknown;
    if (type === 'application/json') {
      const parsed = parseJson(c, bytes);
      if (parsed instanceof Response) return parsed;
      request = parsed.value;
    } else {
      try {
        request = decodeOtlpProtobuf(bytes);
      } catch (error) {
        return fail(
          c,
          400,
          'INGEST_BAD_PROTOBUF',
          `The body is not a valid OTLP ExportTraceServiceRequest: ${(error as Error).message}`,
          'Send the protobuf encoding of opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.',
        );
      }
    }
    const { records, rejected } = otlpRecords(request);
    const result = await storeTraces(store, records, rejected);
    const message = rejected
      .slice(0, 5)
      .map((r) => `span ${r.index}: ${r.reason}`)
      .join('; ');
    if (type === 'application/x-protobuf') {
      return c.body(encodeOtlpResponse(result.rejected, message) as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/x-protobuf',
      });
    }
    const partialSuccess = result.rejected > 0 ? { rejectedSpans: result.rejected, errorMessage: message } : {};
    return c.json({
      partialSuccess,
      accepted: result.accepted,
      rejected: result.rejected,
      rejections: result.rejections,
    });
  });

  app.post('/api/traces', async (c) => {
    if (mediaType(c) !== 'application/json')
      return fail(
        c,
        415,
        'INGEST_BAD_CONTENT_TYPE',
        'Send trace records as application/json.',
        'Set `Content-Type: application/json`.',
      );
    const bytes = await bodyBytes(c, maxBytes);
    if (bytes instanceof Response) return bytes;
    const parsed = parseJson(c, bytes);
    if (parsed instanceof Response) return parsed;
    const raws = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    const { records, rejected } = checkPlainBatch(raws, 'api');
    const result = await storeTraces(store, records, rejected);
    return c.json(result, result.accepted === 0 && result.rejected > 0 ? 422 : 200);
  });

  app.post('/api/feedback', async (c) => {
    if (mediaType(c) !== 'application/json')
      return fail(
        c,
        415,
        'INGEST_BAD_CONTENT_TYPE',
        'Send feedback as application/json.',
        'Set `Content-Type: application/json`.',
      );
    const bytes = await bodyBytes(c, maxBytes);
    if (bytes instanceof Response) return bytes;
    const parsed = parseJson(c, bytes);
    if (parsed instanceof Response) return parsed;
    const checked = checkFeedback(parsed.value);
    if (!checked.ok)
      return fail(
        c,
        422,
        'FEEDBACK_INVALID',
        checked.reason,
        'Send {traceId, score (0..1) or thumb ("up" | "down"), comment}.',
      );
    return c.json(await addFeedback(store, checked.value), 201);
  });
  return app;
}
