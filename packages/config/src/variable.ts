import type { z } from 'zod';

/**
 * One environment variable: how it is parsed and how it is documented. `T` is the parsed type;
 * a variable without a default that may stay unset has `T` including `undefined`.
 */
export interface VariableDefinition<T> {
  /** The environment variable's name, e.g. `PORT`. */
  readonly name: string;
  /** The value used when the variable is unset or empty (as the operator would write it), or `undefined` for none. */
  readonly default: string | undefined;
  /** What the setting does, one sentence. */
  readonly description: string;
  /** A valid value shown in the fix of an error message. */
  readonly example: string;
  /** Never echo the value in errors (it may carry a password). */
  readonly secret: boolean;
  /** Parses the (non-empty, trimmed) text of the variable, or `undefined` when unset without a default. */
  readonly schema: z.ZodType<T, string | undefined>;
}

/** Defines a variable that always has a value (its default applies when unset). */
export function variable<T>(
  definition: Omit<VariableDefinition<T>, 'secret' | 'default' | 'schema'> & {
    default: string;
    secret?: boolean;
    schema: z.ZodType<T, string>;
  },
): VariableDefinition<T> {
  return { ...definition, secret: definition.secret ?? false };
}

/** Defines a variable that may stay unset: its parsed value is then `undefined`. */
export function optionalVariable<T>(
  definition: Omit<VariableDefinition<T>, 'secret' | 'default' | 'schema'> & { secret?: boolean; schema: z.ZodType<T, string> },
): VariableDefinition<T | undefined> {
  return { ...definition, default: undefined, secret: definition.secret ?? false, schema: definition.schema.optional() };
}
