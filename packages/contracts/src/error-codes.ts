import { errorCodes } from './generated/error-codes';
import type { ErrorCode } from './generated/types';

export { errorCodes };

const known: ReadonlySet<string> = new Set(errorCodes);

/** Whether `value` is one of the closed set of error codes (e.g. a code received from a server). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && known.has(value);
}
