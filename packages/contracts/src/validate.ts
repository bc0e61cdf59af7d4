import type { ValidationIssue } from './generated/types';
import { toIssues } from './issues';
import type { RawValidator } from './raw-validator';

/**
 * Outcome of validating untrusted input. On success `value` is the input itself (not a copy),
 * now typed; on failure `issues` lists every problem, sorted by JSON Pointer.
 */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: ValidationIssue[] };

/** Checks untrusted input (a parsed JSON body, a received event) against one wire schema. */
export type Validator<T> = (input: unknown) => ValidationResult<T>;

/** Wraps a compiled validator so that callers get a result value instead of reading `errors`. */
export function fromRaw<T>(raw: RawValidator<T>): Validator<T> {
  return (input) => {
    if (raw(input)) return { ok: true, value: input };
    return { ok: false, issues: toIssues(raw.errors ?? []) };
  };
}
