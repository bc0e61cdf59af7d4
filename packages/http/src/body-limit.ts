import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error';

/**
 * A refused body is read to its end — and thrown away — up to this many times the limit (and at
 * least {@link MIN_DRAIN_BYTES}), so the 413 leaves the keep-alive connection usable for the next
 * request. Beyond it the body is not worth reading: the 413 says `Connection: close` instead.
 */
export const DRAIN_FACTOR = 4;
export const MIN_DRAIN_BYTES = 64 * 1024;

function declaredLength(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d{1,16}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Rejects request bodies larger than `maxBytes` with 413 `payload_too_large`.
 *
 * The body is read here, counted as it streams in (a missing, or — through `app.request` — wrong
 * Content-Length gets nothing more than `maxBytes` past), and handed to the route from memory.
 * A body over the limit is read on to its end and dropped, up to `DRAIN_FACTOR × maxBytes`
 * (at least 64 KiB), before the 413 is sent: the request is then complete on the connection and
 * the next one on it is served. A body declared or found larger than that is not read further;
 * its 413 carries `Connection: close`, so clients open a new connection instead of sending the
 * next request on one the server is about to close.
 */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler {
  const drainBytes = Math.max(DRAIN_FACTOR * maxBytes, MIN_DRAIN_BYTES);
  const tooLarge = (keepAlive: boolean) =>
    new ApiError('payload_too_large', `Request body is larger than the limit of ${maxBytes} bytes.`, {
      details: { limitBytes: maxBytes },
      ...(keepAlive ? {} : { headers: { Connection: 'close' } }),
    });
  return async (c, next) => {
    const stream = c.req.raw.body;
    if (stream === null) return next();
    const declared = declaredLength(c.req.header('content-length'));
    if (declared !== undefined && declared > drainBytes) throw tooLarge(false);
    const reader: ReadableStreamDefaultReader<Uint8Array> = stream.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      // Only what fits is kept: memory stays bounded by the limit however long the body.
      if (size <= maxBytes) chunks.push(value);
      else if (size > drainBytes) throw tooLarge(false);
    }
    if (size > maxBytes) throw tooLarge(true);
    const headers = new Headers(c.req.raw.headers);
    headers.delete('transfer-encoding');
    headers.set('content-length', String(size));
    c.req.raw = new Request(c.req.raw, { body: concat(chunks, size), headers });
    return next();
  };
}
