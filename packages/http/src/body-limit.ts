import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error';

/**
 * Rejects request bodies larger than `maxBytes` with 413 `payload_too_large`.
 * A declared Content-Length over the limit is refused before reading. Hono's `bodyLimit` trusts
 * a declared length that is within the limit, so that header is dropped here first: the body is
 * then always counted as it streams in, and a wrong or missing Content-Length cannot get more
 * than `maxBytes` past.
 */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new ApiError('payload_too_large', `Request body is larger than the limit of ${maxBytes} bytes.`, {
      details: { limitBytes: maxBytes },
    });
  };
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (c.req.raw.body !== null && declared !== undefined) {
      if (Number(declared) > maxBytes) tooLarge();
      const headers = new Headers(c.req.raw.headers);
      headers.delete('content-length');
      c.req.raw = new Request(c.req.raw, { headers });
    }
    return counted(c, next);
  };
}
