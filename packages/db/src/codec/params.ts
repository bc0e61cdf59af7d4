import { DatabaseError } from '../errors';
import { formatArrayLiteral } from './array-literal';

function hex(bytes: ArrayBufferView): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function encodeScalar(value: unknown, index: number): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) break;
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new DatabaseError(`Parameter $${index + 1} is an invalid Date`);
        return value.toISOString();
      }
      if (ArrayBuffer.isView(value)) return `\\x${hex(value)}`;
      return JSON.stringify(value);
    default:
      break;
  }
  throw new DatabaseError(`Parameter $${index + 1} has an unsupported type (${typeof value})`);
}

/**
 * A parameter as both drivers send it: text, NULL, or bytes. Bytes go in PostgreSQL's binary
 * format (what a `bytea` parameter reads as itself): no hex text to write in JavaScript and parse
 * again in the server — for PGlite that parse runs in WebAssembly on the relay's thread.
 */
export type DriverParam = string | Uint8Array | null;

/**
 * Encodes one parameter so PGlite and PostgreSQL read the same input: null/undefined → NULL;
 * Date → ISO 8601 (UTC); Uint8Array (any typed array) → its bytes, sent binary (for `bytea`
 * parameters); JS array → PostgreSQL array literal (byte arrays inside it as bytea hex); other
 * objects → JSON; number, bigint, boolean → their text.
 */
export function encodeParam(value: unknown, index: number): DriverParam {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return formatArrayLiteral(value, (element) => encodeScalar(element, index));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return encodeScalar(value, index);
}

/** Encodes every parameter of a statement (see {@link encodeParam}). */
export function encodeParams(params: readonly unknown[] | undefined): DriverParam[] {
  return params === undefined ? [] : params.map((value, index) => encodeParam(value, index));
}
