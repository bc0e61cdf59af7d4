/**
 * The shape of the Ajv-compiled functions in `generated/validators.js`, declared here so that the
 * generated declarations do not depend on Ajv's types (Ajv is not needed at run time).
 */

/** One error as Ajv reports it (`allErrors` mode). */
export interface RawValidationError {
  /** JSON Pointer to the offending value. */
  readonly instancePath: string;
  /** JSON Pointer (as a URI fragment) into the schema, e.g. `#/properties/id/minLength`. */
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/** A compiled validator: a type guard that leaves its errors on `errors` after a failed call. */
export interface RawValidator<T> {
  (data: unknown): data is T;
  readonly errors?: readonly RawValidationError[] | null;
}
