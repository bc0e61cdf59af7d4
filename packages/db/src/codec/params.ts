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
 * Encodes one parameter as the text both drivers send unchanged, so PGlite and PostgreSQL read
 * the same input: null/undefined → NULL; Date → ISO 8601 (UTC); Uint8Array (any typed array)
 * → bytea hex; JS array → PostgreSQL array literal; other objects → JSON; number, bigint, boolean
 * → their text.
 */
export function encodeParam(value: unknown, index: number): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return formatArrayLiteral(value, (element) => encodeScalar(element, index));
  return encodeScalar(value, index);
}

/** Encodes every parameter of a statement (see {@link encodeParam}). */
export function encodeParams(params: readonly unknown[] | undefined): (string | null)[] {
  return params === undefined ? [] : params.map((value, index) => encodeParam(value, index));
}
