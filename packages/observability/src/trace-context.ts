import { randomBytes } from 'node:crypto';

/** The parts of a W3C `traceparent` header (version 00). */
export interface TraceParent {
  /** 32 lowercase hex digits, not all zero. */
  readonly traceId: string;
  /** The caller's span: 16 lowercase hex digits, not all zero. */
  readonly parentId: string;
  /** Trace flags (bit 0 = sampled), 0–255. */
  readonly flags: number;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const allZero = (hex: string) => /^0+$/.test(hex);

/**
 * Parses a `traceparent` header per W3C Trace Context: version 00 only, lowercase hex, all-zero
 * ids rejected. Anything else gives `null`, and the caller starts a new trace.
 */
export function parseTraceparent(header: string | null | undefined): TraceParent | null {
  if (header === null || header === undefined) return null;
  const match = TRACEPARENT.exec(header.trim());
  if (match === null) return null;
  const [, traceId, parentId, flags] = match;
  if (traceId === undefined || parentId === undefined || flags === undefined) return null;
  if (allZero(traceId) || allZero(parentId)) return null;
  return { traceId, parentId, flags: Number.parseInt(flags, 16) };
}

function randomHex(bytes: number): string {
  // All-zero ids are invalid; the chance is 2^-64 or less, but a loop costs nothing.
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (!allZero(hex)) return hex;
  }
}

/** A new random trace id (16 bytes, 32 hex digits). */
export function newTraceId(): string {
  return randomHex(16);
}

/** A new random span id (8 bytes, 16 hex digits). */
export function newSpanId(): string {
  return randomHex(8);
}

/**
 * Formats a `traceparent` header value; the inverse of {@link parseTraceparent}.
 *
 * @throws {TypeError} on ids or flags that would produce an invalid header.
 */
export function formatTraceparent(parts: TraceParent): string {
  const { traceId, parentId, flags } = parts;
  if (!TRACE_ID.test(traceId) || allZero(traceId)) throw new TypeError(`invalid trace id: ${JSON.stringify(traceId)}`);
  if (!SPAN_ID.test(parentId) || allZero(parentId)) throw new TypeError(`invalid span id: ${JSON.stringify(parentId)}`);
  if (!Number.isInteger(flags) || flags < 0 || flags > 255) throw new TypeError(`invalid trace flags: ${flags}`);
  return `00-${traceId}-${parentId}-${flags.toString(16).padStart(2, '0')}`;
}
